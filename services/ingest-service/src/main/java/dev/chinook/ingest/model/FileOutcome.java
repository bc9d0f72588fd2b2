package dev.chinook.ingest.model;

import dev.chinook.common.manifest.FileStatus;

/**
 * What became of one file: the counts always satisfy loaded + rejected + parked = rows in file
 * (parked rows wait for their parent).
 */
public record FileOutcome(
        FileStatus status,
        long rowsInFile,
        long rowsLoaded,
        long rowsRejected,
        long rowsParked,
        ChangeRange changes,
        String message) {

    public static FileOutcome loaded(
            long rowsInFile, long rowsRejected, long rowsParked, ChangeRange changes, String message) {
        return new FileOutcome(
                FileStatus.LOADED,
                rowsInFile,
                rowsInFile - rowsRejected - rowsParked,
                rowsRejected,
                rowsParked,
                changes,
                message);
    }

    public static FileOutcome rejected(String reason) {
        return new FileOutcome(FileStatus.REJECTED, 0, 0, 0, 0, ChangeRange.NONE, reason);
    }

    /** Every row of the file rejected, none applied. */
    public static FileOutcome rejectedWithRows(long rowsInFile, String reason) {
        return new FileOutcome(FileStatus.REJECTED, rowsInFile, 0, rowsInFile, 0, ChangeRange.NONE, reason);
    }

    /** The event was decided without reading the file (stale, unchanged). */
    public static FileOutcome skipped(FileStatus status, String reason) {
        return new FileOutcome(status, 0, 0, 0, 0, ChangeRange.NONE, reason);
    }

    public FileOutcome withStatus(FileStatus newStatus) {
        return new FileOutcome(newStatus, rowsInFile, rowsLoaded, rowsRejected, rowsParked, changes, message);
    }

    public FileOutcome withMessage(String newMessage) {
        return new FileOutcome(status, rowsInFile, rowsLoaded, rowsRejected, rowsParked, changes, newMessage);
    }

    /** The message with {@code note} after what it says already. */
    public FileOutcome withNote(String note) {
        return withMessage(message == null ? note : message + "; " + note);
    }

    /** OLTP rows the file changed: one outbox record each. */
    public long rowsChanged() {
        return changes.count();
    }

    /** Whether the file's report is worth writing: a decided file with rejections or notes. */
    public boolean worthReporting() {
        boolean decided = status == FileStatus.LOADED || status == FileStatus.REJECTED;
        return decided && (rowsRejected > 0 || message != null);
    }
}
