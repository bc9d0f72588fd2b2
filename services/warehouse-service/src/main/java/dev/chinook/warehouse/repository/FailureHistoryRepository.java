package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The recorded failures of messages ({@code message_failure}): of ingest-events in OLTP, where the
 * function records them, of oltp-changes in OLAP. A dead letter's first and last failure come from here.
 */
@ApplicationScoped
public class FailureHistoryRepository {

    /** How often a message failed, when first and last, and the last reason recorded. */
    public record Span(int failures, Instant firstFailedAt, Instant lastFailedAt, String lastReason) {}

    private static final String SPANS = """
            SELECT message_id, count(*), min(failed_at), max(failed_at), (array_agg(reason ORDER BY failure_id DESC))[1]
              FROM message_failure WHERE queue = ? AND message_id = ANY (?) GROUP BY message_id""";

    private final AgroalDataSource olap;
    private final AgroalDataSource oltp;

    public FailureHistoryRepository(AgroalDataSource olap, @DataSource("oltp") AgroalDataSource oltp) {
        this.olap = olap;
        this.oltp = oltp;
    }

    /** By message id; a message with no recorded failure is absent. */
    public Map<String, Span> spans(String queue, Collection<String> messageIds) throws SQLException {
        Map<String, Span> spans = new HashMap<>();
        if (messageIds.isEmpty()) {
            return spans;
        }
        AgroalDataSource database = queue.equals("ingest-events") ? oltp : olap;
        try (Connection c = database.getConnection();
                PreparedStatement ps = c.prepareStatement(SPANS)) {
            ps.setString(1, queue);
            ps.setArray(2, c.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    spans.put(
                            rs.getString(1),
                            new Span(
                                    rs.getInt(2),
                                    rs.getObject(3, OffsetDateTime.class).toInstant(),
                                    rs.getObject(4, OffsetDateTime.class).toInstant(),
                                    rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return spans; // the ingest has not migrated OLTP yet: nothing recorded
            }
            throw e;
        }
        return spans;
    }
}
