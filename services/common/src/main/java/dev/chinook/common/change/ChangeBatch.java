package dev.chinook.common.change;

import java.util.List;

/**
 * The body of one message on the oltp-changes queue: a versioned envelope around many changes,
 * so that one SQS message carries hundreds of rows instead of one. A change set too large for
 * messages travels as an S3 object holding a batch, and the message carries only its
 * {@code changesRef} ({@code s3://bucket/key}).
 */
public record ChangeBatch(int schemaVersion, List<ChangeMessage> changes, String changesRef) {

    public static final int SCHEMA_VERSION = 1;

    public ChangeBatch {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static ChangeBatch of(List<ChangeMessage> changes) {
        return new ChangeBatch(SCHEMA_VERSION, changes, null);
    }

    public static ChangeBatch byReference(String s3Uri) {
        return new ChangeBatch(SCHEMA_VERSION, List.of(), s3Uri);
    }

    public boolean isReference() {
        return changesRef != null;
    }
}
