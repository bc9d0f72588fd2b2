package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.repository.WarehouseRepository;
import dev.chinook.warehouse.storage.ChangeSetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies messages of the oltp-changes queue in one transaction: the change ids are recorded
 * with their effect, so a redelivered message changes nothing.
 */
@ApplicationScoped
public class ChangeBatchService {

    private final WarehouseRepository repository;
    private final ChangeSetStore changeSets;

    public ChangeBatchService(WarehouseRepository repository, ChangeSetStore changeSets) {
        this.repository = repository;
        this.changeSets = changeSets;
    }

    /** Returns how many of the message's changes were new. */
    @Transactional
    public int apply(String messageBody) throws SQLException {
        return applyAll(List.of(messageBody));
    }

    /**
     * Applies several messages in one transaction: their changes are recorded together, then the
     * star schema is derived once for all of them, which is what makes bulk loads fast. Any failure
     * rolls back all of them; the caller then retries them one by one to isolate the bad one.
     */
    @Transactional
    public int applyAll(List<String> messageBodies) throws SQLException {
        for (String messageBody : messageBodies) {
            repository.stageChanges(batchJson(messageBody));
        }
        int fresh = repository.recordStaged();
        if (fresh > 0) {
            repository.applyBatch();
        }
        return fresh;
    }

    /** The batch a message carries or refers to; both pass the same envelope check. */
    private String batchJson(String messageBody) {
        ChangeCodec.Envelope envelope = ChangeCodec.readEnvelope(messageBody);
        if (!envelope.isReference()) {
            return messageBody;
        }
        String batch = changeSets.fetch(envelope.changesRef());
        if (ChangeCodec.readEnvelope(batch).isReference()) {
            throw new IllegalArgumentException("change set " + envelope.changesRef() + " refers to another one");
        }
        return batch;
    }
}
