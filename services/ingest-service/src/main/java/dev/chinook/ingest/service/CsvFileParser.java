package dev.chinook.ingest.service;

import dev.chinook.common.contract.TableSpec;
import dev.chinook.ingest.model.Rejection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams one CSV file (UTF-8, optional BOM, RFC 4180, header row) and hands every data row,
 * already checked against the contract, to a {@link RowSink}: valid rows as COPY-ready values,
 * invalid ones as rejections naming line, column and reason. Memory stays flat in the file size.
 */
final class CsvFileParser {

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

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
     */
    record ParseSummary(long rows, HeaderMapping mapping, long lastLine, boolean more) {

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
        try (Reader reader = utf8Reader(in);
                CSVParser parser =
                        CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                throw new RejectedFileException(
                        "file is empty: expected a header row naming the columns of " + table.name());
            }
            CSVRecord header = records.next();
            HeaderMapping mapping = HeaderMapping.of(table, header.toList());
            long lineAfterPrevious = parser.getCurrentLineNumber();
            for (long skipped = 0; skipped < skip && records.hasNext(); skipped++) {
                records.next();
                lineAfterPrevious = parser.getCurrentLineNumber();
            }
            long rows = 0;
            while (rows < max && records.hasNext()) {
                CSVRecord record = records.next();
                long line = lineAfterPrevious + 1;
                lineAfterPrevious = parser.getCurrentLineNumber();
                rows++;
                checkRow(record, line, mapping, header.size(), sink);
            }
            return new ParseSummary(rows, mapping, lineAfterPrevious, records.hasNext());
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static void checkRow(CSVRecord record, long line, HeaderMapping mapping, int headerSize, RowSink sink) {
        if (record.size() != headerSize) {
            sink.reject(new Rejection(
                    line, null, null, null, "row has " + record.size() + " fields, header has " + headerSize));
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
                    sink.reject(new Rejection(
                            line,
                            mapping.operationPosition() + 1,
                            HeaderMapping.OPERATION_HEADER,
                            record.get(mapping.operationPosition()),
                            "unknown operation: use U (upsert) or D (delete)"));
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
            try {
                values[i] = ValueParser.parse(table.columns().get(i), raw);
            } catch (InvalidValueException e) {
                sink.reject(
                        new Rejection(line, position + 1, table.columns().get(i).name(), raw, e.getMessage()));
                return;
            }
        }
        sink.accept(line, delete, values);
    }

    private static RejectedFileException unreadable(Throwable cause) {
        if (cause instanceof CharacterCodingException) {
            return new RejectedFileException("file is not valid UTF-8 text");
        }
        return new RejectedFileException("file is not readable as CSV: " + cause.getMessage());
    }

    private static Reader utf8Reader(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] bom = new byte[3];
        int read = pushback.readNBytes(bom, 0, 3);
        boolean hasBom = read == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF;
        if (!hasBom && read > 0) {
            pushback.unread(bom, 0, read);
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(pushback, decoder), 64 * 1024);
    }
}
