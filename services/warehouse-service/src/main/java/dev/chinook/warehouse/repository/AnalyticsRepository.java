package dev.chinook.warehouse.repository;

import dev.chinook.warehouse.model.Analysis;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the analysis functions of sql/olap: rows as column name to value, in the function's order. */
@ApplicationScoped
public class AnalyticsRepository {

    /** The period of invoice dates an analysis covers: from inclusive, to exclusive, null open. */
    public record Period(LocalDate from, LocalDate to) {}

    /** How fresh the warehouse is: the last change applied and the commit time of the newest change. */
    public record Freshness(
            OffsetDateTime lastAppliedAt, OffsetDateTime lastCommittedAt, LocalDate firstSale, LocalDate lastSale) {}

    private final AgroalDataSource dataSource;

    public AnalyticsRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Map<String, Object>> run(Analysis analysis, Period period, int limit, String level)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(analysis.call())) {
            ps.setObject(1, period.from() == null ? null : Date.valueOf(period.from()), java.sql.Types.DATE);
            ps.setObject(2, period.to() == null ? null : Date.valueOf(period.to()), java.sql.Types.DATE);
            if (analysis.limited()) {
                ps.setInt(3, limit);
            } else if (analysis.leveled()) {
                ps.setString(3, level);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(camel(meta.getColumnLabel(i)), value instanceof Date d ? d.toLocalDate() : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    public Freshness freshness() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT (SELECT max(applied_at) FROM change_log), (SELECT max(committed_at) FROM change_log),
                               (SELECT min(d.full_date) FROM fact_invoice_line f JOIN dim_date d USING (date_key)
                                 WHERE f.date_key <> -1),
                               (SELECT max(d.full_date) FROM fact_invoice_line f JOIN dim_date d USING (date_key)
                                 WHERE f.date_key <> -1)""");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Freshness(
                    rs.getObject(1, OffsetDateTime.class),
                    rs.getObject(2, OffsetDateTime.class),
                    rs.getObject(3, LocalDate.class),
                    rs.getObject(4, LocalDate.class));
        }
    }

    /** previous_month_revenue to previousMonthRevenue, as the rest of the API names fields. */
    static String camel(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return name.toString();
    }
}
