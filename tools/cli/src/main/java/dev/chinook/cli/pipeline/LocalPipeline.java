package dev.chinook.cli.pipeline;

import dev.chinook.localcloud.aws.Cloud;
import dev.chinook.localcloud.aws.PipelineDefinition;
import dev.chinook.localcloud.aws.Ports;
import dev.chinook.localcloud.lambda.LambdaFunction;
import dev.chinook.localcloud.lambda.SqsEventSourceMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on one machine: local-cloud, the ingest function behind its SQS event source
 * mapping, and the warehouse service. What {@code chinook run} starts and the end-to-end tests use.
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPipeline.class.getName());
    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private final Cloud cloud;
    private LambdaFunction ingest;
    private SqsEventSourceMapping mapping;
    private ServiceProcess warehouse;
    private URI warehouseUrl;
    private String operatorToken;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalPipeline(Cloud cloud) {
        this.cloud = cloud;
    }

    /**
     * Starts the services on {@code cloud}, which the pipeline then owns and closes.
     *
     * @param workDir logs and the function's task root
     * @param warehousePort 0 for any free port
     */
    public static LocalPipeline start(Cloud cloud, Artifacts artifacts, Path workDir, int warehousePort) {
        return start(
                cloud,
                artifacts,
                workDir,
                warehousePort,
                cloud.definition().ingestFunction().memoryMb());
    }

    /** As {@link #start(Cloud, Artifacts, Path, int)}, with the function's memory (its heap limit) set. */
    public static LocalPipeline start(
            Cloud cloud, Artifacts artifacts, Path workDir, int warehousePort, int functionMemoryMb) {
        LocalPipeline pipeline = new LocalPipeline(cloud);
        try {
            Files.createDirectories(workDir);
            pipeline.startIngest(artifacts, workDir, functionMemoryMb);
            pipeline.startWarehouse(artifacts, workDir, warehousePort);
            return pipeline;
        } catch (IOException e) {
            pipeline.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startIngest(Artifacts artifacts, Path workDir, int memoryMb) {
        PipelineDefinition.IngestFunction fn = cloud.definition().ingestFunction();
        Map<String, String> env = new LinkedHashMap<>(Cloud.asEnvironment(cloud.ingestConfig()));
        env.put("AWS_REGION", cloud.region());
        ingest = LambdaFunction.start(new LambdaFunction.Settings(
                fn.name(),
                artifacts.functionZip(),
                artifacts.lambdaRuntimeDir(),
                HANDLER,
                memoryMb,
                fn.timeoutSeconds(),
                fn.maximumConcurrency(),
                env,
                workDir.resolve("ingest")));
        String queue = cloud.definition().queues().ingestEvents().name();
        String queueUrl = cloud.queueUrl(queue);
        String queueArn = cloud.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        mapping = new SqsEventSourceMapping(
                cloud.sqs(),
                ingest,
                new SqsEventSourceMapping.Settings(
                        queueUrl,
                        queueArn,
                        cloud.region(),
                        fn.batchSize(),
                        Duration.ofSeconds(fn.maximumBatchingWindowSeconds()),
                        fn.maximumConcurrency()));
        LOG.info(() -> "ingest function " + fn.name() + " running (" + fn.maximumConcurrency()
                + " environments), fed by " + queue);
    }

    private void startWarehouse(Artifacts artifacts, Path workDir, int requestedPort) {
        int port = Ports.resolve(requestedPort);
        Map<String, String> env = new LinkedHashMap<>(Cloud.asEnvironment(cloud.warehouseConfig()));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        operatorToken = OperatorToken.readOrCreate(workDir.resolve(OperatorToken.FILE_NAME));
        env.put("CHINOOK_WAREHOUSE_OPERATOR_TOKEN", operatorToken);
        warehouse = ServiceProcess.start(
                "warehouse-service", artifacts.warehouseJar(), env, workDir.resolve("warehouse-service.log"));
        warehouseUrl = URI.create("http://127.0.0.1:" + port);
        warehouse.awaitStarted(warehouseUrl.resolve("/q/health/ready"), Duration.ofSeconds(120));
        LOG.info(() -> "warehouse-service ready at " + warehouseUrl);
    }

    /** The warehouse service's process, supervised: started again when it exits on its own. */
    public ServiceProcess warehouseProcess() {
        return warehouse;
    }

    /** The token the warehouse's state-changing endpoints require. */
    public String operatorToken() {
        return operatorToken;
    }

    public Cloud cloud() {
        return cloud;
    }

    public URI warehouseUrl() {
        return warehouseUrl;
    }

    public LambdaFunction ingestFunction() {
        return ingest;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (mapping != null) {
            mapping.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
        cloud.close();
    }
}
