package dev.chinook.warehouse.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.warehouse.health.DependencyProbes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call still within its deadline (the status's counts of a large warehouse) does not refuse the
 * next caller; one past its deadline (a frozen dependency) does, until it answers.
 */
@QuarkusTest
class DependencyProbesTest extends WarehouseTestBase {

    @Inject
    DependencyProbes probes;

    @Test
    void aSlowCallWithinItsDeadlineLetsTheNextOneThrough() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return probes.call(
                        "slow-dependency",
                        () -> {
                            started.countDown();
                            release.await();
                            return "first";
                        },
                        Duration.ofSeconds(30));
            } catch (DependencyProbes.Unavailable e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(probes.call("slow-dependency", () -> "second", Duration.ofSeconds(5)))
                .isEqualTo("second");

        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    }

    @Test
    void aCallPastItsDeadlineRefusesTheNextOneAtOnceUntilItAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        assertThatThrownBy(() -> probes.call(
                        "frozen-dependency",
                        () -> {
                            release.await();
                            return "late";
                        },
                        Duration.ofMillis(200)))
                .isInstanceOf(DependencyProbes.Unavailable.class)
                .hasMessageContaining("did not answer within 200 ms");

        long started = System.nanoTime();
        assertThatThrownBy(() -> probes.call("frozen-dependency", () -> "next", Duration.ofSeconds(5)))
                .isInstanceOf(DependencyProbes.Unavailable.class)
                .hasMessageContaining("has not answered an earlier call yet");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        release.countDown();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> "next".equals(probes.call("frozen-dependency", () -> "next", Duration.ofSeconds(5))));
    }
}
