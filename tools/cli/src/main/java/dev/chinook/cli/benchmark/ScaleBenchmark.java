package dev.chinook.cli.benchmark;

import dev.chinook.cli.benchmark.Stage.Kind;
import dev.chinook.cli.generate.ChinookGenerator;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One scale of the benchmark on one fresh local pipeline: the baselines on its PostgreSQL server
 * first, then the pipeline, each checked against the files before its time counts.
 */
public final class ScaleBenchmark {

    /** A run whose rows did not all arrive, or that timed out: the benchmark fails with this. */
    public static final class BenchmarkFailure extends RuntimeException {
        BenchmarkFailure(String message) {
            super(message);
        }
    }

    private final int scale;
    private final Path dir;
    private final Artifacts artifacts;
    private final int baselineRuns;
    private final Duration timeout;
    private final Consumer<String> progress;

    /** {@code baselineRuns}: how many times the baselines run (the fastest of each stage counts); 0 skips them. */
    public ScaleBenchmark(
            int scale, Path dir, Artifacts artifacts, int baselineRuns, Duration timeout, Consumer<String> progress) {
        this.scale = scale;
        this.dir = dir;
        this.artifacts = artifacts;
        this.baselineRuns = baselineRuns;
        this.timeout = timeout;
        this.progress = progress;
    }

    public void run(BenchmarkReport report) throws Exception {
        Path data = dir.resolve("data");
        say("generating data");
        ChinookGenerator.writeDataFolder(data, 20091, scale, m -> {});
        Path initial = data.resolve("01-initial");
        Path changes = data.resolve("02-changes");
        ExpectedTotals afterInitial = new ExpectedTotals();
        afterInitial.addDay(initial);
        ExpectedTotals afterChanges = new ExpectedTotals();
        afterChanges.addDay(initial);
        afterChanges.addDay(changes);
        long changeRows = afterChanges.rowsRead() - afterInitial.rowsRead();

        say("starting a fresh local-cloud");
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(dir.resolve("state")));
        LocalPipeline pipeline = null;
        boolean succeeded = false;
        try {
            if (baselineRuns > 0) {
                runBaselines(cloud, initial, changes, afterInitial, afterChanges, report);
            }
            say("starting the ingest function and the warehouse service");
            pipeline = LocalPipeline.start(cloud, artifacts, dir.resolve("services"), 0);
            LocalPipeline running = pipeline;
            try (ProcessSampler sampler = new ProcessSampler(
                    () -> running.ingestFunction().environmentPids(),
                    () -> running.warehouseProcess().pid())) {
                PipelineProbe probe = PipelineProbe.of(pipeline);
                runPipeline(cloud, probe, sampler, initial, afterInitial, 0, Kind.PIPELINE_FULL, report);
                runPipeline(cloud, probe, sampler, changes, afterChanges, changeRows, Kind.PIPELINE_CHANGES, report);
                report.add(new BenchmarkReport.ScaleRun(
                        scale,
                        afterInitial.rowsRead(),
                        changeRows,
                        sampler.peakRssMb(ProcessSampler.Component.FUNCTION),
                        sampler.peakRssMb(ProcessSampler.Component.WAREHOUSE),
                        String.format(
                                "every table's rows in OLTP%s, the facts, the revenue (%s) and the versions of the "
                                        + "type 2 dimensions in the warehouse match the files after each day; no file "
                                        + "or row rejected.%s",
                                baselineRuns > 0 ? " (pipeline and baseline A)" : "",
                                afterChanges.revenue(),
                                baselineRuns > 1
                                        ? " Baselines: the fastest of " + baselineRuns + " runs of each stage, each "
                                                + "run into a fresh database."
                                        : "")));
            }
            succeeded = true;
        } finally {
            if (pipeline != null) {
                pipeline.close();
            } else {
                cloud.close();
            }
        }
        if (succeeded) {
            // The databases and buckets of a scale-1000 run take about 5 GB; a failed run keeps them
            // beside its services' logs, to be looked into.
            say("removing its local-cloud state");
            LocalCloud.deleteRecursively(dir.resolve("state"));
        }
    }

    /**
     * Runs the baselines {@code baselineRuns} times, each into a fresh database, and reports the
     * fastest run of each stage: a baseline slowed by the machine for a moment would flatter the
     * pipeline's ratios, a fast one never does.
     */
    private void runBaselines(
            LocalCloud cloud,
            Path initial,
            Path changes,
            ExpectedTotals afterInitial,
            ExpectedTotals afterChanges,
            BenchmarkReport report)
            throws Exception {
        Map<Kind, Stage> fastest = new EnumMap<>(Kind.class);
        for (int run = 1; run <= baselineRuns; run++) {
            say(String.format(
                    "baselines A (psql \\copy) and B (set-based SQL) in database %s, run %d of %d",
                    Baselines.DATABASE, run, baselineRuns));
            for (Stage stage : baselineRun(cloud, initial, changes, afterInitial, afterChanges)) {
                fastest.merge(stage.kind(), stage, (a, b) -> b.seconds() < a.seconds() ? b : a);
            }
        }
        fastest.values().forEach(report::add);
    }

    private List<Stage> baselineRun(
            LocalCloud cloud, Path initial, Path changes, ExpectedTotals afterInitial, ExpectedTotals afterChanges)
            throws Exception {
        List<Stage> stages = new ArrayList<>();
        try (ProcessSampler sampler = new ProcessSampler(List::of, () -> null);
                Baselines sql = Baselines.create(
                        "127.0.0.1",
                        cloud.postgresPort(),
                        EmbeddedDatabases.USER,
                        EmbeddedDatabases.PASSWORD,
                        dir.resolve("baseline-scripts"))) {
            stages.add(timed(cloud, sampler, Kind.BASELINE_A, afterInitial.rowsRead(), () -> sql.copyInitial(initial)));
            long facts = afterInitial.rows("invoice_line");
            stages.add(timed(cloud, sampler, Kind.BASELINE_B, facts, () -> sql.buildStar(true)));
            check("baseline, initial files", baselineTotals(sql), afterInitial);
            long changeRows = afterChanges.rowsRead() - afterInitial.rowsRead();
            stages.add(timed(cloud, sampler, Kind.BASELINE_A_CHANGES, changeRows, () -> sql.copyChanges(changes)));
            long newFacts = afterChanges.rows("invoice_line") - facts;
            stages.add(timed(cloud, sampler, Kind.BASELINE_B_CHANGES, newFacts, () -> sql.buildStar(false)));
            check("baseline, change set", baselineTotals(sql), afterChanges);
        }
        return stages;
    }

    private static LoadedTotals baselineTotals(Baselines sql) throws SQLException {
        try (Connection c = sql.connect()) {
            return new LoadedTotals(LoadedTotals.oltpRows(c, "oltp"), LoadedTotals.star(c, "star"));
        }
    }

    private Stage timed(LocalCloud cloud, ProcessSampler sampler, Kind kind, long rows, Callable<Duration> step)
            throws Exception {
        try (Connection server = cloud.connect(EmbeddedDatabases.OLTP)) {
            ServerWrites start = ServerWrites.settle(server);
            sampler.startStage();
            Duration took = step.call();
            ProcessSampler.CpuUse cpu = sampler.endStage();
            say(String.format(
                    "%s: %.1f s (%s)",
                    kind.label,
                    took.toMillis() / 1000.0,
                    ServerWrites.now(server).since(start)));
            return new Stage(scale, kind, took.toMillis() / 1000.0, rows, cpu);
        }
    }

    /**
     * Uploads a day's files and waits for OLTP (the ingest stage, first day only) and the
     * warehouse. {@code rowsInDay} counts the change set's rows; the full load counts facts.
     */
    private void runPipeline(
            LocalCloud cloud,
            PipelineProbe probe,
            ProcessSampler sampler,
            Path day,
            ExpectedTotals expected,
            long rowsInDay,
            Kind kind,
            BenchmarkReport report)
            throws Exception {
        try (Connection server = cloud.connect(EmbeddedDatabases.OLTP)) {
            ServerWrites writes = ServerWrites.settle(server);
            say("uploading " + day.getFileName() + " through the S3 API");
            sampler.startStage();
            long start = System.nanoTime();
            List<DataLoader.Upload> uploads;
            try (S3Client s3 = cloud.s3Client()) {
                uploads = DataLoader.upload(s3, cloud.definition().bucket(), day, m -> {});
            }
            awaitOrFail(() -> probe.awaitIngested(uploads, timeout, this::say), "the ingest of " + day.getFileName());
            double ingested = (System.nanoTime() - start) / 1e9;
            refuseRejections(probe);
            if (kind == Kind.PIPELINE_FULL) {
                ProcessSampler.CpuUse cpu = sampler.endStage();
                report.add(new Stage(scale, Kind.PIPELINE_INGEST, ingested, oltpRowsArrived(cloud), cpu));
                say(String.format("%s: %.1f s", Kind.PIPELINE_INGEST.label, ingested));
                sampler.startStage();
            }
            awaitOrFail(() -> probe.awaitWarehouseCaughtUp(timeout, this::say), "the warehouse to catch up");
            double caughtUp = (System.nanoTime() - start) / 1e9;
            ProcessSampler.CpuUse cpu = sampler.endStage();
            LoadedTotals loaded = pipelineTotals(cloud);
            check("pipeline, " + day.getFileName(), loaded, expected);
            long rows = kind == Kind.PIPELINE_FULL ? loaded.star().facts() : rowsInDay;
            report.add(new Stage(scale, kind, caughtUp, rows, cpu));
            say(String.format(
                    "%s: %.1f s (%s)",
                    kind.label, caughtUp, ServerWrites.now(server).since(writes)));
        }
    }

    private static long oltpRowsArrived(LocalCloud cloud) throws SQLException {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP)) {
            return LoadedTotals.oltpRows(c, "public").values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static LoadedTotals pipelineTotals(LocalCloud cloud) throws SQLException {
        try (Connection oltp = cloud.connect(EmbeddedDatabases.OLTP);
                Connection olap = cloud.connect(EmbeddedDatabases.OLAP)) {
            return new LoadedTotals(LoadedTotals.oltpRows(oltp, "public"), LoadedTotals.star(olap, "public"));
        }
    }

    private static void refuseRejections(PipelineProbe probe) throws SQLException {
        Map<String, String> rejectedFiles = probe.rejectedFiles();
        if (!rejectedFiles.isEmpty()) {
            throw new BenchmarkFailure("files were REJECTED, so their rows cannot count: " + rejectedFiles);
        }
        long rejectedRows = probe.rejectedRows();
        if (rejectedRows > 0) {
            throw new BenchmarkFailure(
                    rejectedRows + " rows were rejected (see chinook files), so the run cannot count");
        }
    }

    private void check(String what, LoadedTotals loaded, ExpectedTotals expected) {
        List<String> differences = loaded.differencesFrom(expected);
        if (!differences.isEmpty()) {
            throw new BenchmarkFailure(
                    "scale " + scale + ", " + what + ": what arrived differs from the files: " + differences);
        }
    }

    private interface Wait {
        void run() throws Exception;
    }

    private void awaitOrFail(Wait wait, String what) throws Exception {
        try {
            wait.run();
        } catch (IllegalStateException e) {
            throw new BenchmarkFailure("scale " + scale + ": " + what + " did not finish: " + e.getMessage());
        }
    }

    private void say(String line) {
        progress.accept("scale " + scale + ": " + line);
    }
}
