package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** chinook report against a stand-in warehouse: every chart as PNG and SVG, every analysis as CSV, one HTML page. */
class ReportCommandTest {

    private static final Map<String, String> ROWS = Map.ofEntries(
            Map.entry(
                    "invoice-summary",
                    "[{\"invoices\":412,\"customers\":59,\"revenue\":2328.60,\"averageInvoice\":5.65,"
                            + "\"averageLines\":5.44,\"averageQuantity\":5.44}]"),
            Map.entry(
                    "revenue-by-month",
                    "[{\"month\":\"2024-01-01\",\"revenue\":35.64,\"invoices\":7},"
                            + "{\"month\":\"2024-02-01\",\"revenue\":37.62,\"invoices\":7}]"),
            Map.entry("revenue-by-billing-country", "[{\"country\":\"USA\",\"revenue\":523.06,\"invoices\":91}]"),
            Map.entry("revenue-by-customer-country", "[{\"country\":\"USA\",\"revenue\":523.06,\"customers\":13}]"),
            Map.entry(
                    "sales-by-genre",
                    "[{\"genre\":\"Rock\",\"quantity\":835,\"revenue\":826.65},"
                            + "{\"genre\":\"Latin, \\\"World\\\"\",\"quantity\":386,\"revenue\":382.14}]"),
            Map.entry(
                    "sales-by-media-type",
                    "[{\"mediaType\":\"MPEG audio file\",\"quantity\":1976,\"revenue\":1956.24}]"),
            Map.entry("top-artists", "[{\"artist\":\"Iron Maiden\",\"revenue\":138.60,\"quantity\":140}]"),
            Map.entry("top-albums", "[{\"album\":\"<Greatest Hits>\",\"artist\":\"Lenny\",\"revenue\":26.73}]"),
            Map.entry("top-tracks", "[{\"trackId\":1,\"track\":\"Intro\",\"quantity\":5,\"revenue\":4.95}]"),
            Map.entry("customer-value", "[{\"customerId\":6,\"customer\":\"Helena Holý\",\"revenue\":49.62}]"),
            Map.entry(
                    "revenue-by-customer-location-then-and-now",
                    "[{\"location\":\"Germany\",\"revenueThen\":156.48,\"revenueNow\":120.00}]"),
            Map.entry("price-changes", "[]"),
            Map.entry(
                    "cohorts",
                    "[{\"cohort\":\"2021-01-01\",\"monthsAfter\":0,\"customers\":8,\"cohortSize\":8,\"retention\":1}]"));

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private StandInWarehouse warehouse;
    private String url;

    @TempDir
    Path out;

    @BeforeEach
    void startStandInWarehouse() throws IOException {
        warehouse = new StandInWarehouse(this::answer);
        url = warehouse.url();
    }

    @AfterEach
    void stop() {
        warehouse.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path + "?" + exchange.getRequestURI().getQuery());
        String name = path.substring("/api/analytics".length()).replaceFirst("^/", "");
        String body = name.isEmpty()
                ? "{\"freshness\":{\"lastAppliedAt\":\"2026-12-01T10:00:00Z\"},\"analyses\":[]}"
                : "{\"rows\":" + ROWS.get(name) + "}";
        StandInWarehouse.reply(exchange, ROWS.containsKey(name) || name.isEmpty() ? 200 : 404, body);
    }

    @Test
    void everyChartIsWrittenAsPngAndSvgWithItsFiguresAsCsvAndOneHtmlPage() throws Exception {
        int exitCode = new CommandLine(new ReportCommand())
                .execute("--url", url, "--out", out.toString(), "--from", "2024-01-01", "--top", "5");

        assertThat(exitCode).isZero();
        for (ReportCommand.ChartSpec chart : ReportCommand.CHARTS) {
            assertThat(out.resolve(chart.analysis() + ".csv")).exists();
            if (chart.analysis().equals("price-changes")) {
                assertThat(out.resolve("price-changes.png")).doesNotExist();
                continue;
            }
            byte[] png = Files.readAllBytes(out.resolve(chart.analysis() + ".png"));
            assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            assertThat(Files.readString(out.resolve(chart.analysis() + ".svg"))).contains("<svg");
        }
        assertThat(Files.readString(out.resolve("sales-by-genre.csv")))
                .isEqualTo("genre,quantity,revenue\nRock,835,826.65\n\"Latin, \"\"World\"\"\",386,382.14\n");
        String html = Files.readString(out.resolve("index.html"));
        assertThat(html)
                .contains("Sales from 2024-01-01 to the last")
                .contains("$2,328.60 revenue, 412 invoices, 59 customers")
                .contains("<img src=\"revenue-by-month.png\"")
                .contains("What price changes did to revenue</h2><p>No data in this period.</p>")
                .contains("<td>2021-01-01</td><td>0</td><td>8</td><td>8</td><td>100 %</td>");
        assertThat(requests).contains("/api/analytics/top-artists?limit=5&from=2024-01-01");
    }
}
