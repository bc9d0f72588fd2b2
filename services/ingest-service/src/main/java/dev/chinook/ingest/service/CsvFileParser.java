package dev.chinook.ingest.service;

import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.ingest.model.Rejection;
import dev.chinook.ingest.model.ResumePoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams one CSV file (UTF-8, optional BOM, RFC 4180, header row) and hands every data row,
 * already checked against the contract, to a {@link RowSink}: valid rows as COPY-ready values,
 * invalid ones as rejections naming line, column and reason. Memory stays flat in the file size.
 */
final class CsvFileParser {

    static final String EMPTY_ROW =
            "empty row: every field is empty (a spreadsheet writes such rows where cells below its data were"
                    + " once edited or formatted)";

    static final String HEADER_AGAIN = "the header row again: were files joined together with their header rows?"
            + " Only a file's first line is its header";

    static final String TEXT_AFTER_QUOTE_REASON = "text follows the closing quote of a quoted field; quote the whole"
            + " field and write each \" inside it as \"\" (\"12\"\" Single\")";

    /** The parser's words for text after a closing quote, with its line and character position. */
    private static final Pattern TEXT_AFTER_QUOTE = Pattern.compile(
            "Invalid character between encapsulated token and delimiter at line: ([\\d,]+), position: ([\\d,]+)");

    /**
     * Empty lines are read as records (of one empty field) and skipped here: the parser's own
     * skipping hid them from the line count, and the row after one was reported a line too early.
     */
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    interface RowSink {
        /** A valid row; {@code delete} rows carry only their key. */
        void accept(long lineNumber, boolean delete, String[] values);

        void reject(Rejection rejection);
    }

    /**
     * What one part of the file held besides its rows, and where each contract column was.
     *
     * @param rows data records of this part
     * @param lastLine the physical line this part ended on
     * @param more whether records remain after this part
     * @param nextOffset where the next record begins, in bytes of the file's text (-1 if none)
     * @param nullMarkers text columns of this part holding an export's NULL marker
     */
    record ParseSummary(
            long rows,
            HeaderMapping mapping,
            long lastLine,
            boolean more,
            long nextOffset,
            NullMarkersAsText nullMarkers) {

        List<String> ignoredHeaders() {
            return mapping.ignoredHeaders();
        }

        /** 1-based column number of a contract column in this file. */
        int columnNumber(String column) {
            return mapping.positionOf(mapping.table().indexOf(column)) + 1;
        }
    }

    private CsvFileParser() {}

    /** The whole file. */
    static ParseSummary parse(InputStream in, TableSpec table, RowSink sink) {
        return parse(in, table, sink, 0, Long.MAX_VALUE);
    }

    /**
     * One part of the file: the data records after the first {@code skip} (read, not checked) and
     * at most {@code max} of them. Line numbers are always those of the whole file.
     */
    static ParseSummary parse(InputStream in, TableSpec table, RowSink sink, long skip, long max) {
        try (Utf8Text text = Utf8Text.ofFile(in);
                CSVParser parser = parser(text)) {
            Part part = new Part(parser, parser.iterator(), text, 0, 0);
            CSVRecord header = header(part.records(), table);
            HeaderMapping mapping = HeaderMapping.of(table, header.toList());
            long lineAfterPrevious = parser.getCurrentLineNumber();
            LineStart anchor = new LineStart(0, 1);
            for (long skipped = 0; skipped < skip; ) {
                Read read = read(part, lineAfterPrevious + 1, anchor, mapping);
                if (read == null) {
                    break;
                }
                part = read.part();
                anchor = read.anchor();
                lineAfterPrevious = read.lineAfter();
                if (read.record() != null) {
                    text.forgetBefore(part.positionOf(read.record()));
                }
                if (read.isRow()) {
                    skipped++;
                }
            }
            return rows(part, anchor, lineAfterPrevious, mapping, max, sink);
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * One part of the file that starts at byte {@code from.byteOffset()}: {@code head} is the
     * file's first bytes, its header row among them, and {@code rest} the file from the offset.
     * Empty when the header row does not end within {@code head} (the caller then reads the file
     * from its start).
     */
    static Optional<ParseSummary> parseFrom(
            byte[] head, InputStream rest, ResumePoint from, TableSpec table, RowSink sink, long max) {
        HeaderMapping mapping;
        try (Utf8Text text = Utf8Text.ofFile(new ByteArrayInputStream(head));
                CSVParser parser = parser(text)) {
            var records = parser.iterator();
            CSVRecord header = header(records, table);
            if (head.length < from.byteOffset() && !startsAnother(records)) {
                return Optional.empty();
            }
            mapping = HeaderMapping.of(table, header.toList());
        } catch (UncheckedIOException | IOException e) {
            return Optional.empty(); // the head ends inside the header row
        }
        try (Utf8Text text = Utf8Text.from(rest, from.byteOffset(), from.lines());
                CSVParser parser = parser(text)) {
            Part part = new Part(parser, parser.iterator(), text, from.lines(), 0);
            return Optional.of(rows(part, new LineStart(0, from.lines() + 1), from.lines(), mapping, max, sink));
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * A parser over part of a file's text whose line numbers count from {@code lineBase} and whose
     * character positions count from {@code charBase} of the text.
     */
    private record Part(CSVParser parser, Iterator<CSVRecord> records, Utf8Text text, long lineBase, long charBase) {

        long positionOf(CSVRecord record) {
            return charBase + record.getCharacterPosition();
        }

        long lineAfterLast() {
            return lineBase + parser.getCurrentLineNumber();
        }
    }

    /** Where physical line {@code line} starts in the text: a record read, or the start of a part. */
    private record LineStart(long position, long line) {}

    /**
     * What was read next, starting on {@code line}: a record, or a row the parser could not read
     * ({@code malformed}), after which reading went on from the next line with {@code part}'s new
     * parser.
     */
    private record Read(Part part, CSVRecord record, long line, Rejection malformed) {

        boolean isRow() {
            return record == null || !isEmptyLine(record);
        }

        long lineAfter() {
            return record == null ? part.lineBase() : part.lineAfterLast();
        }

        /** Where the next unreadable row is looked for from: this record, or where reading went on. */
        LineStart anchor() {
            return record == null
                    ? new LineStart(part.charBase(), part.lineBase() + 1)
                    : new LineStart(part.positionOf(record), line);
        }
    }

    private static ParseSummary rows(
            Part part, LineStart anchor, long lineAfterPrevious, HeaderMapping mapping, long max, RowSink sink)
            throws IOException {
        NullMarkersAsText nullMarkers = new NullMarkersAsText();
        long rows = 0;
        // Empty lines after the part's last row go with it: a next part starts at a row, and
        // empty lines at the end of a file leave none.
        CSVRecord next = null;
        while (next == null) {
            long line = lineAfterPrevious + 1;
            Read read = read(part, line, anchor, mapping);
            if (read == null) {
                break;
            }
            part = read.part();
            if (read.record() != null && read.isRow() && rows >= max) {
                next = read.record();
                continue;
            }
            anchor = read.anchor();
            lineAfterPrevious = read.lineAfter();
            if (read.record() == null) {
                // Taken in this part even when it is full: a part never starts at a row it cannot read.
                rows++;
                sink.reject(read.malformed());
                continue;
            }
            part.text().forgetBefore(part.positionOf(read.record()));
            if (read.isRow()) {
                rows++;
                checkRow(read.record(), line, mapping, sink, nullMarkers);
            }
        }
        long nextOffset = next == null ? -1 : part.text().byteOffsetOf(part.positionOf(next));
        return new ParseSummary(rows, mapping, lineAfterPrevious, next != null, nextOffset, nullMarkers);
    }

    /**
     * The next record, null at the end. A row the parser cannot read (text after a closing quote,
     * a quoted field that never closes or runs past {@link Utf8Text#MAX_KEPT_CHARS}) is rejected by
     * the line it starts on, and reading goes on at the line after that one: one such row no
     * longer refuses the whole file, and the lines a wrong quote joined to it are read, loaded or
     * rejected each, rather than lost with it.
     */
    private static Read read(Part part, long line, LineStart anchor, HeaderMapping mapping) throws IOException {
        try {
            if (!part.records().hasNext()) {
                return null;
            }
            return new Read(part, part.records().next(), line, null);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof StrictUtf8Reader.NotUtf8Exception) {
                throw e;
            }
            Rejection rejection = unreadableRow(e.getCause(), line, part, mapping);
            Utf8Text text = part.text();
            long resumeAt = anchor.position();
            try {
                for (long l = anchor.line(); l <= line; l++) {
                    resumeAt = text.startOfLineAfter(resumeAt);
                }
            } catch (Utf8Text.RecordTooLongException tooLong) {
                throw new RejectedFileException("file is not readable as CSV: line " + line
                        + ": the line runs on for more than " + Utf8Text.maxKeptChars() + " characters");
            }
            text.rewindTo(resumeAt);
            CSVParser parser = parser(text);
            return new Read(new Part(parser, parser.iterator(), text, line, resumeAt), null, line, rejection);
        }
    }

    /** The rejection of the row starting on {@code line} that the parser failed on; the file's when it is no quote. */
    private static Rejection unreadableRow(IOException cause, long line, Part part, HeaderMapping mapping) {
        String message = String.valueOf(cause.getMessage());
        Matcher at = TEXT_AFTER_QUOTE.matcher(message);
        String quote;
        if (cause instanceof Utf8Text.RecordTooLongException) {
            quote = "does not close within " + Utf8Text.maxKeptChars() + " characters";
        } else if (message.contains("EOF reached before encapsulated token finished")) {
            quote = "the file ends before its closing quote";
        } else if (!at.find()) {
            throw new RejectedFileException("file is not readable as CSV: line " + line + ": " + message);
        } else if (part.lineBase() + number(at.group(1)) != line) {
            quote = "closes on line " + (part.lineBase() + number(at.group(1))) + " with text after its closing quote";
        } else {
            Integer column = part.text()
                    .lineUpTo(part.charBase() + number(at.group(2)))
                    .map(CsvFileParser::columnAt)
                    .orElse(null);
            return new Rejection(
                    line, column, column == null ? null : mapping.nameOfColumn(column), null, TEXT_AFTER_QUOTE_REASON);
        }
        return Rejection.ofRow(
                line,
                "a quoted field opens in this row and " + quote + "; the lines after this one are read as rows of"
                        + " their own; a \" inside a quoted field is written \"\"");
    }

    /** A number as the parser writes it in its messages, with thousands separators. */
    private static long number(String written) {
        return Long.parseLong(written.replace(",", ""));
    }

    /** The 1-based field a line's text ends in: delimiters outside quotes, counted. */
    private static int columnAt(String lineText) {
        int column = 1;
        boolean quoted = false;
        for (int i = 0; i < lineText.length(); i++) {
            char c = lineText.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                column++;
            }
        }
        return column;
    }

    /** Whether a record follows, though the head may cut it short: then the header row ended. */
    private static boolean startsAnother(Iterator<CSVRecord> records) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            return true;
        }
    }

    private static CSVParser parser(Reader text) throws IOException {
        return CSVParser.builder().setReader(text).setFormat(FORMAT).get();
    }

    private static CSVRecord header(Iterator<CSVRecord> records, TableSpec table) {
        while (records.hasNext()) {
            CSVRecord record = records.next();
            if (!isEmptyLine(record)) {
                return record;
            }
        }
        throw new RejectedFileException("file is empty: expected a header row naming the columns of " + table.name());
    }

    private static boolean isEmptyLine(CSVRecord record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    private static void checkRow(
            CSVRecord record, long line, HeaderMapping mapping, RowSink sink, NullMarkersAsText nullMarkers) {
        int headerSize = mapping.headers().size();
        if (record.size() != headerSize) {
            sink.reject(Rejection.ofRow(line, "row has " + record.size() + " fields, header has " + headerSize));
            return;
        }
        if (allBlank(record)) {
            // Said as such, rather than as the key it lacks: a spreadsheet writes these below its data.
            sink.reject(Rejection.ofRow(line, EMPTY_ROW));
            return;
        }
        TableSpec table = mapping.table();
        boolean delete = false;
        if (mapping.operationPosition() >= 0) {
            String op = record.get(mapping.operationPosition()).strip().toUpperCase(java.util.Locale.ROOT);
            switch (op) {
                case "", "U", "UPSERT" -> delete = false;
                case "D", "DELETE" -> delete = true;
                default -> {
                    sink.reject(headerAgainOr(
                            record,
                            line,
                            mapping,
                            new Rejection(
                                    line,
                                    mapping.operationPosition() + 1,
                                    HeaderMapping.OPERATION_HEADER,
                                    record.get(mapping.operationPosition()),
                                    "unknown operation: use U (upsert) or D (delete)")));
                    return;
                }
            }
        }
        String[] values = new String[table.columns().size()];
        // A delete names its key only; the other fields are not checked.
        int checked = delete ? 1 : values.length;
        for (int i = 0; i < checked; i++) {
            int position = mapping.positionOf(i);
            String raw = record.get(position);
            Column column = table.columns().get(i);
            try {
                values[i] = ValueParser.parse(column, raw);
            } catch (InvalidValueException e) {
                sink.reject(headerAgainOr(
                        record, line, mapping, new Rejection(line, position + 1, column.name(), raw, e.getMessage())));
                return;
            }
        }
        nullMarkers.seen(table, values, line);
        sink.accept(line, delete, values);
    }

    /** A loop, not a stream: under the function's compiler (C1) the stream cost 0.13 µs a row. */
    private static boolean allBlank(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row's rejection, or, when the row repeats the header, a rejection saying so. Asked only
     * of rows refused anyway (a header's names are no valid key or operation): valid rows pay nothing.
     */
    private static Rejection headerAgainOr(CSVRecord record, long line, HeaderMapping mapping, Rejection rejection) {
        return mapping.isHeaderAgain(record.toList()) ? Rejection.ofRow(line, HEADER_AGAIN) : rejection;
    }

    private static RejectedFileException unreadable(Throwable cause) {
        if (cause instanceof StrictUtf8Reader.NotUtf8Exception) {
            return new RejectedFileException("file is not valid UTF-8 text: " + cause.getMessage());
        }
        return new RejectedFileException("file is not readable as CSV: " + cause.getMessage());
    }
}
