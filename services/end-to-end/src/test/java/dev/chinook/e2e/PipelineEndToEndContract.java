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
        }
    }

    private static Connection connect(Cloud cloud) {
        try {
            return cloud.connect(EmbeddedDatabases.OLTP);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
