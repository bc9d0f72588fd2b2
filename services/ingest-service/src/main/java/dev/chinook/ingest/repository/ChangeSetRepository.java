package dev.chinook.ingest.repository;

import dev.chinook.common.change.ChangeSetEncoding;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox of change sets: one record per change set written to S3 in the transaction that
 * made its changes, read and removed by the relay. Every method joins the caller's transaction.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ChangeSetRepository {

    /** A change set in the outbox, waiting to be relayed. */
    public record OutboxSet(
            long firstChangeId, long lastChangeId, int changeCount, String sourceFile, String stagedKey) {

        /** The set's object name under the staged and the archive prefix alike: its change ids. */
        public static String objectName(long firstChangeId, long lastChangeId) {
            return firstChangeId + "-" + lastChangeId + ChangeSetEncoding.EXTENSION;
        }
    }

    private final AgroalDataSource dataSource;

    public ChangeSetRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a set written under {@code stagedKey}. Its age is the transaction's start, a bound
     * below its oldest change's commit time on the database's clock.
     */
    public void record(OutboxSet set) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_change_set (first_change_id, "
                        + "last_change_id, change_count, source_file, staged_key, committed_at) "
                        + "VALUES (?, ?, ?, ?, ?, now())")) {
            ps.setLong(1, set.firstChangeId());
            ps.setLong(2, set.lastChangeId());
            ps.setInt(3, set.changeCount());
            ps.setString(4, set.sourceFile());
            ps.setString(5, set.stagedKey());
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
