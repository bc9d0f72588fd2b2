package dev.chinook.cli.benchmark;

import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One file of a given size through a fresh pipeline whose function has a small heap: it must load
 * whole (in parts, across invocations when needed) with the function's memory flat. Customers are
 * the widest rows of the contract (about 430 bytes), so 1 GB is 2.5 million rows.
 */
public final class LargeFileBenchmark {

    /** What the run measured. */
    public record Result(
            long fileBytes,
            long rows,
            double ingestSeconds,
            double caughtUpSeconds,
            int parts,
            long functionPeakRssMb,
            long warehousePeakRssMb,
            int functionMemoryMb) {}

    private final Path dir;
    private final Artifacts artifacts;
    private final Duration timeout;
    private final Consumer<String> progress;

    public LargeFileBenchmark(Path dir, Artifacts artifacts, Duration timeout, Consumer<String> progress) {
        this.dir = dir;
        this.artifacts = artifacts;
        this.timeout = timeout;
        this.progress = progress;
    }

    public Result run(long megabytes, int functionMemoryMb) throws Exception {
        Path day = dir.resolve("data/01-large");
        Files.createDirectories(day);
        Path file = day.resolve("customer.csv");
        long rows = writeCustomers(file, megabytes * 1024 * 1024);
        long bytes = Files.size(file);
        progress.accept(
                String.format("large file: %,d bytes, %,d rows; function with -Xmx%dm", bytes, rows, functionMemoryMb));
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(dir.resolve("state")));
        Result result;
        try (LocalPipeline pipeline =
                        LocalPipeline.start(cloud, artifacts, dir.resolve("services"), 0, functionMemoryMb);
                ProcessSampler sampler = new ProcessSampler(
                        () -> pipeline.ingestFunction().environmentPids(),
                        () -> pipeline.warehouseProcess().pid())) {
            PipelineProbe probe = PipelineProbe.of(pipeline);
            long start = System.nanoTime();
            List<DataLoader.Upload> uploads;
            try (S3Client s3 = cloud.s3Client()) {
                uploads = DataLoader.upload(s3, cloud.definition().bucket(), day, m -> {});
            }
            try {
                probe.awaitIngested(uploads, timeout, progress);
                double ingested = (System.nanoTime() - start) / 1e9;
                Manifest manifest = manifest(cloud);
                if (!"LOADED".equals(manifest.status()) || manifest.rowsLoaded() != rows) {
                    throw new ScaleBenchmark.BenchmarkFailure("the large file ended " + manifest.status() + " with "
                            + manifest.rowsLoaded() + " of " + rows + " rows loaded: " + manifest.message());
                }
                long inOltp;
                try (Connection c = connect(cloud)) {
                    inOltp = LoadedTotals.oltpRows(c, "public").get("customer");
                }
                if (inOltp != rows) {
                    throw new ScaleBenchmark.BenchmarkFailure(
                            "the large file's " + rows + " customers are " + inOltp + " rows in OLTP");
                }
                probe.awaitWarehouseCaughtUp(timeout, progress);
                double caughtUp = (System.nanoTime() - start) / 1e9;
                result = new Result(
                        bytes,
                        rows,
                        ingested,
                        caughtUp,
                        manifest.parts(),
                        sampler.peakRssMb(ProcessSampler.Component.FUNCTION),
                        sampler.peakRssMb(ProcessSampler.Component.WAREHOUSE),
                        functionMemoryMb);
            } catch (IllegalStateException e) {
                throw new ScaleBenchmark.BenchmarkFailure("large file: " + e.getMessage());
            }
        }
        // Kept only by a failed run, beside the services' logs: the file loaded twice over (S3 and OLTP).
        LocalCloud.deleteRecursively(dir.resolve("state"));
        return result;
    }

    private record Manifest(String status, long rowsLoaded, int parts, String message) {}

    private static Manifest manifest(LocalCloud cloud) throws SQLException {
        try (Connection c = connect(cloud);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT status, rows_loaded, parts_done, message FROM ingest_file WHERE status <> 'LOADING' "
                                + "ORDER BY file_id DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new ScaleBenchmark.BenchmarkFailure("the large file has no finished manifest row");
            }
            return new Manifest(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4));
        }
    }

    /** Customers with every field at its widest, until the file has {@code bytes}. */
    static long writeCustomers(Path file, long bytes) throws IOException {
        long rows = 0;
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header =
                    "customer_id,first_name,last_name,company,address,city,state,country,postal_code,phone,email\n";
            out.write(header);
            written += header.length();
            while (written < bytes) {
                rows++;
                String line = rows + "," + pad("First" + rows, 40) + "," + pad("Last" + rows, 20) + ","
                        + pad("Company " + rows, 80) + "," + pad(rows + " Long Street", 70) + "," + pad("City", 40)
                        + "," + pad("State", 40) + "," + pad("Country", 40) + "," + pad("P" + (rows % 100_000), 10)
                        + "," + pad("+1 555 " + rows, 24) + "," + pad("c" + rows + "@example.com", 60) + "\n";
                out.write(line);
                written += line.length();
            }
        }
        return rows;
    }

    private static String pad(String value, int width) {
        StringBuilder padded = new StringBuilder(value);
        while (padded.length() < width) {
            padded.append('x');
        }
        return padded.substring(0, width);
    }

    private static Connection connect(LocalCloud cloud) {
        try {
            return cloud.connect(EmbeddedDatabases.OLTP);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
