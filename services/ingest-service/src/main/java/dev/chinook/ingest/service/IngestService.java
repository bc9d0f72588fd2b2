package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.s3.Sequencers;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.FileOutcome;
import dev.chinook.ingest.repository.ManifestEntry;
import dev.chinook.ingest.repository.OltpRepository;
import dev.chinook.ingest.repository.StagingCopy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Loads one S3 object into OLTP in one transaction. Decides first whether to load at all
 * (redelivery, an older version arriving late, identical content), loads the parent files of the
 * same upload first, then streams and validates the CSV into staging, rejects duplicates and
 * broken references, applies the rows with change detection (outbox records in the same
 * statements) and finishes the manifest row with the counts and the report's key.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** Rejections are written in batches of this size, between COPY chunks. */
    private static final int REJECTION_BATCH = 1_000;

    private final OltpRepository repository;
    private final S3Client s3;
    private final IngestConfig config;
    private final RejectionReports reports;

    public IngestService(OltpRepository repository, S3Client s3, IngestConfig config, RejectionReports reports) {
        this.repository = repository;
        this.s3 = s3;
        this.config = config;
        this.reports = reports;
    }

    @Transactional
    public IngestResult ingest(S3ObjectEvent object) throws SQLException {
        Instant started = Instant.now();
        String sequencer = object.sequencer() != null ? object.sequencer() : "etag-" + object.eTag();
        Optional<TableSpec> table = ChinookTables.forObjectKey(object.key());
        repository.lockKey(object.bucket(), object.key());
        if (repository.eventSeen(object, sequencer)) {
            LOG.infof("%s (sequencer %s) was handled before: nothing to do", object.uri(), sequencer);
            return IngestResult.duplicate(object.uri());
        }
        Optional<ManifestEntry> latest = repository.latestApplied(object.bucket(), object.key());
        if (latest.isPresent() && Sequencers.compare(latest.get().sequencer(), sequencer) > 0) {
            return skip(object, sequencer, table, started, "STALE",
                    "a newer upload of this key (sequencer " + latest.get().sequencer() + ") was applied already");
        }
        if (latest.isPresent() && latest.get().eTag().equals(object.eTag()) && !latest.get().status().equals("REJECTED")) {
            return skip(object, sequencer, table, started, "UNCHANGED", "same content as the upload applied last");
        }
        long fileId = repository.claimFile(object, sequencer, table.orElse(null), "LOADING", started)
                .orElseThrow(() -> new IllegalStateException("manifest row of " + object.uri() + " appeared meanwhile"));
        FileOutcome outcome;
        try {
            TableSpec spec = table.orElseThrow(() -> new RejectedFileException(
                    "no table of the contract matches the key: use raw/<table>/<name>.csv or <table>.csv"));
            if (object.size() > config.maxFileBytes()) {
                throw new RejectedFileException("file is " + object.size() + " bytes; one invocation loads at most "
                        + config.maxFileBytes() + " bytes (chinook.ingest.max-file-bytes): split it into smaller files");
            }
            loadParentsOfSameUpload(object, spec);
            outcome = load(fileId, spec, object);
        } catch (RejectedFileException e) {
            repository.deleteRejections(fileId);
            outcome = FileOutcome.rejected(e.getMessage());
        } catch (SupersededException e) {
            outcome = new FileOutcome("STALE", 0, 0, 0, 0, e.getMessage());
        }
        String report = reports.write(fileId, object, outcome);
        repository.finishFile(fileId, outcome, report);
        LOG.infof("%s: %s, %d rows, %d loaded, %d rejected, %d changed, in %d ms%s", object.uri(), outcome.status(),
                outcome.rowsInFile(), outcome.rowsLoaded(), outcome.rowsRejected(), outcome.rowsChanged(),
                Duration.between(started, Instant.now()).toMillis(),
                outcome.message() == null ? "" : " (" + outcome.message() + ")");
        return new IngestResult(object.uri(), false, outcome);
    }

    private IngestResult skip(S3ObjectEvent object, String sequencer, Optional<TableSpec> table, Instant started,
            String status, String reason) throws SQLException {
        FileOutcome outcome = new FileOutcome(status, 0, 0, 0, 0, reason);
        Optional<Long> fileId = repository.claimFile(object, sequencer, table.orElse(null), status, started);
        if (fileId.isPresent()) {
            repository.finishFile(fileId.get(), outcome, null);
        }
        LOG.infof("%s (sequencer %s): %s, not loaded: %s", object.uri(), sequencer, status, reason);
        return new IngestResult(object.uri(), true, outcome);
    }

    /**
     * Files of one upload arrive as separate events in any order. Before a file's references are
     * checked, the parent files of the same upload (same name under raw/&lt;parent&gt;/, or
     * &lt;parent&gt;.csv in the same folder) that exist in the bucket are loaded first, in this
     * transaction; their own events then find them loaded.
     */
    private void loadParentsOfSameUpload(S3ObjectEvent object, TableSpec table) throws SQLException {
        for (String parent : table.parents()) {
            for (String key : SameUpload.siblingKeys(object.key(), table, parent)) {
                Optional<S3ObjectEvent> sibling = head(object.bucket(), key);
                if (sibling.isPresent()) {
                    LOG.infof("%s refers to %s: loading s3://%s/%s of the same upload first", object.uri(), parent,
                            object.bucket(), key);
                    ingest(sibling.get());
                    break;
                }
            }
        }
    }

    private Optional<S3ObjectEvent> head(String bucket, String key) {
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            // No event, so no sequencer: the lowest one, which never hides a real event of this key.
            return Optional.of(new S3ObjectEvent("ObjectCreated:SameUpload", bucket, key, head.contentLength(),
                    head.eTag().replace("\"", ""), head.versionId(), ""));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private FileOutcome load(long fileId, TableSpec table, S3ObjectEvent object) throws SQLException {
        repository.createStaging(table);
        StagingSink sink = new StagingSink(fileId, table);
        CsvFileParser.ParseSummary summary;
        try (InputStream in = open(object)) {
            summary = CsvFileParser.parse(in, table, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sink.close();
        }
        sink.flushRejections();
        long rejected = sink.rejected;
        rejected += repository.rejectSupersededDuplicates(fileId, table, summary.columnNumber(table.key().name()));
        for (TableSpec.Reference reference : table.references()) {
            TableSpec parent = ChinookTables.byName(reference.parentTable()).orElseThrow();
            rejected += repository.rejectMissingParents(fileId, table, reference,
                    summary.columnNumber(reference.column()), parent);
        }
        for (var child : ChinookTables.referencesTo(table)) {
            rejected += repository.rejectReferencedDeletes(fileId, table, child.getKey(), child.getValue(),
                    summary.columnNumber(table.key().name()));
        }
        List<String> notes = new ArrayList<>();
        if (!summary.ignoredHeaders().isEmpty()) {
            notes.add("ignored columns outside the contract: " + String.join(", ", summary.ignoredHeaders()));
        }
        if (summary.rows() == 0) {
            notes.add("the file has a header and no data rows");
        }
        if (rejected > 0 && config.rejectPolicy() == IngestConfig.RejectPolicy.REJECT_FILE) {
            repository.clearStaging(table);
            notes.add(0, rejected + " invalid rows; the reject-file policy loads nothing from this file");
            return new FileOutcome("REJECTED", summary.rows(), 0, summary.rows(), 0, String.join("; ", notes));
        }
        int changed = repository.applyStaged(table, object.uri());
        return FileOutcome.loaded(summary.rows(), rejected, changed, notes.isEmpty() ? null : String.join("; ", notes));
    }

    private InputStream open(S3ObjectEvent object) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
        if (object.versionId() != null) {
            request.versionId(object.versionId());
        } else if (object.eTag() != null) {
            request.ifMatch(object.eTag());
        }
        try {
            return s3.getObject(request.build());
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                // Unversioned bucket: the object was overwritten before we read it; the newer upload has its own event.
                throw new SupersededException("overwritten by a newer upload before it was read");
            }
            throw e;
        }
    }

    /** The version an event names is gone from an unversioned bucket: a newer one replaced it. */
    static final class SupersededException extends RuntimeException {
        SupersededException(String message) {
            super(message, null, false, false);
        }
    }

    /** Valid rows go to COPY; rejections are buffered and written between COPY chunks. */
    private final class StagingSink implements CsvFileParser.RowSink {
        private final long fileId;
        private final TableSpec table;
        private final List<Rejection> pending = new ArrayList<>();
        private StagingCopy copy;
        private long rejected;

        StagingSink(long fileId, TableSpec table) throws SQLException {
            this.fileId = fileId;
            this.table = table;
            this.copy = repository.copyIntoStaging(table);
        }

        @Override
        public void accept(long lineNumber, boolean delete, String[] values) {
            try {
                copy.write(lineNumber, delete, values);
            } catch (SQLException e) {
                throw new IllegalStateException("COPY into staging failed", e);
            }
        }

        @Override
        public void reject(Rejection rejection) {
            pending.add(rejection);
            rejected++;
            if (pending.size() >= REJECTION_BATCH) {
                try {
                    copy.finish();
                    flushRejections();
                    copy = repository.copyIntoStaging(table);
                } catch (SQLException e) {
                    throw new IllegalStateException("writing rejections failed", e);
                }
            }
        }

        void flushRejections() throws SQLException {
            repository.insertRejections(fileId, pending);
            pending.clear();
        }

        void close() throws SQLException {
            copy.finish();
        }
    }
}
