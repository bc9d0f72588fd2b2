package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.ingest.model.Rejection;
import dev.chinook.ingest.model.ResumePoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFileParserTest {

    /** What the parser handed over, as "line:U|D:values" and "line:column:reason". */
    private static final class Recorder implements CsvFileParser.RowSink {
        final List<String> accepted = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();

        @Override
        public void accept(long lineNumber, boolean delete, String[] values) {
            accepted.add(lineNumber + ":" + (delete ? "D" : "U") + ":" + Arrays.toString(values));
        }

        @Override
        public void reject(Rejection r) {
            rejected.add(r.lineNumber() + ":" + r.columnNumber() + ":" + r.reason());
        }
    }

    private static CsvFileParser.ParseSummary parse(byte[] content, Recorder sink) {
        return CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, sink);
    }

    @Test
    void rowsKeepTheirFileLineNumbersAcrossQuotedLineBreaksAndABom() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "GenreId,Name\r\n1,\"Rock\nand Roll\"\r\n2,Jazz\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);
        Recorder sink = new Recorder();

        CsvFileParser.ParseSummary summary = parse(content, sink);

        assertThat(summary.rows()).isEqualTo(2);
        assertThat(sink.accepted).containsExactly("2:U:[1, Rock\nand Roll]", "4:U:[2, Jazz]");
        assertThat(sink.rejected).isEmpty();
        assertThat(summary.columnNumber("name")).isEqualTo(2);
    }

    @Test
    void nullMarkersInTextLoadAsTextAndAreNotedWithTheFirstLineOfEachColumn() {
        Recorder sink = new Recorder();

        CsvFileParser.ParseSummary summary =
                parse("genre_id,name\n1,Rock\n2,NULL\n3,\\N\nNULL,Jazz\n".getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.accepted).containsExactly("2:U:[1, Rock]", "3:U:[2, NULL]", "4:U:[3, \\N]");
        assertThat(sink.rejected)
                .containsExactly(
                        "5:1:not an integer: NULL is how some exports write NULL; the contract's NULL is an empty field");
        assertThat(summary.nullMarkers().note())
                .hasValue("NULL or \\N loaded as text in name (first at line 3): the contract's NULL is an empty "
                        + "field; if the export meant NULL, export NULL as empty");
    }

    @Test
    void aFileWithoutNullMarkersHasNoNoteOfThem() {
        Recorder sink = new Recorder();

        CsvFileParser.ParseSummary summary =
                parse("genre_id,name\n1,Nullarbor\n2,\n".getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.accepted).containsExactly("2:U:[1, Nullarbor]", "3:U:[2, null]");
        assertThat(summary.nullMarkers().note()).isEmpty();
    }

    @Test
    void utf16TextWithOrWithoutItsByteOrderMarkIsRejectedAsSuch() {
        for (String text : List.of("\ufeffgenre_id,name\n1,Rock\n", "genre_id,name\n1,Rock\n")) {
            for (var charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
                assertThatThrownBy(() -> parse(text.getBytes(charset), new Recorder()))
                        .isInstanceOf(RejectedFileException.class)
                        .hasMessageStartingWith("file is UTF-16 text");
            }
        }
    }

    @Test
    void aFieldWithTextAfterItsClosingQuoteRejectsItsRowByLineAndColumnAndTheRowsAfterItLoad() {
        String body = "genre_id,name\n" + "1,Rock\n".repeat(3000) + "3001,Pop\n3002,\"12\" Single\"\n3003,Jazz\n";
        Recorder sink = new Recorder();

        CsvFileParser.ParseSummary summary = parse(body.getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.rejected).containsExactly("3003:2:" + CsvFileParser.TEXT_AFTER_QUOTE_REASON);
        assertThat(CsvFileParser.TEXT_AFTER_QUOTE_REASON)
                .isEqualTo("text follows the closing quote of a quoted field; quote the whole field and write each \""
                        + " inside it as \"\" (\"12\"\" Single\")");
        assertThat(sink.accepted).hasSize(3002).endsWith("3002:U:[3001, Pop]", "3004:U:[3003, Jazz]");
        assertThat(summary.rows()).isEqualTo(3003);
        assertThat(summary.lastLine()).isEqualTo(3004);
    }

    @Test
    void readingGoesOnAtTheLineAfterTheErrorWhateverEndsTheLinesAndWhereverTheRowStarted() {
        Recorder sink = new Recorder();

        parse(
                ("genre_id,name\r\n1,\"a\"b\r\n2,\"two\r\nlines\"x,\"y\r\n3,Jazz\r\n4,\"d\"\"\"e\r"
                                + "5,Blues\n6,\"f\"g")
                        .getBytes(StandardCharsets.UTF_8),
                sink);

        String reason = CsvFileParser.TEXT_AFTER_QUOTE_REASON;
        String readOn = " with text after its closing quote; the lines after this one are read as rows of their own;"
                + " a \" inside a quoted field is written \"\"";
        // The row of line 3 goes wrong on line 4, which is then read as a row of its own: its own
        // quote opens a field that goes wrong on line 6. Line 5 loads.
        assertThat(sink.rejected)
                .containsExactly(
                        "2:2:" + reason,
                        "3:null:a quoted field opens in this row and closes on line 4" + readOn,
                        "4:null:a quoted field opens in this row and closes on line 6" + readOn,
                        "6:2:" + reason,
                        "8:2:" + reason);
        assertThat(sink.accepted).containsExactly("5:U:[3, Jazz]", "7:U:[5, Blues]");
    }

    @Test
    void aRowThatCannotBeReadIsRejectedOnceWhereverTheFileIsCutIntoParts() {
        byte[] content =
                ("genre_id,name\n1,Rock\n2,\"x\"y\n3,Jazz\n\n4,\"p\"q\n5,\"Blues\"\n6,Pop\n7,\"z\" !\n8,\"w\" \n")
                        .getBytes(StandardCharsets.UTF_8);
        Recorder whole = new Recorder();
        parse(content, whole);
        String reason = CsvFileParser.TEXT_AFTER_QUOTE_REASON;
        assertThat(whole.rejected).containsExactly("3:2:" + reason, "6:2:" + reason, "9:2:" + reason);
        assertThat(whole.accepted)
                .containsExactly(
                        "2:U:[1, Rock]",
                        "4:U:[3, Jazz]",
                        "7:U:[5, Blues]",
                        "8:U:[6, Pop]",
                        // Spaces after a closing quote are let through by the parser.
                        "10:U:[8, w]");

        assertPartsReadAsOnePass(content, whole);
    }

    /**
     * Rows that cannot be read, alone and in runs, among rows of every length, so that errors fall
     * anywhere in the parser's read-ahead, including inside text read again after an earlier one.
     */
    @Test
    void manyRowsThatCannotBeReadAnywhereInALargeFileAreEachRejectedOnceAndTheRestLoad() {
        java.util.Random random = new java.util.Random(20261207);
        // The notes, outside the contract, give rows of every length.
        StringBuilder csv = new StringBuilder("genre_id,name,notes\r\n");
        List<String> expectedRejected = new ArrayList<>();
        List<String> expectedAccepted = new ArrayList<>();
        for (int id = 1; id <= 20_000; id++) {
            String name = "n".repeat(1 + random.nextInt(40));
            String notes = "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 40));
            long line = id + 1;
            boolean bad = random.nextInt(25) == 0 || (id > 10_000 && id < 10_050);
            csv.append(id).append(",\"").append(name).append(bad ? "\"x, \"" : "\",\"");
            csv.append(notes).append("\"\r\n");
            if (bad) {
                expectedRejected.add(line + ":2:" + CsvFileParser.TEXT_AFTER_QUOTE_REASON);
            } else {
                expectedAccepted.add(line + ":U:[" + id + ", " + name + "]");
            }
        }
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        Recorder whole = new Recorder();

        parse(content, whole);

        assertThat(whole.rejected).isEqualTo(expectedRejected);
        assertThat(whole.accepted).isEqualTo(expectedAccepted);
        Recorder parts = inParts(content, 997, FileLoader.HEAD_BYTES);
        assertThat(parts.rejected).isEqualTo(expectedRejected);
        assertThat(parts.accepted).isEqualTo(expectedAccepted);
    }

    @Test
    void aQuotedFieldThatNeverClosesRejectsItsRowAndTheLinesItWouldHaveJoinedLoad() {
        Recorder sink = new Recorder();

        parse("genre_id,name\n1,Rock\n2,\"Jazz\n3,Blues\n".getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.rejected)
                .containsExactly("3:null:a quoted field opens in this row and the file ends before its closing quote;"
                        + " the lines after this one are read as rows of their own; a \" inside a quoted field is"
                        + " written \"\"");
        assertThat(sink.accepted).containsExactly("2:U:[1, Rock]", "4:U:[3, Blues]");
    }

    /** A file of {@code header} and {@code row} repeated to {@code size} bytes, made as it is read. */
    private static java.io.InputStream streamed(String header, String row, long size) {
        byte[] start = header.getBytes(StandardCharsets.UTF_8);
        byte[] repeated = row.getBytes(StandardCharsets.UTF_8);
        return new java.io.InputStream() {
            private long served;

            @Override
            public int read() {
                if (served == size) {
                    return -1;
                }
                long at = served++;
                return at < start.length ? start[(int) at] : repeated[(int) ((at - start.length) % repeated.length)];
            }
        };
    }

    /** Counts the rows handed over; keeps the rejections. */
    private static final class Counter implements CsvFileParser.RowSink {
        long accepted;
        final List<String> rejected = new ArrayList<>();

        @Override
        public void accept(long lineNumber, boolean delete, String[] values) {
            accepted++;
        }

        @Override
        public void reject(Rejection r) {
            rejected.add(r.lineNumber() + ":" + r.columnNumber() + ":" + r.reason());
        }
    }

    /**
     * A stray quote early in a large file made the rest of the file one field, which the parser
     * holds whole: at -Xmx256m a 1 GB file ran it out of memory. The file here (31 MB after the
     * quote) is made as it is read; the quote's row is rejected once the field passes 8 MiB
     * characters, and the lines after it load.
     */
    @Test
    void aQuoteThatNeverClosesInALargeFileRejectsItsRowOnceItRunsPastTheLimitAndTheRestLoads() {
        String start = "genre_id,name\n1,Rock\n2,\"Jazz\n";
        long rowsAfterTheQuote = 3_900_000;
        Counter sink = new Counter();

        CsvFileParser.parse(
                streamed(start, "3,Blues\n", start.length() + rowsAfterTheQuote * "3,Blues\n".length()),
                ChinookTables.GENRE,
                sink);

        assertThat(sink.rejected)
                .containsExactly(
                        "3:null:a quoted field opens in this row and does not close within 8,388,608 characters;"
                                + " the lines after this one are read as rows of their own; a \" inside a quoted field is"
                                + " written \"\"");
        assertThat(sink.accepted).isEqualTo(1 + rowsAfterTheQuote);
    }

    @Test
    void aLineLongerThanTheLimitRejectsTheFileNamingIt() {
        assertThatThrownBy(() -> CsvFileParser.parse(
                        streamed("genre_id,name\n1,Rock\n2,", "x", 10L * 1024 * 1024),
                        ChinookTables.GENRE,
                        new Counter()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("file is not readable as CSV: line 3: the line runs on for more than 8,388,608 characters");
    }

    @Test
    void aFileLongerThanTheLongestRecordKeptLoadsWhole() {
        Recorder sink = new Recorder();

        CsvFileParser.ParseSummary summary = parse(
                ("genre_id,name\n" + "1,\"Rock, \"\"and\"\" Roll\"\n".repeat(400_000)).getBytes(StandardCharsets.UTF_8),
                sink);

        assertThat(summary.rows()).isEqualTo(400_000);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.accepted.get(399_999)).isEqualTo("400001:U:[1, Rock, \"and\" Roll]");
    }

    @Test
    void theHeaderRowAgainInsideTheFileIsRejectedAsSuchNotAsItsFirstValue() {
        Recorder joined = new Recorder();
        parse(
                "genre_id,name\n1,Rock\nGenre_ID, Name \n2,Jazz\ngenre_id,title\n".getBytes(StandardCharsets.UTF_8),
                joined);

        assertThat(joined.accepted).containsExactly("2:U:[1, Rock]", "4:U:[2, Jazz]");
        assertThat(joined.rejected).containsExactly("3:null:" + CsvFileParser.HEADER_AGAIN, "5:1:not an integer");

        Recorder withOperations = new Recorder();
        parse("genre_id,name,_op\n1,Rock,\ngenre_id,name,_op\n".getBytes(StandardCharsets.UTF_8), withOperations);

        assertThat(withOperations.rejected).containsExactly("3:null:" + CsvFileParser.HEADER_AGAIN);
    }

    @Test
    void aRowOfEmptyFieldsIsRejectedAsAnEmptyRowAndAnEmptyLineIsNoRowButCountsAsALine() {
        Recorder sink = new Recorder();

        parse("\r\ngenre_id,name\r\n1,Rock\r\n\r\n\r\nx,Jazz\r\n,\r\n , \r\n".getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.accepted).containsExactly("3:U:[1, Rock]");
        assertThat(sink.rejected)
                .containsExactly(
                        "6:1:not an integer", "7:null:" + CsvFileParser.EMPTY_ROW, "8:null:" + CsvFileParser.EMPTY_ROW);
    }

    @Test
    void badRowsAreRejectedWithLineColumnAndReasonWhileTheOthersPass() {
        Recorder sink = new Recorder();

        parse("genre_id,name,_op\nx,Rock,\n2,Jazz,U\n3,,D\n4,Blues,Z\n5\n".getBytes(StandardCharsets.UTF_8), sink);

        assertThat(sink.accepted).containsExactly("3:U:[2, Jazz]", "4:D:[3, null]");
        assertThat(sink.rejected)
                .containsExactly(
                        "2:1:not an integer",
                        "5:3:unknown operation: use U (upsert) or D (delete)",
                        "6:null:row has 1 fields, header has 3");
    }

    /**
     * A file read in parts of {@code partRows}, each after the first opened at the byte offset
     * the part before it reported, as a large file is loaded: the rows, their lines and the
     * rejections must be those of one pass over the whole file.
     */
    private static Recorder inParts(byte[] content, int partRows, int headBytes) {
        Recorder sink = new Recorder();
        CsvFileParser.ParseSummary part =
                CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, sink, 0, partRows);
        long records = part.rows();
        while (part.more()) {
            assertThat(part.nextOffset()).isBetween(1L, (long) content.length - 1);
            ResumePoint from = new ResumePoint(records, part.lastLine(), part.nextOffset());
            byte[] head = Arrays.copyOf(content, (int) Math.min(from.byteOffset(), headBytes));
            var rest = new ByteArrayInputStream(
                    content, (int) from.byteOffset(), content.length - (int) from.byteOffset());
            part = CsvFileParser.parseFrom(head, rest, from, ChinookTables.GENRE, sink, partRows)
                    .orElseThrow();
            records += part.rows();
        }
        assertThat(part.nextOffset()).isEqualTo(-1);
        return sink;
    }

    @Test
    void partsOpenedAtTheirByteOffsetReadWhatOnePassReads() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = ("genre_id,name\r\n1,Caf\u00e9\r\n\r\n2,\"\u2603 snow,\r\nman\"\r\n3,\uD83C\uDFB8 guitar\r\n"
                        + "x,\u00c7a\r\n\n\n5,\"say \"\"hi\"\"\"\n6,\uFEFFzero width\n7,Last")
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);
        Recorder whole = new Recorder();
        parse(content, whole);
        assertThat(whole.accepted).hasSize(6);
        assertThat(whole.accepted.get(1)).startsWith("4:U:[2, ");
        assertThat(whole.accepted.get(3)).startsWith("10:U:[5, ");
        assertThat(whole.rejected).containsExactly("7:1:not an integer");

        assertPartsReadAsOnePass(content, whole);
    }

    /** Parts of one to three rows, opened at their offsets and by skipping, read what {@code whole} did. */
    private static void assertPartsReadAsOnePass(byte[] content, Recorder whole) {
        for (int partRows = 1; partRows <= 3; partRows++) {
            Recorder parts = inParts(content, partRows, FileLoader.HEAD_BYTES);
            assertThat(parts.accepted).as("parts of %d", partRows).isEqualTo(whole.accepted);
            assertThat(parts.rejected).as("parts of %d", partRows).isEqualTo(whole.rejected);
            Recorder skipping = inPartsBySkipping(content, partRows);
            assertThat(skipping.accepted)
                    .as("parts of %d by skipping", partRows)
                    .isEqualTo(whole.accepted);
            assertThat(skipping.rejected)
                    .as("parts of %d by skipping", partRows)
                    .isEqualTo(whole.rejected);
        }
    }

    /** Parts read from the file's start, skipping the rows of the parts before (a part's head too short). */
    private static Recorder inPartsBySkipping(byte[] content, int partRows) {
        Recorder sink = new Recorder();
        long records = 0;
        CsvFileParser.ParseSummary part;
        do {
            part = CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, sink, records, partRows);
            assertThat(part.rows()).as("a part holds rows").isPositive();
            records += part.rows();
        } while (part.more());
        return sink;
    }

    @Test
    void emptyLinesAtTheEndLeaveNoPartAfterTheLastRow() {
        byte[] content = "genre_id,name\n1,Rock\n\n2,Jazz\r\n\r\n\n".getBytes(StandardCharsets.UTF_8);

        CsvFileParser.ParseSummary first =
                CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, new Recorder(), 0, 1);
        CsvFileParser.ParseSummary last =
                CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, new Recorder(), 1, 1);

        assertThat(first.more()).isTrue();
        assertThat(first.lastLine()).isEqualTo(3);
        assertThat(last.rows()).isEqualTo(1);
        assertThat(last.more()).isFalse();
        assertThat(last.nextOffset()).isEqualTo(-1);
    }

    @Test
    void aPartWhoseHeadEndsInsideTheHeaderRowIsNotReadAtItsOffset() {
        byte[] content = "genre_id,name\n1,Rock\n2,Jazz\n".getBytes(StandardCharsets.UTF_8);
        Recorder sink = new Recorder();
        CsvFileParser.ParseSummary first =
                CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, sink, 0, 1);
        ResumePoint from = new ResumePoint(1, first.lastLine(), first.nextOffset());

        var part = CsvFileParser.parseFrom(
                Arrays.copyOf(content, 8),
                new ByteArrayInputStream(content, (int) from.byteOffset(), content.length - (int) from.byteOffset()),
                from,
                ChinookTables.GENRE,
                sink,
                10);

        assertThat(part).isEmpty();
        assertThat(sink.accepted).containsExactly("2:U:[1, Rock]");
    }

    @Test
    void filesThatAreNotUtf8CsvAreRejectedAsAWhole() {
        assertThatThrownBy(() -> parse(new byte[0], new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is empty");
        assertThatThrownBy(() -> parse(
                        "genre_id,name\n1,Can\u00e7\u00e3o\n".getBytes(StandardCharsets.ISO_8859_1), new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("file is not valid UTF-8 text: line 2, column 2: byte 0xE7 after \"1,Can\" is not UTF-8 "
                        + "(in Windows-1252 or Latin-1 it would read \"\u00e7\"): save the file as UTF-8");
    }

    @Test
    void theFirstByteThatIsNotUtf8IsFoundByLineAndFieldPastQuotedCommasAndLineBreaks() {
        byte[] utf8 = "genre_id,name,_op\n1,\"Rock, \"\"Roll\"\"\nand more\",U\n".getBytes(StandardCharsets.UTF_8);
        byte[] windows = "2,\"Blues\nof Bj\u00f6rk\",U\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[utf8.length + windows.length];
        System.arraycopy(utf8, 0, content, 0, utf8.length);
        System.arraycopy(windows, 0, content, utf8.length, windows.length);
        Recorder sink = new Recorder();

        assertThatThrownBy(() -> CsvFileParser.parse(new ByteArrayInputStream(content), ChinookTables.GENRE, sink))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line 5, column 2: byte 0xF6 after \"of Bj\"");

        // A later part, opened at its byte offset, counts its lines from where the part before ended.
        CsvFileParser.ParseSummary first =
                CsvFileParser.parse(new ByteArrayInputStream(utf8), ChinookTables.GENRE, new Recorder(), 0, 1);
        ResumePoint from = new ResumePoint(1, first.lastLine(), utf8.length);
        assertThatThrownBy(() -> CsvFileParser.parseFrom(
                        Arrays.copyOf(content, utf8.length),
                        new ByteArrayInputStream(content, utf8.length, windows.length),
                        from,
                        ChinookTables.GENRE,
                        new Recorder(),
                        10))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line 5, column 2: byte 0xF6 after \"of Bj\"");
    }

    @Test
    void aStrayQuoteDoesNotMoveTheColumnOfALaterByteThatIsNotUtf8() {
        // A quote inside an unquoted field is text to the parser, not the start of a quoted one.
        byte[] quoteAsText = "genre_id,name\n1,Rock\n2,12\" Single\n3,Jazz\n4\u00f6,Bj\u00f6rk\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(quoteAsText, new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line 5, column 1: byte 0xF6 after \"4\"");

        // Text after a closing quote: the parser rejects the row and reads the next line as a row.
        byte[] textAfterQuote = "genre_id,name\n1,Rock\n2,\"12\" Single\"\n3,Jazz\n4\u00f6,Bj\u00f6rk\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(textAfterQuote, new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line 5, column 1: byte 0xF6 after \"4\"");

        // Two quotes in a quoted field write one, and a quoted field may span lines.
        byte[] quotedQuotes = "genre_id,name\n1,\"Rock \"\"n\"\" Roll,\nand more\"\n2,Bj\u00f6rk\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(quotedQuotes, new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line 4, column 2: byte 0xF6 after \"2,Bj\"");
    }

    @Test
    void afterAQuoteThatNeverClosesTheColumnOfALaterByteThatIsNotUtf8IsCountedFromTheRowsReadOn() {
        // The quote of line 3 never closes within the characters kept: the parser rejects its row and
        // reads line 4 on as rows; a byte that is not UTF-8 past that point is in their first column.
        String start = "genre_id,name\n1,Rock\n2,\"Jazz\n";
        long rows = 1_300_000; // 9.1 million characters, past the 8 MiB kept
        byte[] row = "3,Blues\n".getBytes(StandardCharsets.US_ASCII);
        byte[] end = "4\u00f6,Bj\u00f6rk\n".getBytes(StandardCharsets.ISO_8859_1);
        java.io.InputStream content = new java.io.SequenceInputStream(
                streamed(start, "3,Blues\n", start.length() + rows * row.length), new ByteArrayInputStream(end));

        assertThatThrownBy(() -> CsvFileParser.parse(content, ChinookTables.GENRE, new Counter()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is not valid UTF-8 text: line " + (4 + rows) + ", column 1: byte 0xF6");
    }
}
