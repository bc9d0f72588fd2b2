package dev.chinook.ingest.model;

import dev.chinook.common.manifest.FileStatus;

/** What the manifest says of the newest upload applied to one key. */
public record ManifestEntry(String sequencer, String eTag, FileStatus status, long rowsRejected) {}
