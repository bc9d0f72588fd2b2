package dev.chinook.ingest.model;

/** The answer of one ingest: the file's outcome, or that this object version was seen before. */
public record IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome) {

    public static IngestResult duplicate(String objectUri) {
        return new IngestResult(objectUri, true, null);
    }
}
