package dev.chinook.ingest.service;

import dev.chinook.ingest.repository.FileOutcome;

/** The answer of one ingest: the file's outcome, or that this object version was seen before. */
public record IngestResult(String objectUri, boolean alreadyIngested, FileOutcome outcome) {

    static IngestResult duplicate(String objectUri) {
        return new IngestResult(objectUri, true, null);
    }
}
