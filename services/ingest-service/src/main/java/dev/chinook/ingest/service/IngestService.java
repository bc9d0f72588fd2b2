package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.repository.FileOutcome;
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

/**
 * Loads one S3 object into OLTP in one transaction: claim the object version in the manifest,
 * stream and validate the CSV into a staging table, upsert with change detection (outbox records
 * in the same transaction), record rejected rows, and finish the manifest row with the counts.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** Rejections are written in batches of this size, between COPY chunks. */
    private static final int REJECTION_BATCH = 1_000;

    private final OltpRepository repository;
    private final S3Client s3;

    public IngestService(OltpRepository repository, S3Client s3) {
        this.repository = repository;
        this.s3 = s3;
    }

    @Transactional
    public IngestResult ingest(S3ObjectEvent object) throws SQLException {
        Instant started = Instant.now();
        Optional<TableSpec> table = ChinookTables.forObjectKey(object.key());
        Optional<Long> claimed = repository.claimFile(object, table.orElse(null), started);
        if (claimed.isEmpty()) {
            LOG.infof("%s (eTag %s) was ingested before: nothing to do", object.uri(), object.eTag());
            return IngestResult.duplicate(object.uri());
        }
        long fileId = claimed.get();
        FileOutcome outcome;
        try {
            TableSpec spec = table.orElseThrow(() -> new RejectedFileException(
                    "no table of the contract matches the key: use raw/<table>/<name>.csv or <table>.csv"));
            outcome = load(fileId, spec, object);
        } catch (RejectedFileException e) {
            repository.deleteRejections(fileId);
            outcome = FileOutcome.rejected(e.getMessage());
        }
        repository.finishFile(fileId, outcome);
        LOG.infof("%s: %s, %d rows, %d loaded, %d rejected, %d changed, in %d ms%s", object.uri(), outcome.status(),
                outcome.rowsInFile(), outcome.rowsLoaded(), outcome.rowsRejected(), outcome.rowsChanged(),
                Duration.between(started, Instant.now()).toMillis(),
                outcome.message() == null ? "" : " (" + outcome.message() + ")");
        return new IngestResult(object.uri(), false, outcome);
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
        long duplicates = repository.rejectSupersededDuplicates(fileId, table);
        int changed = repository.applyStaged(table, object.uri());
        String warning = summary.ignoredHeaders().isEmpty() ? null
                : "ignored columns outside the contract: " + String.join(", ", summary.ignoredHeaders());
        return FileOutcome.loaded(summary.rows(), sink.rejected + duplicates, changed, warning);
    }

    private InputStream open(S3ObjectEvent object) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key());
        if (object.versionId() != null) {
            request.versionId(object.versionId());
        } else if (object.eTag() != null) {
            request.ifMatch(object.eTag());
        }
        return s3.getObject(request.build());
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
