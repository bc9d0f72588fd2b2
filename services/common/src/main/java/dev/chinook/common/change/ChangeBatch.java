package dev.chinook.common.change;

import java.util.List;

/**
 * The body of one message on the oltp-changes queue: a versioned envelope around many changes,
 * so that one SQS message carries hundreds of rows instead of one.
 */
public record ChangeBatch(int schemaVersion, List<ChangeMessage> changes) {

    public static final int SCHEMA_VERSION = 1;

    public ChangeBatch {
        changes = List.copyOf(changes);
    }

    public static ChangeBatch of(List<ChangeMessage> changes) {
        return new ChangeBatch(SCHEMA_VERSION, changes);
    }
}
