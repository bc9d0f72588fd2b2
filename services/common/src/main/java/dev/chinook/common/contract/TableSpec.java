package dev.chinook.common.contract;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One table of the CSV contract. The first column is the table's key (the Chinook id).
 * {@code references} are the columns that hold another table's key.
 */
public record TableSpec(String name, List<Column> columns, List<Reference> references) {

    /** A column holding the key of {@code parentTable}. */
    public record Reference(String column, String parentTable) {}

    public TableSpec {
        columns = List.copyOf(columns);
        references = List.copyOf(references);
    }

    /** The tables this one refers to. */
    public List<String> parents() {
        return references.stream().map(Reference::parentTable).distinct().toList();
    }

    public int indexOf(String columnName) {
        return columnNames().indexOf(columnName);
    }

    public Column key() {
        return columns.get(0);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The contract column a CSV header names, whether snake_case or Chinook's PascalCase, and
     * whether alone or qualified by a table ({@code artist.name}, as Hive's beeline and other SQL
     * clients head a query's columns): the qualifier is read only when the whole name is no column.
     */
    public Optional<Column> columnForHeader(String header) {
        Optional<Column> named = columnNamed(normalise(header));
        return named.isPresent() ? named : columnNamed(normalise(unqualified(header)));
    }

    /**
     * Whether a header is {@code id}, as Rails, Django and many ORMs name a table's own key
     * ({@code albums.csv}: {@code id,title,artist_id}), alone or qualified ({@code albums.id}).
     */
    public static boolean isBareKeyName(String header) {
        return normalise(unqualified(header)).equals("id");
    }

    private Optional<Column> columnNamed(String normalisedName) {
        return columns.stream()
                .filter(c -> c.matchName().equals(normalisedName))
                .findFirst();
    }

    private static String unqualified(String header) {
        return header.substring(header.lastIndexOf('.') + 1);
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
