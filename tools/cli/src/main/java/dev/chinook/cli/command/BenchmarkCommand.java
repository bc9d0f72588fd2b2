package dev.chinook.cli.command;

import dev.chinook.cli.generate.ChinookGenerator;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Load generated data of several scales through the whole local pipeline and report "
                + "ingest throughput, the ingest function's peak memory and the warehouse's catch-up time.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--scales",
            split = ",",
            defaultValue = "1,10,50",
            description = "Scale factors to run, each on a fresh pipeline (default: ${DEFAULT-VALUE}).")
    List<Integer> scales;

    @Option(
            names = "--work",
            defaultValue = "target/benchmark",
            description = "Working directory for data and state (default: ${DEFAULT-VALUE}).")
    Path work;

    record Result(int scale, long rows, long largestFileBytes, Duration ingest, Duration warehouse, long peakRssMb) {}

    @Override
    public Integer call() throws Exception {
        Path root = Artifacts.findProjectRoot(Path.of(""));
        List<Result> results = new ArrayList<>();
        for (int scale : scales) {
            results.add(run(root, root.resolve(work).resolve("scale-" + scale), scale));
        }
        System.out.println();
        System.out.println(
                "| scale | rows | largest file | ingest | rows/s | function peak RSS | warehouse caught up after |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            System.out.printf(
                    "| %d | %,d | %,d KiB | %.1f s | %,.0f | %d MiB | %.1f s |%n",
                    r.scale(),
                    r.rows(),
                    r.largestFileBytes() / 1024,
                    r.ingest().toMillis() / 1000.0,
                    r.rows() / Math.max(0.001, r.ingest().toMillis() / 1000.0),
                    r.peakRssMb(),
                    r.warehouse().toMillis() / 1000.0);
        }
        return 0;
    }

    private Result run(Path root, Path dir, int scale) throws Exception {
        RunCommand.say("scale " + scale + ": generating data");
        Path data = dir.resolve("data");
        new ChinookGenerator(20091, scale).writeInitial(data, m -> {});
        long rows = 0;
        long largest = 0;
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.toList()) {
                rows += lines(file) - 1;
                largest = Math.max(largest, Files.size(file));
            }
        }
        RunCommand.say("scale " + scale + ": starting a fresh pipeline");
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(dir.resolve("state")));
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(root), dir.resolve("services"), 0)) {
            PipelineProbe probe = new PipelineProbe(() -> connect(cloud), pipeline.warehouseUrl());
            long start = System.nanoTime();
            try (S3Client s3 = cloud.s3Client()) {
                List<DataLoader.Upload> uploads =
                        DataLoader.upload(s3, cloud.definition().bucket().name(), data, m -> {});
                probe.awaitIngested(uploads, Duration.ofMinutes(30), RunCommand::say);
            }
            Duration ingest = Duration.ofNanos(System.nanoTime() - start);
            long rss = pipeline.ingestFunction().environmentPids().stream()
                    .mapToLong(BenchmarkCommand::peakRssMb)
                    .max()
                    .orElse(-1);
            probe.awaitWarehouseCaughtUp(Duration.ofMinutes(30), RunCommand::say);
            Duration warehouse = Duration.ofNanos(System.nanoTime() - start);
            return new Result(scale, rows, largest, ingest, warehouse, rss);
        }
    }

    /** VmHWM: the most resident memory the process ever had. */
    private static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static Connection connect(LocalCloud cloud) {
        try {
            return cloud.connect(EmbeddedDatabases.OLTP);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
