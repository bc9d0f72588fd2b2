package dev.chinook.warehouse.messaging;

import dev.chinook.common.failure.DeadLetterQueue;
import dev.chinook.common.failure.Failures;
import dev.chinook.common.failure.MessageFailureRepository;
import dev.chinook.warehouse.config.WarehouseConfig;
import dev.chinook.warehouse.queues.QueueDepths;
import dev.chinook.warehouse.service.ChangeBatchService;
import dev.chinook.warehouse.service.ConsumerGate;
import dev.chinook.warehouse.service.ConsumerStatistics;
import dev.chinook.warehouse.service.FactDerivations;
import dev.chinook.warehouse.service.PipelineMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Transport adapter: long-polls the oltp-changes queue and hands the messages to the service. A
 * message is deleted only after its transaction committed; one that fails stays, comes back after
 * the visibility timeout, and goes to the dead-letter queue after maxReceiveCount.
 */
@ApplicationScoped
public class ChangeQueueConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeQueueConsumer.class);
    private static final long RETRY_PAUSE_MILLIS = 2_000;
    /** How long a message applied alone, or being dead-lettered, stays invisible to other receives. */
    private static final int CLAIM_SECONDS = 30;

    private final SqsClient sqs;
    private final ChangeBatchService service;
    private final ConsumerGate gate;
    private final ConsumerStatistics statistics;
    private final ManagedExecutor executor;
    private final WarehouseConfig config;
    private final MessageFailureRepository failures;
    private final DeadLetterQueue deadLetters;
    private final PipelineMetrics metrics;
    private final FactDerivations derivations;
    private final QueueDepths depths;
    private final MessageVisibility visibility;
    private volatile boolean running;
    private final List<Future<?>> loops = new ArrayList<>();

    public ChangeQueueConsumer(
            SqsClient sqs,
            ChangeBatchService service,
            ConsumerGate gate,
            ConsumerStatistics statistics,
            ManagedExecutor executor,
            WarehouseConfig config,
            MessageFailureRepository failures,
            PipelineMetrics metrics,
            QueueDepths depths,
            FactDerivations derivations) {
        this.sqs = sqs;
        this.service = service;
        this.gate = gate;
        this.statistics = statistics;
        this.executor = executor;
        this.config = config;
        this.failures = failures;
        this.deadLetters = new DeadLetterQueue(
                sqs, config.queues().oltpChangesDlq(), config.queues().oltpChangesMaxReceiveCount());
        this.metrics = metrics;
        this.derivations = derivations;
        this.depths = depths;
        this.visibility = new MessageVisibility(sqs, config.consumer().visibilityHeartbeat());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            LOG.info("change consumer disabled (chinook.warehouse.consumer.enabled=false)");
            return;
        }
        running = true;
        LOG.infof(
                "consuming change messages from %s with %d poll loops",
                config.queues().oltpChanges(), config.consumer().threads());
        for (int i = 0; i < config.consumer().threads(); i++) {
            loops.add(executor.submit(this::pollLoop));
        }
    }

    void onStop(@Observes ShutdownEvent event) throws Exception {
        running = false;
        for (Future<?> loop : loops) {
            try {
                loop.get(config.consumer().waitSeconds() + 20L, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                loop.cancel(true);
            }
        }
        visibility.close();
    }

    private void pollLoop() {
        String queue = config.queues().oltpChanges();
        while (running) {
            try {
                if (!gate.enter(1, TimeUnit.SECONDS)) {
                    continue; // paused
                }
                try {
                    receiveAndHandle(queue);
                } finally {
                    gate.leave();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf(e, "receiving change messages failed; retrying in %d ms", RETRY_PAUSE_MILLIS);
                    pauseAfterFailure();
                }
            }
        }
    }

    private void receiveAndHandle(String queue) {
        metrics.refreshIfDue();
        int limit = Math.max(1, config.consumer().batchMessages());
        int first = Math.min(SqsBatches.MOST, limit);
        List<Message> messages =
                new ArrayList<>(receive(queue, config.consumer().waitSeconds(), first));
        // A full receive means a backlog.
        boolean backlog = messages.size() == first;
        if (backlog && first < limit) {
            // Gather more for one transaction, without waiting.
            limit = shareOfBacklog(queue, first, limit);
            while (messages.size() < limit) {
                int wanted = Math.min(SqsBatches.MOST, limit - messages.size());
                List<Message> received = receive(queue, 0, wanted);
                messages.addAll(received);
                if (received.size() < wanted) {
                    break;
                }
            }
        }
        claimLastReceives(queue, messages);
        if (messages.size() == 1) {
            handle(queue, messages.get(0));
        } else if (!messages.isEmpty()) {
            handleTogether(queue, messages, backlog);
        }
        // Only a backlog defers facts, so only its last transaction and a receive that finds
        // nothing (after a restart, or a failure of the derivation) ask whether facts wait: not
        // every message of a trickle.
        if (messages.isEmpty() || (backlog && lastOfBacklog(queue))) {
            deriveDeferredFacts();
        }
    }

    /**
     * Whether what waits in the queue fits in one more transaction; if its depth cannot be read,
     * yes. Deferred facts are derived then, not once nothing waits: while one loop derives them,
     * another records and keeps the sources of the backlog's last messages beside it, and binds
     * their facts the usual way after (the derivation lock holds it only then).
     */
    private boolean lastOfBacklog(String queue) {
        try {
            return depths.depth(queue).waiting() <= config.consumer().batchMessages();
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not read the depth of %s", queue);
            return true;
        }
    }

    /**
     * The facts an empty warehouse deferred while it caught up with a backlog (StarSchemaLoader
     * .applyBatch), if there are any. Should the derivation fail, the next receive that finds
     * nothing tries again.
     */
    private void deriveDeferredFacts() {
        long started = System.nanoTime();
        try {
            derivations.during(service::deriveDeferredFacts).ifPresent(lines -> {
                metrics.deferredFactsDerived(lines);
                LOG.infof(
                        "derived the facts of %d lines, deferred while the warehouse caught up, in %d ms",
                        lines, Duration.ofNanos(System.nanoTime() - started).toMillis());
            });
        } catch (Exception e) {
            LOG.warnf(e, "deriving the deferred facts failed; retrying when the queue is next found empty");
        }
    }

    /**
     * Messages on their last receive are claimed before anything else: should they fail, the
     * dead-letter queue must get them from this receive, with the reason. Applying and recording a
     * failure each wait for a database that refuses or does not answer; past the visibility timeout
     * the next receive would move the message by redrive, without a reason (on a slow machine, with
     * a visibility timeout of 2 s, a failure took 2 s to handle).
     */
    private void claimLastReceives(String queue, List<Message> messages) {
        List<Message> last = messages.stream()
                .filter(m -> deadLetters.lastReceive(receiveCount(m)))
                .toList();
        if (!last.isEmpty()) {
            claim(queue, last);
        }
    }

    private static int receiveCount(Message message) {
        return Integer.parseInt(
                message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
    }

    /**
     * How many messages this transaction gathers once its first receive came back full: its
     * loop's share of the backlog, at most {@code limit}. Gathered by one loop, a change set's last
     * 22 messages took one transaction of 9.5 s on one core while the other loop found nothing;
     * shared, their recording and source upserts overlap. A large backlog still fills {@code limit}.
     */
    private int shareOfBacklog(String queue, int received, int limit) {
        long waiting;
        try {
            waiting = depths.depth(queue).waiting();
        } catch (RuntimeException e) {
            // Messages already received must not wait out their visibility timeout for a figure.
            LOG.debugf(e, "could not read the depth of %s; gathering up to %d messages", queue, limit);
            return limit;
        }
        return shareOfBacklog(received, waiting, config.consumer().threads(), limit);
    }

    static int shareOfBacklog(int received, long waiting, int loops, int limit) {
        long share = (received + waiting + Math.max(1, loops) - 1) / Math.max(1, loops);
        return (int) Math.min(limit, Math.max(received, share));
    }

    private List<Message> receive(String queue, int waitSeconds, int most) {
        return sqs.receiveMessage(b -> b.queueUrl(queue)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                        .maxNumberOfMessages(most)
                        .waitTimeSeconds(waitSeconds))
                .messages();
    }

    /** All received messages in one transaction; if any of them fails, one by one. */
    private void handleTogether(String queue, List<Message> messages, boolean backlog) {
        long started = System.nanoTime();
        int fresh;
        try {
            fresh = visibility.whileHeld(
                    queue,
                    messages,
                    () -> service.applyAll(messages.stream().map(Message::body).toList(), backlog));
        } catch (Exception e) {
            List<Message> claimed = claim(queue, messages);
            LOG.debugf(
                    "a batch of %d messages failed together; applying the %d still ours one by one",
                    messages.size(), claimed.size());
            claimed.forEach(m -> handle(queue, m));
            return;
        }
        for (List<Message> chunk : SqsBatches.of(messages)) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : chunk) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle())
                        .build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(queue).entries(entries));
        }
        applied(messages.size(), fresh, started);
    }

    /** One line per transaction: what an operator follows a backlog's progress and pace by. */
    private void applied(int messages, int fresh, long started) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        statistics.applied(messages);
        metrics.applied(messages, fresh, took);
        LOG.infof("applied %d message(s), %d new changes, in %d ms", messages, fresh, took.toMillis());
    }

    /**
     * The messages whose visibility this receive could extend, for one by one: past the visibility
     * timeout another poll loop may have received one again, and two receives of one message
     * would each count it a failure and could each dead-letter it.
     */
    private List<Message> claim(String queue, List<Message> messages) {
        return visibility.hide(queue, messages, CLAIM_SECONDS);
    }

    private void handle(String queue, Message message) {
        MDC.put("messageId", message.messageId());
        long started = System.nanoTime();
        try {
            int fresh = visibility.whileHeld(queue, List.of(message), () -> service.apply(message.body()));
            sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            applied(1, fresh, started);
        } catch (Exception e) {
            statistics.failed();
            metrics.failed();
            failed(queue, message, e);
        } finally {
            MDC.remove("messageId");
        }
    }

    /**
     * Records why; a message that can never be applied goes to the dead-letter queue at once, any
     * other stays and comes back after the visibility timeout, until its last receive sends it to the
     * dead-letter queue with the reason attached (the failures table may be in the database that failed).
     */
    private void failed(String queue, Message message, Exception failure) {
        boolean permanent = Failures.isPermanent(failure);
        String reason = Failures.reason(failure);
        try {
            failures.record("oltp-changes", message.messageId(), permanent, reason, message.body());
        } catch (Exception e) {
            LOG.warnf(e, "could not record the failure of change message %s (%s)", message.messageId(), reason);
        }
        int receiveCount = receiveCount(message);
        if (!deadLetters.takes(permanent, receiveCount)) {
            LOG.errorf(
                    failure, "change message %s failed and will be delivered again: %s", message.messageId(), reason);
            return;
        }
        String deadOf = DeadLetterQueue.reason(permanent, receiveCount, reason);
        try {
            // Claimed first: past its visibility timeout another poll loop may have received it
            // again, and a copy forwarded by a receive that can no longer delete it would leave two.
            sqs.changeMessageVisibility(b ->
                    b.queueUrl(queue).receiptHandle(message.receiptHandle()).visibilityTimeout(CLAIM_SECONDS));
        } catch (SqsException e) {
            // 400: the receipt handle is no longer valid (received again), or the message gone.
            LOG.warnf(
                    "change message %s could not be claimed for the dead-letter queue (%s); its next receive decides",
                    message.messageId(),
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorCode());
            return;
        }
        try {
            deadLetters.forward(message.messageId(), message.body(), deadOf);
            sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(message.receiptHandle()));
            LOG.errorf("change message %s went to the dead-letter queue: %s", message.messageId(), deadOf);
        } catch (RuntimeException e) {
            LOG.errorf(e, "change message %s could not be dead-lettered; it is delivered again", message.messageId());
        }
    }

    private static void pauseAfterFailure() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
