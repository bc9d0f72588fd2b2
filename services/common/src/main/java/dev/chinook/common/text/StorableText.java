package dev.chinook.common.text;

/**
 * Text from a file or a message as the databases and queues keep it: PostgreSQL text cannot hold
 * NUL, which binary or broken files bring (stored as \0), and one field or header of megabytes
 * must not be copied whole into every report (kept to a length, with a note of the rest).
 */
public final class StorableText {

    /** Enough of a value to recognise it in a report. */
    public static final int MAX_CHARACTERS = 1_000;

    private StorableText() {}

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        String shown = text;
        if (text.length() > MAX_CHARACTERS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_CHARACTERS - 1)) ? MAX_CHARACTERS - 1 : MAX_CHARACTERS;
            shown = text.substring(0, end) + "... (truncated: " + text.length() + " characters in all)";
        }
        return shown.replace("\0", "\\0");
    }
}
