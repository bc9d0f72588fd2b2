package dev.chinook.ingest.model;

/**
 * Where a part of a file starts: after {@code records} data records, which ended on physical line
 * {@code lines}, at byte {@code byteOffset} of the file's text, or -1 when the offset is not known
 * (the part then reads the file up to there).
 */
public record ResumePoint(long records, long lines, long byteOffset) {

    /** The start of the file: its header row comes first. */
    public static final ResumePoint START = new ResumePoint(0, 0, -1);

    public boolean atStart() {
        return records == 0;
    }
}
