package dev.chinook.ingest.repository;

/** PostgreSQL text cannot hold NUL, which binary or broken files bring: it is stored as \0 instead. */
final class StorableText {

    private StorableText() {}

    static String of(String text) {
        return text == null ? null : text.replace("\0", "\\0");
    }
}
