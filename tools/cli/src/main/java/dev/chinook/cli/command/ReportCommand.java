package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.JSON;
import static dev.chinook.cli.command.WarehouseCalls.encoded;
import static dev.chinook.cli.command.WarehouseCalls.send;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.PieChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "The dashboard as files, for people who want files, not a server: each analysis as CSV, its "
                + "chart as PNG and SVG, and a one-page HTML summary (index.html). Reads the warehouse service's API.")
final class ReportCommand implements Callable<Integer> {

    /** One chart of the report: the analysis, its title, which field labels and which fields are drawn. */
    record ChartSpec(String analysis, String title, Kind kind, String label, List<String> series, boolean money) {}

    enum Kind {
        LINE,
        BAR,
        PIE
    }

    static final List<ChartSpec> CHARTS = List.of(
            new ChartSpec("revenue-by-month", "Revenue by month", Kind.LINE, "month", List.of("revenue"), true),
            new ChartSpec(
                    "revenue-by-billing-country",
                    "Revenue by billing country",
                    Kind.BAR,
                    "country",
                    List.of("revenue"),
                    true),
            new ChartSpec(
                    "revenue-by-customer-country",
                    "Revenue by customer country (when they bought)",
                    Kind.BAR,
                    "country",
                    List.of("revenue"),
                    true),
            new ChartSpec("sales-by-genre", "Sales by genre", Kind.BAR, "genre", List.of("revenue"), true),
            new ChartSpec(
                    "sales-by-media-type", "Sales by media type", Kind.PIE, "mediaType", List.of("revenue"), true),
            new ChartSpec("top-artists", "Top artists by revenue", Kind.BAR, "artist", List.of("revenue"), true),
            new ChartSpec("top-albums", "Top albums by revenue", Kind.BAR, "album", List.of("revenue"), true),
            new ChartSpec("top-tracks", "Top tracks by units sold", Kind.BAR, "track", List.of("quantity"), false),
            new ChartSpec("customer-value", "Customers by value", Kind.BAR, "customer", List.of("revenue"), true),
            new ChartSpec(
                    "revenue-by-customer-location-then-and-now",
                    "Revenue by customer country: then and now",
                    Kind.BAR,
                    "location",
                    List.of("revenueThen", "revenueNow"),
                    true),
            new ChartSpec(
                    "price-changes",
                    "What price changes did to revenue",
                    Kind.BAR,
                    "track",
                    List.of("revenueAtPriceThen", "revenueAtPriceNow"),
                    true));

    /** Bars a chart shows at most (the CSV has every row). */
    static final int BARS = 15;

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "Warehouse service base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--out", required = true, description = "Directory to write the report to (created if missing).")
    Path out;

    @Option(names = "--from", description = "First invoice date included (ISO, e.g. 2024-01-01).")
    String from;

    @Option(names = "--to", description = "First invoice date excluded (ISO).")
    String to;

    @Option(names = "--top", defaultValue = "10", description = "Rows of the top lists (default: ${DEFAULT-VALUE}).")
    int top;

    private final NumberFormat currency = NumberFormat.getCurrencyInstance(Locale.US);
    private final NumberFormat number = NumberFormat.getNumberInstance(Locale.US);

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(out);
        JsonNode freshness = get("/api/analytics").path("freshness");
        JsonNode summary = analysis("invoice-summary").path(0);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Chinook report</title>")
                .append("<style>body{font-family:sans-serif;margin:1.5rem}img{max-width:100%}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
                .append("</style></head><body><h1>Chinook report</h1><p>")
                .append(escape(period()))
                .append("; last change applied ")
                .append(escape(freshness.path("lastAppliedAt").asText("never")))
                .append("</p>");
        boolean empty = summary.path("invoices").asLong() == 0;
        writeCsv(
                "invoice-summary",
                summary.isMissingNode()
                        ? JSON.createArrayNode()
                        : JSON.createArrayNode().add(summary));
        if (empty) {
            html.append("<p><b>No sales in this period.</b></p>");
        } else {
            html.append("<p>")
                    .append(currency.format(summary.path("revenue").decimalValue()))
                    .append(" revenue, ")
                    .append(number.format(summary.path("invoices").asLong()))
                    .append(" invoices, ")
                    .append(number.format(summary.path("customers").asLong()))
                    .append(" customers, ")
                    .append(currency.format(summary.path("averageInvoice").decimalValue()))
                    .append(" per invoice, ")
                    .append(summary.path("averageQuantity").asText())
                    .append(" units per invoice</p>");
        }
        for (ChartSpec spec : CHARTS) {
            JsonNode rows = analysis(spec.analysis());
            writeCsv(spec.analysis(), rows);
            html.append("<h2>").append(escape(spec.title())).append("</h2>");
            if (rows.isEmpty()) {
                html.append("<p>No data in this period.</p>");
                System.err.println("report: " + spec.analysis() + ": no rows");
                continue;
            }
            Chart<?, ?> chart = chart(spec, rows);
            Path file = out.resolve(spec.analysis());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(
                    chart, file.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            html.append("<img src=\"")
                    .append(spec.analysis())
                    .append(".png\" alt=\"")
                    .append(escape(spec.title()))
                    .append("\"><p><a href=\"")
                    .append(spec.analysis())
                    .append(".svg\">SVG</a> · <a href=\"")
                    .append(spec.analysis())
                    .append(".csv\">CSV</a></p>");
            System.err.println("report: " + spec.analysis() + ": " + rows.size() + " rows");
        }
        JsonNode cohorts = analysis("cohorts");
        writeCsv("cohorts", cohorts);
        html.append("<h2>Cohorts</h2>").append(cohortTable(cohorts)).append("</body></html>\n");
        Files.writeString(out.resolve("index.html"), html, StandardCharsets.UTF_8);
        System.out.println("report written to " + out.toAbsolutePath().resolve("index.html"));
        return 0;
    }

    private Chart<?, ?> chart(ChartSpec spec, JsonNode rows) {
        List<JsonNode> shown = new ArrayList<>();
        rows.forEach(r -> {
            if (spec.kind() == Kind.LINE || shown.size() < BARS) {
                shown.add(r);
            }
        });
        List<String> labels =
                shown.stream().map(r -> shorten(r.path(spec.label()).asText())).toList();
        if (spec.kind() == Kind.PIE) {
            PieChart pie = new PieChartBuilder()
                    .width(900)
                    .height(520)
                    .title(spec.title())
                    .build();
            for (int i = 0; i < shown.size(); i++) {
                pie.addSeries(
                        labels.get(i), shown.get(i).path(spec.series().get(0)).decimalValue());
            }
            return pie;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(520)
                .title(spec.title())
                .build();
        CategoryStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(
                spec.kind() == Kind.LINE
                        ? org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line
                        : org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Bar);
        styler.setLegendVisible(spec.series().size() > 1);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setXAxisLabelRotation(45);
        styler.setYAxisDecimalPattern(spec.money() ? "$#,##0" : "#,##0");
        for (String series : spec.series()) {
            List<BigDecimal> values =
                    shown.stream().map(r -> r.path(series).decimalValue()).toList();
            chart.addSeries(seriesLabel(series), labels, values);
        }
        return chart;
    }

    private JsonNode analysis(String name) throws Exception {
        StringBuilder path = new StringBuilder("/api/analytics/" + name + "?limit=" + top);
        if (from != null) {
            path.append("&from=").append(encoded(from));
        }
        if (to != null) {
            path.append("&to=").append(encoded(to));
        }
        return get(path.toString()).path("rows");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(url.resolve(path)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Every field of every row, with a header from the first row's field names. */
    private void writeCsv(String name, JsonNode rows) throws IOException {
        List<String> header = new ArrayList<>();
        if (!rows.isEmpty()) {
            rows.get(0).fieldNames().forEachRemaining(header::add);
        }
        try (Writer writer = Files.newBufferedWriter(out.resolve(name + ".csv"), StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(
                        writer,
                        CSVFormat.RFC4180
                                .builder()
                                .setHeader(header.toArray(String[]::new))
                                .setRecordSeparator("\n")
                                .get())) {
            for (JsonNode row : rows) {
                List<String> cells = new ArrayList<>();
                for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
                    JsonNode cell = row.path(it.next());
                    cells.add(cell.isNull() ? "" : cell.asText());
                }
                csv.printRecord(cells);
            }
        }
    }

    private String cohortTable(JsonNode cohorts) {
        if (cohorts.isEmpty()) {
            return "<p>No purchases in this period.</p>";
        }
        StringBuilder table = new StringBuilder("<table><tr><th>cohort</th><th>months after</th><th>customers</th>"
                + "<th>of</th><th>retention</th></tr>");
        for (JsonNode r : cohorts) {
            table.append("<tr><td>")
                    .append(escape(r.path("cohort").asText()))
                    .append("</td><td>")
                    .append(r.path("monthsAfter").asInt())
                    .append("</td><td>")
                    .append(r.path("customers").asLong())
                    .append("</td><td>")
                    .append(r.path("cohortSize").asLong())
                    .append("</td><td>")
                    .append(r.path("retention")
                            .decimalValue()
                            .movePointRight(2)
                            .stripTrailingZeros()
                            .toPlainString())
                    .append(" %</td></tr>");
        }
        return table.append("</table>").toString();
    }

    private String period() {
        return from == null && to == null
                ? "All sales"
                : "Sales from " + (from == null ? "the first" : from) + " to "
                        + (to == null ? "the last" : "before " + to);
    }

    /** What a legend says of a series: the fields of the history analyses read as words. */
    static String seriesLabel(String field) {
        return switch (field) {
            case "revenueThen" -> "then";
            case "revenueNow" -> "now";
            case "revenueAtPriceThen" -> "at the price then";
            case "revenueAtPriceNow" -> "at the price now";
            default -> field;
        };
    }

    private static String shorten(String label) {
        return label.length() > 28 ? label.substring(0, 27) + "…" : label;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
