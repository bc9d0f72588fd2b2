package dev.chinook.warehouse.service;

import dev.chinook.common.command.IngestCommand;
import dev.chinook.warehouse.queues.IngestEventsQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Asks the ingest function to reconcile the bucket with its manifest. The function does the work
 * (it owns the manifest) and writes a report that {@code GET /api/reconcile} and status read.
 */
@ApplicationScoped
public class ReconcileRequests {

    private static final Logger LOG = Logger.getLogger(ReconcileRequests.class);

    public record Request(String requestId, boolean dryRun, Instant requestedAt) {}

    private final IngestEventsQueue queue;

    public ReconcileRequests(IngestEventsQueue queue) {
        this.queue = queue;
    }

    public Request request(boolean dryRun) {
        Request request = new Request(UUID.randomUUID().toString(), dryRun, Instant.now());
        queue.send(new IngestCommand.Reconcile(request.requestId(), dryRun));
        LOG.infof("reconcile %s requested%s", request.requestId(), dryRun ? " (dry run)" : "");
        return request;
    }
}
