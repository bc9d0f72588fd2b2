package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        description = "Rebuild the warehouse's dimensions and facts from its retained change history, with progress.")
final class RebuildCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "Warehouse service base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(url.resolve("/api/rebuild"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() == 409) {
            System.out.println("a rebuild is already running: " + started.body());
            return 1;
        }
        if (started.statusCode() != 202) {
            System.out.println("the warehouse refused: " + started.statusCode() + " " + started.body());
            return 1;
        }
        String last = "";
        while (true) {
            JsonNode progress = json.readTree(http.send(
                            HttpRequest.newBuilder(url.resolve("/api/rebuild"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String line = String.format(
                    "rebuild %s: %,d of %,d changes replayed",
                    progress.path("state").asText(),
                    progress.path("changesReplayed").asLong(),
                    progress.path("changesTotal").asLong());
            if (!line.equals(last)) {
                System.out.println(line);
                last = line;
            }
            switch (progress.path("state").asText()) {
                case "DONE" -> {
                    return 0;
                }
                case "FAILED" -> {
                    System.out.println("failed: " + progress.path("error").asText());
                    return 1;
                }
                default -> Thread.sleep(500);
            }
        }
    }
}
