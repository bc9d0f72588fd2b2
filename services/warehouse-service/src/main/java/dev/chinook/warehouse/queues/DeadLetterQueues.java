package dev.chinook.warehouse.queues;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The pipeline's two dead-letter queues and their source queues, as SQS offers them. */
@ApplicationScoped
public class DeadLetterQueues {

    /** A dead-letter queue by the name operators use, with the queue its messages came from. */
    public record Pair(String name, String deadLetterUrl, String sourceUrl) {}

    private final SqsClient sqs;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final int maxPerSecond;

    public DeadLetterQueues(SqsClient sqs, WarehouseConfig config) {
        this.sqs = sqs;
        this.maxPerSecond = config.replay().maxMessagesPerSecond();
        pairs.put(
                "ingest-events",
                new Pair(
                        "ingest-events",
                        config.queues().ingestEventsDlq(),
                        config.queues().ingestEvents()));
        pairs.put(
                "oltp-changes",
                new Pair(
                        "oltp-changes",
                        config.queues().oltpChangesDlq(),
                        config.queues().oltpChanges()));
    }

    public List<String> names() {
        return List.copyOf(pairs.keySet());
    }

    public Optional<Pair> pair(String name) {
        return Optional.ofNullable(pairs.get(name));
    }

    public long depth(Pair pair) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(pair.deadLetterUrl())
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    /**
     * Up to {@code limit} messages, read without taking them: each is received with a visibility
     * timeout of 0, so it stays available (SQS counts the receive; a dead-letter queue has no redrive).
     */
    public List<Message> peek(Pair pair, int limit) {
        Map<String, Message> seen = new LinkedHashMap<>();
        int emptyRounds = 0;
        while (seen.size() < limit && emptyRounds < 3) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(pair.deadLetterUrl())
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(0)
                            .waitTimeSeconds(0)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(
                                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                    MessageSystemAttributeName.SENT_TIMESTAMP,
                                    MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP))
                    .messages();
            int before = seen.size();
            received.forEach(m -> seen.putIfAbsent(m.messageId(), m));
            emptyRounds = seen.size() == before ? emptyRounds + 1 : 0;
        }
        return new ArrayList<>(seen.values()).subList(0, Math.min(limit, seen.size()));
    }

    /**
     * Moves the messages that match back to the source queue, one receive at a time, until a
     * receive brings none that match; returns how many moved. Each is sent before it is deleted:
     * a crash in between leaves a copy in both queues, never in none.
     */
    public int moveBack(Pair pair, Predicate<Message> selected) {
        int moved = 0;
        int emptyRounds = 0;
        long pause = 1_000L / Math.max(1, maxPerSecond);
        while (emptyRounds < 3) {
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(pair.deadLetterUrl())
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(30)
                            .waitTimeSeconds(0)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
                    .messages();
            int matching = 0;
            for (Message m : received) {
                if (selected.test(m)) {
                    matching++;
                    pace(pause);
                    sqs.sendMessage(b -> b.queueUrl(pair.sourceUrl()).messageBody(m.body()));
                    sqs.deleteMessage(b -> b.queueUrl(pair.deadLetterUrl()).receiptHandle(m.receiptHandle()));
                    moved++;
                } else {
                    sqs.changeMessageVisibility(b -> b.queueUrl(pair.deadLetterUrl())
                            .receiptHandle(m.receiptHandle())
                            .visibilityTimeout(0));
                }
            }
            emptyRounds = matching == 0 ? emptyRounds + 1 : 0;
        }
        return moved;
    }

    /** Every message back to its source queue, by SQS's own move task; returns the task's handle. */
    public String moveAllBack(Pair pair) {
        return sqs.startMessageMoveTask(b -> b.sourceArn(arn(pair.deadLetterUrl()))
                        .destinationArn(arn(pair.sourceUrl()))
                        .maxNumberOfMessagesPerSecond(maxPerSecond))
                .taskHandle();
    }

    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }

    public void purge(Pair pair) {
        sqs.purgeQueue(b -> b.queueUrl(pair.deadLetterUrl()));
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }
}
