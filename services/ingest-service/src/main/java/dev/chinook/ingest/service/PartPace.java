package dev.chinook.ingest.service;

import dev.chinook.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How many rows the next part of a file may have: as many as this environment loads, at the
 * pace it measured on earlier parts and files, in the time the invocation can give a part, never
 * more than {@code chinook.ingest.rows-per-transaction}. Rows are not all alike (a customer is
 * fifteen times an invoice line), so a fixed count would overrun the function's timeout on wide
 * rows or waste invocations on narrow ones.
 */
@ApplicationScoped
public class PartPace {

    /** Below this many rows a measurement says more about fixed costs than about the pace. */
    private static final long MEASURABLE = 10_000;

    private final long ceiling;
    private double rowsPerMilli;
    private long budgetMillis = Long.MAX_VALUE;

    public PartPace(IngestConfig config) {
        this.ceiling = config.rowsPerTransaction();
    }

    /** The time the invocation can give the next part. */
    public void budget(long millis) {
        budgetMillis = Math.max(0, millis);
    }

    public long rows() {
        if (rowsPerMilli == 0 || budgetMillis == Long.MAX_VALUE) {
            return ceiling;
        }
        return Math.max(MEASURABLE, Math.min(ceiling, (long) (rowsPerMilli * budgetMillis)));
    }

    public void measured(long rows, long millis) {
        if (rows >= MEASURABLE && millis > 0) {
            rowsPerMilli = (double) rows / millis;
        }
    }
}
