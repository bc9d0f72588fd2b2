package dev.chinook.warehouse.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Settings of the warehouse service (environment: {@code CHINOOK_WAREHOUSE_...}). Queue URLs have
 * no defaults: Terraform sets them from its outputs on AWS, local-cloud from its own set-up.
 */
@ConfigMapping(prefix = "chinook.warehouse")
public interface WarehouseConfig {

    Consumer consumer();

    Queues queues();

    Reports reports();

    Replay replay();

    Archive archive();

    /**
     * Where the ingest archives every change set it sends (in the pipeline's bucket, the one the
     * reports are in): what a rebuild from the archive reads.
     */
    interface Archive {
        @WithDefault("changes/")
        String prefix();
    }

    /** How fast dead letters go back to their source queue, so a replay never floods the consumers. */
    interface Replay {
        /** Messages per second, for a selective replay and for SQS's move task alike. */
        @WithDefault("50")
        int maxMessagesPerSecond();
    }

    /**
     * The bearer token that state-changing endpoints (rebuild, reconcile) require. Unset, they
     * refuse every call: deny by default. On AWS it comes from Secrets Manager; locally
     * {@code chinook run} makes one per state directory.
     */
    Optional<String> operatorToken();

    interface Consumer {
        /** Off starts the service without consuming (status, analytics and rebuild only). */
        @WithDefault("true")
        boolean enabled();

        /** Long-poll wait of one receive, in seconds (SQS allows 0 to 20). */
        @WithDefault("5")
        int waitSeconds();

        /**
         * Poll loops, each applying what it receives in a transaction of its own: one records a
         * batch and upserts its sources while another derives, which takes turns (a lock), so more
         * than two gain little. One applies strictly one receive at a time.
         */
        @WithDefault("2")
        int threads();

        /**
         * The most messages one transaction applies. A receive returns at most ten; a full one
         * means a backlog, and the loop receives again at once until it holds this many, so bulk
         * catch-up derives the star schema fewer times over larger sets. Each message refers to up
         * to 10,000 changes; while a transaction runs, its messages are kept hidden
         * ({@link #visibilityHeartbeat}).
         */
        @WithDefault("30")
        int batchMessages();

        /**
         * The longest a transaction that applies changes or derives facts may run, in seconds
         * (the transaction manager's default is 60). An empty warehouse's one pass over every line
         * binds about 4 s of facts per million lines on two cores, 22 million at scale 10000, and
         * the other loop's transaction waits for its lock meanwhile; at 60 s the pass was rolled
         * back and tried again without end. Read by {@code @TransactionConfiguration} on the
         * services that apply, so it is set in application.properties, not defaulted here.
         */
        int transactionTimeoutSeconds();

        /**
         * Every this long, the messages a transaction holds are hidden again for six times as long,
         * so that none comes back while its transaction runs, however long (up to {@link
         * #transactionTimeoutSeconds}). The queue's visibility timeout is sized as six of these
         * (terraform: oltp_changes_queue's consumer_timeout_seconds): keep this at most a sixth of
         * it. Should the service die, its messages come back within six.
         */
        @WithDefault("20s")
        java.time.Duration visibilityHeartbeat();
    }

    /** Where the ingest function writes its reports, which status and reconcile read. */
    interface Reports {
        String bucket();

        @WithDefault("reports/reconcile/latest.json")
        String reconcileKey();

        /** Where files sent for validation go (outside the raw prefix: they never load). */
        @WithDefault("validation/")
        String validationPrefix();

        /** Where the ingest function writes a validation's would-be report, as {@code <request id>.json}. */
        @WithDefault("reports/validation/")
        String validationReportPrefix();
    }

    /** The pipeline's queues: the consumer reads oltp-changes; status reports the depth of all four. */
    interface Queues {
        String ingestEvents();

        String ingestEventsDlq();

        String oltpChanges();

        String oltpChangesDlq();

        /**
         * The change queue's redrive maxReceiveCount (pipeline.json): a message failing for the last
         * time goes to the dead-letter queue from here, with its reason attached.
         */
        int oltpChangesMaxReceiveCount();
    }
}
