package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.localcloud.aws.Cloud;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.pipeline.Artifacts;
import dev.chinook.localcloud.pipeline.DataLoader;
import dev.chinook.localcloud.pipeline.LocalPipeline;
import dev.chinook.localcloud.pipeline.PipelineProbe;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole flow on a cloud: upload data/ through the S3 API, let S3 notify SQS, the ingest
 * function load OLTP and relay changes, the warehouse consume them; then compare the warehouse
 * with what the files say. Each cloud (local-cloud, LocalStack) runs the same contract.
 */
abstract class PipelineEndToEndContract {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));
    static final Duration WAIT = Duration.ofMinutes(5);

    @TempDir
    Path work;

    /** The cloud to run on; the pipeline closes it. */
    abstract Cloud startCloud(Path work) throws Exception;

    @Test
    void uploadedDataReachesTheWarehouseWithRevenueEqualToTheInvoiceTotals() throws Exception {
        List<Path> batches = DataLoader.batches(ROOT.resolve("data"));
        Map<String, Map<String, CSVRecord>> expected = DataFiles.rowsByKey(batches);
        try (LocalPipeline pipeline = LocalPipeline.start(startCloud(work), Artifacts.underProject(ROOT),
                work.resolve("services"), 0)) {
            Cloud cloud = pipeline.cloud();
            PipelineProbe probe = new PipelineProbe(() -> connect(cloud), pipeline.warehouseUrl());
            try (S3Client s3 = cloud.s3Client()) {
                for (Path batch : batches) {
                    List<DataLoader.Upload> uploads = DataLoader.upload(s3, cloud.definition().bucket().name(), batch,
                            System.out::println);
                    probe.awaitIngested(uploads, WAIT, System.out::println);
                    probe.awaitWarehouseCaughtUp(WAIT, System.out::println);
                }
            }

            for (TableSpec table : ChinookTables.ALL) {
                assertThat(probe.oltpRowCounts().get(table.name())).as("OLTP rows of %s", table.name())
                        .isEqualTo(expected.get(table.name()).size());
            }
            assertThat(probe.rejectedRows()).isZero();
            JsonNode warehouse = probe.warehouseStatus().path("warehouse");
            BigDecimal invoiceTotals = DataFiles.sumOf(expected.get("invoice"), "total");
            assertThat(warehouse.path("revenue").decimalValue()).isEqualByComparingTo(invoiceTotals);
            assertThat(warehouse.path("factRows").asLong()).isEqualTo(expected.get("invoice_line").size());
            assertThat(warehouse.path("invoices").asLong()).isEqualTo(expected.get("invoice").size());
            assertThat(warehouse.path("inferredMembers").asLong()).isZero();

            try (Connection oltp = cloud.connect(EmbeddedDatabases.OLTP);
                    Connection olap = cloud.connect(EmbeddedDatabases.OLAP)) {
                assertRevenueFiguresMatch(oltp, olap);
                assertCustomerHistoryFollowsTheChangeSet(olap, expected, batches);

                List<String> before = warehouseContent(olap);
                rebuild(pipeline.warehouseUrl());
                assertThat(warehouseContent(olap)).isEqualTo(before);
                assertRevenueFiguresMatch(oltp, olap);
            }
        }
    }

    /** Dimensions and facts with surrogate keys replaced by natural keys and version starts. */
    private static List<String> warehouseContent(Connection olap) throws SQLException {
        List<String> content = new java.util.ArrayList<>();
        content.addAll(rows(olap, "SELECT customer_id, valid_from, valid_to, is_current, address, city FROM dim_customer "
                + "ORDER BY 1, 2"));
        content.addAll(rows(olap, "SELECT track_id, valid_from, valid_to, unit_price, genre_name FROM dim_track ORDER BY 1, 2"));
        content.addAll(rows(olap, "SELECT f.invoice_line_id, f.date_key, c.customer_id, c.valid_from, t.track_id, "
                + "t.valid_from, f.extended_amount FROM fact_invoice_line f JOIN dim_customer c USING (customer_key) "
                + "JOIN dim_track t USING (track_key) ORDER BY 1"));
        return content;
    }

    private static void rebuild(java.net.URI warehouse) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var started = http.send(java.net.http.HttpRequest.newBuilder(warehouse.resolve("/api/rebuild"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        String state = "";
        while (!state.equals("DONE") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            String body = http.send(java.net.http.HttpRequest.newBuilder(warehouse.resolve("/api/rebuild")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("state").asText();
            assertThat(state).as(body).isNotEqualTo("FAILED");
        }
        assertThat(state).isEqualTo("DONE");
    }

    /** Revenue by month, billing country and genre: the warehouse's views against OLTP directly. */
    private static void assertRevenueFiguresMatch(Connection oltp, Connection olap) throws SQLException {
        String line = "sum(l.unit_price * l.quantity)";
        assertThat(rows(olap, "SELECT year, month, revenue FROM revenue_by_month ORDER BY 1, 2"))
                .isNotEmpty()
                .isEqualTo(rows(oltp, "SELECT extract(year FROM i.invoice_date), extract(month FROM i.invoice_date), "
                        + line + " FROM invoice_line l JOIN invoice i USING (invoice_id) GROUP BY 1, 2 ORDER BY 1, 2"));
        assertThat(rows(olap, "SELECT country, revenue FROM revenue_by_country ORDER BY 1 NULLS LAST"))
                .isEqualTo(rows(oltp, "SELECT i.billing_country, " + line + " FROM invoice_line l "
                        + "JOIN invoice i USING (invoice_id) GROUP BY 1 ORDER BY 1 NULLS LAST"));
        assertThat(rows(olap, "SELECT genre, revenue FROM revenue_by_genre ORDER BY 1 NULLS LAST"))
                .hasSizeGreaterThan(10)
                .isEqualTo(rows(oltp, "SELECT g.name, " + line + " FROM invoice_line l JOIN track t USING (track_id) "
                        + "LEFT JOIN genre g USING (genre_id) GROUP BY 1 ORDER BY 1 NULLS LAST"));
    }

    /** A customer of the change set has two versions, the second from the change; the others one. */
    private static void assertCustomerHistoryFollowsTheChangeSet(Connection olap,
            Map<String, Map<String, CSVRecord>> expected, List<Path> batches) throws Exception {
        java.util.Set<String> moved = DataFiles.rowsByKey(batches.subList(1, batches.size()))
                .getOrDefault("customer", Map.of()).keySet();
        assertThat(moved).isNotEmpty();
        for (String customerId : expected.get("customer").keySet()) {
            List<String> versions = rows(olap, "SELECT valid_from = '-infinity', valid_to = 'infinity', is_current, "
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
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    String text = value instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros()
                            .toPlainString() : String.valueOf(value);
                    row.append(i > 1 ? " | " : "").append(text);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Connection connect(Cloud cloud) {
        try {
            return cloud.connect(EmbeddedDatabases.OLTP);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
