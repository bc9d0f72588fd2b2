package dev.chinook.ingest.service;

import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.s3.Sequencers;
import dev.chinook.ingest.model.ManifestEntry;
import java.util.Optional;

/**
 * Whether an S3 event is loaded, decided from the manifest alone (no I/O): a redelivered event
 * does nothing, an older upload than one already applied is {@link FileStatus#STALE}, and content
 * identical to the key's last applied upload is {@link FileStatus#UNCHANGED}, unless that upload
 * had rejected rows: then it is loaded again, so rows whose cause is gone now (a parent that has
 * arrived since) load.
 *
 * @param skipStatus the status recorded for a skipped event; null when the event is loaded or was handled
 */
public record ManifestDecision(Action action, FileStatus skipStatus, String reason) {

    public enum Action {
        /** This very event has a manifest row: a redelivery. */
        ALREADY_HANDLED,
        /** Record the event as {@link #skipStatus} without reading the file. */
        SKIP,
        /** Read and load the file. */
        LOAD
    }

    /**
     * The sequencer an event is recorded under. A same-upload parent found by HEAD has no event and
     * so no sequencer: the lowest one (empty), which never hides a real event of its key.
     */
    public static String sequencerOf(S3ObjectEvent event) {
        return event.sequencer() != null ? event.sequencer() : "etag-" + event.eTag();
    }

    /**
     * @param eventSeen whether the manifest has a row for this event (bucket, key, sequencer)
     * @param latestApplied the key's decided upload with the highest sequencer, if any
     */
    public static ManifestDecision decide(
            boolean eventSeen, Optional<ManifestEntry> latestApplied, String sequencer, String eTag) {
        if (eventSeen) {
            return new ManifestDecision(Action.ALREADY_HANDLED, null, "this event was handled before");
        }
        if (latestApplied.isEmpty()) {
            return load();
        }
        ManifestEntry latest = latestApplied.get();
        if (Sequencers.compare(latest.sequencer(), sequencer) > 0) {
            return new ManifestDecision(
                    Action.SKIP,
                    FileStatus.STALE,
                    "a newer upload of this key (sequencer " + latest.sequencer() + ") was applied already");
        }
        if (latest.eTag().equals(eTag) && latest.status() != FileStatus.REJECTED && latest.rowsRejected() == 0) {
            return new ManifestDecision(Action.SKIP, FileStatus.UNCHANGED, "same content as the upload applied last");
        }
        return load();
    }

    private static ManifestDecision load() {
        return new ManifestDecision(Action.LOAD, null, null);
    }
}
