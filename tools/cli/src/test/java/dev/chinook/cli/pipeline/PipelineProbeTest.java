package dev.chinook.cli.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineProbeTest {

    @Test
    void theWarehouseLineSaysWhetherFactsWaitAndHowLongTheirOnePassHasRun() {
        assertThat(PipelineProbe.warehouseProgress(12_345, 60, 1_700_000, false, Optional.empty()))
                .isEqualTo(
                        "  warehouse: 12,345 change messages waiting, 60 being applied, 1,700,000 changes in the outbox");
        assertThat(PipelineProbe.warehouseProgress(23, 24, 0, true, Optional.empty()))
                .endsWith("23 change messages waiting, 24 being applied, 0 changes in the outbox, "
                        + "facts derived once the backlog is applied");
        assertThat(PipelineProbe.warehouseProgress(23, 24, 0, true, Optional.of(Duration.ofMillis(400))))
                .endsWith(", deriving the facts in one pass (for 0 s)");
        // Printed when it changes: once per ten seconds of a long pass, not once per poll.
        assertThat(PipelineProbe.warehouseProgress(0, 0, 0, true, Optional.of(Duration.ofSeconds(29))))
                .isEqualTo(PipelineProbe.warehouseProgress(0, 0, 0, true, Optional.of(Duration.ofSeconds(20))))
                .endsWith("(for 20 s)");
        // A clock behind the warehouse's does not report a negative time.
        assertThat(PipelineProbe.warehouseProgress(0, 0, 0, true, Optional.of(Duration.ofSeconds(-3))))
                .endsWith("(for 0 s)");
    }
}
