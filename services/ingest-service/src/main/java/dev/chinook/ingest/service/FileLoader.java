package dev.chinook.ingest.service;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.model.ChangeRange;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.model.LoadedPart;
import dev.chinook.ingest.model.NamedParentKeys;
import dev.chinook.ingest.model.Rejection;
import dev.chinook.ingest.model.ResumePoint;
import dev.chinook.ingest.model.StagedImages;
import dev.chinook.ingest.model.StagedKeys;
import dev.chinook.ingest.repository.ChangeSink;
import dev.chinook.ingest.repository.ParkingRepository;
import dev.chinook.ingest.repository.ReferenceLocks;
import dev.chinook.ingest.repository.RejectedRowRepository;
import dev.chinook.ingest.repository.StagingCopy;
import dev.chinook.ingest.repository.StagingRepository;
import dev.chinook.ingest.storage.ObjectStore;
import dev.chinook.ingest.storage.ObjectSupersededException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads one file in the caller's transaction: streams and validates the CSV into staging,
 * rejects duplicates and broken references set-based, then applies the rows with change
 * detection, handing each change to the caller's {@link ChangeSink} (a caller that commits
 * writes them out with {@link ChangeSetWriter}), or nothing under the reject-file policy.
 */
@ApplicationScoped
// A file rejected as a whole, or overwritten before it was read, is an outcome the caller records
// in the same transaction: these must not mark it for rollback.
@Transactional(
        value = TxType.MANDATORY,
        dontRollbackOn = {RejectedFileException.class, ObjectSupersededException.class})
public class FileLoader {

    /** Rejections are written in batches of this size, between COPY chunks. */
    private static final int REJECTION_BATCH = 1_000;

    /** A part that resumes at an offset reads the header row from at most this many first bytes. */
    static final int HEAD_BYTES = 1024 * 1024;

    /**
     * The most a part's row images may take (an eighth of the heap): a part of new rows over it
     * has PostgreSQL build its changes instead, so that memory stays flat in the rows' width.
     */
    private static final long IMAGE_BYTES = Runtime.getRuntime().maxMemory() / 8;

    private final StagingRepository staging;
    private final RejectedRowRepository rejections;
    private final ObjectStore objects;
    private final IngestConfig config;
    private final ReferenceLocks references;
    private final ParkingRepository parking;

    public FileLoader(
            StagingRepository staging,
            RejectedRowRepository rejections,
            ObjectStore objects,
            IngestConfig config,
            ReferenceLocks references,
            ParkingRepository parking) {
        this.staging = staging;
        this.rejections = rejections;
        this.objects = objects;
        this.config = config;
        this.references = references;
        this.parking = parking;
    }

    /** The whole file in the caller's transaction. */
    public FileOutcome load(long fileId, TableSpec table, S3ObjectEvent object, ChangeSink changes)
            throws SQLException {
        FileOutcome outcome = loadPart(fileId, table, object, ResumePoint.START, Long.MAX_VALUE, changes)
                .outcome();
        return outcome.rowsParked() > 0 ? outcome.withNote(parkedNote(outcome.rowsParked())) : outcome;
    }

    /**
     * A file's note on the rows that came before their parent, said as what happened at load: it
     * outlives the parking (rows_parked says how many still wait). Of the whole file, not of a
     * part: a file loaded in parts adds its parts' counts up first.
     */
    public String parkedNote(long parked) {
        return (parked == 1
                        ? "1 row came before its parent and was parked"
                        : String.format(Locale.ROOT, "%,d", parked) + " rows came before their parent and were parked")
                + " (loaded when it arrives, rejected if it has not within "
                + ParkingRepository.describe(config.parking().window()) + ")";
    }

    /**
     * The part of the file that starts at {@code from}, at most {@code max} data records, in the
     * caller's transaction. Rows are checked for duplicates within the part; parents, parking and
     * deletes as for a whole file.
     */
    public LoadedPart loadPart(
            long fileId, TableSpec table, S3ObjectEvent object, ResumePoint from, long max, ChangeSink changes)
            throws SQLException {
        staging.createStaging(table);
        StagingSink sink = new StagingSink(fileId, table);
        CsvFileParser.ParseSummary summary;
        try {
            summary = from.byteOffset() > 0 ? fromOffset(table, object, from, max, sink) : null;
            if (summary == null) {
                try (InputStream in = Compression.decompressed(object.key(), objects.open(object))) {
                    summary = CsvFileParser.parse(in, table, sink, from.records(), max);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sink.close();
        }
        sink.flushRejections();
        references.lockFor(table, sink.deletes > 0);
        long rejected = sink.rejected;
        // Keys that only grew hold none twice (exports sorted by key, the usual case): the check
        // would group the whole part to find nothing.
        if (!sink.keys().ascending()) {
            rejected += staging.rejectSupersededDuplicates(
                    fileId, table, summary.columnNumber(table.key().name()));
        }
        boolean parking = config.rejectPolicy() == IngestConfig.RejectPolicy.LOAD_VALID
                && !config.parking().window().isZero();
        long parked = 0;
        for (TableSpec.Reference reference : table.references()) {
            TableSpec parent = ChinookTables.byName(reference.parentTable()).orElseThrow();
            if (!staging.anyMissingParent(table, reference, parent, sink.named(reference), summary.rows())) {
                continue;
            }
            int column = summary.columnNumber(reference.column());
            if (parking) {
                parked += this.parking.parkMissingParents(fileId, table, reference, column, parent);
            } else {
                rejected += staging.rejectMissingParents(fileId, table, reference, column, parent);
            }
        }
        // Only a delete can be refused for the rows that refer to it.
        if (sink.deletes > 0) {
            for (var child : ChinookTables.referencesTo(table)) {
                rejected += staging.rejectReferencedDeletes(
                        fileId,
                        table,
                        child.getKey(),
                        child.getValue(),
                        summary.columnNumber(table.key().name()));
            }
        }
        List<String> notes = new ArrayList<>();
        if (!summary.ignoredHeaders().isEmpty()) {
            notes.add("ignored columns outside the contract: " + listed(summary.ignoredHeaders()));
        }
        summary.nullMarkers().note().ifPresent(notes::add);
        if (summary.rows() == 0 && from.atStart()) {
            notes.add("the file has a header and no data rows");
        }
        if (rejected > 0 && config.rejectPolicy() == IngestConfig.RejectPolicy.REJECT_FILE) {
            staging.clearStaging(table);
            notes.add(0, rejected + " invalid rows; the reject-file policy loads nothing from this file");
            return new LoadedPart(
                    FileOutcome.rejectedWithRows(summary.rows(), String.join("; ", notes)),
                    summary.rows(),
                    summary.lastLine(),
                    false);
        }
        this.parking.retireSuperseded(table, object.uri());
        // Rows the checks took out of staging have images still: those then no longer match it.
        StagedImages images = rejected == sink.rejected && parked == 0 ? sink.images : null;
        ChangeRange changed = staging.applyStaged(table, object.uri(), sink.keys(), images, sink.deletes > 0, changes);
        FileOutcome outcome = FileOutcome.loaded(
                summary.rows(), rejected, parked, changed, notes.isEmpty() ? null : String.join("; ", notes));
        return new LoadedPart(
                summary.more() ? outcome.withStatus(FileStatus.LOADING) : outcome,
                summary.rows(),
                summary.lastLine(),
                summary.more(),
                summary.nextOffset());
    }

    /**
     * The part read from its byte offset on: a plain file through a ranged GET, a compressed one
     * decompressed and skipped up to it (still no parsing). Null when the header row is not within
     * the file's first {@link #HEAD_BYTES} bytes: the part then reads the file from its start.
     */
    private CsvFileParser.ParseSummary fromOffset(
            TableSpec table, S3ObjectEvent object, ResumePoint from, long max, StagingSink sink) throws IOException {
        int headLength = (int) Math.min(from.byteOffset(), HEAD_BYTES);
        if (Compression.isGzip(object.key())) {
            try (InputStream text = Compression.decompressed(object.key(), objects.open(object))) {
                byte[] head = text.readNBytes(headLength);
                text.skipNBytes(from.byteOffset() - head.length);
                return CsvFileParser.parseFrom(head, text, from, table, sink, max)
                        .orElse(null);
            }
        }
        byte[] head;
        try (InputStream in = objects.open(object, 0, headLength - 1L)) {
            head = in.readAllBytes();
        }
        try (InputStream rest = objects.open(object, from.byteOffset(), -1)) {
            return CsvFileParser.parseFrom(head, rest, from, table, sink, max).orElse(null);
        }
    }

    /** Valid rows go to COPY; rejections are buffered and written between COPY chunks. */
    private final class StagingSink implements CsvFileParser.RowSink {
        private final long fileId;
        private final TableSpec table;
        private final List<Rejection> pending = new ArrayList<>();
        private StagingCopy copy;
        private long rejected;
        private long deletes;
        private final int[] referenceColumns;
        private final NamedParentKeys[] named;
        private long keysSeen;
        private boolean keysAscending = true;
        private long firstKey;
        private long lastKey = Long.MIN_VALUE;
        /** Images of the rows while they can become changes of new rows: ascending, no deletes. */
        private StagedImages images = new StagedImages(IMAGE_BYTES);

        private final RowImages imageWriter;

        StagingSink(long fileId, TableSpec table) throws SQLException {
            this.fileId = fileId;
            this.table = table;
            this.imageWriter = new RowImages(table);
            this.referenceColumns = table.references().stream()
                    .mapToInt(reference -> table.indexOf(reference.column()))
                    .toArray();
            this.named = new NamedParentKeys[referenceColumns.length];
            for (int i = 0; i < named.length; i++) {
                named[i] = new NamedParentKeys();
            }
            this.copy = staging.copyIntoStaging(table);
        }

        @Override
        public void accept(long lineNumber, boolean delete, String[] values) {
            if (delete) {
                deletes++;
            } else {
                for (int i = 0; i < referenceColumns.length; i++) {
                    named[i].add(values[referenceColumns[i]]);
                }
            }
            if (keysAscending) {
                keysAscending = keyAfterLast(values[0]);
            }
            if (images != null) {
                keepImage(delete, values);
            }
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
                    copy = staging.copyIntoStaging(table);
                } catch (SQLException e) {
                    throw new IllegalStateException("writing rejections failed", e);
                }
            }
        }

        private void keepImage(boolean delete, String[] values) {
            byte[] image = delete || !keysAscending ? null : imageWriter.of(values);
            if (image == null || !images.add(lastKey, image)) {
                images = null;
            }
        }

        /** The contract's keys are integers, first in a row; anything else ends the ascent. */
        private boolean keyAfterLast(String key) {
            try {
                long value = Long.parseLong(key);
                boolean after = value > lastKey;
                if (keysSeen++ == 0) {
                    firstKey = value;
                }
                lastKey = value;
                return after;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The parent keys the part's upserts name in {@code reference}'s column. */
        NamedParentKeys named(TableSpec.Reference reference) {
            return named[table.references().indexOf(reference)];
        }

        StagedKeys keys() {
            return keysAscending && keysSeen > 0 ? new StagedKeys(true, firstKey, lastKey) : StagedKeys.UNKNOWN;
        }

        void flushRejections() throws SQLException {
            rejections.insert(fileId, pending);
            pending.clear();
        }

        void close() throws SQLException {
            copy.finish();
        }
    }

    /** At most the first twenty names, and how many more there were. */
    static String listed(List<String> names) {
        int shown = Math.min(names.size(), 20);
        String list = String.join(
                ", ",
                names.subList(0, shown).stream()
                        .map(n -> n.length() > 100 ? n.substring(0, 100) + "..." : n)
                        .toList());
        return shown == names.size() ? list : list + " and " + (names.size() - shown) + " more";
    }
}
