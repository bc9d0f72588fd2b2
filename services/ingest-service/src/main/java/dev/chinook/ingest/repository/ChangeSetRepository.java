package dev.chinook.ingest.repository;

import dev.chinook.common.change.ChangeBatch;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox of change sets. A transaction's changes first gather in its temporary
 * {@value #PENDING} table (no WAL, dropped at commit); before commit they are read out as change
 * sets of at most a given number of changes per source file, and each set written to S3 gets one
 * {@code outbox_change_set} record in the same transaction. Every method joins the caller's.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ChangeSetRepository {

    static final String PENDING = "pending_change";

    /** One change set: its ids, file, oldest commit time and body (a change batch as UTF-8 JSON). */
    public record PendingSet(
            long firstChangeId,
            long lastChangeId,
            int changeCount,
            String sourceFile,
            OffsetDateTime committedAt,
            byte[] body) {}

    /** A change set in the outbox, waiting to be relayed. */
    public record OutboxSet(
            long firstChangeId, long lastChangeId, int changeCount, String sourceFile, String stagedKey) {}

    /** Receives the pending sets one at a time, so that only one body is in memory. */
    @FunctionalInterface
    public interface SetConsumer {
        void accept(PendingSet set) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public ChangeSetRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static void createPending(AgroalDataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var st = c.createStatement()) {
            st.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS " + PENDING + " (change_id bigint NOT NULL, "
                            + "source_file text NOT NULL, committed_at timestamptz NOT NULL, change text NOT NULL) ON COMMIT DROP");
        }
    }

    /**
     * Hands every pending change to {@code consumer} as sets of at most {@code maxChanges} changes
     * of one source file, then empties the pending table.
     */
    public void drainPending(int maxChanges, SetConsumer consumer) throws SQLException {
        createPending(dataSource);
        String sql = "SELECT min(change_id), max(change_id), count(*), source_file, min(committed_at), "
                + "convert_to('{\"schemaVersion\":" + ChangeBatch.SCHEMA_VERSION + ",\"changes\":[' "
                + "|| string_agg(change, ',' ORDER BY change_id) || ']}', 'UTF8') "
                + "FROM (SELECT *, (row_number() OVER (PARTITION BY source_file ORDER BY change_id) - 1) / ? AS chunk "
                + "FROM " + PENDING + ") p GROUP BY source_file, chunk";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, maxChanges);
            ps.setFetchSize(1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(new PendingSet(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class),
                            rs.getBytes(6)));
                }
            }
            try (var st = c.createStatement()) {
                st.execute("TRUNCATE " + PENDING);
            }
        }
    }

    public void record(PendingSet set, String stagedKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO outbox_change_set (first_change_id, "
                                + "last_change_id, change_count, source_file, staged_key, committed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, set.firstChangeId());
            ps.setLong(2, set.lastChangeId());
            ps.setInt(3, set.changeCount());
            ps.setString(4, set.sourceFile());
            ps.setString(5, stagedKey);
            ps.setObject(6, set.committedAt());
            ps.executeUpdate();
        }
    }

    /**
     * The oldest change sets not yet relayed, locked for this transaction. SKIP LOCKED lets
     * concurrent invocations relay disjoint sets instead of waiting on each other.
     */
    public List<OutboxSet> lockOldest(int limit) throws SQLException {
        List<OutboxSet> sets = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT first_change_id, last_change_id, change_count, "
                        + "source_file, staged_key FROM outbox_change_set ORDER BY first_change_id LIMIT ? "
                        + "FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sets.add(new OutboxSet(
                            rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return sets;
    }

    public void delete(List<OutboxSet> sets) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM outbox_change_set WHERE first_change_id = ANY (?)")) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "bigint",
                            sets.stream().map(OutboxSet::firstChangeId).toArray()));
            ps.executeUpdate();
        }
    }
}
