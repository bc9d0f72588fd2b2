package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.localcloud.aws.Cloud;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole flow on a cloud: upload data/ through the S3 API, let S3 notify SQS, the ingest
 * function load OLTP and relay changes, the warehouse consume them; then each test compares one
 * part of the result with what the files say. The pipeline and the load are shared by the tests of
 * a class; each cloud (local-cloud, LocalStack) runs the same contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PipelineEndToEndContract {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));
    static final Duration WAIT = Duration.ofMinutes(5);

    private List<Path> batches;
    private Map<String, Map<String, CSVRecord>> expected;
    private LocalPipeline pipeline;
    private PipelineProbe probe;

    /** The cloud to run on; the pipeline closes it. */
    abstract Cloud startCloud(Path work) throws Exception;

    @BeforeAll
    void uploadTheDataFolderThroughTheS3ApiAndWaitForTheWarehouse(@TempDir Path work) throws Exception {
        batches = DataLoader.batches(ROOT.resolve("data"));
        expected = DataFiles.rowsByKey(batches);
        pipeline = LocalPipeline.start(startCloud(work), Artifacts.underProject(ROOT), work.resolve("services"), 0);
        Cloud cloud = pipeline.cloud();
        probe = PipelineProbe.of(pipeline);
        try (S3Client s3 = cloud.s3Client()) {
            for (Path batch : batches) {
                List<DataLoader.Upload> uploads =
                        DataLoader.upload(s3, cloud.definition().bucket(), batch, System.out::println);
                probe.awaitIngested(uploads, WAIT, System.out::println);
                probe.awaitWarehouseCaughtUp(WAIT, System.out::println);
            }
        }
    }

    @AfterAll
    void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void everyRowOfTheFilesIsInOltpAndNoneWasRejected() throws Exception {
        Map<String, Long> counts = probe.oltpRowCounts();
        for (TableSpec table : ChinookTables.ALL) {
            assertThat(counts.get(table.name()))
                    .as("OLTP rows of %s", table.name())
                    .isEqualTo(expected.get(table.name()).size());
        }
        assertThat(probe.rejectedRows()).isZero();
        assertThat(probe.rejectedFiles()).isEmpty();
    }

    @Test
    void warehouseRevenueEqualsTheInvoiceTotalsOfTheFilesAndEveryLineIsAFact() throws Exception {
        JsonNode warehouse = probe.warehouseStatus().path("warehouse");
        BigDecimal invoiceTotals = DataFiles.sumOf(expected.get("invoice"), "total");

        assertThat(warehouse.path("revenue").decimalValue()).isEqualByComparingTo(invoiceTotals);
        assertThat(warehouse.path("factRows").asLong())
                .isEqualTo(expected.get("invoice_line").size());
        assertThat(warehouse.path("invoices").asLong())
                .isEqualTo(expected.get("invoice").size());
        assertThat(warehouse.path("inferredMembers").asLong()).isZero();
    }

    @Test
    void revenueByMonthCountryAndGenreInTheWarehouseMatchesOltp() throws Exception {
        try (Connection oltp = pipeline.cloud().connect(EmbeddedDatabases.OLTP);
                Connection olap = pipeline.cloud().connect(EmbeddedDatabases.OLAP)) {
            assertRevenueFiguresMatch(oltp, olap);
        }
    }

    @Test
    void everyAnalysisMatchesIndependentSqlOnOltpToTheCent() throws Exception {
        Map<String, Map<String, CSVRecord>> firstDay = DataFiles.rowsByKey(batches.subList(0, 1));
        java.util.Set<String> repriced = DataFiles.rowsByKey(batches.subList(1, batches.size()))
                .get("track")
                .keySet();
        Map<String, CSVRecord> repricedTracks = new java.util.HashMap<>(firstDay.get("track"));
        repricedTracks.keySet().retainAll(repriced);
        try (Connection oltp = pipeline.cloud().connect(EmbeddedDatabases.OLTP)) {
            new AnalyticsChecks(pipeline.warehouseUrl(), oltp, firstDay.get("customer"), repricedTracks).all();
        }
    }

    @Test
    void theDashboardRendersEveryChartAndThePeriodFilterChangesTheFigures(@TempDir Path browserHome) throws Exception {
        DashboardCheck.run(pipeline.warehouseUrl(), browserHome, ROOT.resolve("tests/end-to-end/target"));
    }

    @Test
    void theReportCommandWritesEveryChartAndTheRevenueOfTheFiles(@TempDir Path report) throws Exception {
        int exitCode = new picocli.CommandLine(new dev.chinook.cli.command.ChinookCli())
                .execute("report", "--url", pipeline.warehouseUrl().toString(), "--out", report.toString());

        assertThat(exitCode).isZero();
        for (String chart : DashboardCheck.CHARTS) {
            assertThat(report.resolve(chart + ".png")).isNotEmptyFile();
            assertThat(report.resolve(chart + ".svg")).isNotEmptyFile();
            assertThat(report.resolve(chart + ".csv")).isNotEmptyFile();
        }
        BigDecimal revenue = DataFiles.sumOf(expected.get("invoice"), "total");
        assertThat(java.nio.file.Files.readString(report.resolve("index.html")))
                .contains(java.text.NumberFormat.getCurrencyInstance(java.util.Locale.US)
                                .format(revenue) + " revenue");
    }

    @Test
    void customersMovedByTheChangeSetHaveTwoVersionsAndTheOthersOne() throws Exception {
        try (Connection olap = pipeline.cloud().connect(EmbeddedDatabases.OLAP)) {
            assertCustomerHistoryFollowsTheChangeSet(olap, expected, batches);
        }
    }

    @Test
    void aRebuildFromTheChangeLogGivesTheSameWarehouseRowForRow() throws Exception {
        try (Connection oltp = pipeline.cloud().connect(EmbeddedDatabases.OLTP);
                Connection olap = pipeline.cloud().connect(EmbeddedDatabases.OLAP)) {
            List<String> before = warehouseContent(olap);

            rebuild(pipeline.warehouseUrl(), pipeline.operatorToken());

            assertThat(warehouseContent(olap)).isEqualTo(before);
            assertRevenueFiguresMatch(oltp, olap);
        }
    }

    /** Dimensions and facts with surrogate keys replaced by natural keys and version starts. */
    private static List<String> warehouseContent(Connection olap) throws SQLException {
        List<String> content = new java.util.ArrayList<>();
        content.addAll(rows(
                olap,
                "SELECT customer_id, valid_from, valid_to, is_current, address, city FROM dim_customer "
                        + "ORDER BY 1, 2"));
        content.addAll(rows(
                olap, "SELECT track_id, valid_from, valid_to, unit_price, genre_name FROM dim_track ORDER BY 1, 2"));
        content.addAll(rows(
                olap,
                "SELECT f.invoice_line_id, f.date_key, c.customer_id, c.valid_from, t.track_id, "
                        + "t.valid_from, f.extended_amount FROM fact_invoice_line f JOIN dim_customer c USING (customer_key) "
                        + "JOIN dim_track t USING (track_key) ORDER BY 1"));
        return content;
    }

    private static void rebuild(URI warehouse, String operatorToken) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(warehouse.resolve("/api/rebuild"))
                        .header("Authorization", "Bearer " + operatorToken)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String body = http.send(
                            HttpRequest.newBuilder(warehouse.resolve("/api/rebuild"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            String state = new ObjectMapper().readTree(body).path("state").asText();
            assertThat(state).as(body).isNotEqualTo("FAILED");
            return state.equals("DONE");
        });
    }

    /** Revenue by month, billing country and genre: the warehouse's views against OLTP directly. */
    private static void assertRevenueFiguresMatch(Connection oltp, Connection olap) throws SQLException {
        String line = "sum(l.unit_price * l.quantity)";
        assertThat(rows(olap, "SELECT year, month, revenue FROM revenue_by_month ORDER BY 1, 2"))
                .isNotEmpty()
                .isEqualTo(
                        rows(
                                oltp,
                                "SELECT extract(year FROM i.invoice_date), extract(month FROM i.invoice_date), " + line
                                        + " FROM invoice_line l JOIN invoice i USING (invoice_id) GROUP BY 1, 2 ORDER BY 1, 2"));
        assertThat(rows(olap, "SELECT country, revenue FROM revenue_by_country ORDER BY 1 NULLS LAST"))
                .isEqualTo(rows(
                        oltp,
                        "SELECT i.billing_country, " + line + " FROM invoice_line l "
                                + "JOIN invoice i USING (invoice_id) GROUP BY 1 ORDER BY 1 NULLS LAST"));
        assertThat(rows(olap, "SELECT genre, revenue FROM revenue_by_genre ORDER BY 1 NULLS LAST"))
                .hasSizeGreaterThan(10)
                .isEqualTo(rows(
                        oltp,
                        "SELECT g.name, " + line + " FROM invoice_line l JOIN track t USING (track_id) "
                                + "LEFT JOIN genre g USING (genre_id) GROUP BY 1 ORDER BY 1 NULLS LAST"));
    }

    /** A customer of the change set has two versions, the second from the change; the others one. */
    private static void assertCustomerHistoryFollowsTheChangeSet(
            Connection olap, Map<String, Map<String, CSVRecord>> expected, List<Path> batches) throws Exception {
        java.util.Set<String> moved = DataFiles.rowsByKey(batches.subList(1, batches.size()))
                .getOrDefault("customer", Map.of())
                .keySet();
        assertThat(moved).isNotEmpty();
        for (String customerId : expected.get("customer").keySet()) {
            List<String> versions = rows(
                    olap,
                    "SELECT valid_from = '-infinity', valid_to = 'infinity', is_current, "
                            + "address FROM dim_customer WHERE customer_id = " + customerId + " ORDER BY valid_from");
            String address = expected.get("customer").get(customerId).get("address");
            if (moved.contains(customerId)) {
                assertThat(versions).as("customer %s", customerId).hasSize(2);
                assertThat(versions.get(0)).startsWith("true | false | false |");
                assertThat(versions.get(1)).isEqualTo("false | true | true | " + address);
            } else {
                assertThat(versions).as("customer %s", customerId).containsExactly("true | true | true | " + address);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    String text = value instanceof Number n
                            ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                            : String.valueOf(value);
                    row.append(i > 1 ? " | " : "").append(text);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
