package dev.chinook.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    @Test
    void readsTheDefinitionTerraformSharesAndItsQueuesHonourLambdasRules() {
        PipelineDefinition definition = PipelineDefinition.load();

        assertThat(definition.bucket().rawPrefix()).isEqualTo("raw/");
        assertThat(definition.queues().all())
                .extracting(PipelineDefinition.Queue::name)
                .containsExactly("chinook-ingest-events", "chinook-oltp-changes");
        assertThat(definition.queues().ingestEvents().maxReceiveCount()).isGreaterThanOrEqualTo(5);
        assertThat(definition.queues().ingestEvents().visibilityTimeoutSeconds())
                .isGreaterThanOrEqualTo(6 * definition.ingestFunction().timeoutSeconds()
                        + definition.ingestFunction().maximumBatchingWindowSeconds());
        assertThat(definition.queues().all())
                .allSatisfy(q -> assertThat(q.deadLetter().messageRetentionSeconds())
                        .isGreaterThan(q.messageRetentionSeconds()));
    }
}
