package dev.chinook.common.failure;

import dev.chinook.common.text.StorableText;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Why a message failed, in the {@code message_failure} table of the service's own database and in a
 * transaction of its own, so the record outlives the rollback of the work that failed.
 */
@ApplicationScoped
public class MessageFailureRepository {

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
            ps.setString(4, StorableText.of(reason));
            ps.setString(5, StorableText.of(body));
            ps.executeUpdate();
        }
    }
}
