package dev.chinook.ingest.repository;

/**
 * Text from a file as the manifest and the rejected rows keep it: PostgreSQL text cannot hold
 * NUL, which binary or broken files bring (stored as \0), and one field or header of megabytes
 * must not be copied whole into every report (kept to a length, with a note of the rest).
 */
final class StorableText {

    /** Enough of a value to recognise it in a report. */
    static final int MAX_CHARACTERS = 1_000;

    private StorableText() {}

    static String of(String text) {
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
