package dev.chinook.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Deployment-level settings of the ingest function (environment: CHINOOK_INGEST_...). */
@ConfigMapping(prefix = "chinook.ingest")
public interface IngestConfig {

    /** What to do with a file that has invalid rows. */
    enum RejectPolicy {
        /** Load the valid rows, quarantine the invalid ones (the default). */
        LOAD_VALID,
        /** Load nothing from a file with any invalid row. */
        REJECT_FILE
    }

    @WithDefault("load-valid")
    RejectPolicy rejectPolicy();

    /**
     * Largest file one invocation loads; larger files are refused with a report naming this
     * limit. The default (32 MiB, about 1.3 million invoice lines) keeps a load well inside the
     * 60 s function timeout at the throughput the benchmark measured (docs/ingest.md).
     */
    @WithDefault("33554432")
    long maxFileBytes();

    /**
     * Bucket for change sets too large for messages (under changes/); defaults to the bucket of
     * pipeline.json, which is right for local-cloud only: Terraform sets it on AWS.
     */
    Optional<String> changeSetBucket();

    /** A relay round that needs more SQS messages than this goes as one S3 object instead. */
    @WithDefault("10")
    int inlineMessageLimit();
}
