package dev.chinook.cli.benchmark;

import dev.chinook.cli.benchmark.Stage.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The side-by-side result of one benchmark run: every stage per scale, the ratios of the pipeline
 * to its baselines and whether each target of docs/performance.md holds, as Markdown and CSV.
 */
public final class BenchmarkReport {

    /** What one scale's run measured besides its stages. */
    public record ScaleRun(
            int scale,
            long initialRows,
            long changeRows,
            long functionPeakRssMb,
            long warehousePeakRssMb,
            String checks) {}

    /** A target: the measured ratio, its limit, and whether it holds. */
    public record Target(String name, String measured, String limit, boolean holds) {}

    private final String machine;
    private final List<Stage> stages = new ArrayList<>();
    private final Map<Integer, ScaleRun> runs = new TreeMap<>();
    private LargeFileBenchmark.Result largeFile;

    public BenchmarkReport(String machine) {
        this.machine = machine;
    }

    public void add(Stage stage) {
        stages.add(stage);
    }

    public void add(ScaleRun run) {
        runs.put(run.scale(), run);
    }

    public void add(LargeFileBenchmark.Result result) {
        largeFile = result;
    }

    public Optional<Stage> stage(int scale, Kind kind) {
        return stages.stream()
                .filter(s -> s.scale() == scale && s.kind() == kind)
                .findFirst();
    }

    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (int scale : runs.keySet()) {
            ratio(scale, Kind.PIPELINE_INGEST, List.of(Kind.BASELINE_A), 0, 1.0)
                    .ifPresent(r -> targets.add(
                            target("scale " + scale + ": CSV to OLTP / baseline A (aim 0.67)", r, 1.0, "x")));
            ratio(scale, Kind.PIPELINE_FULL, List.of(Kind.BASELINE_A, Kind.BASELINE_B), 0, 1.0)
                    .ifPresent(r -> targets.add(
                            target("scale " + scale + ": full load caught up / (A + B) (aim 1.2)", r, 2.0, "x")));
            ratio(scale, Kind.PIPELINE_CHANGES, List.of(Kind.BASELINE_B_CHANGES), 5, 3.0)
                    .ifPresent(r -> targets.add(target(
                            "scale " + scale + ": change set caught up / (3 x incremental B + 5 s)", r, 1.0, "x")));
        }
        if (runs.size() >= 2) {
            int small = runs.keySet().stream().min(Integer::compare).orElseThrow();
            int large = runs.keySet().stream().max(Integer::compare).orElseThrow();
            Optional<Stage> a = stage(small, Kind.PIPELINE_FULL);
            Optional<Stage> b = stage(large, Kind.PIPELINE_FULL);
            if (a.isPresent() && b.isPresent()) {
                double allowed = 1.1 * large / small;
                targets.add(target(
                        "scale " + small + " to " + large + ": time of the full load grows by (at most " + fmt(allowed)
                                + "x)",
                        b.get().seconds() / a.get().seconds(),
                        allowed,
                        "x"));
            }
        }
        return targets;
    }

    /** pipeline / (factor x sum of baselines + plus seconds). */
    private Optional<Double> ratio(int scale, Kind pipeline, List<Kind> baselines, double plus, double factor) {
        Optional<Stage> p = stage(scale, pipeline);
        double sum = 0;
        for (Kind kind : baselines) {
            Optional<Stage> b = stage(scale, kind);
            if (b.isEmpty()) {
                return Optional.empty();
            }
            sum += b.get().seconds();
        }
        double denominator = factor * sum + plus;
        return p.map(stage -> stage.seconds() / denominator);
    }

    private static Target target(String name, double measured, double limit, String unit) {
        return new Target(name, fmt(measured) + unit, "<= " + fmt(limit) + unit, measured <= limit);
    }

    public String markdown() {
        StringBuilder md =
                new StringBuilder("# chinook benchmark\n\n").append(machine).append("\n");
        for (ScaleRun run : runs.values()) {
            md.append(String.format(
                    Locale.ROOT,
                    "%n## Scale %d: %,d rows in the initial files, %,d in the change set%n%n",
                    run.scale(),
                    run.initialRows(),
                    run.changeRows()));
            md.append("| stage | seconds | rows arrived | rows/s | bound by |\n| --- | ---: | ---: | ---: | --- |\n");
            for (Kind kind : Kind.values()) {
                stage(run.scale(), kind)
                        .ifPresent(s -> md.append(String.format(
                                Locale.ROOT,
                                "| %s | %.1f | %,d | %,.0f | %s |%n",
                                kind.label,
                                s.seconds(),
                                s.rows(),
                                s.rowsPerSecond(),
                                s.cpu().bound())));
            }
            md.append(String.format(
                    Locale.ROOT,
                    "%nPeak resident memory: ingest function %d MiB, warehouse service %d MiB.%n%nChecks: %s%n",
                    run.functionPeakRssMb(),
                    run.warehousePeakRssMb(),
                    run.checks()));
        }
        if (largeFile != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "%n## One large file%n%n%,d bytes, %,d customers, function with -Xmx%dm: loaded in %d parts "
                            + "after %.1f s (%,.0f rows/s), warehouse caught up after %.1f s. Peak resident memory: "
                            + "ingest function %d MiB, warehouse service %d MiB. OLTP holds every row.%n",
                    largeFile.fileBytes(),
                    largeFile.rows(),
                    largeFile.functionMemoryMb(),
                    largeFile.parts(),
                    largeFile.ingestSeconds(),
                    largeFile.rows() / largeFile.ingestSeconds(),
                    largeFile.caughtUpSeconds(),
                    largeFile.functionPeakRssMb(),
                    largeFile.warehousePeakRssMb()));
        }
        List<Target> targets = targets();
        if (!targets.isEmpty()) {
            md.append(
                    "\n## Targets (ratios of this run)\n\n| target | measured | limit | holds |\n| --- | ---: | ---: | --- |\n");
            for (Target t : targets) {
                md.append("| ")
                        .append(t.name())
                        .append(" | ")
                        .append(t.measured())
                        .append(" | ")
                        .append(t.limit())
                        .append(" | ")
                        .append(t.holds() ? "yes" : "**no**")
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    public String csv() {
        StringBuilder csv = new StringBuilder("scale,stage,seconds,rows,rows_per_second,bound_by");
        for (ProcessSampler.Component c : ProcessSampler.Component.values()) {
            csv.append(",cpu_seconds_").append(c.name().toLowerCase(Locale.ROOT));
        }
        csv.append('\n');
        for (Stage s : stages) {
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%.3f,%d,%.0f,\"%s\"",
                    s.scale(),
                    s.kind().name().toLowerCase(Locale.ROOT),
                    s.seconds(),
                    s.rows(),
                    s.rowsPerSecond(),
                    s.cpu().bound().replace("\"", "\"\"")));
            for (ProcessSampler.Component c : ProcessSampler.Component.values()) {
                csv.append(String.format(Locale.ROOT, ",%.2f", s.cpu().seconds().getOrDefault(c, 0.0)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("benchmark.md"), markdown());
        Files.writeString(dir.resolve("benchmark.csv"), csv());
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
