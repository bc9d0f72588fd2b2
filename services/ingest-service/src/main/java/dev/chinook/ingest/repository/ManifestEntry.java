package dev.chinook.ingest.repository;

/** What the manifest says of the newest upload applied to one key. */
public record ManifestEntry(String sequencer, String eTag, String status) {
}
