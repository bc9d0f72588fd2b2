package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.repository.WarehouseRepository;
import dev.chinook.warehouse.storage.ChangeSetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
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
            stage(messageBody);
        }
        int fresh = repository.recordStaged();
        if (fresh > 0) {
            repository.applyBatch();
        }
        return fresh;
    }

    /**
     * Stages the batch a message carries or refers to. A referred set's own envelope is checked
     * while its changes are copied (parsing a set of 10,000 changes once more only for that was a
     * quarter of the warehouse's own work on it); a bad one is named.
     */
    private void stage(String messageBody) throws SQLException {
        ChangeCodec.Envelope envelope = ChangeCodec.readEnvelope(messageBody);
        if (!envelope.isReference()) {
            repository.stageChanges(messageBody.getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] set = changeSets.fetch(envelope.changesRef());
        try {
            repository.stageChanges(set);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("change set " + envelope.changesRef() + ": " + e.getMessage(), e);
        }
    }
}
