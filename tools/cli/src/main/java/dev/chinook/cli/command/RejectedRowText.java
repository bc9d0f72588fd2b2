package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One rejected row as the commands print it: where (line, and column when one value is at fault),
 * why, and the value. A row rejected as a whole (an empty row, the header row again) names no
 * column and has no value to show; a field whose quotes cannot be read names its column and has
 * no value either.
 */
final class RejectedRowText {

    private RejectedRowText() {}

    /** A rejected row in the fields' names of the API that returned it. */
    static String of(JsonNode row, String lineField, String columnField) {
        if (!row.hasNonNull(columnField)) {
            return String.format(
                    Locale.ROOT,
                    "  line %d: %s",
                    row.path(lineField).asLong(),
                    row.path("reason").asText());
        }
        String where = String.format(
                Locale.ROOT,
                "  line %d, column %s (%s): %s",
                row.path(lineField).asLong(),
                row.path(columnField).asText(),
                row.path("columnName").asText("-"),
                row.path("reason").asText());
        return row.hasNonNull("value") ? where + "  value: " + row.path("value").asText() : where;
    }
}
