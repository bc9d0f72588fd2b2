package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import dev.chinook.localcloud.aws.PipelineDefinition;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * local-cloud stopped with upload events queued, in flight and dead-lettered, then started again
 * on the same state: nothing is lost, and with a reconciliation every file ends loaded once.
 */
class DurablePipelineTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));

    @TempDir
    Path work;

    @Test
    void queuedInFlightAndDeadLetteredUploadsEndLoadedOnceAfterARestart() throws Exception {
        Path batch = DataLoader.batches(ROOT.resolve("data")).get(0);
        Map<String, Map<String, CSVRecord>> expected = DataFiles.rowsByKey(List.of(batch));
        LocalCloudOptions options = new LocalCloudOptions(work.resolve("cloud"), 0, 0, 0, false);
        List<DataLoader.Upload> uploads;
        String deadLettered;

        // Only the cloud runs: the uploads' events wait in the queue. One is taken and left in
        // flight, one is moved to the dead-letter queue, then everything stops.
        try (LocalCloud cloud = LocalCloud.start(options)) {
            PipelineDefinition.Queue events = cloud.definition().queues().ingestEvents();
            String queue = cloud.queueUrl(events.name());
            try (S3Client s3 = cloud.s3Client()) {
                uploads = DataLoader.upload(s3, cloud.definition().bucket(), batch, System.out::println);
            }
            Message inFlight = receiveOne(cloud, queue, 3);
            Message dead = receiveOne(cloud, queue, 30);
            cloud.sqs()
                    .sendMessage(
                            b -> b.queueUrl(cloud.queueUrl(events.deadLetter().name()))
                                    .messageBody(dead.body()));
            cloud.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(dead.receiptHandle()));
            deadLettered = dead.body();
            assertThat(inFlight.body()).isNotEqualTo(deadLettered);
        }

        LocalCloud restarted = LocalCloud.start(options);
        try (LocalPipeline pipeline =
                LocalPipeline.start(restarted, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            PipelineProbe probe = PipelineProbe.of(pipeline);
            String dlq = restarted.queueUrl(
                    restarted.definition().queues().ingestEvents().deadLetter().name());
            assertThat(restarted
                            .sqs()
                            .receiveMessage(
                                    b -> b.queueUrl(dlq).visibilityTimeout(0).waitTimeSeconds(1))
                            .messages())
                    .extracting(Message::body)
                    .containsExactly(deadLettered);

            // The dead-lettered upload has no event left to bring it; reconciliation finds it.
            await().atMost(Duration.ofMinutes(2)).until(() -> probe.filesDone(uploads) >= uploads.size() - 1);
            HttpResponse<String> reconcile = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(pipeline.warehouseUrl().resolve("/api/reconcile"))
                                    .header("Authorization", "Bearer " + pipeline.operatorToken())
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(reconcile.statusCode()).as(reconcile.body()).isEqualTo(202);
            probe.awaitIngested(uploads, Duration.ofMinutes(2), System.out::println);
            probe.awaitWarehouseCaughtUp(Duration.ofMinutes(2), System.out::println);

            Map<String, Long> counts = probe.oltpRowCounts();
            for (TableSpec table : ChinookTables.ALL) {
                assertThat(counts.get(table.name()))
                        .as("OLTP rows of %s", table.name())
                        .isEqualTo(expected.get(table.name()).size());
            }
            try (Connection oltp = restarted.connect(EmbeddedDatabases.OLTP);
                    var st = oltp.createStatement();
                    var rs = st.executeQuery("SELECT object_key, count(*) FILTER (WHERE status = 'LOADED') "
                            + "FROM ingest_file GROUP BY object_key")) {
                int keys = 0;
                while (rs.next()) {
                    keys++;
                    assertThat(rs.getLong(2)).as("loads of %s", rs.getString(1)).isEqualTo(1);
                }
                assertThat(keys).isEqualTo(uploads.size());
            }
        }
    }

    @Test
    void theWarehouseKilledWithSigkillIsStartedAgainAndAppliesWhatArrivedMeanwhile() throws Exception {
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            long pid = pipeline.warehouseProcess().pid();
            Path batch = DataLoader.batches(ROOT.resolve("data")).get(0);
            PipelineProbe probe = PipelineProbe.of(pipeline);

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            List<DataLoader.Upload> uploads;
            try (S3Client s3 = cloud.s3Client()) {
                uploads = DataLoader.upload(s3, cloud.definition().bucket(), batch, System.out::println);
            }

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pipeline.warehouseProcess().pid() != pid);
            pipeline.warehouseProcess()
                    .awaitHttpOk(pipeline.warehouseUrl().resolve("/q/health/ready"), Duration.ofMinutes(2));
            probe.awaitIngested(uploads, Duration.ofMinutes(2), System.out::println);
            probe.awaitWarehouseCaughtUp(Duration.ofMinutes(2), System.out::println);
            assertThat(pipeline.warehouseProcess().restarts()).isEqualTo(1);
            assertThat(probe.warehouseStatus()
                            .path("warehouse")
                            .path("factRows")
                            .asLong())
                    .isEqualTo(DataFiles.rowsByKey(List.of(batch))
                            .get("invoice_line")
                            .size());
        }
    }

    private static Message receiveOne(LocalCloud cloud, String queue, int visibilitySeconds) {
        List<Message> messages = cloud.sqs()
                .receiveMessage(b -> b.queueUrl(queue)
                        .maxNumberOfMessages(1)
                        .visibilityTimeout(visibilitySeconds)
                        .waitTimeSeconds(5))
                .messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
