package dev.chinook.warehouse.service;

import dev.chinook.common.pipeline.PipelineDefinition;
import dev.chinook.warehouse.messaging.ChangeQueueConsumer;
import dev.chinook.warehouse.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What an operator asks first: how much is loaded, and what is still waiting in which queue. */
@ApplicationScoped
public class StatusService {

    public record QueueDepth(String name, long waiting, long inFlight) {
    }

    public record Status(StatusRepository.WarehouseFigures warehouse, Map<String, QueueDepth> queues,
            long messagesApplied, long messagesFailed) {
    }

    private final StatusRepository repository;
    private final ChangeQueueConsumer consumer;
    private final SqsClient sqs;
    private final PipelineDefinition.Queues queues = PipelineDefinition.load().queues();
    private final Map<String, String> queueUrls = new java.util.concurrent.ConcurrentHashMap<>();

    public StatusService(StatusRepository repository, ChangeQueueConsumer consumer, SqsClient sqs) {
        this.repository = repository;
        this.consumer = consumer;
        this.sqs = sqs;
    }

    public Status status() throws SQLException {
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        for (String name : new String[] {queues.ingestEvents().name(), queues.ingestEvents().deadLetter().name(),
                queues.oltpChanges().name(), queues.oltpChanges().deadLetter().name()}) {
            depths.put(name, depth(name));
        }
        return new Status(repository.figures(), depths, consumer.messagesApplied(), consumer.messagesFailed());
    }

    private QueueDepth depth(String name) {
        String url = queueUrls.computeIfAbsent(name, n -> sqs.getQueueUrl(b -> b.queueName(n)).queueUrl());
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(name, Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
    }
}
