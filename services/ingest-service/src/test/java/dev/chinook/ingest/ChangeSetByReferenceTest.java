package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no inline messages allowed, every change set travels as an S3 object the message points to. */
@QuarkusTest
@TestProfile(ChangeSetByReferenceTest.ByReference.class)
class ChangeSetByReferenceTest extends IngestTestBase {

    public static class ByReference implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.change-sets.inline-message-limit", "0");
        }
    }

    @Test
    void aLargeChangeSetIsSentAsAnS3ObjectAndTheMessageRefersToIt() {
        String key = "raw/artist/" + UUID.randomUUID() + ".csv";
        StringBuilder csv = new StringBuilder("artist_id,name\n");
        for (int i = 1; i <= 500; i++) {
            csv.append(90_000 + i).append(",Artist ").append(i).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length));

        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        var messages = cloud.sqs()
                .receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(2))
                .messages();
        assertThat(messages).hasSize(1);
        ChangeBatch message = ChangeCodec.readBatch(messages.get(0).body());
        assertThat(message.changes()).isEmpty();
        assertThat(message.changesRef()).startsWith("s3://chinook-raw/changes/");
        String objectKey = message.changesRef().substring("s3://chinook-raw/".length());
        try (var s3 = cloud.s3Client()) {
            ChangeBatch stored = ChangeCodec.readBatch(
                    s3.getObjectAsBytes(b -> b.bucket("chinook-raw").key(objectKey))
                            .asUtf8String());
            assertThat(stored.changes())
                    .hasSize(500)
                    .allSatisfy(c -> assertThat(c.table()).isEqualTo("artist"));
        }
    }
}
