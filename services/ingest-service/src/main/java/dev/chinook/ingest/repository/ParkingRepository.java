package dev.chinook.ingest.repository;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.sql.SqlText;
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
import java.util.stream.Collectors;

/**
 * Rows waiting for their parent ({@code parked_row}): parked from a file's staging, released into
 * a staging table of their own once every parent exists, retired when a later file sets their key,
 * rejected when the parking window has passed. Each move updates the counts of the row's own file
 * in the same statement. Table and column names come from the contract, never from input.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ParkingRepository {

    private final AgroalDataSource dataSource;

    public ParkingRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Staged upserts of {@code table} whose {@code reference} names a missing parent: parked. */
    public int parkMissingParents(
            long fileId, TableSpec table, TableSpec.Reference reference, int columnNumber, TableSpec parent)
            throws SQLException {
        String column = reference.column();
        String key = table.key().name();
        String sql = "WITH orphans AS (DELETE FROM " + StagingRepository.stagingName(table) + " s "
                + "WHERE s.operation = 'U' AND s." + column + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                + parent.name() + " p WHERE p." + parent.key().name() + " = s." + column + ") RETURNING s.*) "
                + "INSERT INTO parked_row (file_id, table_name, line_number, row_key, row_image, column_number, "
                + "column_name, value, parent_table) SELECT ?, ?, line_number, " + key + ", "
                + "to_jsonb(orphans) - 'line_number' - 'operation', ?, ?, " + column + "::text, ? "
                + "FROM orphans";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setString(2, table.name());
            ps.setInt(3, columnNumber);
            ps.setString(4, column);
            ps.setString(5, parent.name());
            return ps.executeUpdate();
        }
    }

    /**
     * Parked rows of {@code table} whose key the staged file sets or deletes: that file is newer, so
     * they are rejected as superseded rather than applied over it later.
     */
    public List<Long> retireSuperseded(TableSpec table, String supersededBy) throws SQLException {
        String sql = "WITH gone AS (DELETE FROM parked_row p USING " + StagingRepository.stagingName(table) + " s "
                + "WHERE p.table_name = ? AND p.row_key = s." + table.key().name() + " RETURNING p.*) "
                + rejectAndCount("'superseded by ' || ? || ' before its ' || parent_table || ' arrived'");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.name());
            ps.setString(2, supersededBy);
            return fileIds(ps);
        }
    }

    /** Tables with parked rows, parents before children (so a released album can release its tracks). */
    public List<TableSpec> tablesWithParkedRows() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT table_name FROM parked_row");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return ChinookTables.ALL.stream().filter(t -> names.contains(t.name())).toList();
    }

    /** Files with parked rows of {@code table} whose every parent exists now, oldest file first. */
    public List<Long> filesReadyToRelease(TableSpec table) throws SQLException {
        String sql = "SELECT DISTINCT p.file_id FROM parked_row p WHERE p.table_name = ? AND " + parentsExist(table)
                + " ORDER BY p.file_id";
        List<Long> files = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(rs.getLong(1));
                }
            }
        }
        return files;
    }

    /**
     * Moves the parked rows of one file whose parents all exist into the transaction's release
     * staging table of {@code table} (emptied first); returns how many.
     */
    public int stageReleasable(long fileId, TableSpec table) throws SQLException {
        String release = StagingRepository.releaseName(table);
        String columns = String.join(", ", table.columnNames());
        String typed = table.columnNames().stream().map(col -> "r." + col).collect(Collectors.joining(", "));
        String sql = "WITH released AS (DELETE FROM parked_row p WHERE p.file_id = ? AND p.table_name = ? AND "
                + parentsExist(table) + " RETURNING p.line_number, p.row_image) "
                + "INSERT INTO " + release + " (line_number, operation, " + columns + ") "
                + "SELECT released.line_number, 'U', " + typed + " FROM released, "
                + "jsonb_populate_record(NULL::" + table.name() + ", released.row_image) r";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            try (var st = c.createStatement()) {
                st.execute("DELETE FROM " + release);
            }
            ps.setLong(1, fileId);
            ps.setString(2, table.name());
            return ps.executeUpdate();
        }
    }

    /** Rows parked longer than {@code window}: rejected, with the parent that never came. Returns their files. */
    public List<Long> expire(Duration window) throws SQLException {
        String sql =
                "WITH gone AS (DELETE FROM parked_row WHERE parked_at < clock_timestamp() - make_interval(secs => ?) "
                        + "RETURNING *) "
                        + rejectAndCount(
                                "'no ' || parent_table || ' with this ' || column_name || ' arrived within ' || ?");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, window.toMillis() / 1000.0);
            ps.setString(2, describe(window));
            return fileIds(ps);
        }
    }

    public record Waiting(long rows, java.time.OffsetDateTime oldestParkedAt) {}

    public Waiting waiting() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*), min(parked_at) FROM parked_row");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Waiting(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class));
        }
    }

    /**
     * Continues a statement whose CTE {@code gone} holds deleted parked rows: each becomes a
     * rejected row of its own file with {@code reason} (an SQL expression), and its file's counts
     * move from parked to rejected. The statement returns the ids of the files changed.
     */
    private static String rejectAndCount(String reason) {
        return ", rejected AS (INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "SELECT file_id, line_number, column_number, column_name, value, " + reason + " FROM gone "
                + "RETURNING file_id) "
                + "UPDATE ingest_file f SET rows_parked = f.rows_parked - r.n, rows_rejected = f.rows_rejected + r.n "
                + "FROM (SELECT file_id, count(*) AS n FROM rejected GROUP BY file_id) r WHERE f.file_id = r.file_id "
                + "RETURNING f.file_id";
    }

    private static List<Long> fileIds(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** A parked row's references all name an existing parent (or none, where the column is empty). */
    private static String parentsExist(TableSpec table) {
        List<String> conditions = new ArrayList<>();
        for (TableSpec.Reference reference : table.references()) {
            TableSpec parent = ChinookTables.byName(reference.parentTable()).orElseThrow();
            String value = SqlText.jsonField("p.row_image", reference.column());
            conditions.add("(" + value + " IS NULL OR EXISTS (SELECT 1 FROM " + parent.name() + " x WHERE " + value
                    + "::bigint = x." + parent.key().name() + "))");
        }
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    public static String describe(Duration window) {
        return window.toMinutes() >= 1 && window.toSecondsPart() == 0
                ? window.toMinutes() + " min"
                : window.toSeconds() + " s";
    }
}
