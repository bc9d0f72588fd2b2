package dev.chinook.ingest.service;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.ChangeSetRepository;
import dev.chinook.ingest.repository.ChangeSink;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Turns the changes the caller's transaction makes into change sets: every
 * {@code chinook.ingest.change-sets.max-changes} changes of a file are written to S3 under the
 * staged prefix and recorded in the outbox in the same transaction. A set whose transaction rolls
 * back stays unreferenced under the staged prefix (it expires there); only the relay, after
 * commit, puts a set into the archive the warehouse is rebuilt from.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ChangeSetWriter {

    private static final byte[] OPEN =
            ("{\"schemaVersion\":" + ChangeBatch.SCHEMA_VERSION + ",\"changes\":[").getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private final ChangeSetRepository outbox;
    private final ObjectStore objects;
    private final IngestConfig config;

    public ChangeSetWriter(ChangeSetRepository outbox, ObjectStore objects, IngestConfig config) {
        this.outbox = outbox;
        this.objects = objects;
        this.config = config;
    }

    /** A sink for the changes of {@code sourceFile}; {@link Sets#finish()} writes the last set. */
    public Sets forFile(String sourceFile) {
        return new Sets(sourceFile);
    }

    /** The sets of one file being written; holds one set's body at a time. */
    public final class Sets implements ChangeSink {
        private final String sourceFile;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int count;
        private long first;
        private long last;

        private Sets(String sourceFile) {
            this.sourceFile = sourceFile;
        }

        @Override
        public void accept(long changeId, String json) throws SQLException {
            if (count == 0) {
                body.reset();
                body.writeBytes(OPEN);
                first = changeId;
            } else {
                body.write(',');
            }
            body.writeBytes(json.getBytes(StandardCharsets.UTF_8));
            last = changeId;
            if (++count == config.changeSets().maxChanges()) {
                finish();
            }
        }

        /** Writes the set in progress, if any. */
        public void finish() throws SQLException {
            if (count == 0) {
                return;
            }
            body.writeBytes(CLOSE);
            String key = config.changeSets().stagedPrefix() + ChangeSetRepository.OutboxSet.objectName(first, last);
            objects.put(config.changeSets().bucket(), key, "application/json", body.toByteArray());
            outbox.record(new ChangeSetRepository.OutboxSet(first, last, count, sourceFile, key));
            count = 0;
        }
    }
}
