package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RejectedRowTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String text(String row) throws IOException {
        return RejectedRowText.of(JSON.readTree(row), "line", "column");
    }

    @Test
    void aValueAtFaultIsShownWithItsLineAndColumnAnEmptyOneToo() throws IOException {
        assertThat(
                        text(
                                "{\"line\":3,\"column\":3,\"columnName\":\"artist_id\",\"reason\":\"no artist\",\"value\":\"959\"}"))
                .isEqualTo("  line 3, column 3 (artist_id): no artist  value: 959");
        assertThat(text("{\"line\":4,\"column\":2,\"columnName\":\"title\",\"reason\":\"required\",\"value\":\"\"}"))
                .isEqualTo("  line 4, column 2 (title): required  value: ");
    }

    @Test
    void aFieldWithoutAValueNamesItsColumnAndNoValue() throws IOException {
        assertThat(text(
                        "{\"line\":5,\"column\":2,\"columnName\":\"name\",\"reason\":\"text follows the closing quote\","
                                + "\"value\":null}"))
                .isEqualTo("  line 5, column 2 (name): text follows the closing quote");
    }

    @Test
    void aRowRejectedAsAWholeNamesItsLineOnly() throws IOException {
        assertThat(text("{\"line\":6,\"column\":null,\"reason\":\"an empty row\"}"))
                .isEqualTo("  line 6: an empty row");
    }
}
