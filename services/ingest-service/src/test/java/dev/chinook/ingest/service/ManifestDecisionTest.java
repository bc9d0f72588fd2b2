package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.model.ManifestEntry;
import dev.chinook.ingest.service.ManifestDecision.Action;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestDecisionTest {

    private static Optional<ManifestEntry> applied(String sequencer, String eTag, FileStatus status) {
        return Optional.of(new ManifestEntry(sequencer, eTag, status, 0));
    }

    @Test
    void aRedeliveredEventIsAlreadyHandledWhateverTheManifestHolds() {
        ManifestDecision decision = ManifestDecision.decide(true, applied("0A", "e1", FileStatus.LOADED), "0A", "e1");

        assertThat(decision.action()).isEqualTo(Action.ALREADY_HANDLED);
    }

    @Test
    void theFirstUploadOfAKeyIsLoaded() {
        assertThat(ManifestDecision.decide(false, Optional.empty(), "0A", "e1").action())
                .isEqualTo(Action.LOAD);
    }

    @Test
    void anOlderUploadArrivingLateIsStaleComparingSequencersAsHexOfAnyLength() {
        ManifestDecision decision =
                ManifestDecision.decide(false, applied("0100", "e2", FileStatus.LOADED), "FF", "e1");

        assertThat(decision.action()).isEqualTo(Action.SKIP);
        assertThat(decision.skipStatus()).isEqualTo(FileStatus.STALE);
        assertThat(decision.reason()).contains("0100");
    }

    @Test
    void identicalContentIsUnchangedUnlessTheLastUploadWasRejected() {
        ManifestDecision same = ManifestDecision.decide(false, applied("0A", "e1", FileStatus.LOADED), "0B", "e1");
        ManifestDecision retried = ManifestDecision.decide(false, applied("0A", "e1", FileStatus.REJECTED), "0B", "e1");

        assertThat(same.skipStatus()).isEqualTo(FileStatus.UNCHANGED);
        assertThat(retried.action()).isEqualTo(Action.LOAD);
    }

    @Test
    void identicalContentIsLoadedAgainWhenTheLastUploadHadRejectedRows() {
        ManifestDecision decision = ManifestDecision.decide(
                false, Optional.of(new ManifestEntry("0A", "e1", FileStatus.LOADED, 3)), "0B", "e1");

        assertThat(decision.action()).isEqualTo(Action.LOAD);
    }

    @Test
    void newContentOnANewerUploadIsLoaded() {
        assertThat(ManifestDecision.decide(false, applied("0A", "e1", FileStatus.UNCHANGED), "0B", "e2")
                        .action())
                .isEqualTo(Action.LOAD);
    }

    @Test
    void anEventWithoutSequencerIsRecordedUnderItsETag() {
        S3ObjectEvent event = new S3ObjectEvent("ObjectCreated:Put", "b", "raw/genre/x.csv", 1, "e1", null, null);

        assertThat(ManifestDecision.sequencerOf(event)).isEqualTo("etag-e1");
    }
}
