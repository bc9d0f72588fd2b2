package dev.chinook.ingest.repository;

import java.sql.SQLException;

/** Receives the changes a statement made, one at a time, each already in the JSON the warehouse reads. */
public interface ChangeSink {

    /** For a load that never commits (validation): nothing of it may leave the transaction. */
    ChangeSink DISCARD = (changeId, json) -> {};

    void accept(long changeId, String json) throws SQLException;
}
