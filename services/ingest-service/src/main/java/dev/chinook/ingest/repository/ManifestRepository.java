package dev.chinook.ingest.repository;

import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.text.StorableText;
import dev.chinook.ingest.model.ChangeRange;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.model.FileProgress;
import dev.chinook.ingest.model.LoadedPart;
import dev.chinook.ingest.model.ManifestEntry;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The file manifest ({@code ingest_file}): one row per S3 event. Joins the caller's transaction. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ManifestRepository {

    private final AgroalDataSource dataSource;

    public ManifestRepository(AgroalDataSource dataSource) {
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM ingest_file WHERE bucket = ? AND object_key = ? AND sequencer = ?")) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, sequencer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Parked rows of a file released and applied: they count as loaded now, and the file's change
     * range takes in the changes they made.
     */
    public void released(long fileId, int rows, ChangeRange changes) throws SQLException {
        String sql = "UPDATE ingest_file SET rows_parked = rows_parked - ?, rows_loaded = rows_loaded + ?, "
                + "rows_changed = rows_changed + ?, first_change_id = least(first_change_id, ?), "
                + "last_change_id = greatest(last_change_id, ?) WHERE file_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, rows);
            ps.setInt(2, rows);
            ps.setLong(3, changes.count());
            ps.setObject(4, changes.firstChangeId(), java.sql.Types.BIGINT);
            ps.setObject(5, changes.lastChangeId(), java.sql.Types.BIGINT);
            ps.setLong(6, fileId);
            ps.executeUpdate();
        }
    }

    public void setReport(long fileId, String reportKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ingest_file SET report_key = ? WHERE file_id = ?")) {
            ps.setString(1, reportKey);
            ps.setLong(2, fileId);
            ps.executeUpdate();
        }
    }

    /** The object a manifest row records, as an event would name it (no sequencer). */
    public Optional<S3ObjectEvent> objectOf(long fileId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT bucket, object_key, etag, version_id, size_bytes FROM ingest_file WHERE file_id = ?")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new S3ObjectEvent(
                                "ObjectCreated:Parked",
                                rs.getString(1),
                                rs.getString(2),
                                rs.getLong(5),
                                rs.getString(3),
                                rs.getString(4),
                                null))
                        : Optional.empty();
            }
        }
    }

    /**
     * The upload of this key with the highest sequencer that was decided (see {@link
     * FileStatus#DECIDED}) or is loading in parts (its first parts committed).
     */
    public Optional<ManifestEntry> latestApplied(String bucket, String key) throws SQLException {
        String sql =
                "SELECT sequencer, etag, status, rows_rejected FROM ingest_file WHERE bucket = ? AND object_key = ? "
                        + "AND status = ANY (?) "
                        // the order of Sequencers.compare: no sequencer, then found by listing, then real events
                        + "ORDER BY CASE WHEN sequencer = '' THEN 0 WHEN sequencer LIKE '-%' THEN 1 ELSE 2 END DESC, "
                        + "lpad(upper(ltrim(sequencer, '-')), 64, '0') DESC LIMIT 1";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, bucket);
            ps.setString(2, key);
            ps.setArray(
                    3,
                    c.createArrayOf(
                            "text",
                            java.util.stream.Stream.concat(
                                            FileStatus.DECIDED.stream(), java.util.stream.Stream.of(FileStatus.LOADING))
                                    .map(Enum::name)
                                    .toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ManifestEntry(
                                rs.getString(1), rs.getString(2), FileStatus.valueOf(rs.getString(3)), rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    /** Which of these uploads (key and eTag) have no manifest row at all: nothing ever handled them. */
    public List<String> keysWithoutRow(String bucket, List<String> keys, List<String> eTags) throws SQLException {
        String sql = "SELECT x.k FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(k, e, n) "
                + "WHERE NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.bucket = ? AND f.object_key = x.k "
                + "AND f.etag = x.e) ORDER BY x.n";
        List<String> missing = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.setArray(2, c.createArrayOf("text", eTags.toArray()));
            ps.setString(3, bucket);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        return missing;
    }

    /** Starts the manifest row of an upload; empty if this event already has one. */
    public Optional<Long> claimFile(
            S3ObjectEvent object, String sequencer, TableSpec table, FileStatus status, Instant startedAt)
            throws SQLException {
        String sql = """
                INSERT INTO ingest_file (bucket, object_key, sequencer, etag, version_id, size_bytes, table_name, status,
                                         started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT ingest_file_event_uq DO NOTHING
                RETURNING file_id""";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, sequencer);
            ps.setString(4, object.eTag());
            ps.setString(5, object.versionId());
            ps.setLong(6, object.size());
            ps.setString(7, table == null ? null : table.name());
            ps.setString(8, status.name());
            ps.setTimestamp(9, Timestamp.from(startedAt));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public void finishFile(long fileId, FileOutcome outcome, String reportKey) throws SQLException {
        String sql = "UPDATE ingest_file SET status = ?, rows_in_file = ?, rows_loaded = ?, rows_rejected = ?, "
                + "rows_changed = ?, rows_parked = ?, message = ?, report_key = ?, first_change_id = ?, last_change_id = ?, "
                + "finished_at = clock_timestamp() WHERE file_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, outcome.status().name());
            ps.setLong(2, outcome.rowsInFile());
            ps.setLong(3, outcome.rowsLoaded());
            ps.setLong(4, outcome.rowsRejected());
            ps.setLong(5, outcome.rowsChanged());
            ps.setLong(6, outcome.rowsParked());
            ps.setString(7, StorableText.of(outcome.message()));
            ps.setString(8, reportKey);
            ps.setObject(9, outcome.changes().firstChangeId(), java.sql.Types.BIGINT);
            ps.setObject(10, outcome.changes().lastChangeId(), java.sql.Types.BIGINT);
            ps.setLong(11, fileId);
            ps.executeUpdate();
        }
    }

    /**
     * Adds a part's counts and change range to the file's row and moves its checkpoint past the
     * part (records, line and byte offset), in the part's transaction.
     */
    public void addPart(long fileId, LoadedPart part) throws SQLException {
        String sql =
                "UPDATE ingest_file SET records_done = records_done + ?, lines_done = ?, parts_done = parts_done + 1, "
                        + "rows_in_file = rows_in_file + ?, rows_loaded = rows_loaded + ?, rows_rejected = rows_rejected + ?, "
                        + "rows_parked = rows_parked + ?, rows_parked_at_load = rows_parked_at_load + ?, "
                        + "rows_changed = rows_changed + ?, "
                        + "first_change_id = least(first_change_id, ?), last_change_id = greatest(last_change_id, ?), "
                        + "message = coalesce(?, message), resume_at = ? WHERE file_id = ?";
        FileOutcome outcome = part.outcome();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, part.records());
            ps.setLong(2, part.lastLine());
            ps.setLong(3, outcome.rowsInFile());
            ps.setLong(4, outcome.rowsLoaded());
            ps.setLong(5, outcome.rowsRejected());
            ps.setLong(6, outcome.rowsParked());
            ps.setLong(7, outcome.rowsParked());
            ps.setLong(8, outcome.rowsChanged());
            ps.setObject(9, outcome.changes().firstChangeId(), java.sql.Types.BIGINT);
            ps.setObject(10, outcome.changes().lastChangeId(), java.sql.Types.BIGINT);
            ps.setString(11, StorableText.of(outcome.message()));
            ps.setObject(12, part.nextOffset() >= 0 ? part.nextOffset() : null, java.sql.Types.BIGINT);
            ps.setLong(13, fileId);
            ps.executeUpdate();
        }
    }

    /**
     * A file's counts over its parts: as an outcome, and how many of its rows came before their
     * parent and were parked, in all its parts (rows_parked counts only those still waiting).
     */
    public record Totals(FileOutcome outcome, long rowsParkedAtLoad) {}

    /** The counts of every part committed so far, as an outcome of {@code status}. */
    public Totals totals(long fileId, FileStatus status) throws SQLException {
        String sql = "SELECT rows_in_file, rows_loaded, rows_rejected, rows_parked, rows_changed, first_change_id, "
                + "last_change_id, message, rows_parked_at_load FROM ingest_file WHERE file_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no manifest row " + fileId);
                }
                long changed = rs.getLong(5);
                FileOutcome outcome = new FileOutcome(
                        status,
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        changed == 0 ? ChangeRange.NONE : new ChangeRange(changed, rs.getLong(6), rs.getLong(7)),
                        rs.getString(8));
                return new Totals(outcome, rs.getLong(9));
            }
        }
    }

    /** A file's checkpoint, locked until the end of the transaction. */
    public Optional<FileProgress> progressOf(long fileId) throws SQLException {
        String sql = "SELECT file_id, bucket, object_key, sequencer, table_name, status, records_done, lines_done, "
                + "parts_done, resume_at FROM ingest_file WHERE file_id = ? FOR UPDATE";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new FileProgress(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                FileStatus.valueOf(rs.getString(6)),
                                rs.getLong(7),
                                rs.getLong(8),
                                rs.getInt(9),
                                rs.getObject(10, Long.class)))
                        : Optional.empty();
            }
        }
    }

    /** The file of this event still loading in parts, if any: a redelivered event goes on with it. */
    public Optional<Long> loadingInParts(S3ObjectEvent object, String sequencer) throws SQLException {
        String sql = "SELECT file_id FROM ingest_file WHERE bucket = ? AND object_key = ? AND sequencer = ? "
                + "AND status = 'LOADING' AND parts_done > 0";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, object.bucket());
            ps.setString(2, object.key());
            ps.setString(3, sequencer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The sequencer of a later upload of the key that was loaded or is loading, if any. */
    public Optional<String> newerUpload(String bucket, String key, String sequencer) throws SQLException {
        String sql = "SELECT sequencer FROM ingest_file WHERE bucket = ? AND object_key = ? "
                + "AND status IN ('LOADING', 'LOADED', 'REJECTED')";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, bucket);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String other = rs.getString(1);
                    if (dev.chinook.common.s3.Sequencers.compare(other, sequencer) > 0) {
                        return Optional.of(other);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
