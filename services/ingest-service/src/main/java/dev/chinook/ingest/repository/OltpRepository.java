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
     * Claims an object version for loading. Empty when it was already claimed: a redelivered
     * event or a re-upload of identical content (same eTag). A concurrent claim of the same
     * version waits on the unique key until the first commits, then finds it taken.
     */
    public Optional<Long> claimFile(S3ObjectEvent object, TableSpec table, Instant startedAt) throws SQLException {
        String sql = """
                INSERT INTO ingest_file (bucket, object_key, etag, version_id, sequencer, table_name, status, started_at)
                VALUES (?, ?, ?, ?, ?, ?, 'LOADING', ?)
                ON CONFLICT ON CONSTRAINT ingest_file_object_version_uq DO NOTHING
                RETURNING file_id""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, object.eTag());
            ps.setString(4, object.versionId());
            ps.setString(5, object.sequencer());
            ps.setString(6, table == null ? null : table.name());
            ps.setTimestamp(7, Timestamp.from(startedAt));
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
    public int rejectSupersededDuplicates(long fileId, TableSpec table) throws SQLException {
        String key = table.key().name();
        String sql = "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT ?, s.line_number, NULL, ?, s." + key + "::text, "
                + "'duplicate key in file: superseded by line ' || d.last_line "
                + "FROM " + stagingName(table) + " s JOIN (SELECT " + key + ", max(line_number) AS last_line FROM "
                + stagingName(table) + " GROUP BY " + key + " HAVING count(*) > 1) d USING (" + key + ") "
                + "WHERE s.line_number < d.last_line";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setString(2, key);
            return ps.executeUpdate();
        }
    }

    /**
     * Applies the staged rows (the last occurrence of a key wins) and writes one outbox record per
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
                + "SELECT " + all + " FROM " + latestStaged(table) + " latest WHERE operation = 'U' "
                + "ON CONFLICT (" + key + ") DO UPDATE SET " + set
                + " WHERE (" + current + ") IS DISTINCT FROM (" + incoming + ") RETURNING t.*) "
                + outboxInsert(table, "changed", "UPSERT");
        return execute(sql, table, sourceFile);
    }

    private int deleteStaged(TableSpec table, String sourceFile) throws SQLException {
        String key = table.key().name();
        String sql = "WITH gone AS (DELETE FROM " + table.name() + " t USING " + latestStaged(table) + " s "
                + "WHERE t." + key + " = s." + key + " AND s.operation = 'D' RETURNING t.*) "
                + outboxInsert(table, "gone", "DELETE");
        return execute(sql, table, sourceFile);
    }

    private static String latestStaged(TableSpec table) {
        String key = table.key().name();
        return "(SELECT DISTINCT ON (" + key + ") * FROM " + stagingName(table) + " ORDER BY " + key
                + ", line_number DESC)";
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
                ps.setString(4, r.columnName());
                ps.setString(5, r.value());
                ps.setString(6, r.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public void finishFile(long fileId, FileOutcome outcome) throws SQLException {
        String sql = "UPDATE ingest_file SET status = ?, rows_in_file = ?, rows_loaded = ?, rows_rejected = ?, "
                + "rows_changed = ?, message = ?, finished_at = clock_timestamp() WHERE file_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, outcome.status());
            ps.setLong(2, outcome.rowsInFile());
            ps.setLong(3, outcome.rowsLoaded());
            ps.setLong(4, outcome.rowsRejected());
            ps.setLong(5, outcome.rowsChanged());
            ps.setString(6, outcome.message());
            ps.setLong(7, fileId);
            ps.executeUpdate();
        }
    }

    private static String stagingName(TableSpec table) {
        return "stage_" + table.name();
    }
}
