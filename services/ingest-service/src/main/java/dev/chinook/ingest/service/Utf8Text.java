package dev.chinook.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

/**
 * A file's bytes read as strict UTF-8 text that can tell where a character position is in bytes,
 * so that the next part of a file can open it there. The CSV parser counts characters; it can
 * count bytes too, but that made parsing three and a half times slower. This reader keeps the
 * characters it handed out since a position the caller no longer needs ({@link #forgetBefore})
 * and counts their bytes only when asked: the parser reads ahead by at most a record and a buffer.
 */
final class Utf8Text extends Reader {

    /**
     * The most characters kept at once, about one record and the parser's read-ahead. A quote that
     * never closes makes the rest of the file one field, which the parser and this reader would
     * both hold (the parser alone, at {@code -Xmx256m}, ran out of memory in a second on a 1 GB
     * file with a stray quote near its start). No contract column takes more than a few hundred
     * characters; a longer value of a row is still read, and rejected as that row's.
     */
    static final int MAX_KEPT_CHARS = 8 * 1024 * 1024;

    private final StrictUtf8Reader in;
    private final ArrayDeque<char[]> kept = new ArrayDeque<>();
    private long keptChars;
    /** Where reading goes on in the kept characters after {@link #rewindTo}; -1 when it reads on from the file. */
    private long replayAt = -1;
    /** Characters and bytes of everything before the first kept chunk. */
    private long forgottenChars;

    private long forgottenBytes;

    private Utf8Text(StrictUtf8Reader in, long startByte) {
        this.in = in;
        this.forgottenBytes = startByte;
    }

    /**
     * The text of a file from its start, after a byte order mark if it has one (the mark's bytes
     * still count in byte offsets).
     */
    static Utf8Text ofFile(InputStream file) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(file, 3);
        byte[] bom = new byte[3];
        int read = pushback.readNBytes(bom, 0, 3);
        if (read >= 2 && looksUtf16(bom[0], bom[1])) {
            throw new RejectedFileException("file is UTF-16 text, as Excel's \"Unicode Text\" and some Windows tools "
                    + "save it, not UTF-8: save it as \"CSV UTF-8\" (comma-separated)");
        }
        boolean hasBom = read == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF;
        if (!hasBom && read > 0) {
            pushback.unread(bom, 0, read);
        }
        return new Utf8Text(new StrictUtf8Reader(pushback, 0), hasBom ? 3 : 0);
    }

    /**
     * A UTF-16 byte order mark, or a first character of a header in UTF-16 without one (an ASCII
     * letter beside a NUL byte): read as UTF-8, such a file is valid text of NULs and letters.
     */
    private static boolean looksUtf16(byte first, byte second) {
        int a = first & 0xFF;
        int b = second & 0xFF;
        return (a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF) || (a == 0 && b != 0) || (a != 0 && b == 0);
    }

    /**
     * The text from byte {@code offset} of a file on, which {@code rest} starts at, after
     * {@code linesBefore} physical lines.
     */
    static Utf8Text from(InputStream rest, long offset, long linesBefore) {
        return new Utf8Text(new StrictUtf8Reader(rest, linesBefore), offset);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        return replayAt >= 0 ? replay(buffer, offset, length) : readFromFile(buffer, offset, length);
    }

    private int readFromFile(char[] buffer, int offset, int length) throws IOException {
        int read = in.read(buffer, offset, length);
        if (read > 0) {
            kept.addLast(Arrays.copyOfRange(buffer, offset, offset + read));
            keptChars += read;
            if (keptChars > MAX_KEPT_CHARS) {
                throw new RecordTooLongException();
            }
        }
        return read;
    }

    /** {@link #MAX_KEPT_CHARS} as a message writes it. */
    static String maxKeptChars() {
        return String.format(Locale.ROOT, "%,d", MAX_KEPT_CHARS);
    }

    /** A record runs on past {@link #MAX_KEPT_CHARS}. */
    static final class RecordTooLongException extends IOException {
        RecordTooLongException() {
            super("a record runs on for more than " + maxKeptChars() + " characters");
        }
    }

    /**
     * Reading goes on at {@code position}, a kept character or the end of what was read: a parser
     * that lost its way in a record is replaced by one that reads from the next line, where a
     * record starts, as the file's reader now counts too.
     */
    void rewindTo(long position) {
        long end = forgottenChars + keptChars;
        if (position < forgottenChars || position > end) {
            throw new IllegalStateException("character " + position + " is not kept");
        }
        replayAt = position == end ? -1 : position;
        in.startRecord();
        long chars = forgottenChars;
        for (char[] chunk : kept) {
            if (chars + chunk.length > position) {
                int from = (int) Math.max(0, position - chars);
                in.recountFrom(chunk, from, chunk.length - from);
            }
            chars += chunk.length;
        }
    }

    private int replay(char[] buffer, int offset, int length) {
        long chars = forgottenChars;
        int copied = 0;
        for (char[] chunk : kept) {
            if (copied == length) {
                break;
            }
            if (chars + chunk.length > replayAt) {
                int from = (int) (replayAt - chars);
                int take = Math.min(chunk.length - from, length - copied);
                System.arraycopy(chunk, from, buffer, offset + copied, take);
                copied += take;
                replayAt += take;
            }
            chars += chunk.length;
        }
        if (replayAt == forgottenChars + keptChars) {
            replayAt = -1;
        }
        return copied;
    }

    /**
     * The position after the first line break at or after {@code position} ({@code \r\n} being
     * one), reading on in the file as far as it takes; the end of the file when no break follows.
     */
    long startOfLineAfter(long position) throws IOException {
        long chars = forgottenChars;
        boolean afterCarriageReturn = false;
        var chunks = kept.iterator();
        char[] read = null; // the break is most often among the kept characters
        while (true) {
            char[] chunk;
            if (chunks.hasNext()) {
                chunk = chunks.next();
            } else {
                read = read == null ? new char[8192] : read;
                int n = readFromFile(read, 0, read.length);
                if (n < 0) {
                    return chars;
                }
                chunk = kept.peekLast();
                chunks = Collections.emptyIterator();
            }
            for (int i = (int) Math.max(0, position - chars); i < chunk.length; i++) {
                char c = chunk[i];
                if (afterCarriageReturn) {
                    return chars + i + (c == '\n' ? 1 : 0);
                }
                if (c == '\n') {
                    return chars + i + 1;
                }
                afterCarriageReturn = c == '\r';
            }
            chars += chunk.length;
        }
    }

    /** Characters before {@code position} (counted from this text's start) will not be asked about. */
    void forgetBefore(long position) {
        while (!kept.isEmpty() && forgottenChars + kept.peekFirst().length <= position) {
            char[] chunk = kept.removeFirst();
            keptChars -= chunk.length;
            forgottenChars += chunk.length;
            forgottenBytes += utf8Length(chunk, chunk.length);
        }
    }

    /** The byte offset in the file of the character at {@code position} (counted from this text's start). */
    long byteOffsetOf(long position) {
        if (position < forgottenChars) {
            throw new IllegalStateException("character " + position + " was forgotten");
        }
        long chars = forgottenChars;
        long bytes = forgottenBytes;
        for (char[] chunk : kept) {
            if (chars + chunk.length >= position) {
                return bytes + utf8Length(chunk, (int) (position - chars));
            }
            chars += chunk.length;
            bytes += utf8Length(chunk, chunk.length);
        }
        throw new IllegalStateException("character " + position + " was not read yet");
    }

    /**
     * The text of the physical line that {@code position} is on, from the line's start up to the
     * position; empty when part of it was forgotten or not read yet.
     */
    Optional<String> lineUpTo(long position) {
        if (position < forgottenChars) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        long chars = forgottenChars;
        for (char[] chunk : kept) {
            int take = (int) Math.min(chunk.length, position - chars);
            text.append(chunk, 0, take);
            chars += take;
            if (chars >= position) {
                break;
            }
        }
        if (chars < position) {
            return Optional.empty();
        }
        int lineStart = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r")) + 1;
        return lineStart == 0 && forgottenChars > 0 ? Optional.empty() : Optional.of(text.substring(lineStart));
    }

    /** Each half of a surrogate pair counts two: the pair is one four-byte character. */
    private static long utf8Length(char[] chars, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            char c = chars[i];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
