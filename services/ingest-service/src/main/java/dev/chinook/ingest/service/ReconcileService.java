package dev.chinook.ingest.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.messaging.IngestEventsQueue;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.storage.ObjectStore;
import dev.chinook.ingest.storage.ObjectStore.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Finds the uploads that never produced an event (uploaded before the notification existed, while
 * it was misconfigured, or copied in by other tools): every object under the raw prefix whose
 * current content has no manifest row. Unless it is a dry run, each is queued as a
 * {@link IngestCommand.ReconcileObject} on the function's own queue and loaded from there through
 * the same path as an event, so running it twice, or while events arrive, loads nothing twice. The
 * report of each run is written to the bucket, where status reads it.
 */
@ApplicationScoped
public class ReconcileService {

    private static final Logger LOG = Logger.getLogger(ReconcileService.class);
    private static final int PAGE = 1_000;

    /** What one run found. {@code unprocessedKeys} names at most the configured number of keys. */
    public record Report(
            String requestId,
            boolean dryRun,
            String bucket,
            String prefix,
            Instant startedAt,
            Instant finishedAt,
            long objects,
            long unprocessed,
            long queued,
            List<String> unprocessedKeys) {}

    private final ObjectStore objects;
    private final ManifestRepository manifest;
    private final IngestEventsQueue queue;
    private final IngestConfig.Reconcile config;

    public ReconcileService(
            ObjectStore objects, ManifestRepository manifest, IngestEventsQueue queue, IngestConfig config) {
        this.objects = objects;
        this.manifest = manifest;
        this.queue = queue;
        this.config = config.reconcile();
    }

    @Transactional
    public Report reconcile(String requestId, boolean dryRun) throws SQLException {
        Instant started = Instant.now();
        long listed = 0;
        long unprocessed = 0;
        List<String> keys = new ArrayList<>();
        Iterator<StoredObject> found =
                objects.list(config.bucket(), config.prefix(), config.suffix()).iterator();
        while (found.hasNext()) {
            List<StoredObject> page = new ArrayList<>(PAGE);
            while (found.hasNext() && page.size() < PAGE) {
                page.add(found.next());
            }
            listed += page.size();
            List<StoredObject> missing = withoutManifestRow(page);
            unprocessed += missing.size();
            missing.stream()
                    .limit(Math.max(0, config.reportKeyLimit() - keys.size()))
                    .forEach(o -> keys.add(o.key()));
            if (!dryRun) {
                queue.sendAll(missing.stream()
                        .map(o -> new IngestCommand.ReconcileObject(
                                o.bucket(), o.key(), o.eTag(), o.size(), o.lastModified()))
                        .toList());
            }
        }
        Report report = new Report(
                requestId,
                dryRun,
                config.bucket(),
                config.prefix(),
                started,
                Instant.now(),
                listed,
                unprocessed,
                dryRun ? 0 : unprocessed,
                keys);
        objects.put(config.bucket(), config.reportKey(), "application/json", ChangeCodec.toJson(report));
        LOG.infof(
                "reconcile %s%s: %d objects under s3://%s/%s, %d without a manifest row%s",
                requestId,
                dryRun ? " (dry run)" : "",
                listed,
                config.bucket(),
                config.prefix(),
                unprocessed,
                dryRun ? "" : ", queued for loading");
        return report;
    }

    private List<StoredObject> withoutManifestRow(List<StoredObject> page) throws SQLException {
        Set<String> missing = new HashSet<>(manifest.keysWithoutRow(
                config.bucket(),
                page.stream().map(StoredObject::key).toList(),
                page.stream().map(StoredObject::eTag).toList()));
        return page.stream().filter(o -> missing.contains(o.key())).toList();
    }
}
