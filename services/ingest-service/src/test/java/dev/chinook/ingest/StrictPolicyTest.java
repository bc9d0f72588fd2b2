package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A deployment that rejects whole files with any bad row, and loads at most 200 bytes a file. */
@QuarkusTest
@TestProfile(StrictPolicyTest.Strict.class)
class StrictPolicyTest extends IngestTestBase {

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.reject-policy", "reject-file", "chinook.ingest.rows-per-transaction", "2");
        }
    }

    @Test
    void oneBadRowRejectsTheWholeFileAndEveryRowIsCounted() throws Exception {
        String key = "raw/media_type/" + UUID.randomUUID() + ".csv";
        byte[] csv = "media_type_id,name\n901,MPEG\nx,Broken\n903,AAC\n".getBytes(StandardCharsets.UTF_8);

        assertThat(fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length)).path("batchItemFailures"))
                .isEmpty();

        assertThat(fx.manifest(key))
                .containsEntry("status", "REJECTED")
                .containsEntry("rows_in_file", 3)
                .containsEntry("rows_loaded", 0)
                .containsEntry("rows_rejected", 3);
        assertThat((String) fx.manifest(key).get("message")).startsWith("1 invalid rows; the reject-file policy");
        assertThat(fx.query("SELECT count(*) FROM media_type WHERE media_type_id IN (901, 903)"))
                .isEqualTo(0L);
        assertThat(fx.drainChanges()).isEmpty();
    }

    @Test
    void underTheRejectFilePolicyAFileLongerThanAPartStillLoadsInOneTransaction() throws Exception {
        String key = "raw/media_type/" + UUID.randomUUID() + ".csv";
        byte[] csv = "media_type_id,name\n911,A\n912,B\n913,C\n914,D\n915,E\n".getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_loaded", 5)
                .containsEntry("parts_done", 1);
        assertThat(fx.drainContinuations()).isEmpty();
    }
}
