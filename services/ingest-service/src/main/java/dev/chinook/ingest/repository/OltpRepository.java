package dev.chinook.ingest.repository;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.service.Rejection;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * SQL of the OLTP side: the file manifest, staging by COPY, the set-based upsert that writes one
 * outbox record per real change, and rejected rows. Every method joins the caller's transaction.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class OltpRepository {

    private final AgroalDataSource dataSource;

    public OltpRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Serialises work on one object key for the rest of the transaction, so that deliveries of
     * two versions of a key are decided one after the other, in sequencer order.
     */
    public void lockKey(String bucket, String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, bucket + "/" + key);
            ps.execute();
        }
    }

    public boolean eventSeen(S3ObjectEvent object, String sequencer) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM ingest_file WHERE bucket = ? AND object_key = ? AND sequencer = ?")) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, sequencer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The upload of this key with the highest sequencer that was decided (not STALE, not in progress). */
    public Optional<ManifestEntry> latestApplied(String bucket, String key) throws SQLException {
        String sql = "SELECT sequencer, etag, status FROM ingest_file WHERE bucket = ? AND object_key = ? "
                + "AND status IN ('LOADED', 'REJECTED', 'UNCHANGED') ORDER BY lpad(upper(sequencer), 64, '0') DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, bucket);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ManifestEntry(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** Starts the manifest row of an upload; empty if this event already has one. */
    public Optional<Long> claimFile(S3ObjectEvent object, String sequencer, TableSpec table, String status,
            Instant startedAt) throws SQLException {
        String sql = """
                INSERT INTO ingest_file (bucket, object_key, sequencer, etag, version_id, size_bytes, table_name, status,
                                         started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT ingest_file_event_uq DO NOTHING
                RETURNING file_id""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, sequencer);
            ps.setString(4, object.eTag());
            ps.setString(5, object.versionId());
            ps.setLong(6, object.size());
            ps.setString(7, table == null ? null : table.name());
            ps.setString(8, status);
            ps.setTimestamp(9, Timestamp.from(startedAt));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Creates the transaction's staging table for {@code table}: the contract columns plus the line number. */
    public void createStaging(TableSpec table) throws SQLException {
        String columns = table.columns().stream().map(col -> col.name() + " " + col.sqlType())
                .collect(Collectors.joining(", "));
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE " + stagingName(table) + " (line_number bigint NOT NULL, "
                    + "operation char(1) NOT NULL, " + columns + ") ON COMMIT DROP");
        }
    }

    /**
     * Opens a COPY into the staging table. While it is open the connection runs nothing else, so
     * callers finish it before any other statement and may open another afterwards.
     */
    public StagingCopy copyIntoStaging(TableSpec table) throws SQLException {
        String copy = "COPY " + stagingName(table) + " (line_number, operation, " + String.join(", ", table.columnNames())
                + ") FROM STDIN WITH (FORMAT csv)";
        try (Connection c = dataSource.getConnection()) {
            return new StagingCopy(c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy));
        }
    }

    /** Forgets the rejections recorded so far for a file that is rejected as a whole. */
    public void deleteRejections(long fileId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM rejected_row WHERE file_id = ?")) {
            ps.setLong(1, fileId);
            ps.executeUpdate();
        }
    }

    /**
     * Rows whose key appears again further down the file: the last occurrence wins, the earlier
     * ones are reported so that no row disappears silently.
     */
    public int rejectSupersededDuplicates(long fileId, TableSpec table, int keyColumnNumber) throws SQLException {
        String key = table.key().name();
        String sql = "WITH superseded AS (DELETE FROM " + stagingName(table) + " s USING (SELECT " + key
                + ", max(line_number) AS last_line FROM " + stagingName(table) + " GROUP BY " + key
                + " HAVING count(*) > 1) d WHERE s." + key + " = d." + key + " AND s.line_number < d.last_line "
                + "RETURNING s.line_number, s." + key + ", d.last_line) "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, " + keyColumnNumber + ", ?, " + key + "::text, "
                + "'duplicate key in file: superseded by line ' || last_line FROM superseded";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setString(2, key);
            return ps.executeUpdate();
        }
    }

    /**
     * Staged upserts whose reference names a parent key that is not in OLTP (after the parents of
     * the same upload were loaded): rejected and removed from staging.
     */
    public int rejectMissingParents(long fileId, TableSpec table, TableSpec.Reference reference, int columnNumber,
            TableSpec parent) throws SQLException {
        String column = reference.column();
        String sql = "WITH orphans AS (DELETE FROM " + stagingName(table) + " s WHERE s.operation = 'U' AND s." + column
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + parent.name() + " p WHERE p." + parent.key().name()
                + " = s." + column + ") RETURNING s.line_number, s." + column + ") "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, " + columnNumber + ", ?, " + column + "::text, ? FROM orphans";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setString(2, column);
            ps.setString(3, "no " + parent.name() + " with this " + parent.key().name()
                    + " in OLTP or in this upload's " + parent.name() + " file");
            return ps.executeUpdate();
        }
    }

    /** Staged deletes of rows other rows still refer to: rejected and removed from staging. */
    public int rejectReferencedDeletes(long fileId, TableSpec table, TableSpec child, TableSpec.Reference reference,
            int keyColumnNumber) throws SQLException {
        String key = table.key().name();
        String sql = "WITH kept AS (DELETE FROM " + stagingName(table) + " s WHERE s.operation = 'D' AND EXISTS "
                + "(SELECT 1 FROM " + child.name() + " c WHERE c." + reference.column() + " = s." + key + ") "
                + "RETURNING s.line_number, s." + key + ") "
                + "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, line_number, " + keyColumnNumber + ", ?, " + key + "::text, ? FROM kept";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setString(2, key);
            ps.setString(3, "cannot delete: rows of " + child.name() + " refer to it (" + reference.column() + ")");
            return ps.executeUpdate();
        }
    }

    /** Empties the staging table: under the reject-file policy nothing of a bad file is applied. */
    public void clearStaging(TableSpec table) throws SQLException {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM " + stagingName(table));
        }
    }

    /** The file's rejections in line order, for its report. */
    public void forEachRejection(long fileId, java.util.function.Consumer<Rejection> action) throws SQLException {
        String sql = "SELECT line_number, column_number, column_name, value, reason FROM rejected_row "
                + "WHERE file_id = ? ORDER BY line_number, column_number NULLS FIRST";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer column = rs.getObject(2) == null ? null : rs.getInt(2);
                    action.accept(new Rejection(rs.getLong(1), column, rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
    }

    /**
     * Applies the staged rows (one per key, after duplicates were removed) and writes one outbox record per
     * row that really changed, each in one statement: upserts whose content differs, then deletes of
     * rows that exist. Returns the number of changed rows.
     */
    public int applyStaged(TableSpec table, String sourceFile) throws SQLException {
        return upsertStaged(table, sourceFile) + deleteStaged(table, sourceFile);
    }

    private int upsertStaged(TableSpec table, String sourceFile) throws SQLException {
        String key = table.key().name();
        List<String> nonKey = table.columns().stream().skip(1).map(Column::name).toList();
        String all = String.join(", ", table.columnNames());
        String set = nonKey.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        String current = nonKey.stream().map(c -> "t." + c).collect(Collectors.joining(", "));
        String incoming = nonKey.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "));
        String sql = "WITH changed AS (INSERT INTO " + table.name() + " AS t (" + all + ") "
                + "SELECT " + all + " FROM " + stagingName(table) + " WHERE operation = 'U' "
                + "ON CONFLICT (" + key + ") DO UPDATE SET " + set
                + " WHERE (" + current + ") IS DISTINCT FROM (" + incoming + ") RETURNING t.*) "
                + outboxInsert(table, "changed", "UPSERT");
        return execute(sql, table, sourceFile);
    }

    private int deleteStaged(TableSpec table, String sourceFile) throws SQLException {
        String key = table.key().name();
        String sql = "WITH gone AS (DELETE FROM " + table.name() + " t USING " + stagingName(table) + " s "
                + "WHERE t." + key + " = s." + key + " AND s.operation = 'D' RETURNING t.*) "
                + outboxInsert(table, "gone", "DELETE");
        return execute(sql, table, sourceFile);
    }

    private static String outboxInsert(TableSpec table, String rows, String operation) {
        return "INSERT INTO outbox (table_name, row_key, operation, row_image, committed_at, source_file) "
                + "SELECT ?, " + rows + "." + table.key().name() + ", '" + operation + "', to_jsonb(" + rows + "), "
                + "clock_timestamp(), ? FROM " + rows;
    }

    private int execute(String sql, TableSpec table, String sourceFile) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.name());
            ps.setString(2, sourceFile);
            return ps.executeUpdate();
        }
    }

    public void insertRejections(long fileId, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Rejection r : rejections) {
                ps.setLong(1, fileId);
                ps.setLong(2, r.lineNumber());
                if (r.columnNumber() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, r.columnNumber());
                }
                ps.setString(4, storable(r.columnName()));
                ps.setString(5, storable(r.value()));
                ps.setString(6, storable(r.reason()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void finishFile(long fileId, FileOutcome outcome, String reportKey) throws SQLException {
        String sql = "UPDATE ingest_file SET status = ?, rows_in_file = ?, rows_loaded = ?, rows_rejected = ?, "
                + "rows_changed = ?, message = ?, report_key = ?, finished_at = clock_timestamp() WHERE file_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, outcome.status());
            ps.setLong(2, outcome.rowsInFile());
            ps.setLong(3, outcome.rowsLoaded());
            ps.setLong(4, outcome.rowsRejected());
            ps.setLong(5, outcome.rowsChanged());
            ps.setString(6, storable(outcome.message()));
            ps.setString(7, reportKey);
            ps.setLong(8, fileId);
            ps.executeUpdate();
        }
    }

    /** PostgreSQL text cannot hold NUL, which binary or broken files bring: shown as \\0 instead. */
    static String storable(String text) {
        return text == null ? null : text.replace("\0", "\\0");
    }

    private static String stagingName(TableSpec table) {
        return "stage_" + table.name();
    }
}
