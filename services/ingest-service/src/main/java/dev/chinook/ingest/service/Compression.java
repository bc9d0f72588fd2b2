package dev.chinook.ingest.service;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Files named {@code .gz} are gzip-compressed CSV, read as a stream (memory does not grow with the
 * file). A file so named that is not gzip, or a stream that is corrupt or cut short, can never load:
 * it is rejected as a whole with the reason, never retried.
 */
final class Compression {

    private static final int BUFFER = 64 * 1024;

    private Compression() {}

    static boolean isGzip(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    static InputStream decompressed(String key, InputStream raw) throws IOException {
        if (!isGzip(key)) {
            return raw;
        }
        try {
            return new CorruptionAsRejection(new GZIPInputStream(raw, BUFFER));
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new RejectedFileException(
                    "the file is named .gz but is not gzip-compressed (" + e.getMessage() + ")");
        }
    }

    /** A corrupt or truncated gzip stream met while reading rejects the file. */
    private static final class CorruptionAsRejection extends FilterInputStream {

        CorruptionAsRejection(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw corrupt(e);
            }
        }

        private static RejectedFileException corrupt(IOException e) {
            return new RejectedFileException("the gzip stream is corrupt or cut short (" + e.getMessage() + ")");
        }
    }
}
