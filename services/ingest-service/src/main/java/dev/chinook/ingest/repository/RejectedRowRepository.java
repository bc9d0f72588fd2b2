package dev.chinook.ingest.repository;

import dev.chinook.common.text.StorableText;
import dev.chinook.ingest.model.Rejection;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.function.Consumer;

/** Rows of a file that were not loaded ({@code rejected_row}). Joins the caller's transaction. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class RejectedRowRepository {

    private final AgroalDataSource dataSource;

    public RejectedRowRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(long fileId, List<Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (Rejection r : rejections) {
                ps.setLong(1, fileId);
                ps.setLong(2, r.lineNumber());
                if (r.columnNumber() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setInt(3, r.columnNumber());
                }
                ps.setString(4, StorableText.of(r.columnName()));
                ps.setString(5, StorableText.of(r.value()));
                ps.setString(6, StorableText.of(r.reason()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Forgets the rejections recorded so far for a file that is rejected as a whole. */
    public void deleteAll(long fileId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM rejected_row WHERE file_id = ?")) {
            ps.setLong(1, fileId);
            ps.executeUpdate();
        }
    }

    /** Rejections of a part that was refused as a whole: its lines are reported by the file's message. */
    public void deleteFromLine(long fileId, long firstLine) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("DELETE FROM rejected_row WHERE file_id = ? AND line_number >= ?")) {
            ps.setLong(1, fileId);
            ps.setLong(2, firstLine);
            ps.executeUpdate();
        }
    }

    /** The file's rejections in line order, for its report. */
    public void forEach(long fileId, Consumer<Rejection> action) throws SQLException {
        String sql = "SELECT line_number, column_number, column_name, value, reason FROM rejected_row "
                + "WHERE file_id = ? ORDER BY line_number, column_number NULLS FIRST";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer column = rs.getObject(2) == null ? null : rs.getInt(2);
                    action.accept(
                            new Rejection(rs.getLong(1), column, rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
    }
}
