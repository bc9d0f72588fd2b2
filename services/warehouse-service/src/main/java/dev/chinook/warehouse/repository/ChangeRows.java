package dev.chinook.warehouse.repository;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.chinook.common.change.ChangeCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A batch's changes copied into a table as CSV rows, the JSON read once, in the JVM: handing the
 * whole batch to {@code jsonb_to_recordset} made PostgreSQL parse every batch twice (the document,
 * then each image), about half of recording a change. Each image is passed on as the exact text it
 * has in the batch, so numbers keep every digit; the columns are those of {@code change_log}.
 */
final class ChangeRows {

    /** change_log's columns, in the order of {@link #FIELDS}. */
    static final String COLUMNS = "change_id, table_name, row_key, operation, row_image, committed_at, source_file";

    private static final List<String> FIELDS =
            List.of("changeId", "table", "key", "operation", "row", "committedAt", "sourceFile");
    private static final int ROW_IMAGE = FIELDS.indexOf("row");
    private static final int FLUSH_CHARS = 256 * 1024;

    private ChangeRows() {}

    /** Copies the changes of {@code batchJson} into {@code table}; returns how many there were. */
    static long copy(Connection c, String table, String batchJson) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)");
        try {
            long rows = write(batchJson, copy);
            copy.endCopy();
            return rows;
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static long write(String batchJson, CopyIn copy) throws SQLException {
        StringBuilder csv = new StringBuilder(FLUSH_CHARS + 4096);
        long rows = 0;
        try (JsonParser parser = ChangeCodec.mapper().createParser(batchJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a change batch: not a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean changes = parser.currentName().equals("changes");
                JsonToken value = parser.nextToken();
                if (!changes) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("not a change batch: changes is not an array");
                }
                found = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    appendRow(parser, batchJson, csv);
                    rows++;
                    if (csv.length() >= FLUSH_CHARS) {
                        flush(csv, copy);
                    }
                }
            }
            if (!found) {
                throw new IllegalArgumentException("not a change batch: no changes");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a change batch: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flush(csv, copy);
        return rows;
    }

    /** One change object as a CSV row; fields it lacks are NULL, fields it has beyond them ignored. */
    private static void appendRow(JsonParser parser, String batchJson, StringBuilder csv) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a change batch: a change is not a JSON object");
        }
        String[] values = new String[FIELDS.size()];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int field = FIELDS.indexOf(parser.currentName());
            JsonToken value = parser.nextToken();
            if (field == ROW_IMAGE && value == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getCharOffset();
                values[field] = batchJson.substring(start, end);
            } else if (field >= 0 && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                values[field] = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            if (values[i] != null) {
                quote(values[i], csv);
            }
        }
        csv.append('\n');
    }

    /** A quoted CSV field: an unquoted empty one would be NULL. */
    private static void quote(String value, StringBuilder csv) {
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                csv.append('"');
            }
            csv.append(ch);
        }
        csv.append('"');
    }

    private static void flush(StringBuilder csv, CopyIn copy) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }
}
