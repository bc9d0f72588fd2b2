package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.ColumnType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one field against its contract column and returns it in the form PostgreSQL's COPY
 * reads, or null for an empty field (the contract's NULL).
 */
final class ValueParser {

    private static final BigDecimal MONEY_LIMIT = new BigDecimal("100000000"); // numeric(10,2)

    /**
     * Years a sale can have happened in. Outside them a date is a typo or a placeholder (year 0000
     * even breaks PostgreSQL's COPY), not a sale.
     */
    private static final int FIRST_YEAR = 1900;

    private static final int LAST_YEAR = 2999;

    /**
     * Formats seen in real exports besides ISO-8601 ({@link #OTHER_EXPORTS} reads that): Chinook's
     * SQL dumps and spreadsheets, which resolve a day past the month's end to its last day.
     */
    private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"));

    /**
     * What other exports write, an offset converted to UTC: a fraction of a second of any length
     * ({@code 2021-01-31 14:05:09.0} from JDBC tools), an offset after a space or in a short form
     * ({@code +00} from psql's timestamptz, {@code +0000} from Snowflake) and {@code UTC}
     * (BigQuery, read as {@code Z}). Strict: a day past the month's end is refused.
     */
    private static final DateTimeFormatter OTHER_EXPORTS = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendPattern("[ ]['T']")
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .appendPattern("[ ]")
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private static final String UTC_SUFFIX = " UTC";

    /** 1/31/2021, 31.01.2021, 01-31-21: a date as a spreadsheet shows it in its locale. */
    private static final Pattern DAY_AND_MONTH_FIRST = Pattern.compile("\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b");

    /**
     * Which of day and month comes first depends on the locale of whoever saved the file, so such
     * a date is refused, not guessed; the fix is in the spreadsheet.
     */
    private static final String SPREADSHEET_DATE = "it reads as a spreadsheet's local date, whose day and month"
            + " order depends on its locale; format the column as yyyy-mm-dd hh:mm:ss before saving";

    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{9,10}(\\.\\d+)?");
    private static final Pattern UNIX_MILLISECONDS = Pattern.compile("\\d{12,13}");

    /** Five digits: the days Excel counts from its day zero, 1927 to 2173. */
    private static final Pattern SERIAL_DAY = Pattern.compile("\\d{5}(\\.\\d+)?");

    /** The day before Excel's day 1, for dates since March 1900: its calendar counts a 29 February 1900. */
    private static final LocalDate SPREADSHEET_DAY_ZERO = LocalDate.of(1899, 12, 30);

    private static final Pattern CURRENCY = Pattern.compile("[$\u20ac\u00a3\u00a5]|^[A-Z]{3}\\s|\\s[A-Z]{3}$");
    private static final String GROUPING = "[,' \u00a0]";
    private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(" + GROUPING + "\\d{3})+(\\.\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d{1,2}");

    private ValueParser() {}

    static String parse(Column column, String raw) throws InvalidValueException {
        if (raw == null || raw.isEmpty()) {
            if (column.required()) {
                throw new InvalidValueException("required value is empty");
            }
            return null;
        }
        try {
            return switch (column.type()) {
                case INTEGER -> integer(column, raw);
                case TEXT -> text(column, raw);
                case MONEY -> money(column, raw);
                case TIMESTAMP -> timestamp(raw);
            };
        } catch (InvalidValueException e) {
            String hint = howAnotherToolWroteIt(column.type(), raw.strip());
            throw hint == null ? e : new InvalidValueException(e.getMessage() + ": " + hint);
        }
    }

    /**
     * Why a refused value is how another tool writes what the contract writes otherwise, and how
     * to write it; null when it is not. Said rather than guessed: a day-and-month order or a
     * thousands separator read the wrong way would load a different value without a word.
     */
    private static String howAnotherToolWroteIt(ColumnType type, String value) {
        if (isNullMarker(value)) {
            return value + " is how some exports write NULL; the contract's NULL is an empty field";
        }
        return switch (type) {
            case INTEGER, MONEY -> spreadsheetNumber(value);
            case TIMESTAMP -> timestampAsANumber(value);
            case TEXT -> null;
        };
    }

    /**
     * Why a timestamp written as another tool counts time is not read: a spreadsheet's local date,
     * its serial day number (a date cell formatted as a number), or Unix time (JSON and log
     * exports). The instant it would count is said, not loaded: seconds and milliseconds, or
     * a number that only looks like a date, cannot be told apart from the value alone.
     */
    private static String timestampAsANumber(String value) {
        if (DAY_AND_MONTH_FIRST.matcher(value).lookingAt()) {
            return SPREADSHEET_DATE;
        }
        String whole = value.contains(".") ? value.substring(0, value.indexOf('.')) : value;
        if (UNIX_SECONDS.matcher(value).matches()) {
            return "it reads as Unix time, seconds since 1970 (" + whole + " is "
                    + Instant.ofEpochSecond(Long.parseLong(whole)) + "); write the timestamp itself (ISO-8601)";
        }
        if (UNIX_MILLISECONDS.matcher(value).matches()) {
            return "it reads as Unix time in milliseconds (" + whole + " is "
                    + Instant.ofEpochMilli(Long.parseLong(whole)) + "); write the timestamp itself (ISO-8601)";
        }
        if (SERIAL_DAY.matcher(value).matches()) {
            return "it reads as a spreadsheet's serial day number (" + whole + " is "
                    + SPREADSHEET_DAY_ZERO.plusDays(Long.parseLong(whole))
                    + " in Excel's calendar); format the column as yyyy-mm-dd hh:mm:ss before saving";
        }
        return null;
    }

    /**
     * Whether a field is how other tools write NULL where the contract writes an empty field:
     * {@code NULL} (SQL Server's grids, many database tools) or {@code \N} (MySQL's and
     * PostgreSQL's text exports). In a text column it is a valid value and loads as text.
     */
    static boolean isNullMarker(String value) {
        return value.equalsIgnoreCase("null") || value.equals("\\N");
    }

    /**
     * Why a number that a spreadsheet shows formatted is not read, and how to write it; null for
     * anything else. Thousands separators and currency signs are a cell's format, and a decimal
     * comma its locale's; guessing them could read 1,234 as a thousand times what was meant.
     */
    private static String spreadsheetNumber(String value) {
        Matcher currency = CURRENCY.matcher(value);
        if (currency.find()) {
            String amount = currency.replaceAll("").strip();
            return value + " holds a currency sign; write the amount alone (" + amount + ")";
        }
        if (THOUSANDS.matcher(value).matches()) {
            return value + " has thousands separators; write it without them (" + value.replaceAll(GROUPING, "") + ")";
        }
        if (DECIMAL_COMMA.matcher(value).matches()) {
            return value + " has a decimal comma, as some locales write; write a decimal point ("
                    + value.replace(',', '.') + ")";
        }
        return null;
    }

    private static String integer(Column column, String raw) throws InvalidValueException {
        int plain = plainDigits(raw, 0, raw.length());
        int value;
        if (plain >= 0) {
            value = plain;
        } else {
            try {
                value = Integer.parseInt(withoutZeroFraction(raw.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidValueException("not an integer");
            }
        }
        if (value < column.minimum()) {
            throw new InvalidValueException("must be " + column.minimum() + " or more");
        }
        return plain >= 0 ? raw : Integer.toString(value);
    }

    /**
     * The number that the characters from {@code from} to {@code to} spell when they are how
     * nearly every export writes one (one to nine digits, no leading zero but in 0 itself), and so
     * already the text this parser returns; -1 for anything else, which then takes the general
     * way. Read here, the digits of a scale-1000 line file's four integer columns cost a third of
     * what parsing and printing them again did under the function's compiler (C1).
     */
    private static int plainDigits(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 9 || (text.charAt(from) == '0' && length > 1)) {
            return -1;
        }
        return digits(text, from, length);
    }

    /**
     * {@code 12.0} as {@code 12}: pandas writes every value of an integer column that has a NULL
     * as a float, and spreadsheets may add zero decimals. A fraction that is not zero stays an error.
     */
    private static String withoutZeroFraction(String text) {
        int point = text.indexOf('.');
        if (point <= 0 || point == text.length() - 1) {
            return text;
        }
        for (int i = point + 1; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return text;
            }
        }
        return text.substring(0, point);
    }

    private static String text(Column column, String raw) throws InvalidValueException {
        int length = raw.codePointCount(0, raw.length());
        if (length > column.maxLength()) {
            throw new InvalidValueException("longer than " + column.maxLength() + " characters (" + length + ")");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidValueException("contains a NUL character");
        }
        return raw;
    }

    private static String money(Column column, String raw) throws InvalidValueException {
        if (isPlainAmount(raw) && column.minimum() <= 0) {
            return raw;
        }
        String text = raw.trim();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("not a decimal number");
        }
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw new InvalidValueException("exponent notation is not accepted for money: write it out (1500.00)");
        }
        if (value.compareTo(BigDecimal.valueOf(column.minimum())) < 0) {
            throw new InvalidValueException("must not be negative");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new InvalidValueException("more than 2 decimal places");
        }
        if (value.abs().compareTo(MONEY_LIMIT) >= 0) {
            throw new InvalidValueException("out of range for numeric(10,2)");
        }
        return value.toPlainString();
    }

    /**
     * An amount as exports write it, within numeric(10,2) and not negative: up to eight digits
     * (no leading zero but in 0 itself), then a point and one or two more, or none. BigDecimal
     * prints such text as it is, so it is returned as it is, without building one.
     */
    private static boolean isPlainAmount(String raw) {
        int point = raw.indexOf('.');
        if (point < 0) {
            return raw.length() <= 8 && plainDigits(raw, 0, raw.length()) >= 0;
        }
        int decimals = raw.length() - point - 1;
        return point <= 8
                && decimals >= 1
                && decimals <= 2
                && plainDigits(raw, 0, point) >= 0
                && digits(raw, point + 1, decimals) >= 0;
    }

    private static String timestamp(String raw) throws InvalidValueException {
        LocalDateTime value = dateTime(raw.trim());
        if (value.getYear() < FIRST_YEAR || value.getYear() > LAST_YEAR) {
            throw new InvalidValueException(
                    "year " + value.getYear() + " is outside " + FIRST_YEAR + " to " + LAST_YEAR);
        }
        return value.toString();
    }

    /**
     * The shapes nearly every export uses (2021-01-31T14:05:09, 2021-01-31 14:05:09, 2021-01-31),
     * read digit by digit: through the formatters a value cost 1.4 to 4.5 µs, most of it the
     * exceptions of the formats tried before the one that fits. Null for any other shape and for
     * a field out of range, which the formatters resolve or word as an error, as before.
     */
    private static LocalDateTime commonShape(String value) {
        int length = value.length();
        if ((length != 10 && length != 19) || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return null;
        }
        boolean withTime = length == 19;
        if (withTime
                && ((value.charAt(10) != 'T' && value.charAt(10) != ' ')
                        || value.charAt(13) != ':'
                        || value.charAt(16) != ':')) {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        int hour = withTime ? digits(value, 11, 2) : 0;
        int minute = withTime ? digits(value, 14, 2) : 0;
        int second = withTime ? digits(value, 17, 2) : 0;
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number the {@code count} characters from {@code from} spell, or -1 if one is not a digit. */
    private static int digits(String value, int from, int count) {
        int number = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static LocalDateTime dateTime(String value) throws InvalidValueException {
        LocalDateTime common = commonShape(value);
        if (common != null) {
            return common;
        }
        for (DateTimeFormatter format : LOCAL_FORMATS) {
            try {
                return LocalDateTime.parse(value, format);
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return LocalDate.parse(value).atStartOfDay();
        } catch (DateTimeParseException ignored) {
            // try with an offset
        }
        String text =
                value.regionMatches(true, value.length() - UTC_SUFFIX.length(), UTC_SUFFIX, 0, UTC_SUFFIX.length())
                        ? value.substring(0, value.length() - UTC_SUFFIX.length()) + "Z"
                        : value;
        try {
            TemporalAccessor parsed = OTHER_EXPORTS.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime withOffset
                    ? withOffset.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : (LocalDateTime) parsed;
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("not a timestamp (expected ISO-8601 such as 2021-01-31T14:05:00)");
        }
    }
}
