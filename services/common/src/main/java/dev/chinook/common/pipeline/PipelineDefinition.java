package dev.chinook.common.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The bucket, queues and function settings of the pipeline, read from {@code terraform/pipeline.json}
 * (packaged into this jar), which Terraform reads too: local-cloud and AWS cannot drift apart.
 */
public record PipelineDefinition(Bucket bucket, IngestFunction ingestFunction, Queues queues) {

    public record Bucket(String name, String rawPrefix, String rawSuffix) {
    }

    public record IngestFunction(String name, int timeoutSeconds, int memoryMb, int batchSize,
            int maximumBatchingWindowSeconds, int maximumConcurrency) {
    }

    public record Queues(Queue ingestEvents, Queue oltpChanges) {
    }

    public record Queue(String name, int visibilityTimeoutSeconds, int messageRetentionSeconds, int maxReceiveCount,
            DeadLetter deadLetter) {

        Queue withPrefix(String prefix) {
            return new Queue(prefix + name, visibilityTimeoutSeconds, messageRetentionSeconds, maxReceiveCount,
                    new DeadLetter(prefix + deadLetter.name(), deadLetter.messageRetentionSeconds()));
        }
    }

    public record DeadLetter(String name, int messageRetentionSeconds) {
    }

    /**
     * The definition with queue names prefixed by {@code CHINOOK_QUEUE_PREFIX} when set, as
     * Terraform's {@code queue_name_prefix} names them when one account holds two deployments.
     */
    public static PipelineDefinition load() {
        String prefix = System.getenv().getOrDefault("CHINOOK_QUEUE_PREFIX", "");
        return prefix.isEmpty() ? unprefixed() : unprefixed().withQueuePrefix(prefix);
    }

    public PipelineDefinition withQueuePrefix(String prefix) {
        return new PipelineDefinition(bucket, ingestFunction,
                new Queues(queues.ingestEvents().withPrefix(prefix), queues.oltpChanges().withPrefix(prefix)));
    }

    private static PipelineDefinition unprefixed() {
        try (InputStream in = PipelineDefinition.class.getResourceAsStream("/pipeline.json")) {
            if (in == null) {
                throw new IllegalStateException("pipeline.json is missing from the classpath");
            }
            return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, PipelineDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
