package dev.chinook.warehouse.queues;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** How many messages wait and are in flight in each queue of the pipeline, from SQS's attributes. */
@ApplicationScoped
public class QueueDepths {

    /** Visible, in flight (received, not deleted) and delayed messages of one queue. */
    public record QueueDepth(String url, long waiting, long inFlight, long delayed) {}

    private final SqsClient sqs;
    private final Map<String, String> queues = new LinkedHashMap<>();

    public QueueDepths(SqsClient sqs, WarehouseConfig config) {
        this.sqs = sqs;
        queues.put("ingest-events", config.queues().ingestEvents());
        queues.put("ingest-events-dlq", config.queues().ingestEventsDlq());
        queues.put("oltp-changes", config.queues().oltpChanges());
        queues.put("oltp-changes-dlq", config.queues().oltpChangesDlq());
    }

    /** Each queue by its role in the pipeline: ingest-events, ingest-events-dlq, oltp-changes, oltp-changes-dlq. */
    public Map<String, QueueDepth> all() {
        Map<String, QueueDepth> depths = new LinkedHashMap<>();
        queues.forEach((role, url) -> depths.put(role, depth(url)));
        return depths;
    }

    public QueueDepth depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        return new QueueDepth(
                url,
                Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")),
                Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0")));
    }
}
