package dev.chinook.ingest.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocation in progress (an execution environment runs one at a time): when it must end, as
 * Lambda's context told the handler at its start, and which files it loaded parts of. Messages
 * left for a crash stay out of sight until it is over; the relay tells its own files' changes from
 * those of files another invocation is still loading.
 */
@ApplicationScoped
public class CurrentInvocation {

    private final Set<String> filesLoaded = ConcurrentHashMap.newKeySet();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile boolean running;

    public void start(long remainingMillis) {
        filesLoaded.clear();
        startNanos = System.nanoTime();
        endNanos = startNanos + Duration.ofMillis(Math.max(0, remainingMillis)).toNanos();
        running = true;
    }

    public void end() {
        running = false;
    }

    /** How long the invocation has run so far. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Whether an invocation is in progress (not so when the services are called directly). */
    public boolean running() {
        return running;
    }

    /** How long the invocation may still run; zero outside one. */
    public Duration remaining() {
        return running ? Duration.ofNanos(Math.max(0, endNanos - System.nanoTime())) : Duration.ZERO;
    }

    /** Notes that a part of {@code sourceFile} (its s3:// URI) was applied in this invocation. */
    public void loadedPartOf(String sourceFile) {
        filesLoaded.add(sourceFile);
    }

    /** The s3:// URIs of the files this invocation applied parts of. */
    public List<String> filesLoaded() {
        return List.copyOf(filesLoaded);
    }
}
