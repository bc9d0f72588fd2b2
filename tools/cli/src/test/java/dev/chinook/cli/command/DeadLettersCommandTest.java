package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI against a stand-in warehouse: what it asks for, what it sends, and what the operator reads. */
class DeadLettersCommandTest {

    private static final String ONE_QUEUE = """
            {"queue":"ingest-events","messages":1,"sample":[{"messageId":"m-1","receiveCount":5,
             "sentAt":"2026-12-01T10:00:00Z","firstReceivedAt":"2026-12-01T10:00:01Z",
             "reason":"database refused connections","files":["raw/invoice/jan.csv"],
             "bodyExcerpt":"{\\"Records\\":[{\\"s3\\":{}}]}"}]}""";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
    private StandInWarehouse warehouse;
    private String url;

    @BeforeEach
    void startStandInWarehouse() throws IOException {
        warehouse = new StandInWarehouse(this::answer);
        url = warehouse.url();
    }

    @AfterEach
    void stop() {
        warehouse.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        // Decoded, so the assertions read what the warehouse will act on.
        requests.add(
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "?"
                        + exchange.getRequestURI().getQuery() + " " + authorization);
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (exchange.getRequestMethod().equals("GET")
                && path.equals("/api/dead-letters/ingest-events")
                && "limit=1".equals(exchange.getRequestURI().getQuery())) {
            // A move task under way: two left, then one, then none.
            status = 200;
            body = "{\"queue\":\"ingest-events\",\"messages\":" + Math.max(0, 2 - polls.getAndIncrement())
                    + ",\"sample\":[]}";
        } else if (exchange.getRequestMethod().equals("GET") && path.equals("/api/dead-letters/ingest-events")) {
            status = 200;
            body = ONE_QUEUE;
        } else if (!"Bearer s3cret".equals(authorization)) {
            status = 401;
            body = "";
        } else if (exchange.getRequestURI().getQuery() == null) {
            status = 202;
            body = "{\"queue\":\"ingest-events\",\"selection\":\"all\",\"messages\":2,\"moveTask\":\"task-1\"}";
        } else {
            status = 202;
            body = "{\"queue\":\"ingest-events\",\"selection\":\"fileKey=raw/invoice/jan.csv\",\"messages\":1}";
        }
        StandInWarehouse.reply(exchange, status, body);
    }

    private record Run(int exitCode, String out) {}

    private Run chinook(String... arguments) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exitCode = new CommandLine(new DeadLettersCommand()).execute(arguments);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void showPrintsEachMessageWithItsReasonFilesAndBodyAndTakesNothing() {
        Run run = chinook("show", "ingest-events", "--limit", "5", "--url", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("ingest-events-dlq: 1 messages")
                .contains("received 5 times")
                .contains("reason: database refused connections")
                .contains("raw/invoice/jan.csv")
                .contains("first received: 2026-12-01T10:00:01Z")
                .contains("body:   {\"Records\"");
        assertThat(requests).containsExactly("GET /api/dead-letters/ingest-events?limit=5 null");
    }

    @Test
    void replayByFileSendsTheTokenAndTheKeyAndAWrongTokenFailsTheCommand() {
        Run replayed =
                chinook("replay", "ingest-events", "--file", "raw/invoice/jan.csv", "--url", url, "--token", "s3cret");
        Run refused =
                chinook("replay", "ingest-events", "--file", "raw/invoice/jan.csv", "--url", url, "--token", "wrong");

        assertThat(replayed.exitCode()).isZero();
        assertThat(replayed.out()).contains("1 messages of ingest-events-dlq").contains("back on ingest-events");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("the warehouse refused: 401");
        assertThat(requests)
                .containsExactly(
                        "POST /api/dead-letters/ingest-events/replay?fileKey=raw/invoice/jan.csv Bearer s3cret",
                        "POST /api/dead-letters/ingest-events/replay?fileKey=raw/invoice/jan.csv Bearer wrong");
    }

    @Test
    void aReplayByAgeSendsItAndAReplayOfAllFollowsTheMoveTaskUntilNoneIsLeft() {
        Run aged = chinook("replay", "ingest-events", "--older-than", "PT1H", "--url", url, "--token", "s3cret");
        Run all = chinook("replay", "ingest-events", "--url", url, "--token", "s3cret");

        assertThat(aged.exitCode()).isZero();
        assertThat(all.exitCode()).isZero();
        assertThat(all.out())
                .contains("by move task task-1")
                .contains("2 left in ingest-events-dlq")
                .contains("1 left in ingest-events-dlq")
                .contains("0 left in ingest-events-dlq");
        assertThat(requests.get(0))
                .isEqualTo("POST /api/dead-letters/ingest-events/replay?olderThan=PT1H Bearer s3cret");
    }

    @Test
    void purgeWithoutYesSendsNothing() {
        Run run = chinook("purge", "ingest-events", "--url", url, "--token", "s3cret");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("repeat with --yes");
        assertThat(requests).isEmpty();
    }
}
