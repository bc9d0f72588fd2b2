package dev.chinook.ingest.service;

/**
 * The file as a whole cannot be loaded (unknown table, missing required column, not CSV...).
 * It is recorded with this reason and never retried: retrying cannot make it valid.
 */
public class RejectedFileException extends RuntimeException {

    public RejectedFileException(String reason) {
        super(reason);
    }
}
