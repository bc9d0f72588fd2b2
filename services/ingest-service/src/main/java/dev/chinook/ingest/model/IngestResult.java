package dev.chinook.ingest.model;

import java.util.List;

/**
 * The answer of one ingest: the file's outcome, or that this object version was seen before; for a
 * file loading in parts with parts left, the manifest row to go on with (and the outcome of the
 * part just loaded, if one was); and the parent files of the same upload it loaded the first part
 * of, which have parts left too.
 */
public record IngestResult(
        String objectUri,
        boolean alreadyIngested,
        FileOutcome outcome,
        Long continuingFileId,
        List<Long> parentsContinuing) {

    public IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome, Long continuingFileId) {
        this(objectUri, alreadyIngested, outcome, continuingFileId, List.of());
    }

    public IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome) {
        this(objectUri, alreadyIngested, outcome, null);
    }

    public static IngestResult duplicate(String objectUri) {
        return new IngestResult(objectUri, true, null);
    }

    public static IngestResult continuing(String objectUri, long fileId) {
        return new IngestResult(objectUri, false, null, fileId);
    }

    public IngestResult withParentsContinuing(List<Long> parents) {
        return new IngestResult(objectUri, alreadyIngested, outcome, continuingFileId, List.copyOf(parents));
    }

    public boolean continues() {
        return continuingFileId != null;
    }
}
