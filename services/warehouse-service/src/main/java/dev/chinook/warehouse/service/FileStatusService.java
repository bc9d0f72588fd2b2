package dev.chinook.warehouse.service;

import dev.chinook.warehouse.model.FileFilter;
import dev.chinook.warehouse.model.FileVersion;
import dev.chinook.warehouse.model.Lineage;
import dev.chinook.warehouse.model.RejectedRow;
import dev.chinook.warehouse.repository.IngestRecordsRepository;
import dev.chinook.warehouse.repository.StatusRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happened to a file: its versions as the ingest recorded them, and for each the journey of
 * its changes from the outbox to the warehouse's facts.
 */
@ApplicationScoped
public class FileStatusService {

    public record FileWithLineage(FileVersion file, Lineage lineage) {}

    /** Every version of a key, and the latest failed attempts at messages about it. */
    public record FileHistory(
            String bucket,
            String key,
            List<FileWithLineage> versions,
            List<IngestRecordsRepository.MessageFailure> failures) {

        public boolean known() {
            return !versions.isEmpty() || !failures.isEmpty();
        }
    }

    /** How many failed attempts a file's history lists. */
    private static final int FAILURES_SHOWN = 20;

    /** A page of a listing; {@code next} continues it (null on the last page). */
    public record Page<T>(List<T> items, Long next) {}

    public record RejectedRows(long fileId, long total, long offset, List<RejectedRow> rows) {}

    private final IngestRecordsRepository ingest;
    private final StatusRepository warehouse;

    public FileStatusService(IngestRecordsRepository ingest, StatusRepository warehouse) {
        this.ingest = ingest;
        this.warehouse = warehouse;
    }

    public Page<FileVersion> files(FileFilter filter, Long before, int limit) throws SQLException {
        if (!ingest.migrated()) {
            return new Page<>(List.of(), null);
        }
        List<FileVersion> page = ingest.files(filter, before, limit + 1);
        if (page.size() <= limit) {
            return new Page<>(page, null);
        }
        List<FileVersion> shown = page.subList(0, limit);
        return new Page<>(List.copyOf(shown), shown.get(limit - 1).fileId());
    }

    public FileHistory history(String bucket, String key) throws SQLException {
        List<FileWithLineage> versions = new ArrayList<>();
        if (!ingest.migrated()) {
            return new FileHistory(bucket, key, versions, List.of());
        }
        for (FileVersion file : ingest.versions(bucket, key)) {
            versions.add(new FileWithLineage(file, lineage(file)));
        }
        return new FileHistory(bucket, key, versions, ingest.failuresNaming(key, FAILURES_SHOWN));
    }

    public Optional<FileWithLineage> file(long fileId) throws SQLException {
        Optional<FileVersion> file = ingest.migrated() ? ingest.file(fileId) : Optional.empty();
        return file.isEmpty() ? Optional.empty() : Optional.of(new FileWithLineage(file.get(), lineage(file.get())));
    }

    public Optional<RejectedRows> rejectedRows(long fileId, long offset, int limit) throws SQLException {
        Optional<FileVersion> file = ingest.migrated() ? ingest.file(fileId) : Optional.empty();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RejectedRows(
                fileId, file.get().rowsRejected(), offset, ingest.rejectedRows(fileId, offset, limit)));
    }

    Lineage lineage(FileVersion file) throws SQLException {
        if (!file.wroteChanges()) {
            return Lineage.NONE;
        }
        long inOutbox = ingest.changesInOutbox(file);
        StatusRepository.Applied applied =
                warehouse.applied(file.firstChangeId(), file.lastChangeId(), file.sourceFile());
        return Lineage.of(file.rowsChanged(), inOutbox, applied.changes(), applied.lastAppliedAt());
    }
}
