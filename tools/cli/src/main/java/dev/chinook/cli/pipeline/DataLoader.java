package dev.chinook.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a data folder through the S3 API the way a user would: every {@code <table>.csv} of a
 * batch folder becomes {@code raw/<table>/<batch>.csv}. Batch folders ({@code 01-initial},
 * {@code 02-changes}, ...) are separate days and go in name order, each after the previous one
 * has been loaded, because files of one day overwrite rows of the day before.
 */
public final class DataLoader {

    /** One uploaded object and the eTag S3 gave it, which the ingest manifest records. */
    public record Upload(String key, String eTag, Path file) {}

    private DataLoader() {}

    /** The batch folders of a data directory in load order, or the directory itself if it has none. */
    public static List<Path> batches(Path dataDir) {
        try (Stream<Path> children = Files.list(dataDir)) {
            List<Path> dirs = children.filter(Files::isDirectory).sorted().toList();
            return dirs.isEmpty() ? List.of(dataDir) : dirs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data directory " + dataDir, e);
        }
    }

    public static List<Upload> upload(S3Client s3, String bucket, Path batch, Consumer<String> progress) {
        List<Path> files;
        try (Stream<Path> children = Files.list(batch)) {
            files = children.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + batch, e);
        }
        List<Upload> uploads = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String table = name.substring(0, name.length() - ".csv".length());
            String key = "raw/" + table + "/" + batch.getFileName() + ".csv";
            String eTag = s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/csv"), file)
                    .eTag();
            uploads.add(new Upload(key, eTag.replace("\"", ""), file));
            progress.accept("  uploaded " + file + " -> s3://" + bucket + "/" + key);
        }
        return uploads;
    }
}
