package dev.chinook.warehouse.service;

import dev.chinook.warehouse.repository.StatusRepository;
import dev.chinook.warehouse.storage.ChangeArchive;
import dev.chinook.warehouse.storage.ChangeSetStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Rebuilds dimensions and facts from the retained change history (change_log): clears what is
 * derived and replays every change in change-id order through the same code that applies live
 * messages. From the archive, the change log is first restored from the change sets the ingest
 * archived in S3 (a warehouse whose database was lost). The consumer pauses meanwhile; messages
 * wait in the queue and are applied after.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    /**
     * Changes replayed per transaction, as many as a backlog's transaction applies (30 messages of
     * up to 10,000): each replay derives what its chunk touches, and per-chunk work (statistics,
     * calendar, clean-up of inferred members) made chunks of 5,000 replay scale 5000's 15 million
     * changes at about 29,000 a second.
     */
    private static final int CHUNK = 100_000;

    public enum State {
        IDLE,
        RUNNING,
        DONE,
        FAILED
    }

    /** Where a rebuild reads the history from. */
    public enum Source {
        /** The warehouse's own change_log. */
        CHANGE_LOG,
        /** The change sets archived in S3, restored into change_log first. */
        ARCHIVE
    }

    public record Progress(
            State state,
            Source source,
            long changeSetsRestored,
            long changeSetsTotal,
            long changesReplayed,
            long changesTotal,
            Instant startedAt,
            Instant finishedAt,
            String error,
            Instant factsDerivingSince) {

        static Progress idle() {
            return new Progress(State.IDLE, null, 0, 0, 0, 0, null, null, null, null);
        }

        Progress replaying(long replayed, long total) {
            return running(replayed, total, null);
        }

        /** With since when the facts the replay deferred have been derived in one pass (null: not now). */
        Progress derivingFacts(Instant since) {
            return running(changesReplayed, changesTotal, since);
        }

        private Progress running(long replayed, long total, Instant derivingSince) {
            return new Progress(
                    State.RUNNING,
                    source,
                    changeSetsRestored,
                    changeSetsTotal,
                    replayed,
                    total,
                    startedAt,
                    null,
                    null,
                    derivingSince);
        }

        Progress ended(State end, String why) {
            return new Progress(
                    end,
                    source,
                    changeSetsRestored,
                    changeSetsTotal,
                    changesReplayed,
                    changesTotal,
                    startedAt,
                    Instant.now(),
                    why,
                    null);
        }
    }

    private final RebuildSteps steps;
    private final ChangeArchive archive;
    private final StatusRepository status;
    private final ConsumerGate consumer;
    private final ManagedExecutor executor;
    private final FactDerivations derivations;
    private final AtomicReference<Progress> progress = new AtomicReference<>(Progress.idle());

    public RebuildService(
            RebuildSteps steps,
            ChangeArchive archive,
            StatusRepository status,
            ConsumerGate consumer,
            ManagedExecutor executor,
            FactDerivations derivations) {
        this.steps = steps;
        this.archive = archive;
        this.status = status;
        this.consumer = consumer;
        this.executor = executor;
        this.derivations = derivations;
    }

    /** While running, with since when its one pass has derived the facts, if it does (FactDerivations). */
    public Progress progress() {
        Progress p = progress.get();
        return p.state() == State.RUNNING
                ? p.derivingFacts(derivations.runningSince().orElse(null))
                : p;
    }

    /** Starts a rebuild in the background; refused (returns false) while one is running. */
    public synchronized boolean start(Source source) {
        if (progress.get().state() == State.RUNNING) {
            return false;
        }
        Instant started = Instant.now();
        progress.set(new Progress(State.RUNNING, source, 0, 0, 0, 0, started, null, null, null));
        executor.execute(this::run);
        return true;
    }

    private void run() {
        try {
            consumer.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.set(progress.get().ended(State.FAILED, "interrupted"));
            return;
        }
        try {
            if (progress.get().source() == Source.ARCHIVE) {
                restoreFromArchive();
            }
            long total = status.changesApplied();
            steps.clear();
            long replayed = 0;
            long last = 0;
            while ((last = steps.replay(last, CHUNK)) >= 0) {
                replayed = Math.min(total, replayed + CHUNK);
                progress.set(progress.get().replaying(replayed, total));
                LOG.infof("rebuild: %d of %d changes replayed", replayed, total);
            }
            progress.set(progress.get().replaying(total, total));
            long started = System.nanoTime();
            derivations
                    .during(steps::deriveDeferredFacts)
                    .ifPresent(lines -> LOG.infof(
                            "rebuild: the facts of %d lines derived in %d ms",
                            lines, Duration.ofNanos(System.nanoTime() - started).toMillis()));
            progress.set(progress.get().ended(State.DONE, null));
            LOG.infof(
                    "rebuild done: %d changes in %d s",
                    total,
                    Duration.between(progress.get().startedAt(), Instant.now()).toSeconds());
        } catch (Exception e) {
            LOG.error("rebuild failed", e);
            progress.set(progress.get().ended(State.FAILED, e.getMessage()));
        } finally {
            consumer.resume();
        }
    }

    /** Every archived change set back into change_log, one transaction each (ids there skipped). */
    private void restoreFromArchive() throws Exception {
        List<String> keys = archive.keys();
        LOG.infof("rebuild: restoring the change log from %d change sets in %s", keys.size(), archive.location());
        long restored = 0;
        long changes = 0;
        try (ChangeSetStore.InOrder sets = archive.fetchInOrder(keys)) {
            while (restored < keys.size()) {
                changes += steps.restore(sets.next());
                restored++;
                Progress p = progress.get();
                progress.set(new Progress(
                        State.RUNNING, p.source(), restored, keys.size(), 0, 0, p.startedAt(), null, null, null));
            }
        }
        LOG.infof("rebuild: %d change sets restored, %d changes the change log lacked", restored, changes);
    }
}
