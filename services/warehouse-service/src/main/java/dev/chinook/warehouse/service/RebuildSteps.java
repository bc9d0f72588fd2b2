package dev.chinook.warehouse.service;

import dev.chinook.warehouse.repository.WarehouseRepository;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The transactions of a rebuild: one per archived change set restored, one to clear, one per
 * replayed chunk, so progress is durable, and one for the facts the chunks deferred.
 */
@ApplicationScoped
@TransactionConfiguration(timeoutFromConfigProperty = "chinook.warehouse.consumer.transaction-timeout-seconds")
public class RebuildSteps {

    private final WarehouseRepository repository;

    public RebuildSteps(WarehouseRepository repository) {
        this.repository = repository;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void clear() throws SQLException {
        repository.clearDerived();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int restore(byte[] batchJson) throws SQLException {
        return repository.restoreChanges(batchJson);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long replay(long afterChangeId, int chunk) throws SQLException {
        return repository.replayChunk(afterChangeId, chunk);
    }

    /** The facts the replay deferred (its chunks are a backlog on an empty warehouse): how many lines. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong deriveDeferredFacts() throws SQLException {
        return repository.deriveDeferredFacts();
    }
}
