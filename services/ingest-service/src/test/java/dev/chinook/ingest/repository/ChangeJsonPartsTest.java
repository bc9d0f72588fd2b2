package dev.chinook.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The constant parts of a change, joined the way the upsert's SQL joins them, make the change. */
class ChangeJsonPartsTest {

    @Test
    void aFileNameWithQuotesBackslashesAndAccentsSurvivesIntoTheChange() {
        String file = "s3://chinook-raw/raw/artist/\"Ça va\" \\ été.csv";
        List<String> parts = StagingRepository.constantParts("artist", "UPSERT", file);

        String change = "{\"changeId\":41" + parts.get(0) + "7" + parts.get(1) + "{\"artist_id\":7,\"name\":\"x\"}"
                + ",\"committedAt\":\"2026-12-03T10:00:00.000001" + parts.get(2);
        ChangeMessage parsed = ChangeCodec.readBatch("{\"schemaVersion\":1,\"changes\":[" + change + "]}")
                .changes()
                .get(0);

        assertThat(parsed.changeId()).isEqualTo(41L);
        assertThat(parsed.table()).isEqualTo("artist");
        assertThat(parsed.key()).isEqualTo(7L);
        assertThat(parsed.operation()).isEqualTo(ChangeMessage.Operation.UPSERT);
        assertThat(parsed.sourceFile()).isEqualTo(file);
        assertThat(parsed.row().get("name").asText()).isEqualTo("x");
        assertThat(parsed.committedAt()).hasToString("2026-12-03T10:00:00.000001Z");
    }
}
