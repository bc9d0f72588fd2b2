package dev.chinook.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayPaceTest {

    @Test
    void theFirstRoundIsSmallAndLaterOnesFitTheTargetAtThePaceMeasured() {
        RelayPace pace = new RelayPace(5_000, 5_000);
        assertThat(pace.nextRoundSize(60_000)).isEqualTo(RelayPace.FIRST_ROUND);

        // Fast: 2,000 changes in 200 ms; 5 s would hold 50,000, the largest round is taken.
        pace.measured(2_000, 200);
        assertThat(pace.nextRoundSize(60_000)).isEqualTo(RelayPace.LARGEST_ROUND);

        // Slow, as the rounds of 20,000 that took 30 s: 1.5 ms a change; 5 s holds 3,333.
        pace.measured(20_000, 30_000);
        assertThat(pace.nextRoundSize(60_000)).isEqualTo(3_333);
    }

    @Test
    void nearTheDeadlineRoundsShrinkAndThenStopLeavingTheReserve() {
        RelayPace pace = new RelayPace(5_000, 5_000);
        pace.measured(1_000, 1_000); // 1 ms a change

        assertThat(pace.nextRoundSize(8_000)).isEqualTo(3_000);
        assertThat(pace.nextRoundSize(5_050)).isZero();
        assertThat(pace.nextRoundSize(4_000)).isZero();
    }

    @Test
    void withoutTimeEvenTheFirstRoundDoesNotStart() {
        assertThat(new RelayPace(5_000, 5_000).nextRoundSize(5_000)).isZero();
    }
}
