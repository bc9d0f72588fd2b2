package dev.chinook.localcloud.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The bucket, queues and function settings of the pipeline, read from {@code terraform/pipeline.json}
 * (packaged into this jar), which Terraform reads too: local-cloud and AWS cannot drift apart. The
 * services never read it: they get queue URLs and the bucket through their configuration.
 */
public record PipelineDefinition(Bucket bucket, IngestFunction ingestFunction, Queues queues) {

    public record Bucket(String name, String rawPrefix, String rawSuffix) {

        /**
         * The key endings whose uploads the bucket notifies, longest first, as Terraform configures
         * them (S3's filters are case-sensitive): the suffix in lower and in upper case, and
         * gzip-compressed in lower case.
         */
        public List<String> notifiedSuffixes() {
            String lower = rawSuffix.toLowerCase(Locale.ROOT);
            return List.of(lower + ".gz", lower, rawSuffix.toUpperCase(Locale.ROOT));
        }
    }

    public record IngestFunction(
            String name,
            int timeoutSeconds,
            int memoryMb,
            int batchSize,
            int maximumBatchingWindowSeconds,
            int maximumConcurrency) {}

    public record Queues(Queue ingestEvents, Queue oltpChanges) {

        public List<Queue> all() {
            return List.of(ingestEvents, oltpChanges);
        }
    }

    public record Queue(
            String name,
            int visibilityTimeoutSeconds,
            int messageRetentionSeconds,
            int maxReceiveCount,
            DeadLetter deadLetter) {}

    public record DeadLetter(String name, int messageRetentionSeconds) {}

    public static PipelineDefinition load() {
        try (InputStream in = PipelineDefinition.class.getResourceAsStream("/pipeline.json")) {
            if (in == null) {
                throw new IllegalStateException("pipeline.json is missing from the classpath");
            }
            return new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, PipelineDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
