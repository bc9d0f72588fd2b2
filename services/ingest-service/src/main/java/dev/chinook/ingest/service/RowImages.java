package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A validated row's image as PostgreSQL's {@code row_to_json} writes the stored row, byte for
 * byte: the ingest then builds the changes of new rows from what it parsed instead of having
 * PostgreSQL return each inserted row and build its JSON (half of inserting a part of new rows).
 * The values are {@link ValueParser}'s canonical text, in the contract's column order.
 */
final class RowImages {

    private RowImages() {}

    /** The image, or null for a value PostgreSQL would store other than as written (then it builds it). */
    static byte[] of(TableSpec table, String[] values) {
        StringBuilder json = new StringBuilder(256).append('{');
        for (int i = 0; i < values.length; i++) {
            Column column = table.columns().get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(column.name()).append("\":");
            String value = values[i];
            if (value == null) {
                json.append("null");
                continue;
            }
            switch (column.type()) {
                case INTEGER -> json.append(value);
                case MONEY ->
                    json.append(new BigDecimal(value)
                            .setScale(2, RoundingMode.UNNECESSARY)
                            .toPlainString());
                case TEXT -> quoted(json, value);
                case TIMESTAMP -> {
                    if (!timestamp(json, value)) {
                        return null;
                    }
                }
            }
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** PostgreSQL's escape_json: the two-character escapes, other control characters as \\u00xx. */
    private static void quoted(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < ' ') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * From LocalDateTime's text (seconds left out when zero, fractions in groups of three) to
     * PostgreSQL's (seconds always, fractions without trailing zeros). A fraction finer than a
     * microsecond, which PostgreSQL rounds, is left to it: false.
     */
    private static boolean timestamp(StringBuilder json, String value) {
        int start = json.append('"').length();
        json.append(value);
        if (value.length() == "2021-01-31T14:05".length()) {
            json.append(":00");
        } else if (value.length() > "2021-01-31T14:05:09".length()) {
            int end = json.length();
            while (json.charAt(end - 1) == '0') {
                end--;
            }
            int point = json.indexOf(".", start);
            if (end - point - 1 > 6) {
                return false;
            }
            json.setLength(end);
        }
        json.append('"');
        return true;
    }
}
