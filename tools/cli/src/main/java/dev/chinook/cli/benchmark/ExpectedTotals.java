package dev.chinook.cli.benchmark;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What the files say OLTP and the warehouse must hold once a day's files are loaded, read from the
 * files themselves and never from the pipeline: rows per table (a later day's row of a known key
 * replaces it), the revenue of all invoice lines, and how many versions the two type 2 dimensions
 * keep (one per key, plus one per later row whose content differs).
 */
public final class ExpectedTotals {

    private final Map<String, Map<Long, Integer>> rowHashes = new LinkedHashMap<>();
    private final Map<Long, Long> lineCents = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private long rowsRead;

    /** Adds a day's folder of {@code <table>.csv} files, in contract order. */
    public void addDay(Path dir) throws IOException {
        for (TableSpec table : ChinookTables.ALL) {
            Path file = dir.resolve(table.name() + ".csv");
            if (Files.exists(file)) {
                addFile(table, file);
            }
        }
    }

    private void addFile(TableSpec table, Path file) throws IOException {
        Map<Long, Integer> hashes = rowHashes.computeIfAbsent(table.name(), t -> new HashMap<>());
        String key = table.key().name();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build()
                        .parse(reader)) {
            for (CSVRecord row : csv) {
                rowsRead++;
                long id = Long.parseLong(row.get(key));
                int content = row.toList().hashCode();
                Integer before = hashes.put(id, content);
                if (before == null || before != content) {
                    versions.merge(table.name(), 1L, Long::sum);
                }
                if (table == ChinookTables.INVOICE_LINE) {
                    BigDecimal amount = new BigDecimal(row.get("unit_price"))
                            .multiply(new BigDecimal(row.get("quantity")))
                            .movePointRight(2);
                    lineCents.put(id, amount.longValueExact());
                }
            }
        }
    }

    /** Rows in the files read so far, every day counted. */
    public long rowsRead() {
        return rowsRead;
    }

    public long rows(String table) {
        return rowHashes.getOrDefault(table, Map.of()).size();
    }

    public Map<String, Long> rowsPerTable() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (TableSpec table : ChinookTables.ALL) {
            rows.put(table.name(), rows(table.name()));
        }
        return rows;
    }

    /** Versions a type 2 dimension fed by this table keeps. */
    public long versions(String table) {
        return versions.getOrDefault(table, 0L);
    }

    public BigDecimal revenue() {
        return BigDecimal.valueOf(
                lineCents.values().stream().mapToLong(Long::longValue).sum(), 2);
    }
}
