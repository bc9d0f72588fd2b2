package dev.chinook.cli.command;

import dev.chinook.cli.benchmark.BenchmarkReport;
import dev.chinook.cli.benchmark.LargeFileBenchmark;
import dev.chinook.cli.benchmark.ScaleBenchmark;
import dev.chinook.cli.pipeline.Artifacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = {
            "Load generated data (initial files, then a change set) through the whole local pipeline and,"
                    + " side by side on the same PostgreSQL server, through two baselines: A (psql \\copy into"
                    + " keyed tables) and B (set-based SQL into the star schema).",
            "Only rows that reached OLTP and the warehouse count: the run fails when any file or row is"
                    + " rejected, a wait times out, or the counts, revenue or dimension versions differ from the"
                    + " files. Writes benchmark.md and benchmark.csv (seconds, rows/s, ratios, peak memory,"
                    + " what bound each stage)."
        })
final class BenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--scales",
            split = ",",
            defaultValue = "100",
            description = "Scale factors to run, each on a fresh pipeline; 100,1000 checks how time grows "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> scales;

    @Option(
            names = "--baselines",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Run baselines A and B too (default: ${DEFAULT-VALUE}); they need psql. --no-baselines skips them.")
    boolean baselines;

    @Option(
            names = "--baseline-runs",
            defaultValue = "2",
            description = "How many times the baselines run, each into a fresh database; the fastest run of each "
                    + "stage counts, so that a moment of a slow machine does not flatter the pipeline "
                    + "(default: ${DEFAULT-VALUE}).")
    int baselineRuns;

    @Option(
            names = "--large-file-mb",
            defaultValue = "0",
            description = "Also load one file of this many MB (2.5 million customers per GB) through a fresh "
                    + "pipeline whose function has --large-file-function-mb of memory; 0 skips it (default).")
    long largeFileMb;

    @Option(
            names = "--large-file-function-mb",
            defaultValue = "256",
            description = "The function's memory (its -Xmx) for the large file (default: ${DEFAULT-VALUE}).")
    int largeFileFunctionMb;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            description =
                    "Longest wait for the ingest or the warehouse, per day and scale (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--work",
            defaultValue = "target/benchmark",
            description = "Working directory for data, state and the report (default: ${DEFAULT-VALUE}).")
    Path work;

    @Override
    public Integer call() throws Exception {
        if (baselines && baselineRuns < 1) {
            throw new IllegalArgumentException(
                    "--baseline-runs must be at least 1 (--no-baselines skips the baselines)");
        }
        Path root = Artifacts.findProjectRoot(Path.of(""));
        Path dir = root.resolve(work);
        BenchmarkReport report = new BenchmarkReport(machine());
        try {
            for (int scale : scales) {
                new ScaleBenchmark(
                                scale,
                                dir.resolve("scale-" + scale),
                                Artifacts.underProject(root),
                                baselines ? baselineRuns : 0,
                                timeout,
                                RunCommand::say)
                        .run(report);
            }
            if (largeFileMb > 0) {
                report.add(new LargeFileBenchmark(
                                dir.resolve("large-file"), Artifacts.underProject(root), timeout, RunCommand::say)
                        .run(largeFileMb, largeFileFunctionMb));
            }
        } catch (ScaleBenchmark.BenchmarkFailure e) {
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            return 2;
        }
        report.write(dir);
        System.out.println();
        System.out.println(report.markdown());
        System.out.println("written to " + dir.resolve("benchmark.md") + " and " + dir.resolve("benchmark.csv"));
        return 0;
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(
                Locale.ROOT,
                "Machine: %d cores, %s %s, Java %s; local pipeline (embedded PostgreSQL, ElasticMQ, S3Proxy).",
                runtime.availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }
}
