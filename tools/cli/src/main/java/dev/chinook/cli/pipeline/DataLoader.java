package dev.chinook.cli.pipeline;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.localcloud.aws.PipelineDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a data folder through the S3 API the way a user would: every {@code <table>.csv} of a
 * batch folder becomes {@code raw/<table>/<batch>.csv}, and every gzip-compressed
 * {@code <table>.csv.gz} {@code raw/<table>/<batch>.csv.gz} (the bucket's prefix and the suffixes it
 * notifies). A folder named after a table holds that table's files of the batch, as Spark,
 * Snowflake and Hive export a table in parts ({@code invoice_line/part-00000-<uuid>-c000.csv}
 * becomes {@code raw/invoice_line/<batch>/part-00000-<uuid>-c000.csv}). Batch folders
 * ({@code 01-initial}, {@code 02-changes}, ...) are separate days and go in name order, each after
 * the previous one has been loaded, because files of one day overwrite rows of the day before.
 */
public final class DataLoader {

    /** One uploaded object and the eTag S3 gave it, which the ingest manifest records. */
    public record Upload(String key, String eTag, Path file) {}

    /** A file of a batch folder and the object key it is uploaded to; none when it is not a CSV file or is a folder. */
    public record DataFile(Path file, Optional<String> key) {}

    private DataLoader() {}

    /**
     * Files beside the batch folders of a data directory: not in any day, so not loaded. Empty
     * when the directory has no batch folders (its files are then the one batch).
     */
    public static List<Path> besideBatches(Path dataDir) {
        List<Path> children = visibleChildren(dataDir);
        return children.stream().noneMatch(DataLoader::isDayFolder)
                ? List.of()
                : children.stream().filter(p -> !isDayFolder(p)).toList();
    }

    /** The batch folders of a data directory in load order, or the directory itself if it has none. */
    public static List<Path> batches(Path dataDir) {
        List<Path> dirs = visibleChildren(dataDir).stream()
                .filter(DataLoader::isDayFolder)
                .toList();
        return dirs.isEmpty() ? List.of(dataDir) : dirs;
    }

    /** A folder not named after a table: one day's files. */
    private static boolean isDayFolder(Path path) {
        return Files.isDirectory(path) && tableOfFolder(path).isEmpty();
    }

    /** The table a folder holds the files of, when it is named after one ({@code invoice_line/}, {@code public.Track/}). */
    private static Optional<TableSpec> tableOfFolder(Path path) {
        return Files.isDirectory(path) ? ChinookTables.byName(path.getFileName().toString()) : Optional.empty();
    }

    /**
     * The files of a batch folder in name order: those named with a suffix the bucket notifies (in
     * any case) with their keys, and any other file or folder without one, so that {@link #upload}
     * says what it leaves out instead of passing over it in silence.
     */
    public static List<DataFile> files(Path batch, PipelineDefinition.Bucket bucket) {
        List<DataFile> files = new ArrayList<>();
        Map<Path, TableSpec> tableFolders = new LinkedHashMap<>();
        for (Path child : visibleChildren(batch)) {
            tableOfFolder(child)
                    .ifPresentOrElse(
                            table -> tableFolders.put(child, table), () -> files.add(dataFile(batch, child, bucket)));
        }
        // Parts of a table have no names to pair a parent's file by (the ingest loads the parent
        // file of the same name first), so the tables go parents first: fewer rows wait for theirs.
        tableFolders.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.comparingInt(ChinookTables.ALL::indexOf)))
                .map(Map.Entry::getKey)
                .forEach(folder -> visibleChildren(folder).stream()
                        .filter(file -> !isCommitMarker(file, bucket))
                        .forEach(file -> files.add(partOfTable(batch, folder, file, bucket))));
        return files;
    }

    /**
     * {@code _SUCCESS}, {@code _committed_<id>}: what Spark and Hadoop write beside a table's parts
     * to mark the write done, hidden by their convention as names starting with a dot are; no rows.
     */
    private static boolean isCommitMarker(Path file, PipelineDefinition.Bucket bucket) {
        return file.getFileName().toString().startsWith("_")
                && stem(file, bucket).isEmpty();
    }

    /**
     * Refuses a data folder with nothing to upload before anything starts: a folder of exports one
     * level too deep, or of files with other suffixes, would otherwise load nothing and report
     * empty tables as if that were the data.
     */
    public static void requireUploads(Path dataDir, PipelineDefinition.Bucket bucket) {
        boolean any = batches(dataDir).stream()
                .flatMap(batch -> files(batch, bucket).stream())
                .anyMatch(file -> file.key().isPresent());
        if (!any) {
            throw new IllegalArgumentException("nothing to load in " + dataDir + ": put <table>"
                    + String.join(" or <table>", suffixesInAnyCase(bucket)) + " files in it, or in one folder per "
                    + "day inside it (" + dataDir.resolve("01-initial").resolve("<table>.csv") + ")");
        }
    }

    /** The notified suffixes as a user may write them: case does not matter to the upload. */
    private static List<String> suffixesInAnyCase(PipelineDefinition.Bucket bucket) {
        return bucket.notifiedSuffixes().stream()
                .map(suffix -> suffix.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
    }

    public static List<Upload> upload(
            S3Client s3, PipelineDefinition.Bucket bucket, Path batch, Consumer<String> progress) {
        List<Upload> uploads = new ArrayList<>();
        for (DataFile dataFile : files(batch, bucket)) {
            Path file = dataFile.file();
            if (dataFile.key().isEmpty()) {
                progress.accept(
                        Files.isDirectory(file)
                                ? "  skipped folder " + file + ": a day's files go directly in its folder, "
                                        + "or in a folder named after their table"
                                : "  skipped " + file + ": its name does not end "
                                        + String.join(" or ", suffixesInAnyCase(bucket)));
                continue;
            }
            String key = dataFile.key().get();
            String contentType = key.endsWith(".gz") ? "application/gzip" : "text/csv";
            String eTag = s3.putObject(b -> b.bucket(bucket.name()).key(key).contentType(contentType), file)
                    .eTag();
            uploads.add(new Upload(key, eTag.replace("\"", ""), file));
            progress.accept("  uploaded " + file + " -> s3://" + bucket.name() + "/" + key);
        }
        return uploads;
    }

    /** Files and folders in name order, without hidden ones (.DS_Store, .ipynb_checkpoints). */
    private static List<Path> visibleChildren(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static DataFile dataFile(Path batch, Path file, PipelineDefinition.Bucket bucket) {
        return new DataFile(
                file,
                stem(file, bucket)
                        .map(stem -> bucket.rawPrefix() + stem.name() + "/" + batch.getFileName() + stem.suffix()));
    }

    /** A file in a table's folder: {@code raw/<folder>/<batch>/<file>}, the folder naming the table. */
    private static DataFile partOfTable(Path batch, Path folder, Path file, PipelineDefinition.Bucket bucket) {
        return new DataFile(
                file,
                stem(file, bucket)
                        .map(stem -> bucket.rawPrefix() + folder.getFileName() + "/" + batch.getFileName() + "/"
                                + stem.name() + stem.suffix()));
    }

    /** A file's name without the notified suffix it ends with (in any case), and that suffix as notified. */
    private record Stem(String name, String suffix) {}

    private static Optional<Stem> stem(Path file, PipelineDefinition.Bucket bucket) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (String suffix : bucket.notifiedSuffixes()) {
            if (lower.endsWith(suffix.toLowerCase(Locale.ROOT)) && name.length() > suffix.length()) {
                return Optional.of(new Stem(name.substring(0, name.length() - suffix.length()), suffix));
            }
        }
        return Optional.empty();
    }
}
