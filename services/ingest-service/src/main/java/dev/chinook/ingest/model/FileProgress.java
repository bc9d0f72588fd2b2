package dev.chinook.ingest.model;

import dev.chinook.common.manifest.FileStatus;

/** Where a file loading in parts stands: its manifest row's identity and checkpoint. */
public record FileProgress(
        long fileId,
        String bucket,
        String key,
        String sequencer,
        String tableName,
        FileStatus status,
        long recordsDone,
        long linesDone,
        int partsDone,
        Long resumeAt) {

    /** Where the next part starts. */
    public ResumePoint next() {
        return new ResumePoint(recordsDone, linesDone, resumeAt == null ? -1 : resumeAt);
    }
}
