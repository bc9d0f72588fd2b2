package dev.chinook.warehouse.service;

import dev.chinook.warehouse.queues.QueueDepths;
import dev.chinook.warehouse.repository.StatusRepository;
import dev.chinook.warehouse.storage.ReconcileReports;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Map;

/** What an operator asks first: how much is loaded, and what is still waiting in which queue. */
@ApplicationScoped
public class StatusService {

    public record Status(
            StatusRepository.WarehouseFigures warehouse,
            Map<String, Long> tableRows,
            Map<String, QueueDepths.QueueDepth> queues,
            long messagesApplied,
            long messagesFailed,
            Unprocessed unprocessedObjects) {}

    /**
     * Uploads in the bucket that no event ever brought to the ingest, as the latest reconciliation
     * counted them ({@code asOf} its finish); null before the first run.
     */
    public record Unprocessed(long count, String asOf, boolean dryRun, String requestId) {}

    private final StatusRepository repository;
    private final QueueDepths queues;
    private final ConsumerStatistics statistics;
    private final ReconcileReports reconcileReports;

    public StatusService(
            StatusRepository repository,
            QueueDepths queues,
            ConsumerStatistics statistics,
            ReconcileReports reconcileReports) {
        this.repository = repository;
        this.queues = queues;
        this.statistics = statistics;
        this.reconcileReports = reconcileReports;
    }

    public Status status() throws SQLException {
        Unprocessed unprocessed = reconcileReports
                .latest()
                .map(r -> new Unprocessed(
                        r.path("unprocessed").asLong(),
                        r.path("finishedAt").asText(null),
                        r.path("dryRun").asBoolean(),
                        r.path("requestId").asText(null)))
                .orElse(null);
        return new Status(
                repository.figures(),
                repository.tableRows(),
                queues.all(),
                statistics.messagesApplied(),
                statistics.messagesFailed(),
                unprocessed);
    }
}
