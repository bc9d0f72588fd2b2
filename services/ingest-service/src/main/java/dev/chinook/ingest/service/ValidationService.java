package dev.chinook.ingest.service;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.model.Rejection;
import dev.chinook.ingest.repository.ChangeSink;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.repository.RejectedRowRepository;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Validation-only mode: checks a file against the contract and OLTP's current rows exactly as a
 * load would (the same {@link FileLoader}, references, duplicates and change detection) in a
 * transaction that is rolled back, and writes the would-be outcome as JSON to
 * {@code reports/validation/<request id>.json}. Nothing is loaded, no manifest row or change stays.
 */
@ApplicationScoped
public class ValidationService {

    private static final Logger LOG = Logger.getLogger(ValidationService.class);

    /** The report lists at most this many rejected rows; the counts cover all of them. */
    static final int REJECTIONS_SHOWN = 1_000;

    public record Report(
            String requestId,
            String bucket,
            String key,
            String table,
            String wouldBe,
            long rowsInFile,
            long rowsValid,
            long rowsRejected,
            long rowsWaitingForParent,
            long rowsThatWouldChange,
            String message,
            List<Rejection> rejections,
            boolean rejectionsTruncated,
            Instant validatedAt) {}

    private final ManifestRepository manifest;
    private final RejectedRowRepository rejections;
    private final ObjectStore objects;
    private final FileLoader loader;
    private final IngestConfig config;
    private final TransactionManager transactions;

    public ValidationService(
            ManifestRepository manifest,
            RejectedRowRepository rejections,
            ObjectStore objects,
            FileLoader loader,
            IngestConfig config,
            TransactionManager transactions) {
        this.manifest = manifest;
        this.rejections = rejections;
        this.objects = objects;
        this.loader = loader;
        this.config = config;
        this.transactions = transactions;
    }

    public static String reportKey(String reportsPrefix, String requestId) {
        return reportsPrefix + "validation/" + requestId + ".json";
    }

    @Transactional
    public Report validate(String requestId, String bucket, String key, String tableName)
            throws SQLException, SystemException {
        try {
            Report report = check(requestId, bucket, key, tableName);
            objects.put(
                    bucket,
                    reportKey(config.reports().prefix(), requestId),
                    "application/json",
                    ChangeCodec.toJson(report));
            LOG.infof(
                    "validated s3://%s/%s for request %s: would be %s, %d rows, %d rejected, %d would change",
                    bucket,
                    key,
                    requestId,
                    report.wouldBe(),
                    report.rowsInFile(),
                    report.rowsRejected(),
                    report.rowsThatWouldChange());
            return report;
        } finally {
            transactions.setRollbackOnly();
        }
    }

    private Report check(String requestId, String bucket, String key, String tableName) throws SQLException {
        var object = objects.find(bucket, key);
        if (object.isEmpty()) {
            return report(
                    requestId,
                    bucket,
                    key,
                    tableName,
                    FileOutcome.rejected("no object s3://" + bucket + "/" + key),
                    List.of(),
                    false);
        }
        var table = tableName == null ? ChinookTables.forObjectKey(key) : ChinookTables.byName(tableName);
        if (table.isEmpty()) {
            String reason = tableName == null
                    ? "no table of the contract matches the key: name it <table>.csv or give the table, one of "
                            + ChinookTables.names()
                    : "no table " + tableName + " in the contract";
            return report(requestId, bucket, key, tableName, FileOutcome.rejected(reason), List.of(), false);
        }
        S3ObjectEvent event = object.get();
        long fileId = manifest.claimFile(
                        event, "validation-" + requestId, table.get(), FileStatus.LOADING, Instant.now())
                .orElseThrow(() -> new IllegalStateException("validation " + requestId + " ran before"));
        FileOutcome outcome;
        try {
            outcome = loader.load(fileId, table.get(), event, ChangeSink.DISCARD);
        } catch (RejectedFileException e) {
            outcome = FileOutcome.rejected(e.getMessage());
        }
        List<Rejection> shown = new ArrayList<>();
        boolean[] truncated = {false};
        rejections.forEach(fileId, r -> {
            if (shown.size() < REJECTIONS_SHOWN) {
                shown.add(r);
            } else {
                truncated[0] = true;
            }
        });
        return report(requestId, bucket, key, table.get().name(), outcome, shown, truncated[0]);
    }

    private static Report report(
            String requestId,
            String bucket,
            String key,
            String table,
            FileOutcome outcome,
            List<Rejection> shown,
            boolean truncated) {
        return new Report(
                requestId,
                bucket,
                key,
                table,
                outcome.status().name(),
                outcome.rowsInFile(),
                outcome.rowsLoaded(),
                outcome.rowsRejected(),
                outcome.rowsParked(),
                outcome.rowsChanged(),
                outcome.message(),
                shown,
                truncated,
                Instant.now());
    }
}
