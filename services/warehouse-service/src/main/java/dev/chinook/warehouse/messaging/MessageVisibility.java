package dev.chinook.warehouse.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * How long received messages stay hidden from other receives: claimed for a while, or kept hidden
 * while a transaction holds them. SQS shows a received message again once the queue's visibility
 * timeout (120 s) has passed, while a transaction may run far longer (up to the consumer's
 * transaction timeout): behind an empty warehouse's one fact pass (97.5 s at scale 10000) the
 * other loop's messages wait for its lock, and beyond 120 s they came back, were applied again as
 * duplicates, and each receive counted towards the dead-letter queue. Held messages are hidden
 * again every heartbeat, for six heartbeats, as the queue's timeout is sized against the
 * consumer's (terraform's oltp_changes_queue): should the service die, they come back within that.
 */
final class MessageVisibility implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MessageVisibility.class);
    /** The longest visibility timeout SQS sets. */
    private static final long MOST_SECONDS = Duration.ofHours(12).toSeconds();

    private final SqsClient sqs;
    private final Duration heartbeat;
    private final int heldSeconds;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "visibility-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    MessageVisibility(SqsClient sqs, Duration heartbeat) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            // Refused at start: otherwise every transaction would fail scheduling its heartbeat.
            throw new IllegalArgumentException(
                    "chinook.warehouse.consumer.visibility-heartbeat must be positive, was " + heartbeat);
        }
        this.sqs = sqs;
        this.heartbeat = heartbeat;
        this.heldSeconds = (int)
                Math.min(MOST_SECONDS, Math.max(1, heartbeat.multipliedBy(6).toSeconds()));
    }

    /** Runs {@code work} while {@code messages} stay hidden; returns what it returns. */
    <T> T whileHeld(String queue, List<Message> messages, Callable<T> work) throws Exception {
        // In nanoseconds: any positive heartbeat is a positive period (in milliseconds, under one would be none).
        long every = heartbeat.toNanos();
        ScheduledFuture<?> beats =
                timer.scheduleAtFixedRate(() -> keepHidden(queue, messages), every, every, TimeUnit.NANOSECONDS);
        try {
            return work.call();
        } finally {
            beats.cancel(false);
        }
    }

    /**
     * Hides {@code messages} for {@code seconds} from now; returns those it could: the others were
     * received again (their receipt handle is no longer valid) or are gone.
     */
    List<Message> hide(String queue, List<Message> messages, int seconds) {
        List<Message> hidden = new ArrayList<>();
        for (List<Message> batch : SqsBatches.of(messages)) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : batch) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(seconds)
                        .build());
            }
            Set<String> lost =
                    sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue).entries(entries)).failed().stream()
                            .map(BatchResultErrorEntry::id)
                            .collect(Collectors.toSet());
            for (int i = 0; i < batch.size(); i++) {
                if (!lost.contains(Integer.toString(i))) {
                    hidden.add(batch.get(i));
                }
            }
        }
        return hidden;
    }

    private void keepHidden(String queue, List<Message> messages) {
        try {
            int hidden = hide(queue, messages, heldSeconds).size();
            if (hidden < messages.size()) {
                LOG.warnf(
                        "%d of %d messages a transaction holds could not be kept hidden (received again, or gone)",
                        messages.size() - hidden, messages.size());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "keeping %d held messages hidden failed; trying again in %s", messages.size(), heartbeat);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
