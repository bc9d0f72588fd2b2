package dev.chinook.warehouse.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Messages this process applied or failed since it started. */
@ApplicationScoped
public class ConsumerStatistics {

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void applied(int messages) {
        applied.addAndGet(messages);
    }

    public void failed() {
        failed.incrementAndGet();
    }

    public long messagesApplied() {
        return applied.get();
    }

    public long messagesFailed() {
        return failed.get();
    }
}
