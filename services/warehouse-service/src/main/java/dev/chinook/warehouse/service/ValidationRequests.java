package dev.chinook.warehouse.service;

import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.warehouse.queues.IngestEventsQueue;
import dev.chinook.warehouse.storage.ValidationStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Validation-only mode: asks the ingest function to check a file as a load would and load nothing.
 * The function owns OLTP and the contract's checks; it writes the would-be report, read back by id.
 */
@ApplicationScoped
public class ValidationRequests {

    private static final Logger LOG = Logger.getLogger(ValidationRequests.class);

    public record Request(String requestId, String bucket, String key, String table, Instant requestedAt) {}

    private final IngestEventsQueue queue;
    private final ValidationStore store;

    public ValidationRequests(IngestEventsQueue queue, ValidationStore store) {
        this.queue = queue;
        this.store = store;
    }

    /** Validates a file the caller sent, for {@code table} of the contract. */
    public Request uploaded(String table, Path file) {
        if (ChinookTables.byName(table).isEmpty()) {
            throw new IllegalArgumentException("no table " + table + " in the contract");
        }
        String requestId = UUID.randomUUID().toString();
        String key = store.upload(requestId, table + ".csv", file);
        return send(requestId, store.bucket(), key, table);
    }

    /** Validates an object already in the bucket; the table comes from its key unless given. */
    public Request existing(String key, String table) {
        if (table != null && ChinookTables.byName(table).isEmpty()) {
            throw new IllegalArgumentException("no table " + table + " in the contract");
        }
        return send(UUID.randomUUID().toString(), store.bucket(), key, table);
    }

    private Request send(String requestId, String bucket, String key, String table) {
        queue.send(new IngestCommand.Validate(requestId, bucket, key, table));
        LOG.infof("validation %s of s3://%s/%s requested", requestId, bucket, key);
        return new Request(requestId, bucket, key, table, Instant.now());
    }
}
