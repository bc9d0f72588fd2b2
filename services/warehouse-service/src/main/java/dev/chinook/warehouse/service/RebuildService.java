package dev.chinook.warehouse.service;

import dev.chinook.warehouse.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Rebuilds dimensions and facts from the retained change history (change_log): clears what is
 * derived and replays every change in change-id order through the same code that applies live
 * messages. The consumer pauses meanwhile; messages wait in the queue and are applied after.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final int CHUNK = 5_000;

    public enum State {
        IDLE,
        RUNNING,
        DONE,
        FAILED
    }

    public record Progress(
            State state, long changesReplayed, long changesTotal, Instant startedAt, Instant finishedAt, String error) {

        static Progress idle() {
            return new Progress(State.IDLE, 0, 0, null, null, null);
        }
    }

    private final RebuildSteps steps;
    private final StatusRepository status;
    private final ConsumerGate consumer;
    private final ManagedExecutor executor;
    private final AtomicReference<Progress> progress = new AtomicReference<>(Progress.idle());

    public RebuildService(
            RebuildSteps steps, StatusRepository status, ConsumerGate consumer, ManagedExecutor executor) {
        this.steps = steps;
        this.status = status;
        this.consumer = consumer;
        this.executor = executor;
    }

    public Progress progress() {
        return progress.get();
    }

    /** Starts a rebuild in the background; refused (returns false) while one is running. */
    public synchronized boolean start() {
        if (progress.get().state() == State.RUNNING) {
            return false;
        }
        Instant started = Instant.now();
        progress.set(new Progress(State.RUNNING, 0, 0, started, null, null));
        executor.execute(() -> run(started));
        return true;
    }

    private void run(Instant started) {
        try {
            consumer.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.set(new Progress(State.FAILED, 0, 0, started, Instant.now(), "interrupted"));
            return;
        }
        try {
            long total = status.figures().changesApplied();
            steps.clear();
            long replayed = 0;
            long last = 0;
            while ((last = steps.replay(last, CHUNK)) >= 0) {
                replayed = Math.min(total, replayed + CHUNK);
                progress.set(new Progress(State.RUNNING, replayed, total, started, null, null));
                LOG.infof("rebuild: %d of %d changes replayed", replayed, total);
            }
            progress.set(new Progress(State.DONE, total, total, started, Instant.now(), null));
            LOG.infof(
                    "rebuild done: %d changes in %d s",
                    total, Duration.between(started, Instant.now()).toSeconds());
        } catch (Exception e) {
            LOG.error("rebuild failed", e);
            Progress p = progress.get();
            progress.set(new Progress(
                    State.FAILED, p.changesReplayed(), p.changesTotal(), started, Instant.now(), e.getMessage()));
        } finally {
            consumer.resume();
        }
    }
}
