package dev.chinook.warehouse.repository;

import dev.chinook.common.sql.SqlText;
import dev.chinook.warehouse.model.FileVersion;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only figures about the warehouse's content. */
@ApplicationScoped
public class StatusRepository {

    public record WarehouseFigures(
            long changesApplied,
            OffsetDateTime lastChangeCommittedAt,
            long factRows,
            long invoices,
            BigDecimal revenue,
            long customerVersions,
            long trackVersions,
            long inferredMembers,
            OffsetDateTime factsDeferredSince) {}

    /**
     * When the latest change applied was committed in OLTP, read through the change log's key: a
     * gauge refreshed every few seconds costs the same at any history size, and the figures spared
     * a scan of the whole log (0.9 s of their 7 s at 15 million changes).
     */
    private static final String LATEST_CHANGE_COMMITTED_AT =
            "SELECT committed_at FROM change_log ORDER BY change_id DESC LIMIT 1";

    private static final String CHANGES_APPLIED = "SELECT count(*) FROM change_log";

    private static final String FIGURES = """
            SELECT (%s),
                   (%s),
                   (SELECT count(*) FROM fact_invoice_line),
                   (SELECT count(DISTINCT invoice_id) FROM fact_invoice_line),
                   (SELECT coalesce(sum(extended_amount), 0) FROM fact_invoice_line),
                   (SELECT count(*) FROM dim_customer),
                   (SELECT count(*) FROM dim_track),
                   (SELECT count(*) FROM dim_customer WHERE is_inferred)
                     + (SELECT count(*) FROM dim_track WHERE is_inferred),
                   (SELECT since FROM deferred_facts)""".formatted(CHANGES_APPLIED, LATEST_CHANGE_COMMITTED_AT);

    /** Facts whose dimension member is missing, per key: the star's keys are not enforced (OLAP V6). */
    static final String DANGLING_FACTS = """
            SELECT 'customer_key', 'dim_customer', count(*) FROM fact_invoice_line f
            WHERE NOT EXISTS (SELECT 1 FROM dim_customer d WHERE d.customer_key = f.customer_key)
            UNION ALL
            SELECT 'track_key', 'dim_track', count(*) FROM fact_invoice_line f
            WHERE NOT EXISTS (SELECT 1 FROM dim_track d WHERE d.track_key = f.track_key)
            UNION ALL
            SELECT 'date_key', 'dim_date', count(*) FROM fact_invoice_line f
            WHERE NOT EXISTS (SELECT 1 FROM dim_date d WHERE d.date_key = f.date_key)""";

    /** Every table an analyst reads, in the order of the star: sources, dimensions, facts. */
    static final List<String> TABLES = List.of(
            "src_artist",
            "src_album",
            "src_genre",
            "src_media_type",
            "src_invoice",
            "src_invoice_line",
            "dim_date",
            "dim_customer",
            "dim_track",
            "fact_invoice_line");

    private static final String TABLE_ROWS = String.join(
            " UNION ALL ",
            TABLES.stream()
                    .map(t -> "SELECT " + SqlText.literal(t) + ", count(*) FROM " + t)
                    .toList());

    /** How many changes of a file version the warehouse applied, and when the last. */
    public record Applied(long changes, OffsetDateTime lastAppliedAt) {}

    private final AgroalDataSource dataSource;

    public StatusRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the database answers at all: the question a frozen one is told apart by. */
    public void ping() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    /** Whether facts wait until the warehouse has caught up with a backlog (OLAP V12). */
    public boolean factsDeferred() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(StarSchemaLoader.ANY_DEFERRAL)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** How many changes the warehouse applied: the count the figures start with, without the others. */
    public long changesApplied() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(CHANGES_APPLIED)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public WarehouseFigures figures() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(FIGURES)) {
            rs.next();
            return new WarehouseFigures(
                    rs.getLong(1),
                    rs.getObject(2, OffsetDateTime.class),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getBigDecimal(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getLong(8),
                    rs.getObject(9, OffsetDateTime.class));
        }
    }

    /** When the latest change applied was committed in OLTP ({@link #LATEST_CHANGE_COMMITTED_AT}). */
    public Optional<OffsetDateTime> latestChangeCommittedAt() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(LATEST_CHANGE_COMMITTED_AT)) {
            return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
        }
    }

    /** Exact row counts per warehouse table; one statement so the figures come from one snapshot. */
    public Map<String, Long> tableRows() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(TABLE_ROWS)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    /** How many changes of each file version the warehouse applied, and when the last, by file id. */
    public Map<Long, Applied> applied(List<FileVersion> files) throws SQLException {
        Map<Long, Applied> applied = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT f.file_id, count(l.change_id), max(l.applied_at)
                          FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[])
                               AS f(file_id, first_id, last_id, source_file)
                          LEFT JOIN change_log l ON l.change_id BETWEEN f.first_id AND f.last_id
                                                AND l.source_file = f.source_file
                         GROUP BY f.file_id""")) {
            ChangeRanges.bind(c, ps, files);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied.put(rs.getLong(1), new Applied(rs.getLong(2), rs.getObject(3, OffsetDateTime.class)));
                }
            }
        }
        return applied;
    }

    /** Facts whose customer, track or date member is missing: all 0 when the star is intact. */
    public List<IngestRecordsRepository.Orphans> danglingFacts() throws SQLException {
        List<IngestRecordsRepository.Orphans> dangling = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(DANGLING_FACTS)) {
            while (rs.next()) {
                dangling.add(new IngestRecordsRepository.Orphans(
                        "fact_invoice_line", rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return dangling;
    }
}
