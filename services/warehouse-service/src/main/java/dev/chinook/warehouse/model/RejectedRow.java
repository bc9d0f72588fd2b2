package dev.chinook.warehouse.model;

/** One row of a file that was not loaded: where (1-based line and column) and why. */
public record RejectedRow(long line, Integer column, String columnName, String value, String reason) {}
