package dev.chinook.ingest.messaging;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.ChangeSetRepository;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Sends the outbox's change sets to the oltp-changes queue and deletes their records once sent:
 * each set, written to S3 under the staged prefix in the transaction that made its changes, is
 * first copied into the archive (changes/, what a lost warehouse is rebuilt from), then announced
 * by a message that refers to it. A crash after sending and before the delete commits sends them
 * again: the copy overwrites itself and the warehouse skips change ids it has applied, so that is
 * harmless; nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Sets per round: one SendMessageBatch carries at most ten messages. */
    static final int SETS_PER_ROUND = 10;

    private final ChangeSetRepository outbox;
    private final SqsClient sqs;
    private final ObjectStore objects;
    private final IngestConfig config;
    private final IngestEventsQueue ingestEvents;
    private final CurrentInvocation invocation;

    /**
     * A round's copies, and the deletes after it, run side by side: one after another, the 277 sets
     * of a scale-1000 load took 4 s to relay on local-cloud, and S3 takes tens of milliseconds for
     * each, while the warehouse waits for them.
     */
    private final ExecutorService transfers = Executors.newFixedThreadPool(SETS_PER_ROUND, task -> {
        Thread thread = new Thread(task, "relay-transfer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Relays asked for while an invocation goes on loading ({@link #relaySoon}): one at a time, one
     * more waiting at most.
     */
    private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "relay-background");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicBoolean backgroundWaiting = new AtomicBoolean();
    private volatile Future<?> lastBackground = CompletableFuture.completedFuture(null);

    public OutboxRelay(
            ChangeSetRepository outbox,
            SqsClient sqs,
            ObjectStore objects,
            IngestConfig config,
            IngestEventsQueue ingestEvents,
            CurrentInvocation invocation) {
        this.outbox = outbox;
        this.sqs = sqs;
        this.objects = objects;
        this.config = config;
        this.ingestEvents = ingestEvents;
        this.invocation = invocation;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
        transfers.shutdownNow();
    }

    /**
     * Relays, on a thread of its own, what has committed so far, while the caller goes on loading,
     * once the invocation has run {@code chinook.ingest.relay.while-loading-after}: a long load no
     * longer holds all its changes back until the invocation ends, and the warehouse starts on a
     * large file's first parts while the next ones load. A relay asked for while one runs waits for
     * it (and so also relays what committed meanwhile); a third is not queued. A relay that fails
     * or runs into the deadline reserve stops and leaves the rest to {@link #relayAll}, which the
     * invocation calls at its end after {@link #awaitBackground}.
     */
    public void relaySoon(LongSupplier millisLeft, long invocationMillis) {
        if (invocationMillis < config.relay().whileLoadingAfter().toMillis()
                || !backgroundWaiting.compareAndSet(false, true)) {
            return;
        }
        lastBackground = background.submit(() -> {
            backgroundWaiting.set(false);
            try {
                relay(millisLeft, false);
            } catch (Exception e) {
                LOG.warn("relaying while loading failed; the changes stay in the outbox for the relay at the end", e);
            }
        });
    }

    /** Waits until the relays asked for by {@link #relaySoon} have ended (they log their own failures). */
    public void awaitBackground() {
        awaitAll(List.of(lastBackground));
    }

    /**
     * Relays until the outbox is empty (of sets not locked by another relay) or the time is up;
     * returns the count of changes sent. Each round commits. When time runs out with sets left, it
     * puts a {@link IngestCommand.RelayOutbox} message on the ingest-events queue, so that another
     * invocation goes on at once instead of waiting for the next upload.
     */
    public long relayAll(LongSupplier millisLeft) throws SQLException {
        return relay(millisLeft, true);
    }

    /** @param handOver whether running into the deadline reserve asks another invocation to go on */
    private long relay(LongSupplier millisLeft, boolean handOver) throws SQLException {
        long reserve = config.relay().deadlineReserve().toMillis();
        long sent = 0;
        while (true) {
            if (millisLeft.getAsLong() < reserve) {
                if (!handOver) {
                    return sent;
                }
                LOG.infof(
                        "relay stops with %d ms left; another invocation goes on with the rest",
                        millisLeft.getAsLong());
                ingestEvents.send(new IngestCommand.RelayOutbox());
                return sent;
            }
            List<ChangeSetRepository.OutboxSet> round = relayRound();
            sent += round.stream()
                    .mapToLong(ChangeSetRepository.OutboxSet::changeCount)
                    .sum();
            // After the commit: a staged set is only needed until it is archived.
            awaitAll(round.stream()
                    .map(set -> transfers.submit(() -> deleteStaged(set)))
                    .toList());
            if (round.size() < SETS_PER_ROUND) {
                return sent;
            }
        }
    }

    @Transactional
    List<ChangeSetRepository.OutboxSet> relayRound() throws SQLException {
        // Outside an invocation (an operator's relay, a test) nothing is left to a loader.
        List<ChangeSetRepository.OutboxSet> sets = outbox.lockOldest(
                SETS_PER_ROUND,
                invocation.filesLoaded(),
                invocation.running() ? config.relay().whileLoadingAfter() : Duration.ZERO);
        if (sets.isEmpty()) {
            return sets;
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        List<Future<?>> copies = new ArrayList<>();
        for (ChangeSetRepository.OutboxSet set : sets) {
            String archived = config.changeSets().prefix()
                    + ChangeSetRepository.OutboxSet.objectName(set.firstChangeId(), set.lastChangeId());
            copies.add(transfers.submit(() -> objects.copy(config.changeSets().bucket(), set.stagedKey(), archived)));
            String body = ChangeCodec.toJson(ChangeBatch.byReference(
                    "s3://" + config.changeSets().bucket() + "/" + archived, List.of(set.sourceFile())));
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .messageBody(body)
                    .build());
        }
        // Every set is in the archive before a message refers to it; a failed copy fails the round.
        awaitAll(copies);
        var response = sqs.sendMessageBatch(
                b -> b.queueUrl(config.queues().oltpChanges()).entries(entries));
        if (!response.failed().isEmpty()) {
            throw new IllegalStateException(
                    "the change queue refused " + response.failed().size() + " of " + entries.size() + " messages: "
                            + response.failed().get(0).message());
        }
        outbox.delete(sets);
        LOG.debugf("relayed %d change sets", sets.size());
        return sets;
    }

    /** Waits for every transfer; the first that failed fails the caller. */
    private static void awaitAll(List<? extends Future<?>> transfers) {
        RuntimeException failure = null;
        for (Future<?> transfer : transfers) {
            try {
                transfer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while relaying change sets", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause
                            ? cause
                            : new IllegalStateException("a change set could not be archived", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteStaged(ChangeSetRepository.OutboxSet set) {
        try {
            objects.delete(config.changeSets().bucket(), set.stagedKey());
        } catch (RuntimeException e) {
            LOG.debugf(e, "staged change set %s stays until it expires", set.stagedKey());
        }
    }
}
