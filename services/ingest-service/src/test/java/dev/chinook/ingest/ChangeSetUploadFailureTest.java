package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.s3.NoExpectContinue;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Change sets are uploaded while the next one fills: an upload that fails must still fail the
 * load, so that no outbox record ever commits for a set that is not in S3.
 */
@QuarkusTest
@TestProfile(ChangeSetUploadFailureTest.NoChangeSetBucket.class)
class ChangeSetUploadFailureTest extends IngestTestBase {

    public static class NoChangeSetBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chinook.ingest.change-sets.max-changes",
                    "200",
                    "chinook.ingest.change-sets.bucket",
                    "no-such-bucket-" + UUID.randomUUID());
        }
    }

    @Inject
    S3Client s3;

    @Test
    void aSetThatCannotBeUploadedFailsTheLoadAndNothingOfItCommits() throws Exception {
        String key = "raw/artist/" + UUID.randomUUID() + ".csv";
        byte[] bytes = IngestFixtures.artists(70_001, 500);

        var response = fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length));

        assertThat(response.path("batchItemFailures"))
                .as("the message comes back")
                .hasSize(1);
        assertThat(fx.query("SELECT count(*) FROM artist WHERE artist_id BETWEEN 70001 AND 70500"))
                .isEqualTo(0L);
        assertThat(fx.query("SELECT count(*) FROM outbox_change_set")).isEqualTo(0L);
        assertThat(fx.query("SELECT count(*) FROM ingest_file WHERE object_key = '" + key + "' AND status = 'LOADED'"))
                .isEqualTo(0L);
    }

    /**
     * Asked first (Expect: 100-continue), a refused PUT failed writing its body or waited for the
     * read timeout, depending on timing; the function's client sends small bodies at once.
     */
    @Test
    void theFunctionsS3ClientSendsBodiesWithoutAskingFirst() {
        assertThat(s3.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
                .anyMatch(NoExpectContinue.class::isInstance);
    }
}
