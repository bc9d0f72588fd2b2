package dev.chinook.ingest.service;

import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.repository.FileOutcome;
import dev.chinook.ingest.repository.OltpRepository;
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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes a file's report next to it, under {@code reports/<key>.report.csv}, when anything was
 * rejected or noted: one row per rejected row (line, column, column name, value, reason), line 0
 * for the file as a whole. Values that a spreadsheet would run as a formula are neutralised.
 */
@ApplicationScoped
public class RejectionReports {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader("line", "column", "column_name", "value", "reason").setRecordSeparator("\n").get();

    private final OltpRepository repository;
    private final S3Client s3;

    public RejectionReports(OltpRepository repository, S3Client s3) {
        this.repository = repository;
        this.s3 = s3;
    }

    /** Writes the report if there is something to report; returns its key, or null. */
    public String write(long fileId, S3ObjectEvent object, FileOutcome outcome) throws SQLException {
        boolean decided = outcome.status().equals("LOADED") || outcome.status().equals("REJECTED");
        boolean worthReporting = decided && (outcome.rowsRejected() > 0 || outcome.message() != null);
        if (!worthReporting) {
            return null;
        }
        String key = "reports/" + object.key() + ".report.csv";
        Path file = null;
        try {
            file = Files.createTempFile("chinook-report", ".csv");
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                    CSVPrinter out = new CSVPrinter(writer, FORMAT)) {
                if (outcome.message() != null) {
                    out.printRecord(0, null, null, null, safe(outcome.status() + ": " + outcome.message()));
                }
                repository.forEachRejection(fileId, r -> {
                    try {
                        out.printRecord(r.lineNumber(), r.columnNumber(), safe(r.columnName()), safe(r.value()),
                                safe(r.reason()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Path body = file;
            s3.putObject(b -> b.bucket(object.bucket()).key(key).contentType("text/csv; charset=utf-8"),
                    RequestBody.fromFile(body));
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
                ? "'" + value : value;
    }
}
