package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.ColumnType;
import dev.chinook.common.contract.TableSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A validated row's image as PostgreSQL's {@code row_to_json} writes the stored row, byte for
 * byte: the ingest then builds the changes of new rows from what it parsed instead of having
 * PostgreSQL return each inserted row and build its JSON (half of inserting a part of new rows).
 * The values are {@link ValueParser}'s canonical text, in the contract's column order. Written
 * straight into UTF-8 bytes: through a string and its encoding, the images cost a third more of
 * the parse.
 */
final class RowImages {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** LocalDateTime's text to the minute and to the second: 2021-01-31T14:05, 2021-01-31T14:05:09. */
    private static final int TO_MINUTES = 16;

    private static final int TO_SECONDS = 19;

    private final ColumnType[] types;
    /** Each column's {@code "name":}, after the opening brace or a comma. */
    private final byte[][] names;

    private byte[] buffer = new byte[512];
    private int length;

    RowImages(TableSpec table) {
        types = table.columns().stream().map(Column::type).toArray(ColumnType[]::new);
        names = new byte[types.length][];
        for (int i = 0; i < types.length; i++) {
            names[i] = ((i == 0 ? "{\"" : ",\"") + table.columns().get(i).name() + "\":")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The image, or null for a value PostgreSQL would store other than as written (then it builds it). */
    byte[] of(String[] values) {
        length = 0;
        for (int i = 0; i < values.length; i++) {
            append(names[i]);
            String value = values[i];
            if (value == null) {
                append(NULL);
                continue;
            }
            switch (types[i]) {
                case INTEGER -> ascii(value);
                case MONEY -> money(value);
                case TEXT -> quoted(value);
                case TIMESTAMP -> {
                    if (!timestamp(value)) {
                        return null;
                    }
                }
            }
        }
        put('}');
        return Arrays.copyOf(buffer, length);
    }

    /** numeric(10,2) prints two decimals; the parser's text has none, one, two, or trailing zeros. */
    private void money(String value) {
        int point = value.indexOf('.');
        int decimals = point < 0 ? 0 : value.length() - point - 1;
        if (decimals > 2) {
            ascii(new BigDecimal(value).setScale(2, RoundingMode.UNNECESSARY).toPlainString());
            return;
        }
        ascii(value);
        if (point < 0) {
            put('.');
        }
        for (int i = decimals; i < 2; i++) {
            put('0');
        }
    }

    /** PostgreSQL's escape_json: the two-character escapes, other control characters as \\u00xx. */
    private void quoted(String value) {
        put('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= ' ' && c < 0x80 && c != '"' && c != '\\') {
                put(c);
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                put(0xc0 | (c >> 6));
                put(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                put(0xf0 | (code >> 18));
                put(0x80 | ((code >> 12) & 0x3f));
                put(0x80 | ((code >> 6) & 0x3f));
                put(0x80 | (code & 0x3f));
            } else if (Character.isSurrogate(c)) {
                // What String.getBytes writes for an unpaired surrogate, and so what COPY stored.
                put('?');
            } else {
                put(0xe0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3f));
                put(0x80 | (c & 0x3f));
            }
        }
        put('"');
    }

    private void escape(char c) {
        put('\\');
        switch (c) {
            case '"' -> put('"');
            case '\\' -> put('\\');
            case '\b' -> put('b');
            case '\f' -> put('f');
            case '\n' -> put('n');
            case '\r' -> put('r');
            case '\t' -> put('t');
            default -> {
                put('u');
                put('0');
                put('0');
                put(HEX[c >> 4]);
                put(HEX[c & 0xf]);
            }
        }
    }

    /**
     * From LocalDateTime's text (seconds left out when zero, fractions in groups of three) to
     * PostgreSQL's (seconds always, fractions without trailing zeros). A fraction finer than a
     * microsecond, which PostgreSQL rounds, is left to it: false.
     */
    private boolean timestamp(String value) {
        put('"');
        if (value.length() == TO_MINUTES) {
            ascii(value);
            ascii(":00");
        } else if (value.length() == TO_SECONDS) {
            ascii(value);
        } else {
            int end = value.length();
            while (value.charAt(end - 1) == '0') {
                end--;
            }
            if (end - TO_SECONDS - 1 > 6) {
                return false;
            }
            ascii(value.substring(0, end));
        }
        put('"');
        return true;
    }

    /** Text the parser made of digits, signs, points and the like: one byte a character. */
    private void ascii(String value) {
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) value.charAt(i);
        }
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void put(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
