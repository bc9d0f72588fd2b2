package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeMessage;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.service.PartPace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The changes of a file's committed parts reach the change queue while its later parts still load:
 * the warehouse does not wait for the end of the invocation.
 */
@QuarkusTest
@TestProfile(RelayWhileLoadingTest.SecondPartHeldBack.class)
class RelayWhileLoadingTest extends IngestTestBase {

    /** Three rows a part; the second part of the application's life starts only when the test lets it. */
    @Alternative
    @Singleton
    public static class HeldBackPace extends PartPace {
        static volatile CountDownLatch secondPartMayStart = new CountDownLatch(1);

        private final AtomicInteger parts = new AtomicInteger();

        public HeldBackPace(IngestConfig config) {
            super(config);
        }

        @Override
        public long rows() {
            if (parts.incrementAndGet() == 2) {
                try {
                    secondPartMayStart.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.rows();
        }
    }

    public static class SecondPartHeldBack implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.rows-per-transaction", "3", "chinook.ingest.relay.while-loading-after", "0s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(HeldBackPace.class);
        }
    }

    @Test
    void theFirstPartsChangesAreOnTheQueueBeforeTheSecondPartStarts() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        List<ChangeMessage> whileLoading = loadFiveRowsHoldingBackTheSecondPart(fx, key, 20);

        assertThat(whileLoading)
                .as("relayed while the second part waited")
                .extracting(ChangeMessage::key)
                .containsExactly(45001L, 45002L, 45003L);
        assertThat(fx.manifest(key)).containsEntry("status", "LOADED").containsEntry("parts_done", 2);
        assertThat(fx.drainChanges()).extracting(ChangeMessage::key).containsExactly(45004L, 45005L);
    }

    /**
     * Loads a five-row genre file in two parts, holding the second back while the change queue is
     * drained for up to {@code seconds} (until three changes came); returns what came meanwhile.
     */
    static List<ChangeMessage> loadFiveRowsHoldingBackTheSecondPart(IngestFixtures fx, String key, int seconds)
            throws Exception {
        byte[] csv = "genre_id,name\n45001,One\n45002,Two\n45003,Three\n45004,Four\n45005,Five\n"
                .getBytes(StandardCharsets.UTF_8);
        String event = fx.putEvent(key, fx.upload(key, csv), csv.length);
        CountDownLatch release = new CountDownLatch(1);
        HeldBackPace.secondPartMayStart = release;

        CompletableFuture<?> invocation = CompletableFuture.runAsync(() -> fx.invoke(event));
        List<ChangeMessage> whileLoading = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (whileLoading.size() < 3 && System.nanoTime() < deadline) {
                whileLoading.addAll(fx.drainChanges());
            }
        } finally {
            release.countDown();
        }
        invocation.get(60, TimeUnit.SECONDS);
        return whileLoading;
    }
}
