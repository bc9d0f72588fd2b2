package dev.chinook.ingest.model;

/**
 * The parent keys a part's upserts name in one reference column, as the parse saw them: only the
 * smallest and the largest, between which every named key lies. When every key of that span is in
 * the parent table, no named parent can be missing, and a count over the parent's key answers
 * what a lookup of each distinct named key would.
 */
public final class NamedParentKeys {

    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private boolean followed = true;

    /** A parsed upsert's value of the column: null names no parent. */
    public void add(String key) {
        if (key == null || !followed) {
            return;
        }
        try {
            long value = Long.parseLong(key);
            min = Math.min(min, value);
            max = Math.max(max, value);
        } catch (NumberFormatException e) {
            followed = false;
        }
    }

    /** Whether the parse followed every key (integers all), and no upsert named a parent. */
    public boolean none() {
        return followed && min > max;
    }

    /**
     * Whether the named keys lie within a span of at most {@code limit} keys, so that counting the
     * parent's keys in it costs no more than looking each named one up.
     */
    public boolean spanAtMost(long limit) {
        if (!followed || min > max) {
            return false;
        }
        try {
            return Math.addExact(Math.subtractExact(max, min), 1) <= limit;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** How many keys the span holds; meaningful when {@link #spanAtMost} holds. */
    public long span() {
        return max - min + 1;
    }
}
