package dev.chinook.cli.benchmark;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run actually put where it should: rows per OLTP table, and the warehouse's facts, revenue
 * and dimension versions. Compared with {@link ExpectedTotals}, it is the only source of a
 * benchmark's row counts, so rows that never arrived are never counted.
 */
public record LoadedTotals(Map<String, Long> oltpRows, StarTotals star) {

    /** Facts and the two type 2 dimensions; deleted and inferred members aside. */
    public record StarTotals(
            long facts, BigDecimal revenue, long customerVersions, long trackVersions, long customers, long tracks) {}

    /** Rows per table in {@code schema} ({@code public} for the pipeline's OLTP). */
    public static Map<String, Long> oltpRows(Connection c, String schema) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (TableSpec table : ChinookTables.ALL) {
                // Identifiers come from the contract and the two schema names this class is given.
                try (ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM " + Schemas.checked(schema) + "." + table.name())) {
                    rs.next();
                    rows.put(table.name(), rs.getLong(1));
                }
            }
        }
        return rows;
    }

    public static StarTotals star(Connection c, String schema) throws SQLException {
        String s = Schemas.checked(schema) + ".";
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + s + "fact_invoice_line),"
                        + " (SELECT coalesce(sum(extended_amount), 0) FROM " + s + "fact_invoice_line),"
                        + " (SELECT count(*) FROM " + s + "dim_customer WHERE NOT is_inferred AND NOT is_deleted),"
                        + " (SELECT count(*) FROM " + s + "dim_track WHERE NOT is_inferred AND NOT is_deleted),"
                        + " (SELECT count(*) FROM " + s + "dim_customer WHERE is_current AND NOT is_deleted),"
                        + " (SELECT count(*) FROM " + s + "dim_track WHERE is_current AND NOT is_deleted)")) {
            rs.next();
            return new StarTotals(
                    rs.getLong(1),
                    rs.getBigDecimal(2).setScale(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6));
        }
    }

    /** Every way this run differs from what the files say, in words; empty when it matches. */
    public List<String> differencesFrom(ExpectedTotals expected) {
        List<String> differences = new ArrayList<>();
        expected.rowsPerTable().forEach((table, rows) -> {
            long loaded = oltpRows.getOrDefault(table, -1L);
            if (loaded != rows) {
                differences.add(table + ": " + loaded + " rows in OLTP, the files have " + rows);
            }
        });
        if (star == null) {
            return differences;
        }
        compare(differences, "facts", star.facts(), expected.rows("invoice_line"));
        if (star.revenue().compareTo(expected.revenue()) != 0) {
            differences.add("revenue: " + star.revenue() + " in the warehouse, the files sum to " + expected.revenue());
        }
        compare(differences, "customers", star.customers(), expected.rows("customer"));
        compare(differences, "tracks", star.tracks(), expected.rows("track"));
        compare(differences, "customer versions", star.customerVersions(), expected.versions("customer"));
        compare(differences, "track versions", star.trackVersions(), expected.versions("track"));
        return differences;
    }

    private static void compare(List<String> differences, String what, long actual, long expected) {
        if (!Objects.equals(actual, expected)) {
            differences.add(what + ": " + actual + " in the warehouse, the files say " + expected);
        }
    }

    /** The schemas a benchmark reads: the pipeline's databases and the baselines' two. */
    static final class Schemas {
        private static final List<String> KNOWN = List.of("public", "oltp", "star");

        static String checked(String schema) {
            if (!KNOWN.contains(schema)) {
                throw new IllegalArgumentException("not a benchmark schema: " + schema);
            }
            return schema;
        }

        private Schemas() {}
    }
}
