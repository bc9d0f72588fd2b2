package dev.chinook.warehouse.repository;

import dev.chinook.common.sql.SqlText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * An insert into a table with a unique key, for a batch whose keys are all new to it, without the
 * conflict check its upsert pays for every row: at bulk load, where nearly every batch holds only
 * new keys, ON CONFLICT cost two fifths of recording changes and a fifth of keeping a source
 * table's latest images. The keys are new when the table has no key in the batch's range, one
 * index probe; a batch that overlaps (a re-upload, rows out of key order) takes the upsert. A
 * transaction inserting the same keys at the same time, or a batch holding a key twice, makes this
 * insert fail on the unique key: the insert is rolled back to its savepoint, and the caller
 * upserts instead.
 *
 * @param table the table inserted into
 * @param key its unique key
 * @param insert the insert, without ON CONFLICT
 */
record NewKeys(String table, String key, String insert) {

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Inserts and returns how many rows, or empty if some key in {@code batchKeys} may be there
     * already: then nothing changed.
     */
    OptionalLong tryInsert(Statement st, KeyRange batchKeys) throws SQLException {
        if (anyInRange(st, batchKeys)) {
            return OptionalLong.empty();
        }
        st.execute("SAVEPOINT new_keys");
        try {
            long inserted = st.executeUpdate(insert);
            st.execute("RELEASE SAVEPOINT new_keys");
            return OptionalLong.of(inserted);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            st.execute("ROLLBACK TO SAVEPOINT new_keys");
            st.execute("RELEASE SAVEPOINT new_keys");
            return OptionalLong.empty();
        }
    }

    /**
     * Inserts if every key is new, else runs {@code upsert}; returns whether it upserted, that is
     * whether rows already in the table may have changed.
     */
    boolean insertOrUpsert(Statement st, KeyRange batchKeys, String upsert) throws SQLException {
        if (tryInsert(st, batchKeys).isPresent()) {
            return false;
        }
        st.executeUpdate(upsert);
        return true;
    }

    /**
     * The bounds are parameters, not a join with the batch: joined, the planner scanned the whole
     * table for a batch of new keys (200 ms for 2.2 million facts) instead of probing its index.
     */
    private boolean anyInRange(Statement st, KeyRange batchKeys) throws SQLException {
        String sql = "SELECT EXISTS (SELECT 1 FROM %s WHERE %s BETWEEN ? AND ?)"
                .formatted(SqlText.identifier(table), SqlText.identifier(key));
        try (PreparedStatement ps = st.getConnection().prepareStatement(sql)) {
            ps.setLong(1, batchKeys.lowest());
            ps.setLong(2, batchKeys.highest());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
