package dev.chinook.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's bytes decoded as strict UTF-8, keeping count of the CSV line and field it is in, so that
 * a file saved in another encoding is rejected with the line and column of its first byte that is
 * not UTF-8, where an {@code InputStreamReader} says only that one exists somewhere (it decodes a
 * buffer ahead of the parser). Counting costs one pass over the characters: about a tenth of a
 * second for the 95 MB of a scale-1000 load, against the parse's many seconds.
 */
final class StrictUtf8Reader extends Reader {

    private static final int BUFFER = 64 * 1024;
    private static final int CONTEXT = 30;

    // Where the reader is in a record, read as the CSV parser reads it (RFC 4180). The two states
    // text changes come first, so that most characters cost one comparison of the state.
    private static final int FIELD_START = 0;
    /** A quote inside a quoted field: its closing quote, or the first of a pair that writes one. */
    private static final int QUOTE_IN_QUOTED = 1;

    private static final int UNQUOTED = 2;
    private static final int QUOTED = 3;
    /** Text followed a closing quote: the parser rejects the row and reads on at the next line. */
    private static final int UNREADABLE_ROW = 4;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes read and not decoded yet, between position and limit. */
    private final ByteBuffer pending = ByteBuffer.allocate(BUFFER).flip();

    private long line;
    private int field = 1;
    private int state = FIELD_START;
    private boolean endOfInput;
    private boolean flushed;

    /** {@code linesBefore}: physical lines of the file before the first byte of {@code in}. */
    StrictUtf8Reader(InputStream in, long linesBefore) {
        this.in = in;
        this.line = linesBefore + 1;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (out.position() == offset) {
            if (flushed) {
                return -1;
            }
            CoderResult result = decoder.decode(pending, out, endOfInput);
            if (result.isError()) {
                throw notUtf8(buffer, offset, out.position(), result.length());
            }
            if (result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                fill();
            }
        }
        int decoded = out.position() - offset;
        follow(buffer, offset, decoded);
        return decoded;
    }

    private void fill() throws IOException {
        pending.compact();
        int read = in.read(pending.array(), pending.position(), pending.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            pending.position(pending.position() + read);
        }
        pending.flip();
    }

    /**
     * Keeps the line and the field up to date, reading quotes as the parser does: a quote opens a
     * quoted field only at the field's start (elsewhere it is text), two in a quoted field write
     * one, and text after a closing quote makes the row unreadable, which the parser rejects before
     * reading on at the next line. Toggling at every quote left the count inside quotes for the
     * rest of the file after a stray one, and the column of a later byte that is not UTF-8 wrong.
     */
    private void follow(char[] chars, int from, int count) {
        line += track(chars, from, count);
    }

    /**
     * Follows again, after {@link #startRecord}, characters handed out before: the parser gave up
     * on a row and reads on from a line already read, so the fields are counted from there again.
     * Lines, physical, stay as counted.
     */
    void recountFrom(char[] chars, int from, int count) {
        track(chars, from, count);
    }

    /** A record starts at a character handed out before; {@link #recountFrom} follows those after it. */
    void startRecord() {
        state = FIELD_START;
        field = 1;
    }

    /** Follows {@code chars}; returns how many line feeds they hold. */
    private long track(char[] chars, int from, int count) {
        int s = state;
        int f = field;
        long lineFeeds = 0;
        for (int i = from, end = from + count; i < end; i++) {
            char c = chars[i];
            if (c > ',') { // digits, letters and most punctuation, most of a file
                s = afterText(s);
            } else if (c == '"') {
                s = switch (s) {
                    case FIELD_START, QUOTE_IN_QUOTED -> QUOTED;
                    case QUOTED -> QUOTE_IN_QUOTED;
                    default -> s; // text in an unquoted field, or in a row the parser skips
                };
            } else if (c == ',') {
                if (s != QUOTED && s != UNREADABLE_ROW) {
                    f++;
                    s = FIELD_START;
                }
            } else if (c == '\n' || c == '\r') {
                lineFeeds += c == '\n' ? 1 : 0;
                if (s != QUOTED) {
                    f = 1;
                    s = FIELD_START;
                }
            } else {
                s = afterText(s); // a space, a tab or other punctuation
            }
        }
        state = s;
        field = f;
        return lineFeeds;
    }

    /** The state after a character that is text: it begins an unquoted field, or follows a closing quote. */
    private static int afterText(int s) {
        return s > QUOTE_IN_QUOTED ? s : s == FIELD_START ? UNQUOTED : UNREADABLE_ROW;
    }

    private NotUtf8Exception notUtf8(char[] buffer, int offset, int end, int badLength) {
        follow(buffer, offset, end - offset);
        int lineStart = end;
        while (lineStart > offset && buffer[lineStart - 1] != '\n' && end - lineStart < CONTEXT) {
            lineStart--;
        }
        String before = new String(buffer, lineStart, end - lineStart);
        byte[] bad = new byte[badLength];
        pending.get(pending.position(), bad);
        return new NotUtf8Exception(line, field, before, bad);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Where a file stops being UTF-8, and what its bytes would read as in Windows-1252. */
    static final class NotUtf8Exception extends IOException {

        NotUtf8Exception(long line, int column, String before, byte[] bad) {
            super(describe(line, column, before, bad));
        }

        private static String describe(long line, int column, String before, byte[] bad) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bad) {
                hex.append(hex.isEmpty() ? "" : " ").append(String.format("0x%02X", b & 0xFF));
            }
            String where = before.isEmpty() ? "" : " after \"" + before + "\"";
            return "line " + line + ", column " + column + ": byte " + hex + where
                    + " is not UTF-8 (in Windows-1252 or Latin-1 it would read \"" + new String(bad, windows1252())
                    + "\"): save the file as UTF-8";
        }

        /** A native image holds only the standard charsets unless told otherwise; Latin-1 is one. */
        private static Charset windows1252() {
            return Charset.isSupported("windows-1252") ? Charset.forName("windows-1252") : StandardCharsets.ISO_8859_1;
        }
    }
}
