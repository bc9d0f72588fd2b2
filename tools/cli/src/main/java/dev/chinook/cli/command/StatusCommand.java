package dev.chinook.cli.command;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Print the warehouse service's status: loaded figures and queue depths.")
final class StatusCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "Warehouse service base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Override
    public Integer call() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url.resolve("/api/status")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }
}
