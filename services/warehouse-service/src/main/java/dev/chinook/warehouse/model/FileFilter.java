package dev.chinook.warehouse.model;

import java.time.OffsetDateTime;

/** Which file versions a listing shows; a null field does not filter. */
public record FileFilter(
        String status, String table, String bucket, String keyPrefix, OffsetDateTime since, OffsetDateTime until) {}
