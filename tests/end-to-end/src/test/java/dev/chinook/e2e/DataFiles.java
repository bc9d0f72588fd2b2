package dev.chinook.e2e;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** What the CSV files of a data folder say, read independently of the pipeline's code. */
final class DataFiles {

    private DataFiles() {}

    /** Rows per table after applying every batch in order: distinct keys, the last file wins. */
    static Map<String, Map<String, CSVRecord>> rowsByKey(Iterable<Path> batches) throws IOException {
        Map<String, Map<String, CSVRecord>> tables = new HashMap<>();
        for (Path batch : batches) {
            try (var files = Files.list(batch)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".csv"))
                        .sorted()
                        .toList()) {
                    String table = file.getFileName().toString().replace(".csv", "");
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        for (CSVRecord row : CSVFormat.RFC4180
                                .builder()
                                .setHeader()
                                .setSkipHeaderRecord(true)
                                .get()
                                .parse(in)) {
                            tables.computeIfAbsent(table, t -> new HashMap<>()).put(row.get(0), row);
                        }
                    }
                }
            }
        }
        return tables;
    }

    static BigDecimal sumOf(Map<String, CSVRecord> rows, String column) {
        return rows.values().stream().map(r -> new BigDecimal(r.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
