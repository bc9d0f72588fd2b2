package dev.chinook.warehouse.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Lets work that must not overlap with consuming (a rebuild) pause the consumer: the consumer
 * holds the gate while it handles a receive; {@link #pause} waits for the one in hand to finish.
 */
@ApplicationScoped
public class ConsumerGate {

    private final Semaphore permit = new Semaphore(1, true);

    /** Enters to handle one receive; false if paused for the whole {@code wait}. */
    public boolean enter(long wait, TimeUnit unit) throws InterruptedException {
        return permit.tryAcquire(wait, unit);
    }

    public void leave() {
        permit.release();
    }

    /** Blocks until the consumer is between receives, then keeps it there until {@link #resume}. */
    public void pause() throws InterruptedException {
        permit.acquire();
    }

    public void resume() {
        permit.release();
    }
}
