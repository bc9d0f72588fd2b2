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
import java.time.Duration;
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
     * concurrent invocations relay disjoint sets instead of waiting on each other. Sets younger than
     * {@code leftToLoaderFor} of a file still loading in parts, other than {@code ownFiles}, are left
     * to the invocation loading it, which relays them at its end or while it loads: relayed by an
     * invocation ending beside it, they had the warehouse deriving them on the cores the load was
     * using. Older ones (a loader that crashed) go with the rest.
     */
    public List<OutboxSet> lockOldest(int limit, List<String> ownFiles, Duration leftToLoaderFor) throws SQLException {
        List<OutboxSet> sets = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT first_change_id, last_change_id, change_count, "
                        + "source_file, staged_key FROM outbox_change_set o "
                        + "WHERE o.committed_at <= now() - make_interval(secs => ?) OR o.source_file = ANY (?) "
                        + "OR NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.status = 'LOADING' "
                        + "AND 's3://' || f.bucket || '/' || f.object_key = o.source_file) "
                        + "ORDER BY first_change_id LIMIT ? FOR UPDATE OF o SKIP LOCKED")) {
            ps.setDouble(1, leftToLoaderFor.toMillis() / 1000.0);
            ps.setArray(2, c.createArrayOf("text", ownFiles.toArray()));
            ps.setInt(3, limit);
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
