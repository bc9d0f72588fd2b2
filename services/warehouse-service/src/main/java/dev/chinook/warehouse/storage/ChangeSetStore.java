package dev.chinook.warehouse.storage;

import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.common.s3.S3Uri;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.s3.S3Client;

/** The change sets the relay archived in S3, which change messages refer to. */
@ApplicationScoped
public class ChangeSetStore {

    /** How many sets a reader in order has fetched, or is fetching, ahead of the one it reads. */
    static final int FETCH_AHEAD = 4;

    private final S3Client s3;
    /** Threads as readers need them: each reader keeps at most {@link #FETCH_AHEAD} fetches under way. */
    private final ExecutorService fetchers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "change-set-fetch");
        thread.setDaemon(true);
        return thread;
    });

    public ChangeSetStore(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * The sets at {@code s3Uris}, read one after another while the next few are fetched. A
     * transaction of 30 messages waited for each GET and its decompression in turn: a quarter of a
     * second of its 7.5 s on local-cloud, and on S3, where a GET takes tens of milliseconds, about
     * a second. At most {@link #FETCH_AHEAD} sets wait in memory (about 3 MB each as JSON).
     */
    public InOrder fetchInOrder(List<S3Uri> s3Uris) {
        return new InOrder(s3Uris);
    }

    /** The batch JSON (UTF-8) in {@code object}, stored compressed or not. */
    private byte[] fetch(S3Uri object) {
        return ChangeSetEncoding.decode(
                s3.getObjectAsBytes(b -> b.bucket(object.bucket()).key(object.key()))
                        .asByteArrayUnsafe());
    }

    @PreDestroy
    void stop() {
        fetchers.shutdownNow();
    }

    /** Sets in the order asked for; closing it abandons the fetches not read. */
    public final class InOrder implements AutoCloseable {

        private final List<S3Uri> s3Uris;
        private final Deque<CompletableFuture<byte[]>> ahead = new ArrayDeque<>();
        private int requested;

        private InOrder(List<S3Uri> s3Uris) {
            this.s3Uris = List.copyOf(s3Uris);
        }

        /** The next set's batch JSON; a failed fetch throws what the fetch threw. */
        public byte[] next() {
            while (requested < s3Uris.size() && ahead.size() < FETCH_AHEAD) {
                S3Uri s3Uri = s3Uris.get(requested++);
                ahead.add(CompletableFuture.supplyAsync(() -> fetch(s3Uri), fetchers));
            }
            if (ahead.isEmpty()) {
                throw new NoSuchElementException("every set was read");
            }
            try {
                return ahead.remove().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            ahead.forEach(fetch -> fetch.cancel(true));
            ahead.clear();
        }
    }
}
