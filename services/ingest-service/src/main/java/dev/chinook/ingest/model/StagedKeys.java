package dev.chinook.ingest.model;

/**
 * What the parse saw of a part's keys: whether each was greater than the one before, and the first
 * and last. Keys that only ascend hold none twice, and lie between the two.
 */
public record StagedKeys(boolean ascending, long first, long last) {

    /** Keys the parse could not follow (none, or not integers): nothing is known of them. */
    public static final StagedKeys UNKNOWN = new StagedKeys(false, 0, 0);
}
