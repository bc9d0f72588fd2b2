package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each contract column sits in one file's header. Headers may be snake_case or Chinook's
 * PascalCase, in any order, and the key a bare {@code id} when no header names it; columns outside
 * the contract are ignored and listed as warnings.
 */
record HeaderMapping(
        TableSpec table, List<String> headers, int[] positions, int operationPosition, List<String> ignoredHeaders) {

    /** The optional column that marks a row as a delete ({@code D}) instead of an upsert. */
    static final String OPERATION_HEADER = "_op";

    private static final List<Map.Entry<String, String>> OTHER_SEPARATORS =
            List.of(Map.entry(";", "semicolon"), Map.entry("\t", "tab"), Map.entry("|", "bar"));

    static HeaderMapping of(TableSpec table, List<String> headers) {
        int[] positions = new int[table.columns().size()];
        Arrays.fill(positions, -1);
        int operation = -1;
        List<String> ignored = new ArrayList<>();
        boolean keyNamed =
                headers.stream().anyMatch(h -> table.columnForHeader(h.strip()).equals(Optional.of(table.key())));
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i).strip();
            if (header.equalsIgnoreCase(OPERATION_HEADER)) {
                operation = i;
                continue;
            }
            Optional<Column> column = table.columnForHeader(header);
            if (column.isEmpty() && !keyNamed && TableSpec.isBareKeyName(header)) {
                column = Optional.of(table.key());
            }
            if (column.isEmpty()) {
                // pandas writes its index as a first column with no name: listed as it is, it would be invisible.
                ignored.add(header.isEmpty() ? "column " + (i + 1) + " (no name)" : header);
                continue;
            }
            int index = table.columns().indexOf(column.get());
            if (positions[index] >= 0) {
                throw new RejectedFileException("column " + column.get().name()
                        + " appears twice in the header (columns " + (positions[index] + 1) + " and " + (i + 1) + ")");
            }
            positions[index] = i;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0) {
                missing.add(table.columns().get(i).name());
            }
        }
        if (!missing.isEmpty()) {
            throw new RejectedFileException("header lacks column(s) " + String.join(", ", missing) + " of table "
                    + table.name() + " (found: " + String.join(", ", headers) + ")" + otherSeparator(headers)
                    + (missing.size() == positions.length ? dataAsHeader(headers) : ""));
        }
        return new HeaderMapping(table, List.copyOf(headers), positions, operation, List.copyOf(ignored));
    }

    /**
     * A hint for exports separated by something other than commas (spreadsheets set to a European
     * locale write semicolons, others tabs or bars): their header reads as one field.
     */
    private static String otherSeparator(List<String> headers) {
        if (headers.size() != 1) {
            return "";
        }
        return OTHER_SEPARATORS.stream()
                .filter(separator -> headers.get(0).contains(separator.getKey()))
                .map(separator -> "; the header is one field holding " + separator.getValue() + "s: the file looks "
                        + separator.getValue() + "-separated, and files must be comma-separated (RFC 4180)")
                .findFirst()
                .orElse("");
    }

    /**
     * A hint for exports saved without their header row (SQL Server Management Studio's default):
     * the first row then holds a key where a column name would be.
     */
    private static String dataAsHeader(List<String> headers) {
        return headers.size() > 1 && headers.get(0).strip().matches("\\d+")
                ? "; the first row looks like data, not a header: export the file with its column names"
                : "";
    }

    /**
     * Whether a row repeats the header row, as files joined together with their headers hold it
     * ({@code cat day1.csv day2.csv}): compared in the contract's columns, as the header was read.
     */
    boolean isHeaderAgain(List<String> row) {
        for (int position : positions) {
            if (!row.get(position)
                    .strip()
                    .equalsIgnoreCase(headers.get(position).strip())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name a rejection gives the 1-based column {@code number} of the file: its contract
     * column's, else its header's; null past the header.
     */
    String nameOfColumn(int number) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] == number - 1) {
                return table.columns().get(i).name();
            }
        }
        return number <= headers.size() ? headers.get(number - 1) : null;
    }

    /** 0-based position in the CSV record of the i-th contract column. */
    int positionOf(int columnIndex) {
        return positions[columnIndex];
    }
}
