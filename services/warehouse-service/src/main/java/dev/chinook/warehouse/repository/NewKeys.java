package dev.chinook.warehouse.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * An insert into a table with a unique key, for a batch whose keys are all new to it, without the
 * conflict check its upsert pays for every row: at bulk load, where nearly every batch holds only
 * new keys, ON CONFLICT cost two fifths of recording changes and a fifth of keeping a source
 * table's latest images. The keys are new when the table has no key between the batch's lowest
 * and highest, one index probe; a batch that overlaps (a re-upload, rows out of key order) takes
 * the upsert. A transaction inserting the same keys at the same time makes this insert fail on
 * the unique key once it commits: the insert is rolled back to its savepoint, and the caller
 * upserts instead.
 *
 * @param table the table inserted into
 * @param key its unique key
 * @param batch the table the rows come from
 * @param batchKey the column of batch that becomes key
 * @param batchRows which rows of batch the insert takes (SQL condition)
 * @param insert the insert, without ON CONFLICT
 */
record NewKeys(String table, String key, String batch, String batchKey, String batchRows, String insert) {

    private static final String UNIQUE_VIOLATION = "23505";

    /** Inserts and returns how many rows, or empty if some key may be there already: then nothing changed. */
    OptionalLong tryInsert(Statement st) throws SQLException {
        if (!noneInRange(st)) {
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

    /** Inserts if every key is new, else runs {@code upsert}; returns how many rows either changed. */
    long insertOrUpsert(Statement st, String upsert) throws SQLException {
        OptionalLong inserted = tryInsert(st);
        return inserted.isPresent() ? inserted.getAsLong() : st.executeUpdate(upsert);
    }

    private boolean noneInRange(Statement st) throws SQLException {
        String sql = """
                SELECT NOT EXISTS (
                    SELECT 1 FROM %1$s t, (SELECT min(%4$s) AS lo, max(%4$s) AS hi FROM %3$s WHERE %5$s) b
                    WHERE t.%2$s BETWEEN b.lo AND b.hi)""".formatted(table, key, batch, batchKey, batchRows);
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
