package dev.chinook.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.common.s3.S3Uri;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Event JSON fixtures (as Lambda delivers them) and the objects they name. The fixtures hold
 * placeholders for what only the test run knows: the object's key and the eTag S3 gave it.
 */
final class IngestFixtures {

    private final LocalCloud cloud;

    IngestFixtures(LocalCloud cloud) {
        this.cloud = cloud;
    }

    static String resource(String path) {
        try (InputStream in = IngestFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads bytes to the test bucket under {@code key}; returns the eTag (unquoted). */
    String upload(String key, byte[] content) {
        try (var s3 = cloud.s3Client()) {
            return s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(content))
                    .eTag()
                    .replace("\"", "");
        }
    }

    String bucket() {
        return cloud.definition().bucket().name();
    }

    /** The fixture with its placeholders filled in. */
    static String event(String fixture, Map<String, String> values) {
        String json = resource("/events/" + fixture);
        for (Map.Entry<String, String> e : values.entrySet()) {
            json = json.replace("${" + e.getKey() + "}", e.getValue());
        }
        return json;
    }

    /** Sequencers grow with every upload, as S3's do for one key. */
    private final java.util.concurrent.atomic.AtomicLong sequencer =
            new java.util.concurrent.atomic.AtomicLong(0x0055AED6DCD90281L);

    /** An event for the object as S3 sends it after an upload: each upload has a higher sequencer. */
    String putEvent(String key, String eTag, int size) {
        return putEvent(key, eTag, size, String.format("%018X", sequencer.incrementAndGet()));
    }

    String putEvent(String key, String eTag, int size, String sequencer) {
        String encodedKey = String.join(
                "/",
                java.util.Arrays.stream(key.split("/"))
                        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))
                        .toList());
        return IngestFixtures.event(
                "sqs-s3-put.json",
                Map.of(
                        "messageId",
                        UUID.randomUUID().toString(),
                        "bucket",
                        bucket(),
                        "encodedKey",
                        encodedKey,
                        "eTag",
                        eTag,
                        "size",
                        Integer.toString(size),
                        "sequencer",
                        sequencer));
    }

    /** An artist file of {@code count} rows, ids from {@code firstId} on. */
    static byte[] artists(int firstId, int count) {
        StringBuilder csv = new StringBuilder("artist_id,name\n");
        for (int i = 0; i < count; i++) {
            csv.append(firstId + i).append(",Artist ").append(i + 1).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An SQS event as Lambda delivers it, of one message with this body (an ingest command, say). */
    static String sqsEvent(String body) {
        var record = ChangeCodec.mapper()
                .createObjectNode()
                .put("messageId", UUID.randomUUID().toString())
                .put("receiptHandle", "AQEB" + UUID.randomUUID())
                .put("body", body)
                .put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:chinook-ingest-events")
                .put("awsRegion", "us-east-1");
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.putObject("messageAttributes");
        var event = ChangeCodec.mapper().createObjectNode();
        event.putArray("Records").add(record);
        return event.toString();
    }

    /** The continue-file messages waiting on ingest-events, taken (the uploads' own notifications dropped). */
    List<String> drainContinuations() {
        return drainIngestEvents().stream()
                .filter(body -> body.contains("continue-file"))
                .toList();
    }

    private String ingestEventsUrl() {
        return cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
    }

    /** How many messages on ingest-events are sent but not yet visible (SQS's delay). */
    long delayedIngestEvents() {
        String url = ingestEventsUrl();
        return Long.parseLong(cloud.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** Empties ingest-events, delayed messages included, so that none reaches a later test. */
    void purgeIngestEvents() {
        String url = ingestEventsUrl();
        cloud.sqs().purgeQueue(b -> b.queueUrl(url));
    }

    /** Takes every message waiting on ingest-events, as the event source mapping would. */
    List<String> drainIngestEvents() {
        String url = ingestEventsUrl();
        List<String> bodies = new ArrayList<>();
        while (true) {
            var messages = cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (var m : messages) {
                bodies.add(m.body());
                cloud.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    JsonNode invoke(String event) {
        String body = given().contentType("application/json")
                .accept("application/json")
                .body(event)
                .when()
                .post()
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            return ChangeCodec.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("response is not JSON: " + body, e);
        }
    }

    /**
     * Runs {@code action} while the oltp-changes queue does not exist (a relay cannot send), then
     * creates it again as it was.
     */
    <T> T withoutChangeQueue(Callable<T> action) throws Exception {
        String name = cloud.definition().queues().oltpChanges().name();
        String url = cloud.queueUrl(name);
        var attributes = cloud.sqs()
                .getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes();
        cloud.sqs().deleteQueue(b -> b.queueUrl(url));
        try {
            return action.call();
        } finally {
            cloud.sqs().createQueue(b -> b.queueName(name).attributes(attributes));
        }
    }

    List<ChangeMessage> drainChanges() {
        return drainChangeBatches().stream()
                .flatMap(batch -> ChangeCodec.readBatch(batch).changes().stream())
                .toList();
    }

    /** Each change message's batch as JSON text: the message itself, or the set it refers to, decoded. */
    List<String> drainChangeBatches() {
        String url = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        List<String> batches = new ArrayList<>();
        while (true) {
            var messages = cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return batches;
            }
            for (var m : messages) {
                ChangeBatch batch = ChangeCodec.readBatch(m.body());
                if (batch.isReference()) {
                    S3Uri set = S3Uri.parse(batch.changesRef());
                    try (var s3 = cloud.s3Client()) {
                        batches.add(new String(
                                ChangeSetEncoding.decode(s3.getObjectAsBytes(
                                                b -> b.bucket(set.bucket()).key(set.key()))
                                        .asByteArray()),
                                StandardCharsets.UTF_8));
                    }
                } else {
                    batches.add(m.body());
                }
                cloud.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    Map<String, Object> manifest(String key) throws Exception {
        return manifest(key, null);
    }

    Map<String, Object> manifest(String key, String eTag) throws Exception {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement("SELECT status, rows_in_file, rows_loaded, rows_rejected, "
                        + "rows_changed, rows_parked, message, first_change_id, last_change_id, parts_done, records_done, "
                        + "resume_at "
                        + "FROM ingest_file "
                        + "WHERE object_key = ? AND (? IS NULL OR etag = ?)")) {
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

    Object query(String sql) throws Exception {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
