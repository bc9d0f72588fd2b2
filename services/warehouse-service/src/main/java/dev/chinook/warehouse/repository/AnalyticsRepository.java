package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the analytics views of sql/olap. */
@ApplicationScoped
public class AnalyticsRepository {

    /** One bar of a chart: its label and the revenue. */
    public record Revenue(String label, BigDecimal revenue) {}

    private final AgroalDataSource dataSource;

    public AnalyticsRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Revenue> byMonth() throws SQLException {
        return query(
                "SELECT year || '-' || lpad(month::text, 2, '0'), revenue FROM revenue_by_month ORDER BY year, month");
    }

    public List<Revenue> byCountry() throws SQLException {
        return query("SELECT coalesce(country, '(none)'), revenue FROM revenue_by_country ORDER BY revenue DESC, 1");
    }

    public List<Revenue> byGenre() throws SQLException {
        return query("SELECT coalesce(genre, '(none)'), revenue FROM revenue_by_genre ORDER BY revenue DESC, 1");
    }

    private List<Revenue> query(String sql) throws SQLException {
        List<Revenue> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new Revenue(rs.getString(1), rs.getBigDecimal(2)));
            }
        }
        return rows;
    }
}
