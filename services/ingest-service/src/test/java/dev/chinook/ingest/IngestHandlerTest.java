package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler driven through Quarkus's mock event server with SQS event JSON fixtures,
 * on real PostgreSQL, S3 and SQS (local-cloud).
 */
@QuarkusTest
class IngestHandlerTest extends IngestTestBase {

    @Test
    void pascalCaseExportLoadsIgnoresExtraColumnsAndEmitsOneChangePerRow() throws Exception {
        String key = "raw/artist/" + UUID.randomUUID() + " export.csv";
        byte[] csv = IngestFixtures.resource("/files/artist-pascal.csv").getBytes(StandardCharsets.UTF_8);
        String eTag = fx.upload(key, csv);
        String event = fx.putEvent(key, eTag, csv.length);

        JsonNode response = fx.invoke(event);

        assertThat(response.path("batchItemFailures")).isEmpty();
        Map<String, Object> file = fx.manifest(key);
        assertThat(file)
                .containsEntry("status", "LOADED")
                .containsEntry("rows_in_file", 3)
                .containsEntry("rows_loaded", 3)
                .containsEntry("rows_rejected", 0)
                .containsEntry("rows_changed", 3);
        assertThat((String) file.get("message")).contains("Fax");
        assertThat(fx.query("SELECT name FROM artist WHERE artist_id = 2")).isEqualTo("Björk \"Guðmundsdóttir\"");
        List<ChangeMessage> changes = fx.drainChanges();
        assertThat(changes).extracting(ChangeMessage::table).containsOnly("artist");
        assertThat(changes).extracting(ChangeMessage::key).contains(1L, 2L, 3L);
        assertThat(changes).allSatisfy(c -> assertThat(c.sourceFile()).isEqualTo("s3://chinook-raw/" + key));

        // The same event again (SQS redelivery) and a re-upload of identical content change nothing.
        assertThat(fx.invoke(event).path("batchItemFailures")).isEmpty();
        String sameETag = fx.upload(key, csv);
        assertThat(fx.invoke(fx.putEvent(key, sameETag, csv.length)).path("batchItemFailures"))
                .isEmpty();
        assertThat(fx.drainChanges()).isEmpty();
        assertThat(fx.query("SELECT string_agg(status, ',' ORDER BY file_id) FROM ingest_file WHERE object_key = '"
                        + key + "'"))
                .isEqualTo("LOADED,UNCHANGED");
    }

    @Test
    void invalidRowsAreRejectedWithLineColumnAndReasonWhileValidRowsLoad() throws Exception {
        String customers = "raw/customer/" + UUID.randomUUID() + ".csv";
        byte[] customerCsv =
                ("customer_id,first_name,last_name,company,address,city,state,country,postal_code,phone,email\n"
                                + "2,Leonie,Köhler,,Theodor-Heuss-Straße 34,Stuttgart,,Germany,70174,,leonie@example.de\n"
                                + "5,František,Wichterlová,JetBrains s.r.o.,Klanova 9/506,Prague,,Czech Republic,14700,,f@example.cz\n")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(fx.invoke(fx.putEvent(customers, fx.upload(customers, customerCsv), customerCsv.length))
                        .path("batchItemFailures"))
                .isEmpty();
        String key = "raw/invoice/" + UUID.randomUUID() + ".csv";
        byte[] csv = IngestFixtures.resource("/files/invoice-with-bad-rows.csv").getBytes(StandardCharsets.UTF_8);
        String eTag = fx.upload(key, csv);

        assertThat(fx.invoke(fx.putEvent(key, eTag, csv.length)).path("batchItemFailures"))
                .isEmpty();

        Map<String, Object> file = fx.manifest(key);
        assertThat(file)
                .containsEntry("rows_in_file", 4)
                .containsEntry("rows_loaded", 2)
                .containsEntry("rows_rejected", 2);
        List<String> rejections = new ArrayList<>();
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT line_number, column_number, column_name, value, reason "
                                + "FROM rejected_row r JOIN ingest_file f USING (file_id) WHERE f.object_key = ? ORDER BY 1")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rejections.add(rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getString(3) + ":" + rs.getString(4)
                            + ":" + rs.getString(5));
                }
            }
        }
        assertThat(rejections)
                .containsExactly(
                        "3:2:customer_id:x:not an integer",
                        "4:3:invoice_date:not a date:not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00)");
        assertThat(fx.query("SELECT invoice_date::text FROM invoice WHERE invoice_id = 4"))
                .isEqualTo("2021-01-06 00:00:00");
    }

    @Test
    void aKeyTwiceInAFileLoadsItsLastRowAndReportsTheEarlierOneWithTheLineThatSupersededIt() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n921,Polka\n922,Fado\n921,Morna\n923,Samba\n".getBytes(StandardCharsets.UTF_8);

        assertThat(fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length)).path("batchItemFailures"))
                .isEmpty();

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_in_file", 4)
                .containsEntry("rows_loaded", 3)
                .containsEntry("rows_rejected", 1);
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 921")).isEqualTo("Morna");
        assertThat(fx.query("SELECT line_number || ':' || column_name || ':' || value || ':' || reason "
                        + "FROM rejected_row JOIN ingest_file USING (file_id) WHERE object_key = '" + key + "'"))
                .isEqualTo("2:genre_id:921:duplicate key in file: superseded by line 4");
        assertThat(fx.drainChanges())
                .filteredOn(c -> c.sourceFile().endsWith(key))
                .extracting(c -> c.key() + " " + c.row().path("name").asText())
                .containsExactlyInAnyOrder("921 Morna", "922 Fado", "923 Samba");
    }

    @Test
    void rowsMarkedDDeleteWithTheirImageInTheChangeAndUnknownOperationsAreRejected() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] first = "genre_id,name\n901,Polka\n902,Fado\n".getBytes(StandardCharsets.UTF_8);
        assertThat(fx.invoke(fx.putEvent(key, fx.upload(key, first), first.length))
                        .path("batchItemFailures"))
                .isEmpty();
        fx.drainChanges();

        byte[] second = "genre_id,name,_op\n901,,D\n903,Morna,\n904,Samba,X\n905,,d\n".getBytes(StandardCharsets.UTF_8);
        String secondETag = fx.upload(key, second);
        assertThat(fx.invoke(fx.putEvent(key, secondETag, second.length)).path("batchItemFailures"))
                .isEmpty();

        assertThat(fx.query("SELECT count(*) FROM genre WHERE genre_id IN (901, 905)"))
                .isEqualTo(0L);
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 902")).isEqualTo("Fado");
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 903")).isEqualTo("Morna");
        List<ChangeMessage> changes = fx.drainChanges();
        assertThat(changes)
                .extracting(c -> c.operation() + " " + c.key())
                .containsExactlyInAnyOrder("DELETE 901", "UPSERT 903");
        ChangeMessage delete = changes.stream()
                .filter(c -> c.operation() == ChangeMessage.Operation.DELETE)
                .findFirst()
                .orElseThrow();
        assertThat(delete.row().path("name").asText()).isEqualTo("Polka");
        Map<String, Object> file = fx.manifest(key, secondETag);
        assertThat(file)
                .containsEntry("rows_in_file", 4)
                .containsEntry("rows_rejected", 1)
                .containsEntry("rows_loaded", 3);
    }

    @Test
    void aMessageThatCanNeverSucceedGoesToTheDeadLetterQueueAtOnceWithItsReason() throws Exception {
        String dlq = cloud.queueUrl(
                cloud.definition().queues().ingestEvents().deadLetter().name());
        String noKey = IngestFixtures.sqsEvent("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"chinook-raw\"},\"object\":{\"size\":1}}}]}");

        // The test event is ignored; the garbage and the event without a key are not retried.
        JsonNode response = fx.invoke(IngestFixtures.event("sqs-s3-test-event-and-garbage.json", Map.of()));
        assertThat(response.path("batchItemFailures")).isEmpty();
        assertThat(fx.invoke(noKey).path("batchItemFailures")).isEmpty();

        Map<String, String> reasons = new java.util.HashMap<>();
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(dlq)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages()
                    .forEach(m -> {
                        reasons.put(
                                m.body(),
                                m.messageAttributes()
                                        .get("chinook-failure-reason")
                                        .stringValue());
                        cloud.sqs().deleteMessage(b -> b.queueUrl(dlq).receiptHandle(m.receiptHandle()));
                    });
            return reasons.size() >= 2;
        });
        assertThat(reasons.get("this is not an S3 event")).startsWith("message body is not JSON");
        assertThat(reasons.values()).contains("S3 event record without an object key");
        assertThat(fx.query("SELECT string_agg(permanent || ':' || reason, ',') FROM message_failure "
                        + "WHERE message_id = 'garbage-1'"))
                .asString()
                .startsWith("true:message body is not JSON");
    }

    @Test
    void aKeyNamingNoTableIsRecordedAsRejectedAndNotRetried() throws Exception {
        String key = "raw/" + UUID.randomUUID() + "/playlist.csv";
        byte[] csv = "playlist_id,name\n1,Music\n".getBytes(StandardCharsets.UTF_8);
        String eTag = fx.upload(key, csv);

        assertThat(fx.invoke(fx.putEvent(key, eTag, csv.length)).path("batchItemFailures"))
                .isEmpty();

        Map<String, Object> file = fx.manifest(key);
        assertThat(file).containsEntry("status", "REJECTED");
        assertThat((String) file.get("message")).contains("no table of the contract");
    }
}
