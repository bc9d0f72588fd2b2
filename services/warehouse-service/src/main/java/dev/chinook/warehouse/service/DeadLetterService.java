package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.failure.DeadLetterQueue;
import dev.chinook.common.s3.S3Events;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.s3.S3Uri;
import dev.chinook.warehouse.queues.DeadLetterQueues;
import dev.chinook.warehouse.repository.FailureHistoryRepository;
import dev.chinook.warehouse.repository.OperatorActionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What operators do with dead letters: look at them (with the reason each failed and the files it
 * concerns), put them back on their source queue, all or a selection, or purge them. Replay is
 * safe: the ingest skips object versions it has loaded and the warehouse change ids it has
 * applied. Every replay and purge is recorded with who, what and how it ended.
 */
@ApplicationScoped
public class DeadLetterService {

    private static final Logger LOG = Logger.getLogger(DeadLetterService.class);

    /**
     * One dead letter as an operator sees it: when it reached the dead-letter queue, why, the files
     * it concerns, and from the failures recorded, how often it failed, first and last.
     */
    public record DeadLetter(
            String messageId,
            String sourceMessageId,
            int receiveCount,
            Instant sentAt,
            Instant firstReceivedAt,
            String reason,
            int failures,
            Instant firstFailedAt,
            Instant lastFailedAt,
            List<String> files,
            String bodyExcerpt) {}

    public record QueueView(String queue, long messages, List<DeadLetter> sample) {}

    /**
     * Which messages a replay takes: all, or those of one message id, naming one file, or sent to the
     * dead-letter queue longer ago than {@code olderThan}; the criteria given must all hold.
     */
    public record Selection(String messageId, String fileKey, Duration olderThan) {

        boolean all() {
            return messageId == null && fileKey == null && olderThan == null;
        }

        Predicate<Message> predicate() {
            Instant sentBefore = olderThan == null ? null : Instant.now().minus(olderThan);
            return m -> (messageId == null || messageId.equals(m.messageId()) || messageId.equals(sourceId(m)))
                    && (fileKey == null || files(m).contains(fileKey))
                    && (sentBefore == null || sentBefore(m, sentBefore));
        }

        private static boolean sentBefore(Message m, Instant limit) {
            Instant sent = instant(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP));
            return sent != null && sent.isBefore(limit);
        }

        String describe() {
            if (all()) {
                return "all";
            }
            List<String> parts = new java.util.ArrayList<>();
            if (messageId != null) {
                parts.add("messageId=" + messageId);
            }
            if (fileKey != null) {
                parts.add("fileKey=" + fileKey);
            }
            if (olderThan != null) {
                parts.add("olderThan=" + olderThan);
            }
            return String.join(" ", parts);
        }
    }

    public record Outcome(String queue, String selection, int messages, String moveTask) {}

    private final DeadLetterQueues queues;
    private final OperatorActionRepository audit;
    private final FailureHistoryRepository failures;

    public DeadLetterService(
            DeadLetterQueues queues, OperatorActionRepository audit, FailureHistoryRepository failures) {
        this.queues = queues;
        this.audit = audit;
        this.failures = failures;
    }

    public List<String> queueNames() {
        return queues.names();
    }

    public Optional<QueueView> view(String queue, int limit) throws SQLException {
        Optional<DeadLetterQueues.Pair> pair = queues.pair(queue);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        List<Message> sample = queues.peek(pair.get(), limit);
        Map<String, FailureHistoryRepository.Span> spans = failureHistory(queue, sample);
        return Optional.of(new QueueView(
                queue,
                queues.depth(pair.get()),
                sample.stream().map(m -> describe(m, spans.get(originalId(m)))).toList()));
    }

    /** The database that holds the failures may be what failed: the dead letters still show without. */
    private Map<String, FailureHistoryRepository.Span> failureHistory(String queue, List<Message> sample) {
        try {
            return failures.spans(
                    queue, sample.stream().map(DeadLetterService::originalId).toList());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("failure history of %s unavailable: %s", queue, e.getMessage());
            return Map.of();
        }
    }

    /** The id the message had when it failed: its own after a redrive, the recorded one after a forward. */
    private static String originalId(Message m) {
        String source = sourceId(m);
        return source != null ? source : m.messageId();
    }

    public Optional<Outcome> replay(String queue, Selection selection, String caller) throws SQLException {
        Optional<DeadLetterQueues.Pair> pair = queues.pair(queue);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        Outcome outcome;
        if (selection.all()) {
            long waiting = queues.depth(pair.get());
            String task = queues.moveAllBack(pair.get());
            outcome = new Outcome(queue, "all", (int) waiting, task);
        } else {
            outcome =
                    new Outcome(queue, selection.describe(), queues.moveBack(pair.get(), selection.predicate()), null);
        }
        audit.record("replay", queue, outcome.selection(), caller, "moved to the source queue", outcome.messages());
        LOG.infof("replay of %s (%s) by %s: %d messages", queue, outcome.selection(), caller, outcome.messages());
        return Optional.of(outcome);
    }

    public Optional<Outcome> purge(String queue, String caller) throws SQLException {
        Optional<DeadLetterQueues.Pair> pair = queues.pair(queue);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        long waiting = queues.depth(pair.get());
        queues.purge(pair.get());
        audit.record("purge", queue, "all", caller, "deleted", (int) waiting);
        LOG.warnf("purge of %s by %s: %d messages deleted", queue, caller, waiting);
        return Optional.of(new Outcome(queue, "all", (int) waiting, null));
    }

    private static DeadLetter describe(Message m, FailureHistoryRepository.Span span) {
        String body = m.body();
        return new DeadLetter(
                m.messageId(),
                sourceId(m),
                Integer.parseInt(
                        m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0")),
                instant(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)),
                instant(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)),
                Optional.ofNullable(m.messageAttributes().get(DeadLetterQueue.REASON))
                        .map(MessageAttributeValue::stringValue)
                        .orElse(span != null ? span.lastReason() : "not recorded"),
                span == null ? 0 : span.failures(),
                span == null ? null : span.firstFailedAt(),
                span == null ? null : span.lastFailedAt(),
                files(m),
                body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }

    /**
     * The files (object keys) a message concerns: the objects of an S3 event or of an ingest
     * command, or the source files of a change batch.
     */
    static List<String> files(Message m) {
        try {
            Optional<IngestCommand> command = IngestCommand.parse(m.body());
            if (command.isPresent()) {
                if (command.get() instanceof IngestCommand.ReconcileObject o) {
                    return List.of(o.key());
                }
                return command.get() instanceof IngestCommand.Validate v ? List.of(v.key()) : List.of();
            }
            if (m.body().contains("\"Records\"")) {
                return S3Events.parse(m.body()).stream().map(S3ObjectEvent::key).toList();
            }
            if (m.body().contains("\"schemaVersion\"")) {
                return ChangeCodec.readBatch(m.body()).filesConcerned().stream()
                        .map(uri -> S3Uri.parse(uri).key())
                        .toList();
            }
        } catch (IllegalArgumentException e) {
            // a message that is no event names no file
        }
        return List.of();
    }

    private static String sourceId(Message m) {
        return Optional.ofNullable(m.messageAttributes().get(DeadLetterQueue.SOURCE_MESSAGE_ID))
                .map(MessageAttributeValue::stringValue)
                .orElse(null);
    }

    private static Instant instant(String epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis));
    }
}
