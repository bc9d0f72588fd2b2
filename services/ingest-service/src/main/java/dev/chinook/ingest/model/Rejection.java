package dev.chinook.ingest.model;

/**
 * A row that was not loaded: where it is in the file (1-based line and column) and why.
 * {@code columnNumber} and {@code columnName} are null when the whole row is at fault.
 */
public record Rejection(long lineNumber, Integer columnNumber, String columnName, String value, String reason) {

    /** The whole row on {@code lineNumber} is at fault: no column, no value. */
    public static Rejection ofRow(long lineNumber, String reason) {
        return new Rejection(lineNumber, null, null, null, reason);
    }
}
