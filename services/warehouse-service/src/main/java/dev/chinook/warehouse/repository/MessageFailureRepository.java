package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Why a change message failed ({@code message_failure}), in a transaction of its own. */
@ApplicationScoped
public class MessageFailureRepository {

    private static final int EXCERPT = 1_000;

    private final AgroalDataSource dataSource;

    public MessageFailureRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Transactional(TxType.REQUIRES_NEW)
    public void record(String queue, String messageId, boolean permanent, String reason, String body)
            throws SQLException {
        String sql = "INSERT INTO message_failure (queue, message_id, permanent, reason, body_excerpt) "
                + "VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            ps.setString(2, messageId);
            ps.setBoolean(3, permanent);
            ps.setString(4, excerpt(reason));
            ps.setString(5, excerpt(body));
            ps.executeUpdate();
        }
    }

    private static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        String shown =
                text.length() > EXCERPT ? text.substring(0, EXCERPT) + "... (" + text.length() + " characters)" : text;
        return shown.replace("\0", "\\0");
    }
}
