package dev.chinook.warehouse.model;

import dev.chinook.common.s3.S3Uri;
import java.time.OffsetDateTime;

/**
 * One S3 event of a file as the ingest manifest recorded it: an upload (version) of a key. A file
 * loading in parts shows the parts committed so far and the data rows they covered.
 */
public record FileVersion(
        long fileId,
        String bucket,
        String key,
        String sequencer,
        String eTag,
        String versionId,
        Long sizeBytes,
        String table,
        String status,
        long rowsInFile,
        long rowsLoaded,
        long rowsRejected,
        long rowsChanged,
        long rowsParked,
        String message,
        String reportKey,
        Long firstChangeId,
        Long lastChangeId,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        int partsDone,
        long recordsDone) {

    /** The source file the file's changes name, in the outbox and in the warehouse's change log. */
    public String sourceFile() {
        return new S3Uri(bucket, key).toString();
    }

    public boolean wroteChanges() {
        return rowsChanged > 0 && firstChangeId != null;
    }
}
