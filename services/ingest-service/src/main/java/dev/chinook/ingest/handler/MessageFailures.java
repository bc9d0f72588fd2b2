package dev.chinook.ingest.handler;

import dev.chinook.common.failure.DeadLetterQueue;
import dev.chinook.common.failure.Failures;
import dev.chinook.common.failure.MessageFailureRepository;
import dev.chinook.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What becomes of a message that failed. A permanent failure ({@link Failures}: the message itself
 * is wrong) can never succeed: it goes to the dead-letter queue at once. Any other failure may
 * heal: the message is retried, and reaches the dead-letter queue by redrive after
 * maxReceiveCount. Either way the reason is recorded.
 */
@ApplicationScoped
public class MessageFailures {

    private static final Logger LOG = Logger.getLogger(MessageFailures.class);
    static final String QUEUE = "ingest-events";

    private final MessageFailureRepository repository;
    private final DeadLetterQueue deadLetters;

    public MessageFailures(MessageFailureRepository repository, SqsClient sqs, IngestConfig config) {
        this.repository = repository;
        this.deadLetters = new DeadLetterQueue(
                sqs, config.queues().ingestEventsDlq(), config.queues().ingestEventsMaxReceiveCount());
    }

    /**
     * Records the failure; returns true if the message must be retried, false if it was
     * dead-lettered: at once when it can never succeed, and on its last receive (redrive would move it
     * without the reason, which the failures table in a database that may be the cause cannot hold).
     */
    public boolean retry(String messageId, String body, int receiveCount, Exception failure) {
        boolean permanent = Failures.isPermanent(failure);
        String reason = Failures.reason(failure);
        try {
            repository.record(QUEUE, messageId, permanent, reason, body);
        } catch (Exception e) {
            LOG.warnf(e, "could not record the failure of message %s (%s)", messageId, reason);
        }
        if (!deadLetters.takes(permanent, receiveCount)) {
            LOG.errorf(failure, "message %s failed and will be delivered again: %s", messageId, reason);
            return true;
        }
        String deadOf = DeadLetterQueue.reason(permanent, receiveCount, reason);
        try {
            deadLetters.forward(messageId, body, deadOf);
            LOG.errorf("message %s went to the dead-letter queue: %s", messageId, deadOf);
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "message %s can never succeed, but could not be dead-lettered: retried instead", messageId);
            return true;
        }
    }
}
