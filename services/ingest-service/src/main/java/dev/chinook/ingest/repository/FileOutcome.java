package dev.chinook.ingest.repository;

/** What became of one file: the counts always satisfy loaded + rejected = rows in file. */
public record FileOutcome(String status, long rowsInFile, long rowsLoaded, long rowsRejected, long rowsChanged,
        String message) {

    public static FileOutcome loaded(long rowsInFile, long rowsRejected, long rowsChanged, String message) {
        return new FileOutcome("LOADED", rowsInFile, rowsInFile - rowsRejected, rowsRejected, rowsChanged, message);
    }

    public static FileOutcome rejected(String reason) {
        return new FileOutcome("REJECTED", 0, 0, 0, 0, reason);
    }
}
