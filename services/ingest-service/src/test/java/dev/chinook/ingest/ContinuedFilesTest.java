package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.chinook.ingest.handler.RemainingTime;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Invocations with time for one part only: each commits a part and its checkpoint, then leaves a
 * continue-file message; the next goes on from the checkpoint. A redelivered event of a file
 * loading in parts goes on instead of being taken for a duplicate; a newer upload of the key
 * overtakes it. Nothing is applied twice and nothing partial is shown as final.
 */
@QuarkusTest
@TestProfile(ContinuedFilesTest.OnePartPerInvocation.class)
class ContinuedFilesTest extends IngestTestBase {

    /** Leaves exactly the relay's reserve (5 s + 5 s): no time for a part after the first. */
    @Alternative
    @ApplicationScoped
    public static class NoTimeLeft extends RemainingTime {
        @Override
        public long of(Context context) {
            return 10_000;
        }
    }

    public static class OnePartPerInvocation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.rows-per-transaction", "2");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(NoTimeLeft.class);
        }
    }

    @Test
    void eachInvocationLoadsOnePartAndTheNextGoesOnFromItsCheckpoint() throws Exception {
        String key = "raw/media_type/" + UUID.randomUUID() + ".csv";
        byte[] csv = "media_type_id,name\n921,A\n922,B\n923,C\n924,D\n925,E\n".getBytes(StandardCharsets.UTF_8);
        String event = fx.putEvent(key, fx.upload(key, csv), csv.length);

        fx.invoke(event);
        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADING")
                .containsEntry("parts_done", 1)
                .containsEntry("rows_loaded", 2)
                .as("the next part opens the file at line 4, after the header's 19 bytes and two rows of 6")
                .containsEntry("resume_at", 31L);
        assertThat(fx.query("SELECT count(*) FROM media_type WHERE media_type_id BETWEEN 921 AND 925"))
                .isEqualTo(2L);
        List<String> continuation = fx.drainContinuations();
        assertThat(continuation).singleElement().asString().contains("\"fileId\"");

        // The same event delivered again (its first invocation crashed after the part, say) goes on.
        fx.invoke(event);
        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADING")
                .containsEntry("parts_done", 2)
                .containsEntry("resume_at", 43L);
        assertThat(fx.drainContinuations()).hasSize(1);

        // The continue-file message of the first invocation, delivered late, goes on from the checkpoint.
        fx.invoke(IngestFixtures.sqsEvent(continuation.get(0)));
        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("parts_done", 3)
                .containsEntry("rows_in_file", 5)
                .containsEntry("rows_loaded", 5)
                .containsEntry("rows_changed", 5)
                .containsEntry("resume_at", null);
        assertThat(fx.drainContinuations()).isEmpty();

        // Once finished, another continue-file message for it changes nothing.
        fx.invoke(IngestFixtures.sqsEvent(continuation.get(0)));
        assertThat(fx.manifest(key)).containsEntry("parts_done", 3);
        assertThat(fx.drainChanges()).hasSize(5);
    }

    @Test
    void aNewerUploadOfTheKeyOvertakesAFileLoadingInParts() throws Exception {
        String key = "raw/media_type/" + UUID.randomUUID() + ".csv";
        byte[] older = "media_type_id,name\n931,Old\n932,Old\n933,Old\n934,Old\n".getBytes(StandardCharsets.UTF_8);
        String olderEtag = fx.upload(key, older);
        fx.invoke(fx.putEvent(key, olderEtag, older.length));
        String continuation = fx.drainContinuations().get(0);

        byte[] newer = "media_type_id,name\n933,New\n934,New\n".getBytes(StandardCharsets.UTF_8);
        String newerEtag = fx.upload(key, newer);
        fx.invoke(fx.putEvent(key, newerEtag, newer.length));
        fx.invoke(IngestFixtures.sqsEvent(continuation));

        assertThat(fx.manifest(key, newerEtag)).containsEntry("status", "LOADED");
        assertThat(fx.manifest(key, olderEtag)).containsEntry("status", "STALE").containsEntry("rows_loaded", 2);
        assertThat((String) fx.manifest(key, olderEtag).get("message")).contains("arrived while this one was loading");
        assertThat(fx.query("SELECT string_agg(name, ',' ORDER BY media_type_id) FROM media_type "
                        + "WHERE media_type_id BETWEEN 931 AND 934"))
                .isEqualTo("Old,Old,New,New");
    }
}
