package dev.chinook.common.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequencersTest {

    @Test
    void sequencersOfDifferentLengthsCompareAsLeftPaddedHex() {
        assertThat(Sequencers.compare("FF", "0100")).isNegative();
        assertThat(Sequencers.compare("100", "FF")).isPositive();
        assertThat(Sequencers.compare("00A", "A")).isZero();
    }

    @Test
    void uploadsFoundWithoutAnEventSortBelowEveryRealEventAndByTheirTimeAmongThemselves() {
        String listed = Sequencers.eventless(Instant.parse("2026-11-25T10:00:00Z"));
        String listedLater = Sequencers.eventless(Instant.parse("2026-11-25T10:00:01Z"));

        assertThat(Sequencers.compare(listed, "0000000000000001")).isNegative();
        assertThat(Sequencers.compare("0", listed)).isPositive();
        assertThat(Sequencers.compare(listed, listedLater)).isNegative();
        assertThat(Sequencers.compare(listed, listed)).isZero();
        assertThat(Sequencers.compare("", listed)).isNegative();
        assertThat(Sequencers.compare("", "00")).isNegative();
    }

    @Test
    void caseDoesNotMatter() {
        assertThat(Sequencers.compare("0055aed6dcd90281", "0055AED6DCD90281")).isZero();
        assertThat(Sequencers.compare("0055AED6DCD90282", "0055aed6dcd90281")).isPositive();
    }
}
