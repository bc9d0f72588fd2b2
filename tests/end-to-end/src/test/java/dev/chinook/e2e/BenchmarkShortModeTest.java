package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.cli.benchmark.BenchmarkReport;
import dev.chinook.cli.benchmark.ScaleBenchmark;
import dev.chinook.cli.benchmark.Stage;
import dev.chinook.cli.pipeline.Artifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's short mode, as CI runs it: scale 2 through the pipeline and both baselines on
 * one server. Every stage is measured, every total checked against the files (a difference or a
 * rejected row fails the run before a report exists), and the report states each target.
 */
class BenchmarkShortModeTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));

    @TempDir
    Path work;

    @Test
    void aShortRunMeasuresThePipelineAndBothBaselinesAndChecksWhatArrived() throws Exception {
        BenchmarkReport report = new BenchmarkReport("test machine");
        new ScaleBenchmark(2, work, Artifacts.underProject(ROOT), 2, Duration.ofMinutes(5), System.out::println)
                .run(report);
        report.write(work);

        assertThat(report.stage(2, Stage.Kind.PIPELINE_FULL).orElseThrow().cpu().bound())
                .contains("% busy");
        for (Stage.Kind kind : Stage.Kind.values()) {
            Stage stage = report.stage(2, kind).orElseThrow(() -> new AssertionError("no stage " + kind));
            assertThat(stage.seconds()).as(kind.label).isPositive();
            assertThat(stage.rows()).as(kind.label).isPositive();
            // CPU is sampled four times a second in ticks of 10 ms: a stage of a few
            // milliseconds (baseline B at scale 2) may show none.
            if (stage.seconds() >= 1) {
                assertThat(stage.cpu().bound()).as(kind.label).doesNotContain("not measured");
            }
        }
        // Rows counted are rows that arrived: OLTP holds the initial files' 13,732 rows at scale 2.
        assertThat(report.stage(2, Stage.Kind.PIPELINE_INGEST).orElseThrow().rows())
                .isEqualTo(report.stage(2, Stage.Kind.BASELINE_A).orElseThrow().rows());
        assertThat(report.targets())
                .extracting(BenchmarkReport.Target::name)
                .anyMatch(name -> name.contains("CSV to OLTP / baseline A"))
                .anyMatch(name -> name.contains("full load caught up / (A + B)"))
                .anyMatch(name -> name.contains("change set caught up"));

        String markdown = Files.readString(work.resolve("benchmark.md"));
        assertThat(markdown)
                .contains("## Scale 2")
                .contains("match the files after each day; no file or row rejected")
                .contains("Baselines: the fastest of 2 runs of each stage")
                .containsPattern("Peak resident memory: ingest function \\d{2,} MiB, warehouse service \\d{2,} MiB");
        List<String> csv = Files.readAllLines(work.resolve("benchmark.csv"));
        assertThat(csv).hasSize(1 + Stage.Kind.values().length);
        assertThat(Arrays.asList(csv.get(0).split(",")))
                .contains("seconds", "rows", "rows_per_second", "cpu_seconds_postgres");
    }
}
