package dev.chinook.ingest.service;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.ChangeSetRepository;
import dev.chinook.ingest.repository.ChangeSink;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns the changes the caller's transaction makes into change sets: every
 * {@code chinook.ingest.change-sets.max-changes} changes of a file are written to S3 under the
 * staged prefix and recorded in the outbox in the same transaction. A set whose transaction rolls
 * back stays unreferenced under the staged prefix (it expires there); only the relay, after
 * commit, puts a set into the archive the warehouse is rebuilt from. A full set is uploaded while
 * the next one fills (the upsert that streams the changes would otherwise wait for every upload);
 * {@link Sets#finish()} waits for all of them, so the transaction commits only once every set it
 * records is in S3. Sets are stored compressed ({@link ChangeSetEncoding}), compressed on the
 * upload's thread.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ChangeSetWriter {

    private static final byte[] OPEN =
            ("{\"schemaVersion\":" + ChangeBatch.SCHEMA_VERSION + ",\"changes\":[").getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    /**
     * Uploads a file's sets may have in flight while the next one fills: with one, changes built
     * from parsed rows waited for the upload of every other set.
     */
    private static final int UPLOADS_IN_FLIGHT = 2;

    private final ChangeSetRepository outbox;
    private final ObjectStore objects;
    private final IngestConfig config;
    private final ExecutorService uploader = Executors.newFixedThreadPool(UPLOADS_IN_FLIGHT, task -> {
        Thread thread = new Thread(task, "change-set-upload");
        thread.setDaemon(true);
        return thread;
    });

    public ChangeSetWriter(ChangeSetRepository outbox, ObjectStore objects, IngestConfig config) {
        this.outbox = outbox;
        this.objects = objects;
        this.config = config;
    }

    @PreDestroy
    void stop() {
        uploader.shutdownNow();
    }

    /** A sink for the changes of {@code sourceFile}; call {@link Sets#finish()} before the transaction commits. */
    public Sets forFile(String sourceFile) {
        return new Sets(sourceFile);
    }

    /** The sets of one file being written; holds the set being filled and at most two being uploaded. */
    public final class Sets implements ChangeSink {
        private final String sourceFile;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Deque<Future<?>> uploads = new ArrayDeque<>();
        private int count;
        private long first;
        private long last;

        private Sets(String sourceFile) {
            this.sourceFile = sourceFile;
        }

        @Override
        public void accept(long changeId, byte[] json) throws SQLException {
            if (count == 0) {
                body.reset();
                body.writeBytes(OPEN);
                first = changeId;
            } else {
                body.write(',');
            }
            body.writeBytes(json);
            last = changeId;
            if (++count == config.changeSets().maxChanges()) {
                ship();
            }
        }

        /** Writes the set in progress, if any, and waits until every set of the file is in S3. */
        public void finish() throws SQLException {
            ship();
            while (!uploads.isEmpty()) {
                await(uploads.removeFirst());
            }
        }

        private void ship() throws SQLException {
            if (count == 0) {
                return;
            }
            body.writeBytes(CLOSE);
            byte[] json = body.toByteArray();
            String key = config.changeSets().stagedPrefix() + ChangeSetRepository.OutboxSet.objectName(first, last);
            while (uploads.size() >= UPLOADS_IN_FLIGHT) {
                await(uploads.removeFirst());
            }
            // Compressed on the upload's thread: the upsert streaming the changes does not wait for it.
            uploads.addLast(uploader.submit(() -> objects.put(
                    config.changeSets().bucket(),
                    key,
                    ChangeSetEncoding.CONTENT_TYPE,
                    ChangeSetEncoding.encode(json))));
            outbox.record(new ChangeSetRepository.OutboxSet(first, last, count, sourceFile, key));
            count = 0;
        }

        /** An upload, finished; its failure fails the caller (and so rolls its transaction back). */
        private static void await(Future<?> upload) {
            try {
                upload.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a change set was uploaded", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException("a change set could not be uploaded", e.getCause());
            }
        }
    }
}
