package dev.chinook.ingest.repository;

import java.sql.SQLException;

/**
 * Receives the changes a statement made, one at a time, each already in the JSON the warehouse
 * reads, as the UTF-8 bytes the database sent (decoding them into a string only to encode them
 * again was a tenth of the apply).
 */
public interface ChangeSink {

    /** For a load that never commits (validation): nothing of it may leave the transaction. */
    ChangeSink DISCARD = (changeId, json) -> {};

    void accept(long changeId, byte[] json) throws SQLException;
}
