package dev.chinook.warehouse.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the warehouse service (environment: {@code CHINOOK_WAREHOUSE_...}). Queue URLs have
 * no defaults: Terraform sets them from its outputs on AWS, local-cloud from its own set-up.
 */
@ConfigMapping(prefix = "chinook.warehouse")
public interface WarehouseConfig {

    Consumer consumer();

    Queues queues();

    interface Consumer {
        /** Off starts the service without consuming (status, analytics and rebuild only). */
        @WithDefault("true")
        boolean enabled();

        /** Long-poll wait of one receive, in seconds (SQS allows 0 to 20). */
        @WithDefault("5")
        int waitSeconds();
    }

    /** The pipeline's queues: the consumer reads oltp-changes; status reports the depth of all four. */
    interface Queues {
        String ingestEvents();

        String ingestEventsDlq();

        String oltpChanges();

        String oltpChangesDlq();
    }
}
