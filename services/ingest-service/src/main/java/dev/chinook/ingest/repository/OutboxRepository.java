package dev.chinook.ingest.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads and removes outbox records; joins the caller's transaction. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class OutboxRepository {

    private final AgroalDataSource dataSource;

    public OutboxRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The oldest unsent changes, locked for this transaction. SKIP LOCKED lets concurrent
     * invocations relay disjoint sets instead of waiting on each other.
     */
    public List<ChangeMessage> lockOldest(int limit) throws SQLException {
        String sql = "SELECT change_id, table_name, row_key, operation, row_image::text, committed_at, source_file "
                + "FROM outbox ORDER BY change_id LIMIT ? FOR UPDATE SKIP LOCKED";
        List<ChangeMessage> changes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String row = rs.getString(5);
                    changes.add(new ChangeMessage(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getLong(3),
                            ChangeMessage.Operation.valueOf(rs.getString(4)),
                            row == null ? null : ChangeCodec.mapper().readTree(row),
                            rs.getTimestamp(6).toInstant(),
                            rs.getString(7)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row image is not JSON", e);
        }
        return changes;
    }

    public void delete(List<Long> changeIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE change_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", changeIds.toArray()));
            ps.executeUpdate();
        }
    }
}
