package dev.chinook.ingest.model;

/**
 * The answer of one ingest: the file's outcome, or that this object version was seen before; for a
 * file loading in parts with parts left, the manifest row to go on with (and the outcome of the
 * part just loaded, if one was).
 */
public record IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome, Long continuingFileId) {

    public IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome) {
        this(objectUri, alreadyIngested, outcome, null);
    }

    public static IngestResult duplicate(String objectUri) {
        return new IngestResult(objectUri, true, null);
    }

    public static IngestResult continuing(String objectUri, long fileId) {
        return new IngestResult(objectUri, false, null, fileId);
    }

    public boolean continues() {
        return continuingFileId != null;
    }
}
