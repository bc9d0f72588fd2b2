package dev.chinook.warehouse.service;

import dev.chinook.warehouse.queues.QueueDepths;
import dev.chinook.warehouse.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Map;

/** What an operator asks first: how much is loaded, and what is still waiting in which queue. */
@ApplicationScoped
public class StatusService {

    public record Status(
            StatusRepository.WarehouseFigures warehouse,
            Map<String, QueueDepths.QueueDepth> queues,
            long messagesApplied,
            long messagesFailed) {}

    private final StatusRepository repository;
    private final QueueDepths queues;
    private final ConsumerStatistics statistics;

    public StatusService(StatusRepository repository, QueueDepths queues, ConsumerStatistics statistics) {
        this.repository = repository;
        this.queues = queues;
        this.statistics = statistics;
    }

    public Status status() throws SQLException {
        return new Status(
                repository.figures(), queues.all(), statistics.messagesApplied(), statistics.messagesFailed());
    }
}
