package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.cli.pipeline.PipelineProbe;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        description = "Rebuild the warehouse's dimensions and facts from its retained change history, with progress.")
final class RebuildCommand implements Callable<Integer> {

    @Mixin
    OperatorOptions operator;

    @Option(
            names = "--from-archive",
            description = "Restore the change history from the change sets archived in S3 first: for a warehouse "
                    + "whose database was lost.")
    boolean fromArchive;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> started = http.send(
                operator.request(fromArchive ? "/api/rebuild?from=archive" : "/api/rebuild")
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
                            HttpRequest.newBuilder(operator.url.resolve("/api/rebuild"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            String line = String.format(
                    "rebuild %s: %,d of %,d archived change sets restored, %,d of %,d changes replayed",
                    progress.path("state").asText(),
                    progress.path("changeSetsRestored").asLong(),
                    progress.path("changeSetsTotal").asLong(),
                    progress.path("changesReplayed").asLong(),
                    progress.path("changesTotal").asLong());
            String derivingSince = progress.path("factsDerivingSince").asText(null);
            if (derivingSince != null) {
                line += ", "
                        + PipelineProbe.derivingFacts(Duration.between(Instant.parse(derivingSince), Instant.now()));
            }
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
