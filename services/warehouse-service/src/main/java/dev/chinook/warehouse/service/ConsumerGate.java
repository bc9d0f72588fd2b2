package dev.chinook.warehouse.service;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets work that must not overlap with consuming (a rebuild) pause the consumer: each poll loop
 * holds a permit while it handles a receive; {@link #pause} takes them all, so it waits for the
 * receives in hand to finish.
 */
@ApplicationScoped
public class ConsumerGate {

    private final int loops;
    private final Semaphore permits;

    public ConsumerGate(WarehouseConfig config) {
        this.loops = config.consumer().threads();
        if (loops < 1) {
            throw new IllegalArgumentException(
                    "chinook.warehouse.consumer.threads must be at least 1 (was " + loops + ")");
        }
        this.permits = new Semaphore(loops, true);
    }

    /** Enters to handle one receive; false if paused for the whole {@code wait}. */
    public boolean enter(long wait, TimeUnit unit) throws InterruptedException {
        return permits.tryAcquire(wait, unit);
    }

    public void leave() {
        permits.release();
    }

    /** Blocks until every poll loop is between receives, then keeps them there until {@link #resume}. */
    public void pause() throws InterruptedException {
        permits.acquire(loops);
    }

    public void resume() {
        permits.release(loops);
    }
}
