package dev.chinook.warehouse.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FactDerivationsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private Instant now = T0;
    private final FactDerivations derivations = new FactDerivations(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void whileTwoDerivationsOverlapTheEarliestGivesTheTimeAndNoneIsReportedAfterBoth() throws Exception {
        assertThat(derivations.runningSince()).isEmpty();

        Instant seenInside = derivations.during(() -> {
            now = T0.plus(Duration.ofSeconds(5));
            Instant inner = derivations.during(() -> derivations.runningSince().orElseThrow());
            assertThat(derivations.runningSince()).contains(T0);
            return inner;
        });

        assertThat(seenInside).isEqualTo(T0);
        assertThat(derivations.runningSince()).isEmpty();
        now = T0.plus(Duration.ofSeconds(9));
        assertThat(derivations.during(() -> derivations.runningSince().orElseThrow()))
                .isEqualTo(now);
    }

    @Test
    void aFailedDerivationIsNoLongerReportedAsRunning() {
        assertThatThrownBy(() -> derivations.during(() -> {
                    throw new IllegalStateException("the database went away");
                }))
                .hasMessage("the database went away");

        assertThat(derivations.runningSince()).isEmpty();
    }
}
