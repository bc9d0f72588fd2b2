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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        List<FileVersion> files = ingest.versions(bucket, key);
        Map<Long, Lineage> lineages = lineages(files);
        for (FileVersion file : files) {
            versions.add(new FileWithLineage(file, lineages.get(file.fileId())));
        }
        return new FileHistory(bucket, key, versions, ingest.failuresNaming(key, FAILURES_SHOWN));
    }

    public Optional<FileWithLineage> file(long fileId) throws SQLException {
        Optional<FileVersion> file = ingest.migrated() ? ingest.file(fileId) : Optional.empty();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FileWithLineage(
                file.get(), lineages(List.of(file.get())).get(file.get().fileId())));
    }

    public Optional<RejectedRows> rejectedRows(long fileId, long offset, int limit) throws SQLException {
        Optional<FileVersion> file = ingest.migrated() ? ingest.file(fileId) : Optional.empty();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RejectedRows(
                fileId, file.get().rowsRejected(), offset, ingest.rejectedRows(fileId, offset, limit)));
    }

    /** The lineage of each version, by file id: one statement on each database, however many versions. */
    Map<Long, Lineage> lineages(List<FileVersion> files) throws SQLException {
        Map<Long, Lineage> lineages = new HashMap<>();
        List<FileVersion> withChanges =
                files.stream().filter(FileVersion::wroteChanges).toList();
        Map<Long, Long> inOutbox = withChanges.isEmpty() ? Map.of() : ingest.changesInOutbox(withChanges);
        Map<Long, StatusRepository.Applied> applied = withChanges.isEmpty() ? Map.of() : warehouse.applied(withChanges);
        for (FileVersion file : files) {
            StatusRepository.Applied done = applied.get(file.fileId());
            lineages.put(
                    file.fileId(),
                    file.wroteChanges()
                            ? Lineage.of(
                                    file.rowsChanged(),
                                    inOutbox.get(file.fileId()),
                                    done.changes(),
                                    done.lastAppliedAt())
                            : Lineage.NONE);
        }
        return lineages;
    }
}
