package dev.chinook.warehouse.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/** {@link StarSchemaLoader} on the connection of the caller's transaction. */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class WarehouseRepository {

    private final AgroalDataSource dataSource;

    public WarehouseRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds a message's changes to the transaction's batch; {@link #recordStaged} records them. */
    public void stageChanges(byte[] batchJson) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            StarSchemaLoader.stageChanges(c, batchJson);
        }
    }

    /** Returns how many of the staged changes are new. */
    public int recordStaged() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return StarSchemaLoader.recordStaged(c);
        }
    }

    /** Puts an archived change set back into the change log; returns how many changes were missing. */
    public int restoreChanges(byte[] batchJson) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return StarSchemaLoader.restoreChanges(c, batchJson);
        }
    }

    /** Applies the recorded batch to dimensions and facts; see {@link StarSchemaLoader#applyBatch}. */
    public void applyBatch(boolean backlogWaiting) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            StarSchemaLoader.applyBatch(c, backlogWaiting);
        }
    }

    /** The facts deferred while the warehouse caught up, if they were: how many lines. */
    public OptionalLong deriveDeferredFacts() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return StarSchemaLoader.deriveDeferredFacts(c);
        }
    }

    public void clearDerived() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            StarSchemaLoader.clearDerived(c);
        }
    }

    /**
     * Stages and applies the next chunk of the change log, as a batch with more behind it (an
     * empty warehouse defers its facts); returns its last change id, or -1 when done.
     */
    public long replayChunk(long afterChangeId, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long last = StarSchemaLoader.stageFromLog(c, afterChangeId, limit);
            if (last >= 0) {
                StarSchemaLoader.applyBatch(c, true);
            }
            return last;
        }
    }
}
