package dev.chinook.ingest.service;

import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.model.ChangeRange;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.repository.ParkingRepository;
import dev.chinook.ingest.repository.ReferenceLocks;
import dev.chinook.ingest.repository.StagingRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Rows parked for a parent that had not arrived: after every invocation's messages, those whose
 * parents all exist now are applied as rows of their own file (their changes named after it, its
 * counts moved from parked to loaded), and those parked longer than the window are rejected.
 * Running after the messages, not inside the parent's load, also catches a parent that committed
 * while its child file was being checked.
 */
@ApplicationScoped
public class ParkedRows {

    private static final Logger LOG = Logger.getLogger(ParkedRows.class);

    public record Sweep(long released, int filesExpired) {}

    private final ParkingRepository parking;
    private final StagingRepository staging;
    private final ManifestRepository manifest;
    private final ReferenceLocks references;
    private final RejectionReports reports;
    private final IngestConfig config;
    private final ChangeSetWriter changeSets;

    public ParkedRows(
            ParkingRepository parking,
            StagingRepository staging,
            ManifestRepository manifest,
            ReferenceLocks references,
            RejectionReports reports,
            IngestConfig config,
            ChangeSetWriter changeSets) {
        this.parking = parking;
        this.staging = staging;
        this.manifest = manifest;
        this.references = references;
        this.reports = reports;
        this.config = config;
        this.changeSets = changeSets;
    }

    @Transactional
    public Sweep sweep() throws SQLException {
        long released = 0;
        for (TableSpec table : parking.tablesWithParkedRows()) {
            references.lockFor(table, false);
            staging.createRelease(table);
            for (long fileId : parking.filesReadyToRelease(table)) {
                int rows = parking.stageReleasable(fileId, table);
                if (rows == 0) {
                    // Another environment's sweep released them first (it held the lock).
                    continue;
                }
                S3ObjectEvent file = manifest.objectOf(fileId).orElseThrow();
                ChangeSetWriter.Sets sets = changeSets.forFile(file.uri());
                ChangeRange changes = staging.applyReleased(table, file.uri(), sets);
                sets.finish();
                manifest.released(fileId, rows, changes);
                released += rows;
                LOG.infof(
                        "%d parked rows of %s have their parents now: loaded, %d changed",
                        rows, file.uri(), changes.count());
            }
        }
        List<Long> expired = parking.expire(config.parking().window());
        for (long fileId : expired) {
            reports.rewrite(fileId);
        }
        if (!expired.isEmpty()) {
            LOG.warnf(
                    "parked rows of %d files waited %s for their parent in vain: rejected (see their reports)",
                    expired.size(), ParkingRepository.describe(config.parking().window()));
        }
        return new Sweep(released, expired.size());
    }
}
