package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.JSON;
import static dev.chinook.cli.command.WarehouseCalls.look;
import static dev.chinook.cli.command.WarehouseCalls.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
            if (m.path("failures").asInt() > 0) {
                System.out.printf(
                        "    failed %d times, first %s, last %s%n",
                        m.path("failures").asInt(),
                        m.path("firstFailedAt").asText(),
                        m.path("lastFailedAt").asText());
            }
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

        @Option(
                names = "--older-than",
                description = "Only messages in the dead-letter queue for longer than this (ISO-8601, e.g. PT1H).")
        String olderThan;

        @Option(
                names = "--wait",
                defaultValue = "PT10M",
                description = "How long to follow a replay of all messages, printing progress (default: "
                        + "${DEFAULT-VALUE}; PT0S returns at once).")
        java.time.Duration wait;

        @Override
        public Integer call() throws Exception {
            List<String> selection = new java.util.ArrayList<>();
            if (messageId != null) {
                selection.add("messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
            }
            if (fileKey != null) {
                selection.add("fileKey=" + URLEncoder.encode(fileKey, StandardCharsets.UTF_8));
            }
            if (olderThan != null) {
                selection.add("olderThan=" + URLEncoder.encode(olderThan, StandardCharsets.UTF_8));
            }
            String path = "/api/dead-letters/" + queue + "/replay" + (selection.isEmpty() ? "" : "?")
                    + String.join("&", selection);
            HttpResponse<String> response = send(operator.request(path)
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
            if (outcome.path("moveTask").isTextual() && !wait.isZero()) {
                return follow();
            }
            return 0;
        }

        /** A move task runs in SQS at a bounded rate: prints how many are left until none or --wait is up. */
        private int follow() throws Exception {
            java.time.Instant deadline = java.time.Instant.now().plus(wait);
            long last = -1;
            while (java.time.Instant.now().isBefore(deadline)) {
                HttpResponse<String> view =
                        send(HttpRequest.newBuilder(operator.url.resolve("/api/dead-letters/" + queue + "?limit=1"))
                                .GET()
                                .build());
                long left = JSON.readTree(view.body()).path("messages").asLong();
                if (left != last) {
                    System.out.printf("  %,d left in %s-dlq%n", left, queue);
                    last = left;
                }
                if (left == 0) {
                    return 0;
                }
                Thread.sleep(1_000);
            }
            System.out.println("  still moving after " + wait + ": follow with `chinook dead-letters list`");
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
