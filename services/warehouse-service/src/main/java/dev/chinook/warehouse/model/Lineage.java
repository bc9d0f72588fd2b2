package dev.chinook.warehouse.model;

import java.time.OffsetDateTime;

/**
 * Where a file version's changes are on their way to the warehouse: committed with its rows,
 * still in the outbox, sent to the change queue (or its dead-letter queue), applied; complete when
 * every one of them is in the warehouse.
 */
public record Lineage(
        long changes,
        long inOutbox,
        long sent,
        long applied,
        long notYetApplied,
        boolean complete,
        OffsetDateTime lastAppliedAt) {

    public static final Lineage NONE = new Lineage(0, 0, 0, 0, 0, true, null);

    public static Lineage of(long changes, long inOutbox, long applied, OffsetDateTime lastAppliedAt) {
        long waiting = changes - applied;
        return new Lineage(changes, inOutbox, changes - inOutbox, applied, waiting, waiting == 0, lastAppliedAt);
    }
}
