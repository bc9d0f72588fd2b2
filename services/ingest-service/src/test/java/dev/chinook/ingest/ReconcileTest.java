package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.command.IngestCommand;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Uploads that never produced an event are found, loaded once through the event path, and not again. */
@QuarkusTest
class ReconcileTest extends IngestTestBase {

    private JsonNode report() throws Exception {
        try (var s3 = cloud.s3Client()) {
            return ChangeCodec.mapper()
                    .readTree(s3.getObjectAsBytes(b -> b.bucket(fx.bucket()).key("reports/reconcile/latest.json"))
                            .asUtf8String());
        }
    }

    private List<String> unprocessedKeys() throws Exception {
        return ChangeCodec.mapper().convertValue(report().path("unprocessedKeys"), List.class);
    }

    @Test
    void objectsWithoutAnEventAreFoundLoadedOnceAndASecondRunFindsNothing() throws Exception {
        String first = "raw/genre/" + UUID.randomUUID() + ".csv";
        String second = "raw/genre/" + UUID.randomUUID() + ".csv";
        cloud.putWithoutEvent(first, "genre_id,name\n841,Zouk\n".getBytes(StandardCharsets.UTF_8));
        cloud.putWithoutEvent(second, "genre_id,name\n842,Kuduro\n".getBytes(StandardCharsets.UTF_8));
        fx.drainIngestEvents();

        // A dry run lists them and loads nothing.
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(new IngestCommand.Reconcile("dry", true))));
        assertThat(report().path("requestId").asText()).isEqualTo("dry");
        assertThat(report().path("queued").asLong()).isZero();
        assertThat(unprocessedKeys()).contains(first, second);
        assertThat(fx.query("SELECT count(*) FROM ingest_file WHERE object_key IN ('" + first + "', '" + second + "')"))
                .isEqualTo(0L);
        assertThat(fx.drainIngestEvents()).isEmpty();

        // A real run queues one command per upload; the function loads each as if its event had come.
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(new IngestCommand.Reconcile("run-1", false))));
        List<String> queued = fx.drainIngestEvents().stream()
                .filter(body -> body.contains(first) || body.contains(second))
                .toList();
        assertThat(queued)
                .hasSize(2)
                .allSatisfy(body ->
                        assertThat(IngestCommand.parse(body)).get().isInstanceOf(IngestCommand.ReconcileObject.class));
        for (String body : queued) {
            assertThat(fx.invoke(IngestFixtures.sqsEvent(body)).path("batchItemFailures"))
                    .isEmpty();
        }
        assertThat(fx.manifest(first)).containsEntry("status", "LOADED").containsEntry("rows_loaded", 1);
        assertThat(fx.manifest(second)).containsEntry("status", "LOADED");
        assertThat(fx.query("SELECT string_agg(name, ',' ORDER BY genre_id) FROM genre WHERE genre_id IN (841, 842)"))
                .isEqualTo("Zouk,Kuduro");
        assertThat(fx.drainChanges()).extracting(c -> c.key()).containsExactlyInAnyOrder(841L, 842L);

        // The same command delivered again, and a second run, change nothing more.
        fx.invoke(IngestFixtures.sqsEvent(queued.get(0)));
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(new IngestCommand.Reconcile("run-2", false))));
        assertThat(unprocessedKeys()).doesNotContain(first, second);
        assertThat(fx.drainIngestEvents()).noneMatch(body -> body.contains(first) || body.contains(second));
        assertThat(fx.query("SELECT count(*) FROM ingest_file WHERE object_key IN ('" + first + "', '" + second + "')"))
                .isEqualTo(2L);
        assertThat(fx.drainChanges()).isEmpty();
    }

    @Test
    void anUploadFoundByListingNeverHidesALaterRealEventOfTheSameKey() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        cloud.putWithoutEvent(key, "genre_id,name\n843,Semba\n".getBytes(StandardCharsets.UTF_8));
        fx.drainIngestEvents();
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(new IngestCommand.Reconcile("run-3", false))));
        Optional<String> command =
                fx.drainIngestEvents().stream().filter(b -> b.contains(key)).findFirst();
        assertThat(command).isPresent();
        fx.invoke(IngestFixtures.sqsEvent(command.get()));

        // Later the key is uploaded again with new content, and its S3 event arrives.
        byte[] newer = "genre_id,name\n843,Semba angolano\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(key, fx.upload(key, newer), newer.length));

        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 843")).isEqualTo("Semba angolano");
        assertThat(fx.query("SELECT string_agg(status, ',' ORDER BY file_id) FROM ingest_file WHERE object_key = '"
                        + key + "'"))
                .isEqualTo("LOADED,LOADED");
    }
}
