package dev.chinook.common.manifest;

import java.util.List;

/**
 * What became of one S3 event in the ingest manifest ({@code ingest_file.status}). The names are
 * stored as they are, so renaming one needs a migration.
 */
public enum FileStatus {
    /** Claimed by an invocation whose transaction has not finished. */
    LOADING,
    /** Its valid rows were applied; invalid ones are in the report. */
    LOADED,
    /** Nothing of it was applied: the file as a whole broke the contract. */
    REJECTED,
    /** Identical content to the upload of the key applied last. */
    UNCHANGED,
    /** A newer upload of the key was applied before this older one arrived. */
    STALE;

    /** The outcomes that end an event's handling for good (every status but {@link #LOADING}). */
    public boolean isFinal() {
        return this != LOADING;
    }

    /** Outcomes a later upload of the same key is compared with: an upload that was really decided. */
    public static final List<FileStatus> DECIDED = List.of(LOADED, REJECTED, UNCHANGED);
}
