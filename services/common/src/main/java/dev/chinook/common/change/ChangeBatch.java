package dev.chinook.common.change;

import java.util.List;

/**
 * The body of one message on the oltp-changes queue: a versioned envelope around many changes,
 * so that one SQS message carries hundreds of rows instead of one. A change set too large for
 * messages travels as an S3 object holding a batch, and the message carries only its
 * {@code changesRef} ({@code s3://bucket/key}) and the {@code sourceFiles} its changes came from
 * (so an operator can pick its dead letter by file).
 */
public record ChangeBatch(int schemaVersion, List<ChangeMessage> changes, String changesRef, List<String> sourceFiles) {

    public static final int SCHEMA_VERSION = 1;

    public ChangeBatch {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static ChangeBatch of(List<ChangeMessage> changes) {
        return new ChangeBatch(SCHEMA_VERSION, changes, null, null);
    }

    public static ChangeBatch byReference(String s3Uri, List<String> sourceFiles) {
        return new ChangeBatch(SCHEMA_VERSION, List.of(), s3Uri, sourceFiles);
    }

    /** The files (s3:// URIs) whose changes the batch holds or refers to. */
    public List<String> filesConcerned() {
        if (changesRef != null) {
            return sourceFiles == null ? List.of() : sourceFiles;
        }
        return changes.stream().map(ChangeMessage::sourceFile).distinct().toList();
    }

    public boolean isReference() {
        return changesRef != null;
    }
}
