package dev.chinook.ingest.service;

import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.ChangeSetRepository;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;

/**
 * Turns the changes the caller's transaction made into change sets: each is written to S3 under
 * the staged prefix, then recorded in the outbox in the same transaction. A set whose transaction
 * rolls back stays unreferenced under the staged prefix (it expires there); only the relay, after
 * commit, puts a set into the archive the warehouse is rebuilt from.
 */
@ApplicationScoped
@Transactional(TxType.MANDATORY)
public class ChangeSetWriter {

    private final ChangeSetRepository changeSets;
    private final ObjectStore objects;
    private final IngestConfig config;

    public ChangeSetWriter(ChangeSetRepository changeSets, ObjectStore objects, IngestConfig config) {
        this.changeSets = changeSets;
        this.objects = objects;
        this.config = config;
    }

    /** Writes the transaction's pending changes out as change sets; returns how many sets. */
    public int writePending() throws SQLException {
        int[] sets = {0};
        changeSets.drainPending(config.changeSets().maxChanges(), set -> {
            String key = config.changeSets().stagedPrefix() + set.firstChangeId() + "-" + set.lastChangeId() + ".json";
            objects.put(config.changeSets().bucket(), key, "application/json", set.body());
            changeSets.record(set, key);
            sets[0]++;
        });
        return sets[0];
    }
}
