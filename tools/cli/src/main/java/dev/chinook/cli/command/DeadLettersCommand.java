package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.JSON;
import static dev.chinook.cli.command.WarehouseCalls.look;
import static dev.chinook.cli.command.WarehouseCalls.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description = "Look at, replay or purge the dead-letter queues of ingest-events and oltp-changes.",
        subcommands = {
            DeadLettersCommand.ListCommand.class,
            DeadLettersCommand.ShowCommand.class,
            DeadLettersCommand.ReplayCommand.class,
            DeadLettersCommand.PurgeCommand.class
        })
final class DeadLettersCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Each dead-letter queue: how many messages wait, and the first ones with why they failed "
                    + "and the files they concern. Takes nothing.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        OperatorOptions operator;

        @Option(
                names = "--limit",
                defaultValue = "20",
                description = "Messages to show per queue (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return look(operator, "/api/dead-letters?limit=" + limit, json, queues -> {
                for (JsonNode queue : queues) {
                    print(queue, false);
                }
            });
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One dead-letter queue in detail: each message with when it was first received, why it "
                    + "failed, its files and the start of its body. Takes nothing.")
    static final class ShowCommand implements Callable<Integer> {

        @Mixin
        OperatorOptions operator;

        @Parameters(index = "0", description = "ingest-events or oltp-changes")
        String queue;

        @Option(names = "--limit", defaultValue = "20", description = "Messages to show (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return look(
                    operator,
                    "/api/dead-letters/" + URLEncoder.encode(queue, StandardCharsets.UTF_8) + "?limit=" + limit,
                    json,
                    view -> print(view, true));
        }
    }

    private static void print(JsonNode queue, boolean withBody) {
        System.out.printf(
                "%s-dlq: %,d messages%n",
                queue.path("queue").asText(), queue.path("messages").asLong());
        for (JsonNode m : queue.path("sample")) {
            System.out.printf(
                    "  %s  received %d times, sent %s%n    reason: %s%n    files:  %s%n",
                    m.path("messageId").asText(),
                    m.path("receiveCount").asInt(),
                    m.path("sentAt").asText(),
                    m.path("reason").asText(),
                    m.path("files").isEmpty() ? "-" : m.path("files").toString());
            if (withBody) {
                System.out.printf(
                        "    first received: %s%n    body:   %s%n",
                        m.path("firstReceivedAt").asText("-"),
                        m.path("bodyExcerpt").asText());
            }
        }
    }

    @Command(
            name = "replay",
            mixinStandardHelpOptions = true,
            description = "Put dead letters back on their source queue: all of a queue, or those of one message id or "
                    + "one file. Safe to repeat: what was applied before is skipped.")
    static final class ReplayCommand implements Callable<Integer> {

        @Mixin
        OperatorOptions operator;

        @Parameters(index = "0", description = "ingest-events or oltp-changes")
        String queue;

        @Option(
                names = "--message-id",
                description = "Only this message (its id in the dead-letter or the source queue).")
        String messageId;

        @Option(names = "--file", description = "Only messages about this object key.")
        String fileKey;

        @Override
        public Integer call() throws Exception {
            StringBuilder path = new StringBuilder("/api/dead-letters/" + queue + "/replay?");
            if (messageId != null) {
                path.append("messageId=")
                        .append(URLEncoder.encode(messageId, StandardCharsets.UTF_8))
                        .append('&');
            }
            if (fileKey != null) {
                path.append("fileKey=").append(URLEncoder.encode(fileKey, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response = send(operator.request(path.toString())
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
            if (response.statusCode() != 202) {
                System.out.println("the warehouse refused: " + response.statusCode() + " " + response.body());
                return 1;
            }
            JsonNode outcome = JSON.readTree(response.body());
            System.out.printf(
                    "%,d messages of %s-dlq (%s) back on %s%s%n",
                    outcome.path("messages").asInt(),
                    queue,
                    outcome.path("selection").asText(),
                    queue,
                    outcome.path("moveTask").isTextual()
                            ? " by move task " + outcome.path("moveTask").asText()
                            : "");
            return 0;
        }
    }

    @Command(
            name = "purge",
            mixinStandardHelpOptions = true,
            description = "Delete every message of a dead-letter queue for good. Needs --yes.")
    static final class PurgeCommand implements Callable<Integer> {

        @Mixin
        OperatorOptions operator;

        @Parameters(index = "0", description = "ingest-events or oltp-changes")
        String queue;

        @Option(names = "--yes", description = "Confirm that the messages are to be deleted.")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            if (!yes) {
                System.out.println("purging deletes every message of " + queue + "-dlq for good: repeat with --yes");
                return 1;
            }
            HttpResponse<String> response = send(operator.request("/api/dead-letters/" + queue + "?confirm=purge")
                    .DELETE()
                    .build());
            System.out.println(
                    response.statusCode() == 200
                            ? "purged: " + response.body()
                            : "the warehouse refused: " + response.statusCode() + " " + response.body());
            return response.statusCode() == 200 ? 0 : 1;
        }
    }
}
