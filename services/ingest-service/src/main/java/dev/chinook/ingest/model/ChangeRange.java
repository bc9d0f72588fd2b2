package dev.chinook.ingest.model;

/**
 * The outbox records one file version wrote: how many, and the lowest and highest change id (null
 * when none). Other files' ids may lie between them; the file's are those naming it as source.
 */
public record ChangeRange(long count, Long firstChangeId, Long lastChangeId) {

    public static final ChangeRange NONE = new ChangeRange(0, null, null);

    /** This range and {@code other}, written by the same file, as one. */
    public ChangeRange plus(ChangeRange other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        return new ChangeRange(
                count + other.count,
                Math.min(firstChangeId, other.firstChangeId),
                Math.max(lastChangeId, other.lastChangeId));
    }
}
