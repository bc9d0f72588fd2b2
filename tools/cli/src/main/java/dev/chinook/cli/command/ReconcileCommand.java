package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = "Find uploads in the bucket that no event brought to the ingest (uploaded before the "
                + "notification existed, copied in by other tools, lost with a queue) and load them through the "
                + "same path as an event. Running it twice loads nothing twice.")
final class ReconcileCommand implements Callable<Integer> {

    @Mixin
    OperatorOptions operator;

    @Option(names = "--dry-run", description = "Only list what it would load.")
    boolean dryRun;

    @Option(
            names = "--timeout",
            defaultValue = "PT2M",
            description = "Longest wait for the report, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keys", defaultValue = "20", description = "Keys to list at most (default: ${DEFAULT-VALUE}).")
    int keys;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        HttpResponse<String> requested = http.send(
                operator.request("/api/reconcile?dryRun=" + dryRun)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (requested.statusCode() != 202) {
            System.out.println("the warehouse refused: " + requested.statusCode() + " " + requested.body());
            return 1;
        }
        String requestId = json.readTree(requested.body()).path("requestId").asText();
        System.out.println("reconcile " + requestId + " requested" + (dryRun ? " (dry run)" : "")
                + "; waiting for the ingest function's report...");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> latest = http.send(
                    HttpRequest.newBuilder(operator.url.resolve("/api/reconcile"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode report = latest.statusCode() == 200 ? json.readTree(latest.body()) : null;
            if (report != null && requestId.equals(report.path("requestId").asText())) {
                print(report);
                return 0;
            }
            Thread.sleep(500);
        }
        System.out.println("no report within " + timeout.toSeconds() + " s: is the ingest function running?");
        return 1;
    }

    private void print(JsonNode report) {
        System.out.printf(
                "%,d objects under s3://%s/%s, %,d without a manifest row%s%n",
                report.path("objects").asLong(),
                report.path("bucket").asText(),
                report.path("prefix").asText(),
                report.path("unprocessed").asLong(),
                dryRun
                        ? " (dry run: nothing loaded)"
                        : ", " + report.path("queued").asLong() + " queued for loading");
        int shown = 0;
        for (JsonNode key : report.path("unprocessedKeys")) {
            if (shown++ == keys) {
                System.out.println("  ...");
                break;
            }
            System.out.println("  " + key.asText());
        }
    }
}
