package dev.chinook.common.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequencersTest {

    @Test
    void sequencersOfDifferentLengthsCompareAsLeftPaddedHex() {
        assertThat(Sequencers.compare("FF", "0100")).isNegative();
        assertThat(Sequencers.compare("100", "FF")).isPositive();
        assertThat(Sequencers.compare("00A", "A")).isZero();
    }

    @Test
    void caseDoesNotMatter() {
        assertThat(Sequencers.compare("0055aed6dcd90281", "0055AED6DCD90281")).isZero();
        assertThat(Sequencers.compare("0055AED6DCD90282", "0055aed6dcd90281")).isPositive();
    }
}
