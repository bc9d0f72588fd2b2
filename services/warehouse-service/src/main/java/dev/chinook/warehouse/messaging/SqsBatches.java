package dev.chinook.warehouse.messaging;

import java.util.ArrayList;
import java.util.List;

/** Requests of many entries (delete, visibility) in the batches SQS takes. */
final class SqsBatches {

    /** The most entries SQS takes in one receive, delete or visibility batch. */
    static final int MOST = 10;

    private SqsBatches() {}

    static <T> List<List<T>> of(List<T> entries) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < entries.size(); i += MOST) {
            batches.add(entries.subList(i, Math.min(i + MOST, entries.size())));
        }
        return batches;
    }
}
