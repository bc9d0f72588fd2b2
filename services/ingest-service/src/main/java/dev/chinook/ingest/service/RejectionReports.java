package dev.chinook.ingest.service;

import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.model.FileOutcome;
import dev.chinook.ingest.repository.ManifestRepository;
import dev.chinook.ingest.repository.RejectedRowRepository;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a file's report next to it, under {@code reports/<key>.report.csv} (the prefix is configurable), when anything was
 * rejected or noted: one row per rejected row (line, column, column name, value, reason), line 0
 * for the file as a whole. Values that a spreadsheet would run as a formula are neutralised.
 */
@ApplicationScoped
public class RejectionReports {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setHeader("line", "column", "column_name", "value", "reason")
            .setRecordSeparator("\n")
            .get();

    private final RejectedRowRepository rejections;
    private final ObjectStore objects;
    private final IngestConfig config;
    private final ManifestRepository manifest;

    public RejectionReports(
            RejectedRowRepository rejections, ObjectStore objects, IngestConfig config, ManifestRepository manifest) {
        this.rejections = rejections;
        this.objects = objects;
        this.config = config;
        this.manifest = manifest;
    }

    /** Writes the report if there is something to report; returns its key, or null. */
    public String write(long fileId, S3ObjectEvent object, FileOutcome outcome) throws SQLException {
        if (!outcome.worthReporting()) {
            return null;
        }
        return writeReport(
                fileId, object, outcome.message() == null ? null : outcome.status() + ": " + outcome.message());
    }

    /**
     * Writes a file's report again after rows it had parked were rejected later, and records its key
     * in the manifest.
     */
    public void rewrite(long fileId) throws SQLException {
        var object = manifest.objectOf(fileId);
        if (object.isPresent()) {
            manifest.setReport(fileId, writeReport(fileId, object.get(), null));
        }
    }

    private String writeReport(long fileId, S3ObjectEvent object, String headline) throws SQLException {
        String key = config.reports().prefix() + object.key() + ".report.csv";
        Path file = null;
        try {
            file = Files.createTempFile("chinook-report", ".csv");
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                    CSVPrinter out = new CSVPrinter(writer, FORMAT)) {
                if (headline != null) {
                    out.printRecord(0, null, null, null, safe(headline));
                }
                rejections.forEach(fileId, r -> {
                    try {
                        out.printRecord(
                                r.lineNumber(),
                                r.columnNumber(),
                                safe(r.columnName()),
                                safe(r.value()),
                                safe(r.reason()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            objects.put(object.bucket(), key, "text/csv; charset=utf-8", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report of " + object.uri(), e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value
                : value;
    }
}
