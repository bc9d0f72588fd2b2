package dev.chinook.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the ingest function (environment: {@code CHINOOK_INGEST_...}). Queue URLs and the
 * change-set bucket have no defaults: Terraform sets them from its outputs on AWS, local-cloud
 * from its own set-up.
 */
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
     * A file loads in parts of at most this many rows, one transaction each, fewer when the pace
     * measured says a part would not fit in the invocation's time (PartPace); when an invocation
     * runs out of time the next one goes on from the last part committed. Duplicate keys are
     * resolved within a part; across parts the later row overwrites the earlier. The reject-file
     * policy always loads a file in one transaction.
     */
    @WithDefault("200000")
    long rowsPerTransaction();

    Queues queues();

    ChangeSets changeSets();

    Reports reports();

    Reconcile reconcile();

    Relay relay();

    Parking parking();

    /**
     * Rows whose parent has not arrived yet (files of one upload copied in parallel arrive in any
     * order) wait this long, parked, before they are rejected; 0 rejects them at once. Under the
     * reject-file policy they are rejected at once.
     */
    interface Parking {
        @WithDefault("30m")
        java.time.Duration window();
    }

    /** How the outbox relay fits within an invocation. */
    interface Relay {
        /** Time a file's parts leave for relaying before the deadline reserve. */
        @WithDefault("5s")
        java.time.Duration roundTarget();

        /** Time kept free before the invocation's deadline: no relay round starts within it. */
        @WithDefault("5s")
        java.time.Duration deadlineReserve();

        /**
         * How long an invocation loads before each part it commits is relayed at once, on a thread
         * of its own, rather than when the invocation ends: the most the warehouse waits behind a
         * long load. Relaying while loading makes the warehouse compete with the load where both
         * share a machine or database (at scale 1000 on two cores, from the first part: 46 s
         * instead of 23 to 26 s into OLTP, 66 s instead of 69 to 77 s to the warehouse caught up;
         * docs/performance.md). 0s relays from the first part; the function's timeout, never.
         * Also how long the relay of another invocation leaves the change sets of a file still
         * loading to its loader (longer, they are taken as a crashed loader's).
         */
        @WithDefault("60s")
        java.time.Duration whileLoadingAfter();
    }

    interface Queues {
        /** URL of the queue change messages go to (Terraform: the oltp-changes queue). */
        String oltpChanges();

        /** URL of the queue that feeds this function: a relay out of time asks it to go on. */
        String ingestEvents();

        /** URL of its dead-letter queue: a message that can never succeed goes there at once. */
        String ingestEventsDlq();

        /**
         * The queue's redrive maxReceiveCount (pipeline.json): a message failing for the last time is
         * sent to the dead-letter queue by the function, with its reason, rather than by redrive without one.
         */
        int ingestEventsMaxReceiveCount();
    }

    /** Where change sets go: written under the staged prefix, archived by the relay under the prefix. */
    interface ChangeSets {
        String bucket();

        /** The archive the warehouse is rebuilt from; the relay copies each committed set here. */
        @WithDefault("changes/")
        String prefix();

        /** Sets written before their transaction commits; one whose transaction rolled back expires here. */
        @WithDefault("staged-changes/")
        String stagedPrefix();

        /** At most this many changes per set (and per message the warehouse fetches). */
        @WithDefault("10000")
        int maxChanges();
    }

    /** Finding uploads that never produced an event (see ReconcileService). */
    interface Reconcile {
        /** The bucket uploads land in (Terraform: the raw bucket). */
        String bucket();

        @WithDefault("raw/")
        String prefix();

        @WithDefault(".csv")
        String suffix();

        /** Where the report of the latest run is written, in the same bucket. */
        @WithDefault("reports/reconcile/latest.json")
        String reportKey();

        /** How many unprocessed keys a report names (the count is always whole). */
        @WithDefault("1000")
        int reportKeyLimit();
    }

    /** Reports of rejected rows, written next to the uploads in the same bucket. */
    interface Reports {
        @WithDefault("reports/")
        String prefix();
    }
}
