package dev.chinook.ingest.messaging;

import dev.chinook.common.command.IngestCommand;
import dev.chinook.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Commands the function leaves for itself on its own queue: later invocations carry them out. */
@ApplicationScoped
public class IngestEventsQueue {

    /** SQS takes at most ten messages per batch call. */
    private static final int BATCH = 10;

    /** SQS delays a message by at most 15 minutes. */
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final IngestConfig config;

    public IngestEventsQueue(SqsClient sqs, IngestConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    public void send(IngestCommand command) {
        sendAfter(command, Duration.ZERO);
    }

    /** Sends a command that no one receives before {@code delay} (rounded up to seconds, at most 15 minutes). */
    public void sendAfter(IngestCommand command, Duration delay) {
        long seconds = Math.min(MAX_DELAY.toSeconds(), (delay.toMillis() + 999) / 1000);
        sqs.sendMessage(b -> b.queueUrl(config.queues().ingestEvents())
                .messageBody(IngestCommand.toJson(command))
                .delaySeconds((int) seconds));
    }

    /** Sends every command; fails if SQS refused any of them, so that the caller's message is retried. */
    public void sendAll(List<? extends IngestCommand> commands) {
        for (int from = 0; from < commands.size(); from += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (IngestCommand command : commands.subList(from, Math.min(commands.size(), from + BATCH))) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .messageBody(IngestCommand.toJson(command))
                        .build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(
                    b -> b.queueUrl(config.queues().ingestEvents()).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException(
                        response.failed().size() + " of " + entries.size() + " messages were refused by ingest-events: "
                                + response.failed().get(0).message());
            }
        }
    }
}
