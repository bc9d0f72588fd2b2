package dev.chinook.ingest.model;

/**
 * One part of a file, loaded in one transaction: its outcome (counts of this part only), the
 * physical line it ended on and whether records remain after it.
 */
public record LoadedPart(FileOutcome outcome, long records, long lastLine, boolean more) {}
