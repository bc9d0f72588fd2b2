package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.repository.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Applies one message of the oltp-changes queue in one transaction: the change ids are recorded
 * with their effect, so a redelivered message changes nothing.
 */
@ApplicationScoped
public class ChangeBatchService {

    private static final Logger LOG = Logger.getLogger(ChangeBatchService.class);

    private final WarehouseRepository repository;

    public ChangeBatchService(WarehouseRepository repository) {
        this.repository = repository;
    }

    /** Returns how many of the message's changes were new. */
    @Transactional
    public int apply(String messageBody) throws SQLException {
        int total = ChangeCodec.readBatch(messageBody).changes().size();
        int fresh = repository.recordChanges(messageBody);
        if (fresh > 0) {
            repository.applyBatch();
        }
        LOG.debugf("applied %d new of %d changes", fresh, total);
        return fresh;
    }
}
