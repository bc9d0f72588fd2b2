package dev.chinook.cli.benchmark;

/** One timed step of a benchmark run: what ran, how long, how many rows arrived, what bound it. */
public record Stage(int scale, Kind kind, double seconds, long rows, ProcessSampler.CpuUse cpu) {

    public enum Kind {
        PIPELINE_INGEST("pipeline: CSV to OLTP (validation, idempotency, outbox)"),
        BASELINE_A("baseline A: psql \\copy into keyed tables"),
        PIPELINE_FULL("pipeline: upload to warehouse caught up, full load"),
        BASELINE_B("baseline B: set-based star schema, full load"),
        PIPELINE_CHANGES("pipeline: change set, upload to warehouse caught up"),
        BASELINE_A_CHANGES("baseline A: change set, \\copy and upsert"),
        BASELINE_B_CHANGES("baseline B: incremental run after the change set");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public double rowsPerSecond() {
        return rows / Math.max(0.001, seconds);
    }
}
