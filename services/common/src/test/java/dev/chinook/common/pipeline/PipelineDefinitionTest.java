package dev.chinook.common.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    @Test
    void readsTheSharedDefinitionAndPrefixesEveryQueueName() {
        PipelineDefinition definition = PipelineDefinition.load();
        assertThat(definition.queues().ingestEvents().name()).isEqualTo("chinook-ingest-events");
        assertThat(definition.queues().ingestEvents().maxReceiveCount()).isGreaterThanOrEqualTo(5);
        assertThat(definition.queues().ingestEvents().visibilityTimeoutSeconds())
                .isGreaterThanOrEqualTo(6 * definition.ingestFunction().timeoutSeconds()
                        + definition.ingestFunction().maximumBatchingWindowSeconds());

        PipelineDefinition prefixed = definition.withQueuePrefix("staging-");
        assertThat(prefixed.queues().oltpChanges().name()).isEqualTo("staging-chinook-oltp-changes");
        assertThat(prefixed.queues().oltpChanges().deadLetter().name()).isEqualTo("staging-chinook-oltp-changes-dlq");
        assertThat(prefixed.bucket()).isEqualTo(definition.bucket());
    }
}
