package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.cli.generate.ChinookGenerator;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Disaster: the warehouse's database is lost, change log included. The ingest archived every
 * change set in S3 before sending it, so a rebuild from the archive gives back the same
 * warehouse, row for row (surrogate keys aside). {@code -Dchinook.archive.scale=100} runs it on
 * generated data of that scale instead of data/ (docs/reliability.md has the time it took).
 */
class ArchiveRebuildTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every derived table by natural keys: facts name the customer and track versions they bind. */
    private static final Map<String, String> SNAPSHOT = new LinkedHashMap<>();

    static {
        SNAPSHOT.put(
                "change_log",
                "SELECT change_id, table_name, row_key, operation, row_image, committed_at, "
                        + "source_file FROM change_log ORDER BY change_id");
        SNAPSHOT.put(
                "dim_customer",
                "SELECT customer_id, first_name, last_name, company, address, city, state, "
                        + "country, postal_code, phone, email, valid_from, valid_to, is_current, is_inferred, is_deleted, "
                        + "change_id FROM dim_customer ORDER BY customer_id, valid_from");
        SNAPSHOT.put(
                "dim_track",
                "SELECT track_id, name, album_id, album_title, artist_id, artist_name, genre_id, "
                        + "genre_name, media_type_id, media_type_name, composer, milliseconds, bytes, unit_price, valid_from, "
                        + "valid_to, is_current, is_inferred, is_deleted, change_id FROM dim_track ORDER BY track_id, valid_from");
        SNAPSHOT.put(
                "fact_invoice_line",
                "SELECT f.invoice_line_id, f.invoice_id, f.billing_country, f.date_key, "
                        + "c.customer_id, c.valid_from, t.track_id, t.valid_from, f.quantity, f.unit_price, f.extended_amount "
                        + "FROM fact_invoice_line f JOIN dim_customer c USING (customer_key) JOIN dim_track t USING (track_key) "
                        + "ORDER BY f.invoice_line_id");
        SNAPSHOT.put("dim_date", "SELECT * FROM dim_date ORDER BY date_key");
        for (String source : List.of("artist", "album", "genre", "media_type", "invoice", "invoice_line")) {
            SNAPSHOT.put("src_" + source, "SELECT * FROM src_" + source + " ORDER BY 1");
        }
    }

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWarehouseWhoseDatabaseWasLostIsRebuiltFromTheArchiveRowForRow() throws Exception {
        Path data = ROOT.resolve("data");
        String scale = System.getProperty("chinook.archive.scale");
        if (scale != null) {
            data = work.resolve("data");
            ChinookGenerator.writeDataFolder(data, 20091, Integer.parseInt(scale), m -> {});
        }
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            PipelineProbe probe = PipelineProbe.of(pipeline);
            for (Path batch : DataLoader.batches(data)) {
                List<DataLoader.Upload> uploads;
                try (S3Client s3 = cloud.s3Client()) {
                    uploads = DataLoader.upload(s3, cloud.definition().bucket(), batch, m -> {});
                }
                probe.awaitIngested(uploads, Duration.ofMinutes(10), System.out::println);
                probe.awaitWarehouseCaughtUp(Duration.ofMinutes(10), System.out::println);
            }
            Map<String, List<String>> before = TableSnapshots.of(cloud, EmbeddedDatabases.OLAP, SNAPSHOT);
            assertThat(before.get("fact_invoice_line")).isNotEmpty();
            assertThat(before.get("change_log")).hasSizeGreaterThan(1_000);

            // The database is lost: an empty schema, which the restarted service migrates afresh.
            loseTheWarehouseDatabase(cloud);
            long pid = pipeline.warehouseProcess().pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> pipeline.warehouseProcess().pid() != pid);
            pipeline.warehouseProcess()
                    .awaitHttpOk(pipeline.warehouseUrl().resolve("/q/health/ready"), Duration.ofMinutes(2));
            assertThat(count(cloud, "SELECT count(*) FROM change_log")).isZero();
            archiveOneSetAsBeforeCompression(cloud);

            long started = System.nanoTime();
            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(pipeline.warehouseUrl().resolve("/api/rebuild?from=archive"))
                            .header("Authorization", "Bearer " + pipeline.operatorToken())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode[] progress = new JsonNode[1];
            await().atMost(Duration.ofMinutes(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        progress[0] = JSON.readTree(http.send(
                                        HttpRequest.newBuilder(
                                                        pipeline.warehouseUrl().resolve("/api/rebuild"))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
                        assertThat(progress[0].path("state").asText()).isNotEqualTo("FAILED");
                        return progress[0].path("state").asText().equals("DONE");
                    });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "rebuild from the archive: %d change sets, %d changes, %.1f s%n",
                    progress[0].path("changeSetsTotal").asLong(),
                    progress[0].path("changesTotal").asLong(),
                    seconds);

            assertThat(progress[0].path("source").asText()).isEqualTo("ARCHIVE");
            Map<String, List<String>> after = TableSnapshots.of(cloud, EmbeddedDatabases.OLAP, SNAPSHOT);
            for (String table : SNAPSHOT.keySet()) {
                assertThat(after.get(table)).as(table).containsExactlyElementsOf(before.get(table));
            }
        }
    }

    /** Archives written before change sets were compressed hold plain JSON sets: a rebuild reads both. */
    private static void archiveOneSetAsBeforeCompression(LocalCloud cloud) {
        String bucket = cloud.definition().bucket().name();
        try (S3Client s3 = cloud.s3Client()) {
            String compressed = s3.listObjectsV2(b -> b.bucket(bucket).prefix("changes/")).contents().stream()
                    .map(S3Object::key)
                    .filter(key -> key.endsWith(ChangeSetEncoding.EXTENSION))
                    .findFirst()
                    .orElseThrow();
            byte[] json = ChangeSetEncoding.decode(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(compressed)).asByteArray());
            String plain = compressed.substring(0, compressed.length() - ".gz".length());
            s3.putObject(b -> b.bucket(bucket).key(plain).contentType("application/json"), RequestBody.fromBytes(json));
            s3.deleteObject(b -> b.bucket(bucket).key(compressed));
        }
    }

    private static void loseTheWarehouseDatabase(LocalCloud cloud) throws SQLException {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLAP);
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'olap' "
                    + "AND pid <> pg_backend_pid()");
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public AUTHORIZATION " + EmbeddedDatabases.WAREHOUSE.user());
        }
    }

    private static long count(LocalCloud cloud, String sql) throws SQLException {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLAP);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
