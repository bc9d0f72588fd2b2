package dev.chinook.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * When the invocation in progress must end, as Lambda's context told the handler at its start (an
 * execution environment runs one invocation at a time). Messages left for a crash use it to stay
 * out of sight until the invocation that could still carry them out is over.
 */
@ApplicationScoped
public class InvocationDeadline {

    private volatile long endNanos;
    private volatile boolean running;

    public void start(long remainingMillis) {
        endNanos = System.nanoTime()
                + Duration.ofMillis(Math.max(0, remainingMillis)).toNanos();
        running = true;
    }

    public void end() {
        running = false;
    }

    /** How long the invocation may still run; zero outside one (the service called directly). */
    public Duration remaining() {
        return running ? Duration.ofNanos(Math.max(0, endNanos - System.nanoTime())) : Duration.ZERO;
    }
}
