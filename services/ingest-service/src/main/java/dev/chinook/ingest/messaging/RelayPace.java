package dev.chinook.ingest.messaging;

/**
 * Sizes the relay's rounds by the time rounds have taken, not by a fixed count: a round must end
 * well before the invocation's deadline, and how long a change takes to relay depends on the
 * change sets, the network and the machine. The first round is small; each later one is as
 * large as fits the target time at the pace measured last, and none starts without the time it
 * is expected to take plus the reserve left.
 */
final class RelayPace {

    static final int FIRST_ROUND = 2_000;
    static final int SMALLEST_ROUND = 100;
    static final int LARGEST_ROUND = 20_000;

    private final long targetMillis;
    private final long reserveMillis;
    private double millisPerChange = Double.NaN;

    /**
     * @param targetMillis how long one round should take at most
     * @param reserveMillis time kept free before the deadline (hand-over and the function's answer)
     */
    RelayPace(long targetMillis, long reserveMillis) {
        this.targetMillis = targetMillis;
        this.reserveMillis = reserveMillis;
    }

    /** How many changes the next round may take; 0 when there is no time for one. */
    int nextRoundSize(long millisLeft) {
        long available = Math.min(targetMillis, millisLeft - reserveMillis);
        if (available <= 0) {
            return 0;
        }
        if (Double.isNaN(millisPerChange)) {
            return FIRST_ROUND;
        }
        long fits = (long) (available / millisPerChange);
        if (fits < SMALLEST_ROUND) {
            return 0;
        }
        return (int) Math.min(LARGEST_ROUND, fits);
    }

    /** A round of {@code changes} took {@code millis}. */
    void measured(int changes, long millis) {
        if (changes > 0) {
            millisPerChange = Math.max(millis, 1) / (double) changes;
        }
    }
}
