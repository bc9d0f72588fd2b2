package dev.chinook.common.failure;

import java.sql.SQLException;

/**
 * Tells a message that can never succeed from one that may succeed when tried again. Permanent:
 * the message itself breaks the contract (not JSON, no Records, no key, an unknown schema version,
 * command, table or operation), which code reports as {@link IllegalArgumentException}, or the
 * database refuses its data as data (SQLSTATE class 22, data exception, or 23, integrity
 * constraint violation). Anything else (a database, S3 or SQS that does not answer, an object not
 * there yet, a lock) may heal.
 */
public final class Failures {

    private Failures() {}

    public static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** The failure's message, and its root cause's when that says more. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (root == failure || root.getMessage() == null || message.contains(root.getMessage())) {
            return message;
        }
        return message + ": " + root.getMessage();
    }
}
