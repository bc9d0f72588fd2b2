package dev.chinook.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chinook.common.s3.S3Events;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.s3.Sequencers;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalCloudTest {

    @TempDir
    static Path state;

    static LocalCloud cloud;
    static S3Client s3;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(state));
        s3 = cloud.s3Client();
    }

    @AfterAll
    static void stop() {
        s3.close();
        cloud.close();
    }

    @Test
    void uploadUnderRawSendsAnS3NotificationWithEncodedKeyAndGrowingSequencer() {
        String bucket = cloud.definition().bucket().name();
        String key = "raw/artist/Jürgen's artists.csv";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("artist_id,name\n1,AC/DC\n"));
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("artist_id,name\n1,AC-DC\n"));
        s3.putObject(b -> b.bucket(bucket).key("reports/ignored.csv"), RequestBody.fromString("x"));

        List<Message> messages = receive(
                cloud.queueUrl(cloud.definition().queues().ingestEvents().name()), 2);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).body()).contains("raw/artist/J%C3%BCrgen%27s+artists.csv");
        List<S3ObjectEvent> events = new ArrayList<>();
        messages.forEach(m -> events.addAll(S3Events.parse(m.body())));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.eventName()).isEqualTo("ObjectCreated:Put");
            assertThat(e.bucket()).isEqualTo(bucket);
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.size()).isEqualTo("artist_id,name\n1,AC/DC\n".getBytes(StandardCharsets.UTF_8).length);
            assertThat(e.eTag()).isNotBlank();
        });
        assertThat(Sequencers.compare(events.get(0).sequencer(), events.get(1).sequencer()))
                .isNotZero();
        assertThat(events.get(0).eTag()).isNotEqualTo(events.get(1).eTag());
        String queue = cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
        messages.forEach(m -> cloud.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
    }

    @Test
    void anExportNamedInUpperCaseIsNotifiedToo() {
        assertNotified("raw/artist/" + java.util.UUID.randomUUID() + " EXPORT.CSV");
    }

    @Test
    void aGzipCompressedExportIsNotified() {
        assertNotified("raw/artist/" + java.util.UUID.randomUUID() + ".csv.gz");
    }

    private void assertNotified(String key) {
        String bucket = cloud.definition().bucket().name();
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("artist_id,name\n"));

        String queue = cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
        List<String> keys = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            cloud.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()
                    .forEach(m -> S3Events.parse(m.body()).forEach(e -> keys.add(e.key())));
            return keys.contains(key);
        });
    }

    @Test
    void completedMultipartUploadSendsCompleteMultipartUploadEvent() {
        String bucket = cloud.definition().bucket().name();
        String key = "raw/track/multi part.csv";
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        String part1 = "track_id,name\n" + "1,x\n".repeat(1_400_000); // parts other than the last need 5 MiB
        var first = s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromString(part1));
        var second = s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2), RequestBody.fromString("2,y\n"));
        s3.completeMultipartUpload(b -> b.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(
                        p -> p.partNumber(1).eTag(first.eTag()),
                        p -> p.partNumber(2).eTag(second.eTag()))));

        List<Message> messages = receive(
                cloud.queueUrl(cloud.definition().queues().ingestEvents().name()), 1);
        assertThat(messages).hasSize(1);
        S3ObjectEvent event = S3Events.parse(messages.get(0).body()).get(0);
        assertThat(event.eventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(event.key()).isEqualTo(key);
        assertThat(event.size()).isEqualTo(part1.length() + 4);
        cloud.sqs()
                .deleteMessage(b -> b.queueUrl(cloud.queueUrl(
                                cloud.definition().queues().ingestEvents().name()))
                        .receiptHandle(messages.get(0).receiptHandle()));
    }

    @Test
    void queuesHaveTheirDeadLetterQueuesAndBothDatabasesExist() throws Exception {
        var ingest = cloud.definition().queues().ingestEvents();
        var attributes = cloud.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(cloud.queueUrl(ingest.name())).attributeNames(QueueAttributeName.ALL))
                .attributes();
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .contains(ingest.deadLetter().name())
                .contains(Integer.toString(ingest.maxReceiveCount()));
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(Integer.toString(ingest.visibilityTimeoutSeconds()));
        for (String db : List.of(EmbeddedDatabases.OLTP, EmbeddedDatabases.OLAP)) {
            try (Connection c = cloud.connect(db);
                    ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void eachServiceSignsWithItsRoleAndSeesAMissingKeyAsAbsentBecauseItsRoleMayList() {
        String bucket = cloud.definition().bucket().name();
        s3.putObject(b -> b.bucket(bucket).key("changes/1-1.json"), RequestBody.fromString("{}"));

        // Both roles have s3:ListBucket (sdk-permissions.csv): absent is 404, as AWS answers them.
        for (String role : List.of("ingest", "warehouse")) {
            try (S3Client client = roleClient(role)) {
                assertThat(statusOfHead(client, bucket, "raw/invoice/absent.csv"))
                        .as(role)
                        .isEqualTo(404);
                assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("changes/1-1.json"))
                                .asUtf8String())
                        .isEqualTo("{}");
            }
        }
        assertThat(statusOfHead(s3, bucket, "raw/invoice/absent.csv")).isEqualTo(404);
        try (S3Client stranger = S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.of(cloud.region()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("nobody", "guess")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            assertThat(statusOfHead(stranger, bucket, "changes/1-1.json")).isEqualTo(403);
        }
    }

    private static S3Client roleClient(String role) {
        return S3Client.builder()
                .endpointOverride(cloud.s3Endpoint())
                .forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.of(cloud.region()))
                .credentialsProvider(cloud.credentialsOf(role))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    private static int statusOfHead(S3Client client, String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return 200;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return e.statusCode();
        }
    }

    private static List<Message> receive(String queueUrl, int expected) {
        List<Message> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            messages.addAll(cloud.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
            return messages.size() >= expected;
        });
        return messages;
    }
}
