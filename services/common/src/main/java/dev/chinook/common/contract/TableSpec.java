package dev.chinook.common.contract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One table of the CSV contract. The first column is the table's key (the Chinook id).
 * {@code parents} names the tables this one refers to, which fixes the load order.
 */
public record TableSpec(String name, List<Column> columns, List<String> parents) {

    public TableSpec {
        columns = List.copyOf(columns);
        parents = List.copyOf(parents);
    }

    public Column key() {
        return columns.get(0);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The contract column a CSV header names, whether snake_case or Chinook's PascalCase. */
    public Optional<Column> columnForHeader(String header) {
        String wanted = normalise(header);
        return columns.stream().filter(c -> c.matchName().equals(wanted)).findFirst();
    }

    static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char ch : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(ch)) {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
