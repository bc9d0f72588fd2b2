package dev.chinook.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.cli.generate.ChinookGenerator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's checks: what the files say, and every way a run can fall short of it. */
class LoadedTotalsTest {

    @TempDir
    Path dir;

    @Test
    void theFilesSayHowManyRowsVersionsAndHowMuchRevenueMustArrive() throws Exception {
        ChinookGenerator.writeDataFolder(dir, 7, 1, m -> {});
        ExpectedTotals expected = new ExpectedTotals();
        expected.addDay(dir.resolve("01-initial"));
        Map<String, Integer> generated = ChinookGenerator.initialRowCounts(1);
        generated.forEach(
                (table, rows) -> assertThat(expected.rows(table)).as(table).isEqualTo(rows.longValue()));
        assertThat(expected.versions("customer"))
                .isEqualTo(generated.get("customer").longValue());

        expected.addDay(dir.resolve("02-changes"));
        // Moved customers are new versions of known keys, not new customers.
        assertThat(expected.rows("customer"))
                .isEqualTo(generated.get("customer").longValue());
        assertThat(expected.versions("customer")).isGreaterThan(generated.get("customer"));
        assertThat(expected.rows("invoice_line")).isGreaterThan(generated.get("invoice_line"));
        assertThat(expected.revenue()).isPositive();
    }

    @Test
    void aRunMatchingTheFilesHasNoDifferenceAndAnyShortfallIsNamed() throws Exception {
        ChinookGenerator.writeDataFolder(dir, 7, 1, m -> {});
        ExpectedTotals expected = new ExpectedTotals();
        expected.addDay(dir.resolve("01-initial"));
        Map<String, Long> oltp = new LinkedHashMap<>(expected.rowsPerTable());
        LoadedTotals.StarTotals star = new LoadedTotals.StarTotals(
                expected.rows("invoice_line"),
                expected.revenue(),
                expected.versions("customer"),
                expected.versions("track"),
                expected.rows("customer"),
                expected.rows("track"));
        assertThat(new LoadedTotals(oltp, star).differencesFrom(expected)).isEmpty();

        oltp.put("invoice_line", oltp.get("invoice_line") - 1);
        LoadedTotals.StarTotals shortOfOneLine = new LoadedTotals.StarTotals(
                star.facts() - 1,
                star.revenue().subtract(new BigDecimal("0.99")),
                star.customerVersions(),
                star.trackVersions() + 1,
                star.customers(),
                star.tracks());
        assertThat(new LoadedTotals(oltp, shortOfOneLine).differencesFrom(expected))
                .hasSize(4)
                .anyMatch(d -> d.startsWith("invoice_line: "))
                .anyMatch(d -> d.startsWith("facts: "))
                .anyMatch(d -> d.startsWith("revenue: "))
                .anyMatch(d -> d.startsWith("track versions: "));
    }
}
