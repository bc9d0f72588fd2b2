package dev.chinook.ingest.model;

/**
 * One part of a file, loaded in one transaction: its outcome (counts of this part only), the
 * physical line it ended on, whether records remain after it, and the byte offset of the next
 * record in the file's text (-1 when none follows or it is not known).
 */
public record LoadedPart(FileOutcome outcome, long records, long lastLine, boolean more, long nextOffset) {

    /** A part after which nothing is read from the file. */
    public LoadedPart(FileOutcome outcome, long records, long lastLine, boolean more) {
        this(outcome, records, lastLine, more, -1);
    }
}
