package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.ColumnType;
import dev.chinook.common.contract.TableSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Text columns of a part that hold {@code NULL} or {@code \N}: valid text, so loaded, but most
 * likely an export's NULL (the contract's NULL is an empty field), which would then show in the
 * warehouse as a company or a state named NULL. The first line of each column is kept, to name it
 * in the file's report.
 */
final class NullMarkersAsText {

    private final Map<String, Long> firstLineByColumn = new LinkedHashMap<>();

    /** A row about to load: its values as {@link ValueParser} returned them, in the table's column order. */
    void seen(TableSpec table, String[] values, long line) {
        for (int i = 0; i < values.length; i++) {
            Column column = table.columns().get(i);
            if (values[i] != null && column.type() == ColumnType.TEXT && ValueParser.isNullMarker(values[i])) {
                firstLineByColumn.putIfAbsent(column.name(), line);
            }
        }
    }

    /** The report's note, if any column held a marker. */
    Optional<String> note() {
        if (firstLineByColumn.isEmpty()) {
            return Optional.empty();
        }
        String columns = firstLineByColumn.entrySet().stream()
                .map(first -> first.getKey() + " (first at line " + first.getValue() + ")")
                .collect(Collectors.joining(", "));
        return Optional.of("NULL or \\N loaded as text in " + columns
                + ": the contract's NULL is an empty field; if the export meant NULL, export NULL as empty");
    }
}
