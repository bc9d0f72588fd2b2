package dev.chinook.warehouse.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Asks a dependency (the database, SQS, S3) with a deadline, so that a frozen one makes health
 * and status answer "down" within seconds instead of hanging with it. While an earlier call to a
 * dependency still hangs past its deadline, the next one is refused at once rather than piling up
 * threads.
 */
@ApplicationScoped
public class DependencyProbes {

    /** A dependency that did not answer in time, or answered with an error. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** A call and the instant (System.nanoTime) past which, unanswered, it hangs. */
    private record Call(CompletableFuture<?> answer, long deadline) {
        boolean hangs() {
            return !answer.isDone() && System.nanoTime() - deadline > 0;
        }
    }

    private final ManagedExecutor executor;
    private final Map<String, Call> inFlight = new ConcurrentHashMap<>();

    public DependencyProbes(ManagedExecutor executor) {
        this.executor = executor;
    }

    public <T> T call(String dependency, Callable<T> call, Duration timeout) throws Unavailable {
        // Only a call past its deadline is refused: a slow one (the status's counts at scale)
        // still answers a second caller.
        Call earlier = inFlight.get(dependency);
        if (earlier != null && earlier.hangs()) {
            throw new Unavailable(dependency + " has not answered an earlier call yet", null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<T> answer = executor.supplyAsync(() -> {
            try {
                return call.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        inFlight.put(dependency, new Call(answer, deadline));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Unavailable(dependency + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : e.getCause();
            throw new Unavailable(dependency + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(dependency + ": interrupted", e);
        }
    }
}
