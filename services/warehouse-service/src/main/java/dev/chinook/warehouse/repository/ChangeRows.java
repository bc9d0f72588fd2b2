package dev.chinook.warehouse.repository;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chinook.common.change.ChangeCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A batch's changes copied into a table as rows of COPY's text format, the JSON read once, in the
 * JVM: handing the whole batch to {@code jsonb_to_recordset} made PostgreSQL parse every batch
 * twice (the document, then each image), about half of recording a change. The batch is read as
 * UTF-8 bytes and each image passed on as the exact bytes it has in the batch, so numbers keep
 * every digit; the columns are those of {@code change_log}. The text format, not CSV: an image
 * needs no quoting there, only its rare backslashes escaped, where CSV doubled every quote, and
 * PostgreSQL reads it in about a sixth less time (docs/performance.md). The batch is streamed by
 * {@link ChangeCodec#readChanges}, which checks its envelope as a message's is checked.
 */
final class ChangeRows {

    /** change_log's columns, in the order of {@link #FIELDS}. */
    static final String COLUMNS = "change_id, table_name, row_key, operation, row_image, committed_at, source_file";

    private static final List<String> FIELDS =
            List.of("changeId", "table", "key", "operation", "row", "committedAt", "sourceFile");
    private static final int ROW_IMAGE = FIELDS.indexOf("row");
    private static final int FLUSH_BYTES = 256 * 1024;
    private static final byte[] NULL = {'\\', 'N'};

    private ChangeRows() {}

    /** Copies the changes of {@code batchJson} (UTF-8) into {@code table}; returns how many there were. */
    static long copy(Connection c, String table, byte[] batchJson) throws SQLException {
        CopyIn copy =
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN");
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

    private static long write(byte[] batchJson, CopyIn copy) throws SQLException {
        Rows rows = new Rows(copy);
        ChangeCodec.Envelope envelope = ChangeCodec.readChanges(batchJson, parser -> rows.append(parser, batchJson));
        if (envelope.isReference()) {
            throw new IllegalArgumentException(
                    "not a change batch: it refers to another set, " + envelope.changesRef());
        }
        rows.flush();
        return rows.count;
    }

    /** The rows written so far, sent to COPY in pieces of about {@link #FLUSH_BYTES}. */
    private static final class Rows {

        private final CopyIn copy;
        private final byte[][] values = new byte[FIELDS.size()][];
        private final int[] starts = new int[FIELDS.size()];
        private final int[] ends = new int[FIELDS.size()];
        private byte[] buffer = new byte[FLUSH_BYTES + 4096];
        private int length;
        private long count;

        Rows(CopyIn copy) {
            this.copy = copy;
        }

        /** One change object as a row; fields it lacks are NULL, fields it has beyond them ignored. */
        void append(JsonParser parser, byte[] batchJson) throws IOException, SQLException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a change batch: a change is not a JSON object");
            }
            Arrays.fill(values, null);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int field = FIELDS.indexOf(parser.currentName());
                JsonToken value = parser.nextToken();
                if (field == ROW_IMAGE && value == JsonToken.START_OBJECT) {
                    starts[field] = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    ends[field] = (int) parser.currentLocation().getByteOffset();
                    values[field] = batchJson;
                } else if (field >= 0 && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    byte[] text = parser.getText().getBytes(StandardCharsets.UTF_8);
                    values[field] = text;
                    starts[field] = 0;
                    ends[field] = text.length;
                } else {
                    parser.skipChildren();
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    put((byte) '\t');
                }
                if (values[i] == null) {
                    put(NULL, 0, NULL.length);
                } else {
                    putEscaped(values[i], starts[i], ends[i]);
                }
            }
            put((byte) '\n');
            count++;
            if (length >= FLUSH_BYTES) {
                flush();
            }
        }

        /**
         * COPY's text format: a backslash, and the characters that end a field or a row, escaped.
         * The loop keeps the buffer and its length in locals and tests only bytes that may need it
         * (a backslash or a control character): twice as fast as writing through the fields and
         * switching on every byte (3 million line images: 0.27 s instead of 0.57 s).
         */
        private void putEscaped(byte[] bytes, int start, int end) {
            ensure(2 * (end - start));
            byte[] out = buffer;
            int n = length;
            for (int i = start; i < end; i++) {
                byte b = bytes[i];
                if (b == '\\' || (b >= 0 && b < ' ')) {
                    byte escape = switch (b) {
                        case '\\' -> '\\';
                        case '\n' -> 'n';
                        case '\r' -> 'r';
                        case '\t' -> 't';
                        default -> 0;
                    };
                    if (escape != 0) {
                        out[n++] = '\\';
                        b = escape;
                    }
                }
                out[n++] = b;
            }
            length = n;
        }

        private void put(byte b) {
            ensure(1);
            buffer[length++] = b;
        }

        private void put(byte[] bytes, int start, int end) {
            ensure(end - start);
            System.arraycopy(bytes, start, buffer, length, end - start);
            length += end - start;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
            }
        }

        void flush() throws SQLException {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }
}
