package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.ingest.model.Rejection;
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

    @Test
    void filesThatAreNotUtf8CsvAreRejectedAsAWhole() {
        assertThatThrownBy(() -> parse(new byte[0], new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("file is empty");
        assertThatThrownBy(() -> parse(
                        "genre_id,name\n1,Can\u00e7\u00e3o\n".getBytes(StandardCharsets.ISO_8859_1), new Recorder()))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("file is not valid UTF-8 text");
    }
}
