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
     * limit. The default keeps a load well inside the 60 s function timeout at the throughput
     * measured by the benchmark (docs/ingest.md).
     */
    @WithDefault("268435456")
    long maxFileBytes();

    /** Bucket for change sets too large for messages; defaults to the bucket of the file. */
    Optional<String> changeSetBucket();

    /** Number of outbox changes above which one relay round goes by reference to an S3 object. */
    @WithDefault("20000")
    int inlineChangeLimit();
}
