package dev.chinook.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler driven through Quarkus's mock event server with SQS event JSON fixtures,
 * on real PostgreSQL, S3 and SQS (local-cloud).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = false)
class IngestHandlerTest {

    @Test
    void pascalCaseExportLoadsIgnoresExtraColumnsAndEmitsOneChangePerRow() throws Exception {
        String key = "raw/artist/" + UUID.randomUUID() + " export.csv";
        byte[] csv = IngestFixtures.resource("/files/artist-pascal.csv").getBytes(StandardCharsets.UTF_8);
        String eTag = IngestFixtures.upload(key, csv);
        String event = putEvent(key, eTag, csv.length);

        JsonNode response = invoke(event);

        assertThat(response.path("batchItemFailures")).isEmpty();
        Map<String, Object> file = manifest(key);
        assertThat(file).containsEntry("status", "LOADED").containsEntry("rows_in_file", 3)
                .containsEntry("rows_loaded", 3).containsEntry("rows_rejected", 0).containsEntry("rows_changed", 3);
        assertThat((String) file.get("message")).contains("Fax");
        assertThat(query("SELECT name FROM artist WHERE artist_id = 2")).isEqualTo("Björk \"Guðmundsdóttir\"");
        List<ChangeMessage> changes = drainChanges();
        assertThat(changes).extracting(ChangeMessage::table).containsOnly("artist");
        assertThat(changes).extracting(ChangeMessage::key).contains(1L, 2L, 3L);
        assertThat(changes).allSatisfy(c -> assertThat(c.sourceFile()).isEqualTo("s3://chinook-raw/" + key));

        // The same event again (SQS redelivery) and a re-upload of identical content change nothing.
        assertThat(invoke(event).path("batchItemFailures")).isEmpty();
        String sameETag = IngestFixtures.upload(key, csv);
        assertThat(invoke(putEvent(key, sameETag, csv.length)).path("batchItemFailures")).isEmpty();
        assertThat(drainChanges()).isEmpty();
        assertThat(query("SELECT count(*) FROM ingest_file WHERE object_key = '" + key + "'")).isEqualTo(1L);
    }

    @Test
    void invalidRowsAreRejectedWithLineColumnAndReasonWhileValidRowsLoad() throws Exception {
        String key = "raw/invoice/" + UUID.randomUUID() + ".csv";
        byte[] csv = IngestFixtures.resource("/files/invoice-with-bad-rows.csv").getBytes(StandardCharsets.UTF_8);
        String eTag = IngestFixtures.upload(key, csv);

        assertThat(invoke(putEvent(key, eTag, csv.length)).path("batchItemFailures")).isEmpty();

        Map<String, Object> file = manifest(key);
        assertThat(file).containsEntry("rows_in_file", 4).containsEntry("rows_loaded", 2)
                .containsEntry("rows_rejected", 2);
        List<String> rejections = new ArrayList<>();
        try (Connection c = LocalCloudResource.cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement("SELECT line_number, column_number, column_name, value, reason "
                        + "FROM rejected_row r JOIN ingest_file f USING (file_id) WHERE f.object_key = ? ORDER BY 1")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rejections.add(rs.getLong(1) + ":" + rs.getInt(2) + ":" + rs.getString(3) + ":" + rs.getString(4)
                            + ":" + rs.getString(5));
                }
            }
        }
        assertThat(rejections).containsExactly("3:2:customer_id:x:not an integer",
                "4:3:invoice_date:not a date:not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00)");
        assertThat(query("SELECT invoice_date::text FROM invoice WHERE invoice_id = 4")).isEqualTo("2021-01-06 00:00:00");
        drainChanges();
    }

    @Test
    void rowsMarkedDDeleteWithTheirImageInTheChangeAndUnknownOperationsAreRejected() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] first = "genre_id,name\n901,Polka\n902,Fado\n".getBytes(StandardCharsets.UTF_8);
        assertThat(invoke(putEvent(key, IngestFixtures.upload(key, first), first.length)).path("batchItemFailures"))
                .isEmpty();
        drainChanges();

        byte[] second = "genre_id,name,_op\n901,,D\n903,Morna,\n904,Samba,X\n905,,d\n".getBytes(StandardCharsets.UTF_8);
        String secondETag = IngestFixtures.upload(key, second);
        assertThat(invoke(putEvent(key, secondETag, second.length)).path("batchItemFailures")).isEmpty();

        assertThat(query("SELECT count(*) FROM genre WHERE genre_id IN (901, 905)")).isEqualTo(0L);
        assertThat(query("SELECT name FROM genre WHERE genre_id = 902")).isEqualTo("Fado");
        assertThat(query("SELECT name FROM genre WHERE genre_id = 903")).isEqualTo("Morna");
        List<ChangeMessage> changes = drainChanges();
        assertThat(changes).extracting(c -> c.operation() + " " + c.key())
                .containsExactlyInAnyOrder("DELETE 901", "UPSERT 903");
        ChangeMessage delete = changes.stream().filter(c -> c.operation() == ChangeMessage.Operation.DELETE)
                .findFirst().orElseThrow();
        assertThat(delete.row().path("name").asText()).isEqualTo("Polka");
        Map<String, Object> file = manifest(key, secondETag);
        assertThat(file).containsEntry("rows_in_file", 4).containsEntry("rows_rejected", 1).containsEntry("rows_loaded", 3);
    }

    @Test
    void aMalformedMessageFailsAloneAndTheTestEventIsIgnored() {
        JsonNode response = invoke(IngestFixtures.event("sqs-s3-test-event-and-garbage.json", Map.of()));

        assertThat(response.path("batchItemFailures")).hasSize(1);
        assertThat(response.path("batchItemFailures").get(0).path("itemIdentifier").asText()).isEqualTo("garbage-1");
    }

    @Test
    void aKeyNamingNoTableIsRecordedAsRejectedAndNotRetried() throws Exception {
        String key = "raw/" + UUID.randomUUID() + "/playlist.csv";
        byte[] csv = "playlist_id,name\n1,Music\n".getBytes(StandardCharsets.UTF_8);
        String eTag = IngestFixtures.upload(key, csv);

        assertThat(invoke(putEvent(key, eTag, csv.length)).path("batchItemFailures")).isEmpty();

        Map<String, Object> file = manifest(key);
        assertThat(file).containsEntry("status", "REJECTED");
        assertThat((String) file.get("message")).contains("no table of the contract");
    }

    private static String putEvent(String key, String eTag, int size) {
        String encodedKey = String.join("/", java.util.Arrays.stream(key.split("/"))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)).toList());
        return IngestFixtures.event("sqs-s3-put.json", Map.of("messageId", UUID.randomUUID().toString(),
                "bucket", IngestFixtures.bucket(), "encodedKey", encodedKey, "eTag", eTag,
                "size", Integer.toString(size)));
    }

    private static JsonNode invoke(String event) {
        String body = given().contentType("application/json").accept("application/json").body(event)
                .when().post().then().statusCode(200).extract().asString();
        try {
            return ChangeCodec.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("response is not JSON: " + body, e);
        }
    }

    private static List<ChangeMessage> drainChanges() {
        var cloud = LocalCloudResource.cloud;
        String url = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        List<ChangeMessage> changes = new ArrayList<>();
        while (true) {
            var messages = cloud.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return changes;
            }
            for (var m : messages) {
                ChangeBatch batch = ChangeCodec.readBatch(m.body());
                changes.addAll(batch.changes());
                cloud.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static Map<String, Object> manifest(String key) throws Exception {
        return manifest(key, null);
    }

    private static Map<String, Object> manifest(String key, String eTag) throws Exception {
        try (Connection c = LocalCloudResource.cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement("SELECT status, rows_in_file, rows_loaded, rows_rejected, "
                        + "rows_changed, message FROM ingest_file WHERE object_key = ? AND (? IS NULL OR etag = ?)")) {
            ps.setString(1, key);
            ps.setString(2, eTag);
            ps.setString(3, eTag);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("manifest row for %s", key).isTrue();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    private static Object query(String sql) throws Exception {
        try (Connection c = LocalCloudResource.cloud.connect(EmbeddedDatabases.OLTP);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
