package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.common.s3.S3Uri;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A file's changes leave as change sets of at most max-changes each: written under the staged
 * prefix with the rows, archived by the relay, announced by messages that refer to them.
 */
@QuarkusTest
@TestProfile(ChangeSetsTest.SmallSets.class)
class ChangeSetsTest extends IngestTestBase {

    public static class SmallSets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.change-sets.max-changes", "200");
        }
    }

    @Test
    void aFilesChangesAreArchivedInSetsTheMessagesReferToAndNothingStaysStaged() throws Exception {
        String key = "raw/artist/" + UUID.randomUUID() + ".csv";
        byte[] bytes = IngestFixtures.artists(90_001, 500);

        fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length));

        var manifest = fx.manifest(key);
        long first = (Long) manifest.get("first_change_id");
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        List<ChangeBatch> messages = new ArrayList<>();
        List<ChangeMessage> changes = new ArrayList<>();
        try (var s3 = cloud.s3Client()) {
            while (true) {
                var received = cloud.sqs()
                        .receiveMessage(
                                b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(2))
                        .messages();
                if (received.isEmpty()) {
                    break;
                }
                for (var m : received) {
                    ChangeBatch message = ChangeCodec.readBatch(m.body());
                    messages.add(message);
                    S3Uri set = S3Uri.parse(message.changesRef());
                    byte[] stored = s3.getObjectAsBytes(
                                    b -> b.bucket(set.bucket()).key(set.key()))
                            .asByteArray();
                    assertThat(stored[0] & 0xff).as("stored gzip-compressed").isEqualTo(0x1f);
                    changes.addAll(
                            ChangeCodec.readBatch(new String(ChangeSetEncoding.decode(stored), StandardCharsets.UTF_8))
                                    .changes());
                    cloud.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
            assertThat(s3.listObjectsV2(b -> b.bucket("chinook-raw").prefix("staged-changes/"))
                            .contents())
                    .as("staged sets are deleted once archived")
                    .isEmpty();
        }

        assertThat(messages).hasSize(3).allSatisfy(m -> {
            assertThat(m.changes()).isEmpty();
            assertThat(m.changesRef()).startsWith("s3://chinook-raw/changes/").endsWith(".json.gz");
            assertThat(m.sourceFiles()).containsExactly("s3://chinook-raw/" + key);
        });
        assertThat(changes).hasSize(500).allSatisfy(c -> {
            assertThat(c.table()).isEqualTo("artist");
            assertThat(c.operation()).isEqualTo(ChangeMessage.Operation.UPSERT);
            assertThat(c.row().path("artist_id").asLong()).isEqualTo(c.key());
            assertThat(c.committedAt()).isNotNull();
        });
        assertThat(changes.stream().map(ChangeMessage::changeId).sorted())
                .containsExactlyElementsOf(java.util.stream.LongStream.range(first, first + 500)
                        .boxed()
                        .toList());
        assertThat(fx.query("SELECT count(*) FROM outbox_change_set")).isEqualTo(0L);
    }

    @Test
    void aSetThatCannotBeArchivedKeepsItsRoundInTheOutboxUntilADeliveryCan() throws Exception {
        String key = "raw/artist/" + UUID.randomUUID() + ".csv";
        byte[] bytes = IngestFixtures.artists(91_001, 500);
        String event = fx.putEvent(key, fx.upload(key, bytes), bytes.length);
        // No queue to send to: the file loads and its three sets wait in the outbox, staged.
        assertThat(fx.withoutChangeQueue(() -> fx.invoke(event)).path("batchItemFailures"))
                .hasSize(1);

        try (var s3 = cloud.s3Client()) {
            var staged = s3.listObjectsV2(b -> b.bucket(fx.bucket()).prefix("staged-changes/"))
                    .contents();
            assertThat(staged).hasSize(3);
            String lost = staged.get(1).key();
            byte[] kept =
                    s3.getObjectAsBytes(b -> b.bucket(fx.bucket()).key(lost)).asByteArray();
            s3.deleteObject(b -> b.bucket(fx.bucket()).key(lost));

            // One set cannot be copied into the archive: its round sends nothing and keeps all three.
            assertThat(fx.invoke(event).path("batchItemFailures")).hasSize(1);
            assertThat(fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set"))
                    .isEqualTo(500L);
            assertThat(fx.drainChanges()).as("changes announced").isEmpty();
            fx.upload(lost, kept);
        }

        // The next delivery relays them all, once.
        assertThat(fx.invoke(event).path("batchItemFailures")).isEmpty();
        assertThat(fx.query("SELECT count(*) FROM outbox_change_set")).isEqualTo(0L);
        assertThat(fx.drainChanges())
                .extracting(ChangeMessage::key)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(91_001, 91_501).boxed().toList());
    }
}
