package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A batch's JSON reaches change_log through COPY as it was written: every digit, every character. */
class ChangeRowsTest extends WarehouseDatabaseTest {

    @BeforeEach
    void empty() throws SQLException {
        warehouse.reset();
    }

    @Test
    void imagesKeepEveryDigitAndCharacter() throws Exception {
        String image = "{\"invoice_line_id\":7,\"invoice_id\":3,\"track_id\":1,"
                + "\"unit_price\":123456789012345678.91,\"quantity\":1,"
                + "\"note\":\"a \\\"quoted\\\", comma\\nnew line, caf\\u00e9 \\u2603\"}";
        int fresh = warehouse.record(batch(change(7, "invoice_line", 7, "UPSERT", image, ",\"extra\":[1,{\"x\":2}]")));

        assertThat(fresh).isEqualTo(1);
        assertThat(warehouse.value("SELECT row_image = '" + image.replace("'", "''") + "'::jsonb FROM change_log"))
                .isEqualTo(true);
        assertThat(warehouse.value("SELECT row_image ->> 'unit_price' FROM change_log"))
                .isEqualTo("123456789012345678.91");
        assertThat(warehouse.value("SELECT row_image ->> 'note' FROM change_log"))
                .isEqualTo("a \"quoted\", comma\nnew line, café ☃");
        assertThat(warehouse.value("SELECT source_file FROM change_log")).isEqualTo("s3://test/a, \"b\".csv");
    }

    @Test
    void backslashesTabsAndLineBreaksReachTheLogAsWritten() throws Exception {
        // A producer may indent its JSON: line breaks and tabs between an image's tokens are field
        // and row ends in COPY's text format unless escaped, and so is a backslash.
        String image = "{\n\t\"genre_id\": 3,\r\n\t\"name\": \"back\\\\slash \\\\n tab\\t end\"\n}";
        String change = "{\n  \"changeId\": 3,\n  \"table\": \"genre\",\n  \"key\": 3,\n"
                + "  \"operation\": \"UPSERT\",\n  \"row\": " + image + ",\n"
                + "  \"committedAt\": \"2026-01-01T00:00:00Z\",\n  \"sourceFile\": \"s3://test/a\\tb\\\\c.csv\"\n}";

        assertThat(warehouse.record("{\n\t\"schemaVersion\": 1,\n\t\"changes\": [\n" + change + "\n]\n}"))
                .isEqualTo(1);
        assertThat(warehouse.value("SELECT row_image ->> 'name' FROM change_log"))
                .isEqualTo("back\\slash \\n tab\t end");
        assertThat(warehouse.value("SELECT row_image = '" + image + "'::jsonb FROM change_log"))
                .isEqualTo(true);
        assertThat(warehouse.value("SELECT source_file FROM change_log")).isEqualTo("s3://test/a\tb\\c.csv");
    }

    @Test
    void aSetIsCheckedAsAMessageIs() {
        assertThatThrownBy(() -> warehouse.record("{\"schemaVersion\":7,\"changes\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported change schema version 7");
        assertThatThrownBy(() -> warehouse.record("{\"changes\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no schemaVersion");
        assertThatThrownBy(() -> warehouse.record("{\"schemaVersion\":1,\"changesRef\":\"s3://b/changes/1-1.json\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refers to another set, s3://b/changes/1-1.json");
    }

    @Test
    void aDeleteWithoutImageAndFieldsInAnyOrder() throws Exception {
        String delete = "{\"operation\":\"DELETE\",\"row\":null,\"key\":4,\"table\":\"genre\","
                + "\"committedAt\":\"2026-01-01T00:00:00Z\",\"changeId\":9}";
        assertThat(warehouse.record(batch(delete))).isEqualTo(1);
        assertThat(warehouse.rows("SELECT change_id, table_name, row_key, operation, row_image, source_file "
                        + "FROM change_log"))
                .containsExactly("9 | genre | 4 | DELETE | null | null");
    }

    @Test
    void aChangeWithoutItsTableIsRefusedWholeAndNamed() {
        String noTable = "{\"changeId\":5,\"key\":1,\"operation\":\"UPSERT\",\"row\":{\"genre_id\":1},"
                + "\"committedAt\":\"2026-01-01T00:00:00Z\"}";
        assertThatThrownBy(() -> warehouse.record(batch(noTable)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("table_name");
    }

    @Test
    void notABatchIsRefusedAsSuch() {
        assertThatThrownBy(() -> warehouse.record("{\"schemaVersion\":1,\"changes\":{}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("changes is not an array");
        assertThatThrownBy(() -> warehouse.record("{\"schemaVersion\":1,\"changes\":[{\"changeId\":1,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a change batch");
    }

    private static String change(long id, String table, long key, String operation, String image, String extra) {
        return "{\"changeId\":" + id + ",\"table\":\"" + table + "\",\"key\":" + key + ",\"operation\":\"" + operation
                + "\",\"row\":" + image + ",\"committedAt\":\"2026-01-01T00:00:00.123456Z\","
                + "\"sourceFile\":\"s3://test/a, \\\"b\\\".csv\"" + extra + "}";
    }

    private static String batch(String... changes) {
        return "{\"schemaVersion\":1,\"changes\":[" + String.join(",", changes) + "]}";
    }
}
