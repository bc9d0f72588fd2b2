package dev.chinook.ingest.repository;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps references whole while files load side by side, without foreign keys (whose row-by-row
 * checks would dominate a bulk load). A file that checks its rows' parents holds a shared lock on
 * each parent table's references; a file that deletes rows of a table other tables refer to holds
 * the exclusive one. So a delete of artist X and a file of albums of X never both pass their
 * checks on each other's state before: one waits for the other's commit, then checks. Held to the
 * end of the transaction; taken in one order, so two files never wait for each other in a circle.
 *
 * <p>Each table also has a write lock, taken after those, to the end of the transaction: every
 * upsert into the table shares it, and a part whose keys are all new takes it alone to insert them
 * without the conflict check, so that no other load writes one of those keys before it commits.
 * That one is only ever tried, never waited for, so it adds no wait to a circle.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ReferenceLocks {

    private static final String SHARED = "SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))";
    private static final String EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
    private static final String TRY_EXCLUSIVE = "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))";

    private final AgroalDataSource dataSource;

    public ReferenceLocks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void lockFor(TableSpec table, boolean deletes) throws SQLException {
        Map<String, Boolean> exclusiveByLock = new TreeMap<>();
        for (String parent : table.parents()) {
            exclusiveByLock.put(lockName(parent), false);
        }
        if (deletes && !ChinookTables.referencesTo(table).isEmpty()) {
            exclusiveByLock.put(lockName(table.name()), true);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement shared = c.prepareStatement(SHARED);
                PreparedStatement exclusive = c.prepareStatement(EXCLUSIVE)) {
            for (Map.Entry<String, Boolean> lock : exclusiveByLock.entrySet()) {
                PreparedStatement ps = lock.getValue() ? exclusive : shared;
                ps.setString(1, lock.getKey());
                ps.execute();
            }
        }
    }

    /** Shares {@code table}'s write lock (an upsert into it), waiting while a load holds it alone. */
    public void shareWrite(TableSpec table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SHARED)) {
            ps.setString(1, writeLockName(table));
            ps.execute();
        }
    }

    /** Takes {@code table}'s write lock alone if no other load holds it now; whether it did. */
    public boolean tryWriteAlone(TableSpec table) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(TRY_EXCLUSIVE)) {
            ps.setString(1, writeLockName(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String writeLockName(TableSpec table) {
        return "keys:" + table.name();
    }

    private static String lockName(String table) {
        return "references:" + table;
    }
}
