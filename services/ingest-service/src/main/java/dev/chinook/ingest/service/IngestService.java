package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.model.IngestResult;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.repository.RejectedRowRepository;
import dev.chinook.ingest.storage.ObjectStore;
import dev.chinook.ingest.storage.ObjectSupersededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Ingests one S3 event in one transaction: decides from the manifest whether to load at all
 * ({@link ManifestDecision}), loads the parent files of the same upload first, has
 * {@link FileLoader} load the file, and finishes the manifest row with the counts and the report.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final ManifestRepository manifest;
    private final RejectedRowRepository rejections;
    private final ObjectStore objects;
    private final FileLoader loader;
    private final RejectionReports reports;
    private final IngestConfig config;
    private final IngestMetrics metrics;

    public IngestService(
            ManifestRepository manifest,
            RejectedRowRepository rejections,
            ObjectStore objects,
            FileLoader loader,
            RejectionReports reports,
            IngestConfig config,
            IngestMetrics metrics) {
        this.manifest = manifest;
        this.rejections = rejections;
        this.objects = objects;
        this.loader = loader;
        this.reports = reports;
        this.config = config;
        this.metrics = metrics;
    }

    @Transactional
    public IngestResult ingest(S3ObjectEvent object) throws SQLException {
        return process(object, false);
    }

    /**
     * @param sibling a parent file of the same upload, found by HEAD rather than by its event: when
     *     there is nothing to load, it leaves no manifest row (its own event records the upload)
     */
    private IngestResult process(S3ObjectEvent object, boolean sibling) throws SQLException {
        Object outerKey = MDC.get("objectKey");
        Object outerSequencer = MDC.get("sequencer");
        MDC.put("objectKey", object.key());
        MDC.put("sequencer", ManifestDecision.sequencerOf(object));
        try {
            return decideAndLoad(object, sibling);
        } finally {
            restore("objectKey", outerKey);
            restore("sequencer", outerSequencer);
        }
    }

    private static void restore(String key, Object outer) {
        if (outer == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, outer);
        }
    }

    private IngestResult decideAndLoad(S3ObjectEvent object, boolean sibling) throws SQLException {
        Instant started = Instant.now();
        String sequencer = ManifestDecision.sequencerOf(object);
        Optional<TableSpec> table = ChinookTables.forObjectKey(object.key());
        manifest.lockKey(object.bucket(), object.key());
        ManifestDecision decision = ManifestDecision.decide(
                manifest.eventSeen(object, sequencer),
                manifest.latestApplied(object.bucket(), object.key()),
                sequencer,
                object.eTag());
        switch (decision.action()) {
            case ALREADY_HANDLED -> {
                LOG.infof("%s (sequencer %s) was handled before: nothing to do", object.uri(), sequencer);
                return IngestResult.duplicate(object.uri());
            }
            case SKIP -> {
                if (sibling) {
                    LOG.debugf("%s of the same upload needs no loading: %s", object.uri(), decision.reason());
                    return new IngestResult(object.uri(), true, null);
                }
                return skip(object, sequencer, table, started, decision);
            }
            case LOAD -> {
                return load(object, sequencer, table, started);
            }
        }
        throw new IllegalStateException("unknown decision " + decision);
    }

    private IngestResult load(S3ObjectEvent object, String sequencer, Optional<TableSpec> table, Instant started)
            throws SQLException {
        long fileId = manifest.claimFile(object, sequencer, table.orElse(null), FileStatus.LOADING, started)
                .orElseThrow(
                        () -> new IllegalStateException("manifest row of " + object.uri() + " appeared meanwhile"));
        FileOutcome outcome;
        try {
            TableSpec spec = table.orElseThrow(() -> new RejectedFileException(
                    "no table of the contract matches the key: use raw/<table>/<name>.csv or <table>.csv"));
            if (object.size() > config.maxFileBytes()) {
                throw new RejectedFileException("file is " + object.size() + " bytes; one invocation loads at most "
                        + config.maxFileBytes()
                        + " bytes (chinook.ingest.max-file-bytes): split it into smaller files");
            }
            loadParentsOfSameUpload(object, spec);
            outcome = loader.load(fileId, spec, object);
        } catch (RejectedFileException e) {
            rejections.deleteAll(fileId);
            outcome = FileOutcome.rejected(e.getMessage());
        } catch (ObjectSupersededException e) {
            outcome = FileOutcome.skipped(FileStatus.STALE, e.getMessage());
        }
        String report = reports.write(fileId, object, outcome);
        manifest.finishFile(fileId, outcome, report);
        metrics.fileDone(table.map(TableSpec::name).orElse(null), outcome, Duration.between(started, Instant.now()));
        LOG.infof(
                "%s: %s, %d rows, %d loaded, %d rejected, %d changed, in %d ms%s",
                object.uri(),
                outcome.status(),
                outcome.rowsInFile(),
                outcome.rowsLoaded(),
                outcome.rowsRejected(),
                outcome.rowsChanged(),
                Duration.between(started, Instant.now()).toMillis(),
                outcome.message() == null ? "" : " (" + outcome.message() + ")");
        return new IngestResult(object.uri(), false, outcome);
    }

    private IngestResult skip(
            S3ObjectEvent object,
            String sequencer,
            Optional<TableSpec> table,
            Instant started,
            ManifestDecision decision)
            throws SQLException {
        FileOutcome outcome = FileOutcome.skipped(decision.skipStatus(), decision.reason());
        Optional<Long> fileId =
                manifest.claimFile(object, sequencer, table.orElse(null), decision.skipStatus(), started);
        if (fileId.isPresent()) {
            manifest.finishFile(fileId.get(), outcome, null);
        }
        LOG.infof(
                "%s (sequencer %s): %s, not loaded: %s",
                object.uri(), sequencer, decision.skipStatus(), decision.reason());
        return new IngestResult(object.uri(), true, outcome);
    }

    /**
     * Files of one upload arrive as separate events in any order. Before a file's references are
     * checked, the parent files of the same upload (same name under raw/&lt;parent&gt;/, or
     * &lt;parent&gt;.csv in the same folder) that exist in the bucket are processed first, in this
     * transaction, under the same manifest rules; their own events then find them loaded.
     */
    private void loadParentsOfSameUpload(S3ObjectEvent object, TableSpec table) throws SQLException {
        for (String parent : table.parents()) {
            for (String key : SameUpload.siblingKeys(object.key(), table, parent)) {
                Optional<S3ObjectEvent> sibling = objects.find(object.bucket(), key);
                if (sibling.isPresent()) {
                    LOG.infof(
                            "%s refers to %s: loading s3://%s/%s of the same upload first",
                            object.uri(), parent, object.bucket(), key);
                    process(sibling.get(), true);
                    break;
                }
            }
        }
    }
}
