package dev.chinook.ingest.repository;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Streams validated rows into a staging table through PostgreSQL's COPY, in 64 KiB chunks, so a
 * file of any size costs the same memory.
 */
public final class StagingCopy implements AutoCloseable {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final CopyIn copyIn;
    private final StringBuilder buffer = new StringBuilder(CHUNK_BYTES + 1024);
    private long rows;

    StagingCopy(CopyIn copyIn) {
        this.copyIn = copyIn;
    }

    /** Adds one row: its line number, U or D, then the contract columns (null = NULL). */
    public void write(long lineNumber, boolean delete, String[] values) throws SQLException {
        buffer.append(lineNumber).append(delete ? ",D" : ",U");
        for (String value : values) {
            buffer.append(',');
            if (value != null) {
                buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
        }
        buffer.append('\n');
        rows++;
        if (buffer.length() >= CHUNK_BYTES) {
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

    private void flush() throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    @Override
    public void close() throws SQLException {
        if (copyIn.isActive()) {
            copyIn.cancelCopy();
        }
    }
}
