package dev.chinook.warehouse.service;

import dev.chinook.warehouse.queues.QueueDepths;
import dev.chinook.warehouse.repository.StatusRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The warehouse's figures for Prometheus (/q/metrics): messages applied and failed, changes
 * applied, how long applying took, how fresh the warehouse is and how deep each queue is. Queue
 * depths and freshness are read at most every {@link #REFRESH} by the consumer's loop, so a
 * scrape never waits on SQS or the database.
 */
@ApplicationScoped
public class PipelineMetrics {

    private static final Logger LOG = Logger.getLogger(PipelineMetrics.class);
    static final Duration REFRESH = Duration.ofSeconds(15);

    private final MeterRegistry registry;
    private final QueueDepths queues;
    private final StatusRepository status;
    private final Counter applied;
    private final Counter failed;
    private final Counter changes;
    private final Timer applying;
    private final Counter deferredFacts;
    private final AtomicLong lastCommittedEpochSecond = new AtomicLong(-1);
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private volatile long refreshedAt;

    public PipelineMetrics(MeterRegistry registry, QueueDepths queues, StatusRepository status) {
        this.registry = registry;
        this.queues = queues;
        this.status = status;
        this.applied = Counter.builder("chinook.messages")
                .tag("outcome", "applied")
                .description("Change messages applied")
                .register(registry);
        this.failed = Counter.builder("chinook.messages")
                .tag("outcome", "failed")
                .description("Change messages that failed")
                .register(registry);
        this.changes = Counter.builder("chinook.changes.applied")
                .description("Changes new to the warehouse, applied")
                .register(registry);
        this.applying = Timer.builder("chinook.apply")
                .description("Time to apply the messages of one transaction")
                .publishPercentileHistogram()
                .register(registry);
        this.deferredFacts = Counter.builder("chinook.facts.deferred")
                .description("Lines whose facts an empty warehouse derived once it had caught up with a backlog")
                .register(registry);
        registry.gauge(
                "chinook.warehouse.freshness.seconds",
                lastCommittedEpochSecond,
                last -> last.get() < 0 ? Double.NaN : (System.currentTimeMillis() / 1000.0) - last.get());
    }

    public void applied(int messages, int newChanges, Duration took) {
        applied.increment(messages);
        changes.increment(newChanges);
        applying.record(took);
    }

    public void deferredFactsDerived(long lines) {
        deferredFacts.increment(lines);
    }

    public void failed() {
        failed.increment();
    }

    /** Reads queue depths and the last change applied when {@link #REFRESH} has passed since the last read. */
    public void refreshIfDue() {
        long now = System.nanoTime();
        if (refreshedAt != 0 && now - refreshedAt < REFRESH.toNanos()) {
            return;
        }
        refreshedAt = now;
        try {
            queues.all().forEach((queue, depth) -> {
                gauge(queue, "waiting").set(depth.waiting());
                gauge(queue, "in_flight").set(depth.inFlight());
            });
            lastCommittedEpochSecond.set(status.latestChangeCommittedAt()
                    .map(OffsetDateTime::toEpochSecond)
                    .orElse(-1L));
        } catch (Exception e) {
            LOG.debugf(e, "could not refresh the pipeline's figures");
        }
    }

    private AtomicLong gauge(String queue, String state) {
        return depths.computeIfAbsent(
                queue + "/" + state,
                k -> registry.gauge(
                        "chinook.queue.messages",
                        io.micrometer.core.instrument.Tags.of("queue", queue, "state", state),
                        new AtomicLong()));
    }
}
