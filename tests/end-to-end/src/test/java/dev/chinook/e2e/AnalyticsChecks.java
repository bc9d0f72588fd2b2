package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;

/**
 * Each analysis of the warehouse's API against independent SQL on OLTP, to the cent. OLTP keeps
 * only the present; what the warehouse remembers (where customers lived, what tracks cost when
 * sold) comes from the first day's files, since every invoice of data/ is older than the change set
 * that moved customers and changed prices: {@code initialCustomers} are the first day's customer
 * rows, {@code repricedTracks} the first day's rows of the tracks the change set repriced.
 */
final class AnalyticsChecks {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String LINE = "l.unit_price * l.quantity";

    private final URI warehouse;
    private final Connection oltp;
    private final Map<String, CSVRecord> initialCustomers;
    private final Map<String, CSVRecord> repricedTracks;

    AnalyticsChecks(
            URI warehouse,
            Connection oltp,
            Map<String, CSVRecord> initialCustomers,
            Map<String, CSVRecord> repricedTracks) {
        this.warehouse = warehouse;
        this.oltp = oltp;
        this.initialCustomers = initialCustomers;
        this.repricedTracks = repricedTracks;
    }

    void all() throws Exception {
        revenueByMonth();
        byBillingCountryGenreAndMediaType();
        topListsAndCustomers();
        invoiceSummaryAndCohorts();
        customerCountryThenAndNow();
        priceChanges();
    }

    void revenueByMonth() throws Exception {
        List<String> api = new ArrayList<>();
        for (JsonNode r : rows("revenue-by-month?from=2022-01-01&to=2024-01-01")) {
            if (r.path("invoices").asLong() > 0) {
                api.add(r.path("month").asText() + " | " + number(r, "revenue") + " | "
                        + r.path("invoices").asLong() + " | "
                        + r.path("quantity").asLong());
            }
        }
        assertThat(api)
                .hasSizeGreaterThan(12)
                .isEqualTo(
                        sql(
                                "SELECT date_trunc('month', i.invoice_date)::date, sum(" + LINE + "), "
                                        + "count(DISTINCT i.invoice_id), sum(l.quantity) FROM invoice_line l JOIN invoice i USING (invoice_id) "
                                        + "WHERE i.invoice_date >= '2022-01-01' AND i.invoice_date < '2024-01-01' GROUP BY 1 ORDER BY 1"));
        // Month over month and year over year, computed here from OLTP's monthly revenue.
        Map<String, BigDecimal> monthly = new java.util.HashMap<>();
        for (String row : sql("SELECT date_trunc('month', i.invoice_date)::date, sum(" + LINE + ") FROM invoice_line l "
                + "JOIN invoice i USING (invoice_id) GROUP BY 1")) {
            String[] cells = row.split(" \\| ");
            monthly.put(cells[0], new BigDecimal(cells[1]));
        }
        JsonNode march = rows("revenue-by-month?from=2023-03-01&to=2023-04-01").get(0);
        assertThat(march.path("month").asText()).isEqualTo("2023-03-01");
        assertThat(march.path("monthOverMonth").decimalValue())
                .isEqualByComparingTo(change(monthly, "2023-03-01", "2023-02-01"));
        assertThat(march.path("yearOverYear").decimalValue())
                .isEqualByComparingTo(change(monthly, "2023-03-01", "2022-03-01"));
    }

    void byBillingCountryGenreAndMediaType() throws Exception {
        assertThat(sorted(rows("revenue-by-billing-country"), "country", "revenue", "invoices"))
                .isEqualTo(sortedSql(
                        "SELECT coalesce(i.billing_country, '(none)'), sum(" + LINE + "), count(DISTINCT i.invoice_id) "
                                + "FROM invoice_line l JOIN invoice i USING (invoice_id) GROUP BY 1 ORDER BY 1"));
        assertThat(sorted(rows("sales-by-genre?from=2024-01-01"), "genre", "quantity", "revenue"))
                .isEqualTo(sortedSql(
                        "SELECT coalesce(g.name, '(none)'), sum(l.quantity), sum(" + LINE + ") FROM invoice_line l "
                                + "JOIN invoice i USING (invoice_id) JOIN track t USING (track_id) LEFT JOIN genre g USING (genre_id) "
                                + "WHERE i.invoice_date >= '2024-01-01' GROUP BY 1 ORDER BY 1"));
        assertThat(sorted(rows("sales-by-media-type"), "mediaType", "quantity", "revenue"))
                .isEqualTo(
                        sortedSql(
                                "SELECT coalesce(m.name, '(none)'), sum(l.quantity), sum(" + LINE
                                        + ") FROM invoice_line l "
                                        + "JOIN track t USING (track_id) LEFT JOIN media_type m USING (media_type_id) GROUP BY 1 ORDER BY 1"));
    }

    void topListsAndCustomers() throws Exception {
        assertThat(listed(rows("top-artists?limit=5"), "artist", "revenue"))
                .isEqualTo(sql("SELECT ar.name, sum(" + LINE + ") FROM invoice_line l JOIN track t USING (track_id) "
                        + "JOIN album al USING (album_id) JOIN artist ar USING (artist_id) GROUP BY ar.artist_id, ar.name "
                        + "ORDER BY 2 DESC, 1 LIMIT 5"));
        assertThat(listed(rows("top-albums?limit=5"), "album", "revenue"))
                .isEqualTo(sql("SELECT al.title, sum(" + LINE + ") FROM invoice_line l JOIN track t USING (track_id) "
                        + "JOIN album al USING (album_id) GROUP BY al.album_id, al.title ORDER BY 2 DESC, 1 LIMIT 5"));
        assertThat(listed(rows("top-tracks?limit=5"), "trackId", "quantity", "revenue"))
                .isEqualTo(sql("SELECT l.track_id, sum(l.quantity), sum(" + LINE + ") FROM invoice_line l "
                        + "GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1 LIMIT 5"));
        assertThat(listed(
                        rows("customer-value?limit=5"),
                        "customerId",
                        "invoices",
                        "revenue",
                        "firstPurchase",
                        "lastPurchase"))
                .isEqualTo(sql("SELECT i.customer_id, count(DISTINCT i.invoice_id), sum(" + LINE + "), "
                        + "min(i.invoice_date)::date, max(i.invoice_date)::date FROM invoice_line l "
                        + "JOIN invoice i USING (invoice_id) GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 5"));
    }

    void invoiceSummaryAndCohorts() throws Exception {
        JsonNode summary = rows("invoice-summary?from=2023-01-01&to=2024-01-01").get(0);
        assertThat(summary.path("invoices").asLong() + " | "
                        + summary.path("customers").asLong() + " | " + number(summary, "revenue") + " | "
                        + number(summary, "averageInvoice"))
                .isEqualTo(sql("SELECT count(DISTINCT i.invoice_id), count(DISTINCT i.customer_id), sum(" + LINE + "), "
                                + "round(sum(" + LINE + ") / count(DISTINCT i.invoice_id), 2) FROM invoice_line l "
                                + "JOIN invoice i USING (invoice_id) WHERE i.invoice_date >= '2023-01-01' "
                                + "AND i.invoice_date < '2024-01-01'")
                        .get(0));
        List<String> firstMonths = new ArrayList<>();
        for (JsonNode r : rows("cohorts")) {
            if (r.path("monthsAfter").asInt() == 0) {
                assertThat(r.path("retention").decimalValue()).isEqualByComparingTo("1");
                firstMonths.add(
                        r.path("cohort").asText() + " | " + r.path("customers").asLong());
            }
        }
        assertThat(firstMonths)
                .isEqualTo(sql("SELECT first_month, count(*) FROM (SELECT customer_id, "
                        + "date_trunc('month', min(invoice_date))::date AS first_month FROM invoice GROUP BY 1) f "
                        + "GROUP BY 1 ORDER BY 1"));
    }

    /** Customers the change set moved: their sales stay where they lived; "now" follows OLTP. */
    void customerCountryThenAndNow() throws Exception {
        String countryThen = initialCustomers.values().stream()
                .map(c -> "WHEN " + c.get("customer_id") + " THEN '"
                        + c.get("country").replace("'", "''") + "'")
                .collect(Collectors.joining(" ", "CASE i.customer_id ", " END"));
        List<String> then = sortedSql("SELECT " + countryThen + ", sum(" + LINE + ") FROM invoice_line l "
                + "JOIN invoice i USING (invoice_id) GROUP BY 1 ORDER BY 1");
        List<String> now =
                sortedSql("SELECT c.country, sum(" + LINE + ") FROM invoice_line l JOIN invoice i USING (invoice_id) "
                        + "JOIN customer c USING (customer_id) GROUP BY 1 ORDER BY 1");
        assertThat(then).isNotEqualTo(now);
        assertThat(sorted(rows("revenue-by-customer-country"), "country", "revenue"))
                .isEqualTo(then);
        JsonNode both = rows("revenue-by-customer-location-then-and-now?level=country");
        assertThat(sorted(filter(both, "revenueThen"), "location", "revenueThen"))
                .isEqualTo(then);
        assertThat(sorted(filter(both, "revenueNow"), "location", "revenueNow")).isEqualTo(now);
    }

    /** Tracks the change set repriced: units sold valued at the first day's price and at OLTP's. */
    void priceChanges() throws Exception {
        String priceThen = repricedTracks.values().stream()
                .map(t -> "WHEN " + t.get("track_id") + " THEN " + t.get("unit_price"))
                .collect(Collectors.joining(" ", "CASE l.track_id ", " END"));
        String ids = String.join(", ", repricedTracks.keySet());
        List<String> expected = sortedSql("SELECT l.track_id, sum(l.quantity), sum(l.quantity * (" + priceThen + ")), "
                + "sum(l.quantity * t.unit_price) FROM invoice_line l JOIN track t USING (track_id) "
                + "WHERE l.track_id IN (" + ids + ") GROUP BY 1");
        assertThat(expected).isNotEmpty();
        assertThat(sorted(rows("price-changes"), "trackId", "quantity", "revenueAtPriceThen", "revenueAtPriceNow"))
                .isEqualTo(expected);
    }

    private JsonNode rows(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(warehouse.resolve("/api/analytics/" + pathAndQuery))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(pathAndQuery + ": " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body()).path("rows");
    }

    private static JsonNode filter(JsonNode rows, String nonZero) {
        var kept = JSON.createArrayNode();
        rows.forEach(r -> {
            if (r.path(nonZero).decimalValue().signum() != 0) {
                kept.add(r);
            }
        });
        return kept;
    }

    /** The fields of each row, joined as the SQL rows are, in the API's order. */
    private static List<String> listed(JsonNode rows, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> cells = new ArrayList<>();
            for (String f : fields) {
                cells.add(r.path(f).isNumber() ? number(r, f) : r.path(f).asText());
            }
            out.add(String.join(" | ", cells));
        }
        return out;
    }

    /** As {@link #listed}, sorted by the first field, as the SQL of the checks orders. */
    private static List<String> sorted(JsonNode rows, String... fields) {
        List<String> out = listed(rows, fields);
        out.sort(java.util.Comparator.comparing(s -> s.split(" \\| ")[0]));
        return out;
    }

    private static String number(JsonNode row, String field) {
        return row.path(field).decimalValue().stripTrailingZeros().toPlainString();
    }

    private static BigDecimal change(Map<String, BigDecimal> monthly, String month, String before) {
        BigDecimal previous = monthly.get(before);
        return monthly.get(month).subtract(previous).divide(previous, 4, RoundingMode.HALF_UP);
    }

    /** The rows of a query sorted by their first cell as {@link #sorted} sorts (not by the database's collation). */
    private List<String> sortedSql(String query) throws SQLException {
        List<String> rows = sql(query);
        rows.sort(java.util.Comparator.comparing(s -> s.split(" \\| ")[0]));
        return rows;
    }

    private List<String> sql(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var st = oltp.createStatement();
                var rs = st.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    cells.add(
                            value instanceof Number n
                                    ? new BigDecimal(n.toString())
                                            .stripTrailingZeros()
                                            .toPlainString()
                                    : String.valueOf(value));
                }
                rows.add(String.join(" | ", cells));
            }
        }
        return rows;
    }
}
