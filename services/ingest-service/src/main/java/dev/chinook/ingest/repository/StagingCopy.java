package dev.chinook.ingest.repository;

import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;

/**
 * Streams validated rows into a staging table through PostgreSQL's COPY (CSV, every value
 * quoted), in chunks of about 64 KiB, so a file of any size costs the same memory. The rows are
 * written straight into UTF-8 bytes: through a string builder, each value's quotes doubled by
 * {@code String.replace} and the chunk encoded at the end, writing the rows cost a sixth of the
 * parse under the function's compiler (C1), about three times what this takes.
 */
public final class StagingCopy implements AutoCloseable {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final CopyIn copyIn;
    private byte[] buffer = new byte[CHUNK_BYTES + 1024];
    private int length;
    private long rows;

    StagingCopy(CopyIn copyIn) {
        this.copyIn = copyIn;
    }

    /** Adds one row: its line number, U or D, then the contract columns (null = NULL). */
    public void write(long lineNumber, boolean delete, String[] values) throws SQLException {
        ascii(Long.toString(lineNumber));
        ascii(delete ? ",D" : ",U");
        for (String value : values) {
            put(',');
            if (value != null) {
                quoted(value);
            }
        }
        put('\n');
        rows++;
        if (length >= CHUNK_BYTES) {
            flush();
        }
    }

    public long rows() {
        return rows;
    }

    /** Ends the COPY; the rows are in the staging table afterwards. */
    public void finish() throws SQLException {
        flush();
        copyIn.endCopy();
    }

    /** The value between quotes, a quote in it doubled, as String.getBytes(UTF_8) encodes it. */
    private void quoted(String value) {
        int n = value.length();
        // At most three bytes a char (a surrogate pair is four for two), the quotes and doubled quotes.
        ensure(3 * n + 2);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    out[at++] = '"';
                }
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xf0 | (code >> 18));
                out[at++] = (byte) (0x80 | ((code >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((code >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (code & 0x3f));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        out[at++] = '"';
        length = at;
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) text.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buffer[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copyIn.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }

    @Override
    public void close() throws SQLException {
        if (copyIn.isActive()) {
            copyIn.cancelCopy();
        }
    }
}
