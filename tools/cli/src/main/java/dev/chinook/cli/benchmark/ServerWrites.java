package dev.chinook.cli.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server's write-ahead log and checkpoints over one stage. Each stage starts from a
 * checkpoint: the server is shared, and without one a stage could pay for the checkpoint the log
 * of the stages before it had made due (two runs of the baselines write about 2 GB at scale 1000),
 * writing their dirty pages and logging whole pages at their first change after it.
 *
 * @param walBytes the log position when the stage began
 * @param checkpoints checkpoints begun (timed or requested) when the stage began, as the
 *     checkpointer has reported them
 */
record ServerWrites(long walBytes, long checkpoints) {

    /** PostgreSQL 17 moved the checkpoint counts from pg_stat_bgwriter to a view of their own. */
    private static final String POSITION = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT num_timed + num_requested FROM pg_stat_checkpointer)""";

    private static final String POSITION_BEFORE_17 = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)""";

    /**
     * Checkpoints the server (a superuser's connection), then notes where its log stands. The
     * checkpointer may report its count a moment after CHECKPOINT returns, so the count is the one
     * before it plus the checkpoint just made.
     */
    static ServerWrites settle(Connection superuser) throws SQLException {
        long before = now(superuser).checkpoints;
        try (Statement st = superuser.createStatement()) {
            st.execute("CHECKPOINT");
        }
        return new ServerWrites(now(superuser).walBytes, before + 1);
    }

    static ServerWrites now(Connection c) throws SQLException {
        String position = c.getMetaData().getDatabaseMajorVersion() >= 17 ? POSITION : POSITION_BEFORE_17;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(position)) {
            rs.next();
            return new ServerWrites(rs.getLong(1), rs.getLong(2));
        }
    }

    /** What the server wrote since {@code start}, for the progress lines. */
    String since(ServerWrites start) {
        return String.format(
                "%,d MB of WAL, %d checkpoint(s)",
                (walBytes - start.walBytes) / 1_000_000, checkpoints - start.checkpoints);
    }
}
