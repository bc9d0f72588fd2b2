package dev.chinook.warehouse.service;

import dev.chinook.warehouse.model.FileVersion;
import dev.chinook.warehouse.model.Lineage;
import dev.chinook.warehouse.queues.QueueDepths;
import dev.chinook.warehouse.repository.IngestRecordsRepository;
import dev.chinook.warehouse.repository.StatusRepository;
import dev.chinook.warehouse.storage.ReconcileReports;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** What an operator asks first: how much is loaded, and what is still waiting in which queue. */
@ApplicationScoped
public class StatusService {

    public record Status(
            Ingest ingest,
            Lag warehouseLag,
            StatusRepository.WarehouseFigures warehouse,
            Map<String, Long> oltpTableRows,
            Map<String, Long> tableRows,
            Map<String, QueueDepths.QueueDepth> queues,
            long messagesApplied,
            long messagesFailed,
            Unprocessed unprocessedObjects) {}

    /** The ingest side, from its durable records in OLTP; null before the ingest first ran. */
    public record Ingest(
            Map<String, Long> filesByStatus,
            long rowsWaitingForParent,
            OffsetDateTime oldestWaitingSince,
            OffsetDateTime lastSuccessfulLoadAt,
            long filesLastHour,
            long rowsLoadedLastHour,
            long changesWritten,
            long outboxChanges,
            OffsetDateTime outboxOldestCommittedAt) {}

    /**
     * Changes committed in OLTP and not yet applied in the warehouse (in the outbox, in a queue or
     * its dead-letter queue), and since when the oldest of them waits (null when caught up).
     */
    public record Lag(long changes, OffsetDateTime oldestWaitingSince, Long seconds) {}

    /**
     * Uploads in the bucket that no event ever brought to the ingest, as the latest reconciliation
     * counted them ({@code asOf} its finish); null before the first run.
     */
    public record Unprocessed(long count, String asOf, boolean dryRun, String requestId) {}

    /**
     * What a poller waiting for the warehouse to catch up needs: the queues' depths, whether facts
     * wait for a backlog to be applied, and since when this process derives them if it does (null
     * otherwise; the queues look drained meanwhile).
     */
    public record Queues(
            Map<String, QueueDepths.QueueDepth> queues, boolean factsDeferred, Instant factsDerivingSince) {}

    /** How many recent file versions with changes are looked at for the oldest one not yet applied. */
    private static final int LAG_SCAN = 200;

    private final StatusRepository repository;
    private final IngestRecordsRepository ingest;
    private final FileStatusService files;
    private final QueueDepths queues;
    private final ConsumerStatistics statistics;
    private final ReconcileReports reconcileReports;
    private final FactDerivations derivations;

    public StatusService(
            StatusRepository repository,
            IngestRecordsRepository ingest,
            FileStatusService files,
            QueueDepths queues,
            ConsumerStatistics statistics,
            ReconcileReports reconcileReports,
            FactDerivations derivations) {
        this.repository = repository;
        this.ingest = ingest;
        this.files = files;
        this.queues = queues;
        this.statistics = statistics;
        this.reconcileReports = reconcileReports;
        this.derivations = derivations;
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
        StatusRepository.WarehouseFigures warehouse = repository.figures();
        if (!ingest.migrated()) {
            return new Status(
                    null,
                    null,
                    warehouse,
                    Map.of(),
                    repository.tableRows(),
                    queues.all(),
                    statistics.messagesApplied(),
                    statistics.messagesFailed(),
                    unprocessed);
        }
        IngestRecordsRepository.IngestFigures figures = ingest.figures();
        IngestRecordsRepository.OutboxBacklog backlog = ingest.outboxBacklog();
        Ingest ingestStatus = new Ingest(
                figures.filesByStatus(),
                figures.rowsParked(),
                figures.oldestParkedAt(),
                figures.lastLoadedAt(),
                figures.filesLastHour(),
                figures.rowsLoadedLastHour(),
                figures.changesWritten(),
                backlog.changes(),
                backlog.oldestCommittedAt());
        return new Status(
                ingestStatus,
                lag(figures.changesWritten() - warehouse.changesApplied(), backlog),
                warehouse,
                ingest.tableRows(),
                repository.tableRows(),
                queues.all(),
                statistics.messagesApplied(),
                statistics.messagesFailed(),
                unprocessed);
    }

    /** Answers at once unless the warehouse's database is down or frozen. */
    public Void databaseAnswers() throws SQLException {
        repository.ping();
        return null;
    }

    public Queues queues() throws SQLException {
        return new Queues(
                queues.all(),
                repository.factsDeferred(),
                derivations.runningSince().orElse(null));
    }

    /** OLTP rows naming a missing parent, then warehouse facts naming a missing member. */
    public List<IngestRecordsRepository.Orphans> integrity() throws SQLException {
        List<IngestRecordsRepository.Orphans> all =
                new java.util.ArrayList<>(ingest.migrated() ? ingest.orphans() : List.of());
        all.addAll(repository.danglingFacts());
        return all;
    }

    /**
     * The oldest change not yet applied is the oldest outbox record, or a sent change of one of the
     * recent files whose changes are not all in the warehouse yet.
     */
    private Lag lag(long changes, IngestRecordsRepository.OutboxBacklog backlog) throws SQLException {
        if (changes <= 0) {
            return new Lag(0, null, null);
        }
        OffsetDateTime oldest = backlog.oldestCommittedAt();
        List<FileVersion> recent = ingest.recentWithChanges(LAG_SCAN);
        Map<Long, Lineage> lineages = files.lineages(recent);
        for (FileVersion file : recent) {
            if (!lineages.get(file.fileId()).complete()
                    && (oldest == null || file.finishedAt().isBefore(oldest))) {
                oldest = file.finishedAt();
            }
        }
        Long seconds = oldest == null
                ? null
                : Math.max(
                        0, Duration.between(oldest.toInstant(), Instant.now()).toSeconds());
        return new Lag(changes, oldest, seconds);
    }
}
