package dev.chinook.ingest.service;

import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.messaging.CurrentInvocation;
import dev.chinook.ingest.messaging.IngestEventsQueue;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.model.FileProgress;
import dev.chinook.ingest.model.IngestResult;
import dev.chinook.ingest.model.LoadedPart;
import dev.chinook.ingest.model.ResumePoint;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.repository.RejectedRowRepository;
import dev.chinook.ingest.storage.ObjectStore;
import dev.chinook.ingest.storage.ObjectSupersededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Ingests one S3 event in one transaction: decides from the manifest whether to load at all
 * ({@link ManifestDecision}), loads the parent files of the same upload first (those with parts
 * left are named in the result, for the caller to go on with before this file's later parts), has
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
    private final PartPace pace;
    private final IngestEventsQueue events;
    private final ChangeSetWriter changeSets;
    private final CurrentInvocation invocation;

    public IngestService(
            ManifestRepository manifest,
            RejectedRowRepository rejections,
            ObjectStore objects,
            FileLoader loader,
            RejectionReports reports,
            IngestConfig config,
            IngestMetrics metrics,
            PartPace pace,
            IngestEventsQueue events,
            ChangeSetWriter changeSets,
            CurrentInvocation invocation) {
        this.manifest = manifest;
        this.rejections = rejections;
        this.objects = objects;
        this.loader = loader;
        this.reports = reports;
        this.config = config;
        this.metrics = metrics;
        this.pace = pace;
        this.events = events;
        this.changeSets = changeSets;
        this.invocation = invocation;
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
                Optional<Long> inParts = manifest.loadingInParts(object, sequencer);
                if (inParts.isPresent()) {
                    LOG.infof("%s (sequencer %s) is loading in parts: going on with it", object.uri(), sequencer);
                    return IngestResult.continuing(object.uri(), inParts.get());
                }
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
        LoadedPart part;
        List<Long> parentsContinuing = List.of();
        try {
            TableSpec spec = table.orElseThrow(() -> new RejectedFileException(
                    "no table of the contract matches the key: use raw/<table>/<name>.csv or <table>.csv, <table> one of "
                            + ChinookTables.names() + " (PascalCase and plurals work too)"));
            parentsContinuing = loadParentsOfSameUpload(object, spec);
            part = timedPart(fileId, spec, object, ResumePoint.START);
        } catch (RejectedFileException e) {
            rejections.deleteAll(fileId);
            part = new LoadedPart(FileOutcome.rejected(e.getMessage()), 0, 1, false);
        } catch (ObjectSupersededException e) {
            part = new LoadedPart(FileOutcome.skipped(FileStatus.STALE, e.getMessage()), 0, 1, false);
        }
        return conclude(fileId, object, table.map(TableSpec::name).orElse(null), part, started)
                .withParentsContinuing(parentsContinuing);
    }

    /**
     * Loads the next part of a file whose earlier parts committed, in a transaction of its own. A
     * file already finished (by a concurrent delivery) needs nothing; one a later upload of its
     * key overtook ends {@link FileStatus#STALE} with the parts it applied counted.
     */
    @Transactional
    public IngestResult continueFile(long fileId) throws SQLException {
        Instant started = Instant.now();
        Optional<S3ObjectEvent> object = manifest.objectOf(fileId);
        if (object.isEmpty()) {
            LOG.warnf("no manifest row %d to go on with", fileId);
            return IngestResult.duplicate("file " + fileId);
        }
        manifest.lockKey(object.get().bucket(), object.get().key());
        FileProgress progress = manifest.progressOf(fileId).orElseThrow();
        String uri = object.get().uri();
        if (progress.status() != FileStatus.LOADING) {
            LOG.infof("%s (file %d) was finished meanwhile: nothing to do", uri, fileId);
            return IngestResult.duplicate(uri);
        }
        MDC.put("objectKey", progress.key());
        MDC.put("sequencer", progress.sequencer());
        try {
            Optional<String> newer = manifest.newerUpload(progress.bucket(), progress.key(), progress.sequencer());
            LoadedPart part;
            if (newer.isPresent()) {
                part = new LoadedPart(
                        FileOutcome.skipped(
                                FileStatus.STALE,
                                "a newer upload of this key (sequencer " + newer.get() + ") arrived while this one "
                                        + "was loading in parts; its first " + progress.recordsDone()
                                        + " rows were applied before"),
                        0,
                        progress.linesDone(),
                        false);
            } else {
                TableSpec spec = ChinookTables.byName(progress.tableName()).orElseThrow();
                try {
                    part = timedPart(fileId, spec, object.get(), progress.next());
                } catch (RejectedFileException | ObjectSupersededException e) {
                    // Earlier parts are applied: the file ends with them counted, the rest refused.
                    rejections.deleteFromLine(fileId, progress.linesDone() + 1);
                    FileStatus status = e instanceof ObjectSupersededException ? FileStatus.STALE : FileStatus.REJECTED;
                    part = new LoadedPart(
                            FileOutcome.skipped(
                                    status,
                                    "rows up to line " + progress.linesDone() + " were loaded in "
                                            + progress.partsDone()
                                            + " earlier parts; from line " + (progress.linesDone() + 1) + " on: "
                                            + e.getMessage()),
                            0,
                            progress.linesDone(),
                            false);
                }
            }
            return conclude(fileId, object.get(), progress.tableName(), part, started);
        } finally {
            MDC.remove("objectKey");
            MDC.remove("sequencer");
        }
    }

    /**
     * The next part, sized by {@link PartPace}, its changes written out as change sets; reject-file
     * needs every row checked before any is applied, so under it the whole file is one part.
     */
    private LoadedPart timedPart(long fileId, TableSpec spec, S3ObjectEvent object, ResumePoint from)
            throws SQLException {
        long rows = config.rejectPolicy() == IngestConfig.RejectPolicy.REJECT_FILE ? Long.MAX_VALUE : pace.rows();
        long started = System.nanoTime();
        ChangeSetWriter.Sets sets = changeSets.forFile(object.uri());
        invocation.loadedPartOf(object.uri());
        LoadedPart part = loader.loadPart(fileId, spec, object, from, rows, sets);
        sets.finish();
        pace.measured(part.records(), (System.nanoTime() - started) / 1_000_000);
        return part;
    }

    /** Records the part; when it was the last, finishes the manifest row with the file's totals. */
    private IngestResult conclude(long fileId, S3ObjectEvent object, String table, LoadedPart part, Instant started)
            throws SQLException {
        manifest.addPart(fileId, part);
        if (part.more()) {
            LOG.infof(
                    "%s: part loaded (%d rows to line %d, %d rejected, %d changed) in %d ms; more parts follow",
                    object.uri(),
                    part.records(),
                    part.lastLine(),
                    part.outcome().rowsRejected(),
                    part.outcome().rowsChanged(),
                    Duration.between(started, Instant.now()).toMillis());
            return new IngestResult(object.uri(), false, part.outcome(), fileId);
        }
        FileOutcome outcome = part.outcome().status() == FileStatus.LOADED
                ? withParkedNote(manifest.totals(fileId, FileStatus.LOADED))
                : manifest.totals(fileId, part.outcome().status())
                        .outcome()
                        .withMessage(part.outcome().message());
        String report = reports.write(fileId, object, outcome);
        manifest.finishFile(fileId, outcome, report);
        metrics.fileDone(table, outcome, Duration.between(started, Instant.now()));
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

    private FileOutcome withParkedNote(ManifestRepository.Totals totals) {
        long parked = totals.rowsParkedAtLoad();
        return parked > 0 ? totals.outcome().withNote(loader.parkedNote(parked)) : totals.outcome();
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
    private List<Long> loadParentsOfSameUpload(S3ObjectEvent object, TableSpec table) throws SQLException {
        List<Long> continuing = new ArrayList<>();
        for (String parent : table.parents()) {
            for (String key : SameUpload.siblingKeys(object.key(), table, parent)) {
                Optional<S3ObjectEvent> sibling = objects.find(object.bucket(), key);
                if (sibling.isPresent()) {
                    LOG.infof(
                            "%s refers to %s: loading s3://%s/%s of the same upload first",
                            object.uri(), parent, object.bucket(), key);
                    IngestResult parentResult = process(sibling.get(), true);
                    continuing.addAll(parentResult.parentsContinuing());
                    if (parentResult.continues()) {
                        // The invocation goes on with the parent's parts before this file's
                        // (IngestHandler); the message goes on with them after a crash. Rows of
                        // this file whose parent is in its later parts park until those load.
                        // (Rolled back with this transaction, the message finds no file and does
                        // nothing.) It becomes visible only once this invocation is over: another
                        // environment taking it at once waited for this one's part, then loaded
                        // the next itself, the two taking turns on one file.
                        events.sendAfter(
                                new IngestCommand.ContinueFile(parentResult.continuingFileId()),
                                invocation.remaining());
                        continuing.add(parentResult.continuingFileId());
                    }
                    break;
                }
            }
        }
        return continuing;
    }
}
