package dev.chinook.ingest.model;

/**
 * A row that was not loaded: where it is in the file (1-based line and column) and why.
 * {@code columnNumber} and {@code columnName} are null when the whole row is at fault.
 */
public record Rejection(long lineNumber, Integer columnNumber, String columnName, String value, String reason) {}
