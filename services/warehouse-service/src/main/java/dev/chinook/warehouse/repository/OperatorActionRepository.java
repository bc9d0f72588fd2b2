package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The audit of what operators did ({@code operator_action}), each entry in a transaction of its own. */
@ApplicationScoped
public class OperatorActionRepository {

    public record OperatorAction(
            long id,
            String action,
            String target,
            String selection,
            String caller,
            String outcome,
            int messages,
            OffsetDateTime actedAt) {}

    private final AgroalDataSource dataSource;

    public OperatorActionRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void record(String action, String target, String selection, String caller, String outcome, int messages)
            throws SQLException {
        String sql = "INSERT INTO operator_action (action, target, selection, caller, outcome, messages) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, action);
            ps.setString(2, target);
            ps.setString(3, selection);
            ps.setString(4, caller);
            ps.setString(5, outcome);
            ps.setInt(6, messages);
            ps.executeUpdate();
        }
    }

    public List<OperatorAction> latest(int limit) throws SQLException {
        String sql = "SELECT action_id, action, target, selection, caller, outcome, messages, acted_at "
                + "FROM operator_action ORDER BY action_id DESC LIMIT ?";
        List<OperatorAction> actions = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actions.add(new OperatorAction(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getInt(7),
                            rs.getObject(8, OffsetDateTime.class)));
                }
            }
        }
        return actions;
    }
}
