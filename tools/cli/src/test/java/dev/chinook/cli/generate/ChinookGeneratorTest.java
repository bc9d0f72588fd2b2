package dev.chinook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChinookGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void scaleOneHasChinookSizesAndScaleTwoDoublesCustomersInvoicesAndLines() throws IOException {
        generate(dir.resolve("one"), 7, 1);
        generate(dir.resolve("two"), 7, 2);
        Map<String, Integer> expected = ChinookGenerator.initialRowCounts(1);
        assertThat(expected)
                .containsEntry("artist", 275)
                .containsEntry("album", 347)
                .containsEntry("track", 3503)
                .containsEntry("genre", 25)
                .containsEntry("media_type", 5)
                .containsEntry("customer", 59)
                .containsEntry("invoice", 412)
                .containsEntry("invoice_line", 2240);
        for (var e : expected.entrySet()) {
            assertThat(read(dir.resolve("one/01-initial/" + e.getKey() + ".csv")))
                    .hasSize(e.getValue());
        }
        assertThat(read(dir.resolve("two/01-initial/invoice_line.csv"))).hasSize(4480);
        assertThat(read(dir.resolve("two/01-initial/customer.csv"))).hasSize(118);
        assertThat(read(dir.resolve("two/01-initial/track.csv"))).hasSize(3503);
    }

    @Test
    void sameSeedWritesTheSameBytes() throws IOException {
        generate(dir.resolve("a"), 42, 1);
        generate(dir.resolve("b"), 42, 1);
        for (String file : List.of("01-initial/customer.csv", "01-initial/invoice_line.csv", "02-changes/track.csv")) {
            assertThat(Files.readAllBytes(dir.resolve("a/" + file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("b/" + file)));
        }
    }

    @Test
    void invoiceTotalsEqualTheSumOfTheirLinesInBothDays() throws IOException {
        generate(dir, 3, 1);
        for (String day : List.of("01-initial", "02-changes")) {
            Map<String, BigDecimal> sums = new HashMap<>();
            for (CSVRecord line : read(dir.resolve(day + "/invoice_line.csv"))) {
                sums.merge(
                        line.get("invoice_id"),
                        new BigDecimal(line.get("unit_price")).multiply(new BigDecimal(line.get("quantity"))),
                        BigDecimal::add);
            }
            List<CSVRecord> invoices = read(dir.resolve(day + "/invoice.csv"));
            assertThat(invoices).isNotEmpty();
            for (CSVRecord invoice : invoices) {
                assertThat(new BigDecimal(invoice.get("total")))
                        .as("invoice %s", invoice.get("invoice_id"))
                        .isEqualByComparingTo(sums.get(invoice.get("invoice_id")));
            }
        }
    }

    @Test
    void dataHasTheQuirksOfRealExports() throws IOException {
        generate(dir, 20091, 1);
        String customers = Files.readString(dir.resolve("01-initial/customer.csv"));
        String tracks = Files.readString(dir.resolve("01-initial/track.csv"));
        String artists = Files.readString(dir.resolve("01-initial/artist.csv"));
        assertThat(customers)
                .contains("'")
                .containsPattern("[^\\x00-\\x7F]")
                .containsPattern("@[^,\\n]*[^\\x00-\\x7F]");
        assertThat(customers).containsPattern(",0\\d{3,4},"); // postal codes with leading zeros
        assertThat(customers).containsPattern(",,"); // NULLs in optional columns
        assertThat(tracks).contains("\"\"").contains("\\");
        assertThat(artists).containsPattern("\"[^\"\\n]*,[^\"\\n]*\""); // quoted commas
        List<CSVRecord> changed = read(dir.resolve("02-changes/customer.csv"));
        assertThat(changed).isNotEmpty().hasSizeLessThan(59);
        assertThat(read(dir.resolve("02-changes/track.csv"))).isNotEmpty();
        assertThat(Integer.parseInt(
                        read(dir.resolve("02-changes/invoice.csv")).get(0).get("invoice_id")))
                .isEqualTo(413);
    }

    @Test
    void invoicesSpanFiveYearsFrom2021AtAnyScaleAndTheChangeSetComesAfter() throws IOException {
        generate(dir, 5, 3);
        List<CSVRecord> initial = read(dir.resolve("01-initial/invoice.csv"));
        List<CSVRecord> changes = read(dir.resolve("02-changes/invoice.csv"));
        LocalDateTime lastInitial =
                LocalDateTime.parse(initial.get(initial.size() - 1).get("invoice_date"));
        assertThat(LocalDateTime.parse(initial.get(0).get("invoice_date"))).isAfter("2021-01-01T00:00:00");
        assertThat(lastInitial).isBetween("2025-12-20T00:00:00", "2025-12-31T00:00:00");
        assertThat(LocalDateTime.parse(changes.get(0).get("invoice_date"))).isAfter(lastInitial);
        assertThat(LocalDateTime.parse(changes.get(changes.size() - 1).get("invoice_date")))
                .isBefore("2026-07-02T00:00:00");

        // Scale 10,000 writes 4.1 million invoices: its spacing alone, as the files would have it.
        for (int scale : List.of(1, 1_000, 6_379, 10_000, 100_000)) {
            Duration span =
                    ChinookGenerator.betweenInvoices(scale).multipliedBy((long) ChinookGenerator.INVOICES * scale);
            assertThat(span)
                    .as("initial invoices' span at scale %d", scale)
                    .isLessThanOrEqualTo(Duration.ofDays(5 * 365))
                    .isGreaterThan(Duration.ofDays(5 * 365 - 1));
        }
    }

    private static void generate(Path out, long seed, int scale) throws IOException {
        ChinookGenerator.writeDataFolder(out, seed, scale, m -> {});
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)
                    .getRecords();
        }
    }
}
