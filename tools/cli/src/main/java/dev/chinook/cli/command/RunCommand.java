package dev.chinook.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.cli.generate.ChinookGenerator;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.OperatorToken;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import dev.chinook.localcloud.aws.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Start local-cloud (PostgreSQL, S3, SQS, Lambda), the ingest function and the warehouse "
                + "service; upload the data folder through the S3 API; wait until the warehouse has it; "
                + "print a summary and keep running until Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    private static final String DEFAULT_DATA = "data";

    /** Files with findings the summary names; the rest are a `chinook files` away. */
    private static final int FINDINGS_SHOWN = 20;

    @Option(
            names = "--data",
            defaultValue = DEFAULT_DATA,
            description = "Folder to upload; its sub-folders are loaded one after the other (default: "
                    + "${DEFAULT-VALUE}, generated at scale 1 when missing).")
    Path data;

    @Option(
            names = "--state",
            defaultValue = ".local-cloud",
            description = "Where local-cloud keeps databases, objects and logs (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--fresh", description = "Start from empty databases and an empty bucket.")
    boolean fresh;

    @Option(names = "--s3-port", defaultValue = "4566", description = "S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--sqs-port", defaultValue = "9324", description = "SQS port (default: ${DEFAULT-VALUE}).")
    int sqsPort;

    @Option(
            names = "--postgres-port",
            defaultValue = "15432",
            description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(
            names = "--warehouse-port",
            defaultValue = "8080",
            description = "Warehouse service HTTP port (default: ${DEFAULT-VALUE}).")
    int warehousePort;

    @Option(names = "--exit", description = "Stop everything after the summary instead of running on.")
    boolean exitAfterLoad;

    @Option(
            names = "--timeout",
            defaultValue = "PT15M",
            description = "Longest wait for one data folder to load, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Path root = Artifacts.findProjectRoot(Path.of(""));
        Path dataDir = dataFolder(root, data);
        PipelineDefinition.Bucket bucket = PipelineDefinition.load().bucket();
        DataLoader.requireUploads(dataDir, bucket);
        Path stateDir = root.resolve(state);
        say("starting local-cloud, the ingest function and the warehouse service (state in " + stateDir + ")...");
        LocalCloudOptions options =
                new LocalCloudOptions(stateDir.resolve("aws"), postgresPort, s3Port, sqsPort, fresh);
        LocalCloud cloud = LocalCloud.start(options);
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(root), stateDir.resolve("services"), warehousePort)) {
            // Ctrl-C ends the JVM without waiting for this thread: the hook stops the services itself.
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close, "chinook-shutdown"));
            say("  S3          " + cloud.s3Endpoint() + "  (bucket " + bucket.name() + ", path-style)");
            say("  SQS         " + cloud.sqsEndpoint());
            say("  PostgreSQL  127.0.0.1:" + cloud.postgresPort() + "  (databases oltp, olap; user postgres)");
            say("  credentials " + LocalCloudOptions.ACCESS_KEY + " / " + LocalCloudOptions.SECRET_KEY + ", region "
                    + LocalCloudOptions.REGION);
            say("  ingest function running; warehouse-service at " + pipeline.warehouseUrl());
            PipelineProbe probe = PipelineProbe.of(pipeline);
            try (S3Client s3 = cloud.s3Client()) {
                for (Path file : DataLoader.besideBatches(dataDir)) {
                    say("skipped " + file + ": it is beside the day folders, not in one of them");
                }
                for (Path batch : DataLoader.batches(dataDir)) {
                    say("loading " + (batch.startsWith(root) ? root.relativize(batch) : batch) + " through the S3 API");
                    List<DataLoader.Upload> uploads = DataLoader.upload(s3, bucket, batch, RunCommand::say);
                    probe.awaitIngested(uploads, timeout, RunCommand::say);
                    probe.awaitWarehouseCaughtUp(timeout, RunCommand::say);
                }
            }
            summary(probe, pipeline, stateDir);
            if (!exitAfterLoad) {
                say("running; press Ctrl-C to stop.");
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    /**
     * The folder to upload. The default one is generated when missing (scale 1, the project's own
     * sample); a folder the user named and that is not there is an error, not a place to write
     * sample data to and load it as theirs.
     */
    static Path dataFolder(Path root, Path data) throws IOException {
        Path dataDir = root.resolve(data);
        if (Files.isDirectory(dataDir)) {
            return dataDir;
        }
        if (Files.isRegularFile(dataDir)) {
            throw new IllegalArgumentException(dataDir + " is a file: --data names the folder that holds it "
                    + "(with the other tables' files, or in one folder per day)");
        }
        if (!data.equals(Path.of(DEFAULT_DATA))) {
            throw new IllegalArgumentException("no data folder at " + dataDir + " (--data)");
        }
        say("no data folder at " + dataDir + ": generating scale 1 there");
        ChinookGenerator.writeDataFolder(dataDir, 20091, 1, m -> say("  " + m));
        return dataDir;
    }

    private static void summary(PipelineProbe probe, LocalPipeline pipeline, Path stateDir) throws Exception {
        say("");
        say("Summary");
        say("  OLTP rows per table:");
        for (Map.Entry<String, Long> e : probe.oltpRowCounts().entrySet()) {
            say(String.format("    %-13s %,10d", e.getKey(), e.getValue()));
        }
        say(String.format("  rejected rows: %,d", probe.rejectedRows()));
        probe.rejectedFiles().forEach((key, reason) -> say("  REJECTED FILE " + key + ": " + reason));
        List<PipelineProbe.LoadedWithFindings> findings = probe.loadedWithFindings(FINDINGS_SHOWN + 1);
        findings.stream().limit(FINDINGS_SHOWN).forEach(file -> say("  " + file.key() + ": " + findings(file)));
        if (findings.size() > FINDINGS_SHOWN) {
            say("  ... and more: ./chinook files lists every file and its counts");
        }
        try {
            warehouseFigures(probe.warehouseStatus().path("warehouse"));
        } catch (IOException e) {
            // The data is loaded: a status that did not answer is no reason to stop the pipeline.
            say("  warehouse figures not available (" + e.getMessage() + "); ./chinook status asks again");
        }
        say("  dashboard: " + pipeline.warehouseUrl().resolve("/"));
        say("  status:    " + pipeline.warehouseUrl().resolve("/api/status"));
        say("  health:    " + pipeline.warehouseUrl().resolve("/q/health"));
        say("  logs:      " + stateDir.resolve("services"));
        say("  operator token (rebuild, reconcile): " + stateDir.resolve("services/" + OperatorToken.FILE_NAME));
    }

    private static void warehouseFigures(JsonNode warehouse) {
        say(String.format(
                "  warehouse: %,d fact rows (invoice lines), %,d invoices, revenue %s",
                warehouse.path("factRows").asLong(),
                warehouse.path("invoices").asLong(),
                warehouse.path("revenue").decimalValue().toPlainString()));
        say(String.format(
                "             %,d customer versions, %,d track versions, %,d changes applied",
                warehouse.path("customerVersions").asLong(),
                warehouse.path("trackVersions").asLong(),
                warehouse.path("changesApplied").asLong()));
    }

    /** What the summary says of a loaded file with findings; the details are in its report. */
    static String findings(PipelineProbe.LoadedWithFindings file) {
        List<String> parts = new ArrayList<>();
        if (file.rowsRejected() > 0) {
            parts.add(String.format(
                    Locale.ROOT,
                    "%,d %s rejected (./chinook file %s lists them)",
                    file.rowsRejected(),
                    file.rowsRejected() == 1 ? "row" : "rows",
                    file.key()));
        }
        if (file.note() != null) {
            parts.add(file.note());
        }
        if (file.rowsParked() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d still parked", file.rowsParked()));
        }
        return String.join("; ", parts);
    }

    static void say(String line) {
        System.out.println(line);
    }
}
