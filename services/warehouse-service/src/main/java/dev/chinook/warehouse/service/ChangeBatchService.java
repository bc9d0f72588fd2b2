package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.s3.S3Uri;
import dev.chinook.warehouse.repository.WarehouseRepository;
import dev.chinook.warehouse.storage.ChangeSetStore;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Applies messages of the oltp-changes queue in one transaction: the change ids are recorded
 * with their effect, so a redelivered message changes nothing.
 */
@ApplicationScoped
@TransactionConfiguration(timeoutFromConfigProperty = "chinook.warehouse.consumer.transaction-timeout-seconds")
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
        return applyTogether(List.of(messageBody), false);
    }

    /**
     * Applies several messages in one transaction: their changes are recorded together, then the
     * star schema is derived once for all of them, which is what makes bulk loads fast. Any failure
     * rolls back all of them; the caller then retries them one by one to isolate the bad one.
     *
     * @param backlogWaiting more messages wait behind these: an empty warehouse then defers its
     *     facts until {@link #deriveDeferredFacts} (StarSchemaLoader.applyBatch)
     */
    @Transactional
    public int applyAll(List<String> messageBodies, boolean backlogWaiting) throws SQLException {
        return applyTogether(messageBodies, backlogWaiting);
    }

    /**
     * Not through {@link #applyAll}: a call from {@link #apply} would join its transaction, where
     * the transaction's timeout ({@code @TransactionConfiguration}) may not be set again.
     */
    private int applyTogether(List<String> messageBodies, boolean backlogWaiting) throws SQLException {
        List<ChangeCodec.Envelope> envelopes =
                messageBodies.stream().map(ChangeCodec::readEnvelope).toList();
        List<S3Uri> referred = envelopes.stream()
                .filter(ChangeCodec.Envelope::isReference)
                .map(envelope -> S3Uri.parse(envelope.changesRef()))
                .toList();
        try (ChangeSetStore.InOrder sets = changeSets.fetchInOrder(referred)) {
            for (int i = 0; i < messageBodies.size(); i++) {
                ChangeCodec.Envelope envelope = envelopes.get(i);
                if (envelope.isReference()) {
                    stageSet(envelope.changesRef(), sets.next());
                } else {
                    repository.stageChanges(messageBodies.get(i).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        int fresh = repository.recordStaged();
        if (fresh > 0) {
            repository.applyBatch(backlogWaiting);
        }
        return fresh;
    }

    /** The facts deferred while the warehouse caught up, if they were: how many lines. */
    @Transactional
    public OptionalLong deriveDeferredFacts() throws SQLException {
        return repository.deriveDeferredFacts();
    }

    /**
     * Stages a set a message refers to. Its own envelope is checked while its changes are copied
     * (parsing a set of 10,000 changes once more only for that was a quarter of the warehouse's
     * own work on it); a bad one is named.
     */
    private void stageSet(String changesRef, byte[] set) throws SQLException {
        try {
            repository.stageChanges(set);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("change set " + changesRef + ": " + e.getMessage(), e);
        }
    }
}
