package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An invocation shorter than {@code chinook.ingest.relay.while-loading-after} (default 60 s) relays
 * its changes when it ends, not while it loads.
 */
@QuarkusTest
@TestProfile(RelayAtInvocationEndTest.ShortInvocation.class)
class RelayAtInvocationEndTest extends IngestTestBase {

    public static class ShortInvocation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.rows-per-transaction", "3");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RelayWhileLoadingTest.HeldBackPace.class);
        }
    }

    @Test
    void nothingIsRelayedWhileTheSecondPartWaitsAndEverythingAfterIt() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";

        assertThat(RelayWhileLoadingTest.loadFiveRowsHoldingBackTheSecondPart(fx, key, 4))
                .as("relayed while the second part waited")
                .isEmpty();

        assertThat(fx.manifest(key)).containsEntry("status", "LOADED").containsEntry("parts_done", 2);
        assertThat(fx.drainChanges())
                .extracting(ChangeMessage::key)
                .containsExactlyInAnyOrder(45001L, 45002L, 45003L, 45004L, 45005L);
    }
}
