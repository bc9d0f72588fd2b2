package dev.chinook.common.s3;

import java.time.Instant;

/**
 * Orders the events of one key. S3's sequencer is a hex string whose length varies: compare after
 * left-padding to equal length (AWS documents this as the only way to order events of one key).
 * Uploads found without an event have sequencers of their own that sort below every real one:
 * the empty sequencer (a parent file of the same upload, found by HEAD) lowest, then
 * {@link #eventless} ones (found by reconciliation), ordered by the object's last-modified time.
 */
public final class Sequencers {

    private static final String EVENTLESS_PREFIX = "-";

    private Sequencers() {}

    /** The sequencer of an upload found by listing the bucket instead of by an event. */
    public static String eventless(Instant lastModified) {
        return EVENTLESS_PREFIX + String.format("%016X", lastModified.toEpochMilli());
    }

    public static int compare(String a, String b) {
        int byKind = Integer.compare(kind(a), kind(b));
        if (byKind != 0) {
            return byKind;
        }
        String hexA = strip(a);
        String hexB = strip(b);
        int width = Math.max(hexA.length(), hexB.length());
        return pad(hexA, width).compareToIgnoreCase(pad(hexB, width));
    }

    /** 0: no event, no time; 1: found by listing; 2: a real S3 event. */
    private static int kind(String sequencer) {
        if (sequencer.isEmpty()) {
            return 0;
        }
        return sequencer.startsWith(EVENTLESS_PREFIX) ? 1 : 2;
    }

    private static String strip(String sequencer) {
        return sequencer.startsWith(EVENTLESS_PREFIX) ? sequencer.substring(EVENTLESS_PREFIX.length()) : sequencer;
    }

    private static String pad(String hex, int width) {
        return "0".repeat(width - hex.length()) + hex;
    }
}
