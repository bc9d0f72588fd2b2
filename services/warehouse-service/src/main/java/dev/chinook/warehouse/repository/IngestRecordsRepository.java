package dev.chinook.warehouse.repository;

import dev.chinook.warehouse.model.FileFilter;
import dev.chinook.warehouse.model.FileVersion;
import dev.chinook.warehouse.model.RejectedRow;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest's records in OLTP, read-only: its manifest, rejected rows and outbox, and figures of
 * the business tables through functions (never their rows). On AWS the ingest is a Lambda with no
 * memory between invocations: this durable state is its status.
 */
@ApplicationScoped
public class IngestRecordsRepository {

    public record OutboxBacklog(long changes, OffsetDateTime oldestCommittedAt) {}

    public record IngestFigures(
            long rowsParked,
            OffsetDateTime oldestParkedAt,
            long changesWritten,
            OffsetDateTime lastLoadedAt,
            long rowsLoadedLastHour,
            long filesLastHour,
            Map<String, Long> filesByStatus) {}

    public record Orphans(String table, String column, String parentTable, long rows) {}

    /** A failed attempt to handle a message about a file, as the ingest recorded it. */
    public record MessageFailure(String messageId, boolean permanent, String reason, OffsetDateTime failedAt) {}

    private static final String FILE_COLUMNS = """
            file_id, bucket, object_key, sequencer, etag, version_id, size_bytes, table_name, status, rows_in_file,
            rows_loaded, rows_rejected, rows_changed, rows_parked, message, report_key, first_change_id,
            last_change_id, started_at, finished_at, parts_done, records_done""";

    private final AgroalDataSource oltp;
    private volatile boolean migrated;

    public IngestRecordsRepository(@DataSource("oltp") AgroalDataSource oltp) {
        this.oltp = oltp;
    }

    /**
     * Whether OLTP has the ingest's records (at the schema version this reads). The ingest migrates
     * OLTP when it first runs: until then there is nothing to report, which is not an error.
     */
    public boolean migrated() throws SQLException {
        if (!migrated) {
            try (Connection c = oltp.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT to_regprocedure('pipeline_orphan_rows()') IS NOT NULL "
                                    + "AND to_regclass('parked_row') IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                migrated = rs.getBoolean(1);
            }
        }
        return migrated;
    }

    /** Newest first; {@code beforeFileId} continues a listing where its previous page ended. */
    public List<FileVersion> files(FileFilter filter, Long beforeFileId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + FILE_COLUMNS + " FROM ingest_file WHERE true");
        List<Object> params = new ArrayList<>();
        where(sql, params, "status = ?", filter.status());
        where(sql, params, "table_name = ?", filter.table());
        where(sql, params, "bucket = ?", filter.bucket());
        where(sql, params, "starts_with(object_key, ?)", filter.keyPrefix());
        where(sql, params, "finished_at >= ?", filter.since());
        where(sql, params, "finished_at < ?", filter.until());
        where(sql, params, "file_id < ?", beforeFileId);
        sql.append(" ORDER BY file_id DESC LIMIT ?");
        params.add(limit);
        return query(sql.toString(), params);
    }

    /** Every event recorded for one key, oldest first. */
    public List<FileVersion> versions(String bucket, String key) throws SQLException {
        return query(
                "SELECT " + FILE_COLUMNS + " FROM ingest_file WHERE bucket = ? AND object_key = ? ORDER BY file_id",
                List.of(bucket, key));
    }

    public Optional<FileVersion> file(long fileId) throws SQLException {
        return query("SELECT " + FILE_COLUMNS + " FROM ingest_file WHERE file_id = ?", List.of(fileId)).stream()
                .findFirst();
    }

    /** The most recent versions that wrote changes: where the warehouse's lag is looked for. */
    public List<FileVersion> recentWithChanges(int limit) throws SQLException {
        return query(
                "SELECT " + FILE_COLUMNS + " FROM ingest_file WHERE rows_changed > 0 AND first_change_id IS NOT NULL "
                        + "ORDER BY file_id DESC LIMIT ?",
                List.of(limit));
    }

    /**
     * Changes of each file version still in the outbox (committed, not yet sent; a file's change
     * sets lie within its range and name it), by file id; one
     * statement for any number of versions.
     */
    public Map<Long, Long> changesInOutbox(List<FileVersion> files) throws SQLException {
        Map<Long, Long> inOutbox = new HashMap<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT f.file_id, (SELECT coalesce(sum(o.change_count), 0) FROM outbox_change_set o
                                            WHERE o.source_file = f.source_file
                                              AND o.first_change_id BETWEEN f.first_id AND f.last_id)
                          FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[])
                               AS f(file_id, first_id, last_id, source_file)""")) {
            ChangeRanges.bind(c, ps, files);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inOutbox.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return inOutbox;
    }

    /**
     * The latest failures of ingest-events messages that name {@code key} (an upload whose every
     * attempt failed has no manifest row: this is where it says why). Keys in S3 events are
     * URL-encoded, so a key with spaces or non-ASCII is looked for in that form as well.
     */
    public List<MessageFailure> failuresNaming(String key, int limit) throws SQLException {
        List<MessageFailure> failures = new ArrayList<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT message_id, permanent, reason, failed_at FROM message_failure "
                                + "WHERE queue = 'ingest-events' AND (strpos(body_excerpt, ?) > 0 OR strpos(body_excerpt, ?) > 0) "
                                + "ORDER BY failure_id DESC LIMIT ?")) {
            ps.setString(1, "\"" + key + "\"");
            ps.setString(
                    2,
                    "\""
                            + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
                                    .replace("%2F", "/")
                            + "\"");
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failures.add(new MessageFailure(
                            rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return failures;
    }

    public List<RejectedRow> rejectedRows(long fileId, long offset, int limit) throws SQLException {
        List<RejectedRow> rows = new ArrayList<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT line_number, column_number, column_name, value, reason FROM rejected_row "
                                + "WHERE file_id = ? ORDER BY line_number, column_number NULLS FIRST OFFSET ? LIMIT ?")) {
            ps.setLong(1, fileId);
            ps.setLong(2, offset);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RejectedRow(
                            rs.getLong(1),
                            (Integer) rs.getObject(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return rows;
    }

    public OutboxBacklog outboxBacklog() throws SQLException {
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(sum(change_count), 0), min(committed_at) FROM outbox_change_set");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new OutboxBacklog(rs.getLong(1), rs.getObject(2, OffsetDateTime.class));
        }
    }

    public IngestFigures figures() throws SQLException {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        try (Connection c = oltp.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT status, count(*) FROM ingest_file GROUP BY status ORDER BY status");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
            long parked;
            OffsetDateTime oldestParked;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), min(parked_at) FROM parked_row");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                parked = rs.getLong(1);
                oldestParked = rs.getObject(2, OffsetDateTime.class);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                            SELECT coalesce(sum(rows_changed), 0),
                                   max(finished_at) FILTER (WHERE status = 'LOADED'),
                                   coalesce(sum(rows_loaded) FILTER (WHERE finished_at > now() - interval '1 hour'), 0),
                                   count(*) FILTER (WHERE finished_at > now() - interval '1 hour')
                              FROM ingest_file""");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new IngestFigures(
                        parked,
                        oldestParked,
                        rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getLong(3),
                        rs.getLong(4),
                        byStatus);
            }
        }
    }

    /** Exact row counts of the OLTP tables of the contract. */
    public Map<String, Long> tableRows() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT table_name, row_count FROM pipeline_table_rows()");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    /** Each reference of the contract with the rows that name a missing parent (all 0 when intact). */
    public List<Orphans> orphans() throws SQLException {
        List<Orphans> orphans = new ArrayList<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT table_name, column_name, parent_table, orphan_rows FROM pipeline_orphan_rows()");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                orphans.add(new Orphans(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return orphans;
    }

    private static void where(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }

    private List<FileVersion> query(String sql, List<?> params) throws SQLException {
        List<FileVersion> files = new ArrayList<>();
        try (Connection c = oltp.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new FileVersion(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            (Long) rs.getObject(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getLong(10),
                            rs.getLong(11),
                            rs.getLong(12),
                            rs.getLong(13),
                            rs.getLong(14),
                            rs.getString(15),
                            rs.getString(16),
                            (Long) rs.getObject(17),
                            (Long) rs.getObject(18),
                            rs.getObject(19, OffsetDateTime.class),
                            rs.getObject(20, OffsetDateTime.class),
                            rs.getInt(21),
                            rs.getLong(22)));
                }
            }
        }
        return files;
    }
}
