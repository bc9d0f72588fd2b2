package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an operator does when messages fail for a cause they can fix: an upload the function may
 * not read, and change messages while the warehouse's database refuses connections. Both reach
 * their dead-letter queue with the reason, the rest of the pipeline goes on, the cause is fixed,
 * a replay by file key loads them once, and the warehouse ends with the revenue of the files.
 */
class OperatorRecoveryTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void uploadsAndChangeMessagesThatFailedUntilTheDeadLetterQueueAreReplayedOnceTheCauseIsFixed() throws Exception {
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        // Redrive after maxReceiveCount (5) receives: with a 2 s visibility timeout it takes seconds, not half an hour.
        TableSnapshots.redeliverAfter(cloud, 2);
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            URI warehouse = pipeline.warehouseUrl();
            String token = pipeline.operatorToken();
            PipelineProbe probe = PipelineProbe.of(pipeline);
            List<Path> batches = DataLoader.batches(ROOT.resolve("data"));
            String lines = "raw/invoice_line/" + batches.get(0).getFileName() + ".csv";

            // 1. The function may not read one file of the upload; the seven others load meanwhile.
            cloud.denyReads("ingest", lines);
            List<DataLoader.Upload> initial = upload(cloud, batches.get(0));
            await().atMost(Duration.ofMinutes(2)).until(() -> probe.filesDone(initial) == initial.size() - 1);
            JsonNode ingestDlq = awaitDeadLetters(warehouse, "ingest-events", lines);
            assertThat(ingestDlq.path("reason").asText())
                    .contains("failed 5 times")
                    .contains("403");
            JsonNode history = get(warehouse, "/api/files/by-key?key=" + encode(lines));
            assertThat(history.path("versions")).isEmpty();
            assertThat(history.path("failures").get(0).path("reason").asText()).contains("403");

            // The cause is fixed; a replay of that file's messages loads it.
            cloud.allowReads("ingest", lines);
            JsonNode replayed =
                    post(warehouse, token, "/api/dead-letters/ingest-events/replay?fileKey=" + encode(lines));
            assertThat(replayed.path("messages").asInt()).isEqualTo(1);
            probe.awaitIngested(initial, Duration.ofMinutes(2), System.out::println);
            probe.awaitWarehouseCaughtUp(Duration.ofMinutes(2), System.out::println);
            assertThat(get(warehouse, "/api/files/by-key?key=" + encode(lines))
                            .path("versions")
                            .get(0)
                            .path("file")
                            .path("status")
                            .asText())
                    .isEqualTo("LOADED");

            // 2. The warehouse's database refuses connections while the change set is loaded.
            refuseConnections(cloud, true);
            List<DataLoader.Upload> changes = upload(cloud, batches.get(1));
            probe.awaitIngested(changes, Duration.ofMinutes(2), System.out::println);
            String customers = "raw/customer/" + batches.get(1).getFileName() + ".csv";
            JsonNode changeDlq = awaitDeadLetters(warehouse, "oltp-changes", customers);
            assertThat(changeDlq.path("reason").asText()).contains("failed 5 times");
            // Status reads OLTP too: it says how many changes have not reached the warehouse.
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> get(warehouse, "/api/dead-letters/oltp-changes")
                                            .path("messages")
                                            .asLong()
                                    > 0
                            && probe.outboxPending() == 0);

            // Fixed; one file's messages first, then everything else.
            refuseConnections(cloud, false);
            pipeline.warehouseProcess().awaitHttpOk(warehouse.resolve("/q/health/ready"), Duration.ofMinutes(1));
            assertThat(post(warehouse, token, "/api/dead-letters/oltp-changes/replay?fileKey=" + encode(customers))
                            .path("messages")
                            .asInt())
                    .isPositive();
            post(warehouse, token, "/api/dead-letters/oltp-changes/replay");
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> get(warehouse, "/api/status")
                                    .path("warehouseLag")
                                    .path("changes")
                                    .asLong()
                            == 0);

            JsonNode status = get(warehouse, "/api/status");
            assertThat(new BigDecimal(status.path("warehouse").path("revenue").asText()))
                    .isEqualByComparingTo(oltpRevenue(cloud));
            assertThat(status.path("queues")
                            .path("oltp-changes-dlq")
                            .path("waiting")
                            .asLong())
                    .isZero();
            assertThat(get(warehouse, "/api/status/integrity").path("intact").asBoolean())
                    .isTrue();
            List<String> audit = new ArrayList<>();
            get(warehouse, "/api/operator-actions")
                    .forEach(a -> audit.add(
                            a.path("action").asText() + " " + a.path("target").asText() + " "
                                    + a.path("selection").asText()));
            assertThat(audit)
                    .contains(
                            "replay ingest-events fileKey=" + lines,
                            "replay oltp-changes fileKey=" + customers,
                            "replay oltp-changes all");
        }
    }

    private static List<DataLoader.Upload> upload(LocalCloud cloud, Path batch) throws Exception {
        try (S3Client s3 = cloud.s3Client()) {
            return DataLoader.upload(s3, cloud.definition().bucket(), batch, System.out::println);
        }
    }

    /** The dead letter about {@code key}, once the queue's listing shows it. */
    private JsonNode awaitDeadLetters(URI warehouse, String queue, String key) {
        JsonNode[] found = {null};
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    for (JsonNode m : get(warehouse, "/api/dead-letters/" + queue + "?limit=10")
                            .path("sample")) {
                        for (JsonNode file : m.path("files")) {
                            if (file.asText().equals(key)) {
                                found[0] = m;
                                return true;
                            }
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** As an operator who blocks a database (or a network rule that does): no new connection, the open ones cut. */
    private static void refuseConnections(LocalCloud cloud, boolean refuse) throws SQLException {
        try (Connection admin = connect(cloud, "postgres");
                var st = admin.createStatement()) {
            st.execute("ALTER DATABASE " + EmbeddedDatabases.OLAP + " ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + EmbeddedDatabases.OLAP + "'");
            }
        }
    }

    private static BigDecimal oltpRevenue(LocalCloud cloud) throws SQLException {
        try (Connection oltp = connect(cloud, EmbeddedDatabases.OLTP);
                var st = oltp.createStatement();
                ResultSet rs = st.executeQuery("SELECT sum(unit_price * quantity) FROM invoice_line")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private JsonNode get(URI warehouse, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(warehouse.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(URI warehouse, String token, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(warehouse.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Connection connect(LocalCloud cloud, String database) {
        try {
            return cloud.connect(database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
