package dev.chinook.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a data folder through the S3 API the way a user would: every {@code <table>.csv} of a
 * batch folder becomes {@code raw/<table>/<batch>.csv}, and every gzip-compressed
 * {@code <table>.csv.gz} {@code raw/<table>/<batch>.csv.gz}. Batch folders ({@code 01-initial},
 * {@code 02-changes}, ...) are separate days and go in name order, each after the previous one
 * has been loaded, because files of one day overwrite rows of the day before.
 */
public final class DataLoader {

    /** One uploaded object and the eTag S3 gave it, which the ingest manifest records. */
    public record Upload(String key, String eTag, Path file) {}

    private static final String CSV = ".csv";
    private static final String GZIP = ".gz";

    private DataLoader() {}

    /** The batch folders of a data directory in load order, or the directory itself if it has none. */
    public static List<Path> batches(Path dataDir) {
        try (Stream<Path> children = Files.list(dataDir)) {
            List<Path> dirs = children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
            return dirs.isEmpty() ? List.of(dataDir) : dirs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data directory " + dataDir, e);
        }
    }

    /** A file of a batch folder and the object key it is uploaded to; none when it is not a CSV file. */
    public record DataFile(Path file, Optional<String> key) {}

    /**
     * The files of a batch folder in name order: {@code .csv} and {@code .csv.gz} (in any case)
     * with their keys, and any other file without one, so that {@link #upload} says which file it
     * leaves out instead of passing over it in silence. Hidden files and folders are not listed.
     */
    public static List<DataFile> files(Path batch) {
        try (Stream<Path> children = Files.list(batch)) {
            return children.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .map(file -> dataFile(batch, file))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + batch, e);
        }
    }

    public static List<Upload> upload(S3Client s3, String bucket, Path batch, Consumer<String> progress) {
        List<Upload> uploads = new ArrayList<>();
        for (DataFile dataFile : files(batch)) {
            Path file = dataFile.file();
            if (dataFile.key().isEmpty()) {
                progress.accept("  skipped " + file + ": not a .csv or .csv.gz file");
                continue;
            }
            String key = dataFile.key().get();
            String contentType = key.endsWith(GZIP) ? "application/gzip" : "text/csv";
            String eTag = s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), file)
                    .eTag();
            uploads.add(new Upload(key, eTag.replace("\"", ""), file));
            progress.accept("  uploaded " + file + " -> s3://" + bucket + "/" + key);
        }
        return uploads;
    }

    private static DataFile dataFile(Path batch, Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : List.of(CSV + GZIP, CSV)) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                String table = name.substring(0, name.length() - suffix.length());
                return new DataFile(file, Optional.of("raw/" + table + "/" + batch.getFileName() + suffix));
            }
        }
        return new DataFile(file, Optional.empty());
    }
}
