package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.ingest.model.ChangeRange;
import dev.chinook.ingest.model.FileOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

    @Test
    void aFileBecomesOneEmbeddedMetricFormatLineWithEveryFigureDeclared() throws Exception {
        JsonNode line = ChangeCodec.mapper()
                .readTree(IngestMetrics.line(
                        "invoice",
                        FileOutcome.loaded(10, 2, 0, new ChangeRange(7, 1L, 7L), null),
                        Duration.ofMillis(420),
                        Instant.parse("2026-12-01T10:00:00Z")));

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong())
                .isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("Chinook/Ingest");
        assertThat(directive.path("Dimensions").get(0))
                .extracting(JsonNode::asText)
                .containsExactly("Table", "Outcome");
        for (JsonNode metric : directive.path("Metrics")) {
            assertThat(line.has(metric.path("Name").asText()))
                    .as(metric.toString())
                    .isTrue();
        }
        assertThat(line.path("Table").asText()).isEqualTo("invoice");
        assertThat(line.path("Outcome").asText()).isEqualTo("LOADED");
        assertThat(line.path("RowsLoaded").asLong()).isEqualTo(8);
        assertThat(line.path("RowsRejected").asLong()).isEqualTo(2);
        assertThat(line.path("LoadTime").asLong()).isEqualTo(420);
    }
}
