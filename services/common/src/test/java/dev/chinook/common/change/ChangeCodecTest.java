package dev.chinook.common.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeCodecTest {

    private static ChangeMessage change(long id) {
        var row = ChangeCodec.mapper().createObjectNode().put("genre_id", 7).put("name", "Fado");
        return new ChangeMessage(
                id,
                "genre",
                7,
                ChangeMessage.Operation.UPSERT,
                row,
                Instant.parse("2026-11-25T10:00:00.123456Z"),
                "s3://chinook-raw/raw/genre/day.csv");
    }

    @Test
    void aBatchSurvivesTheRoundTripWithMicrosecondCommitTimes() {
        ChangeBatch batch = ChangeBatch.of(List.of(change(1), change(2)));

        ChangeBatch read = ChangeCodec.readBatch(ChangeCodec.toJson(batch));

        assertThat(read).isEqualTo(batch);
        assertThat(read.isReference()).isFalse();
    }

    @Test
    void theEnvelopeIsReadWithoutTheChangesAndNamesAReference() {
        ChangeCodec.Envelope inline = ChangeCodec.readEnvelope(ChangeCodec.toJson(ChangeBatch.of(List.of(change(1)))));
        ChangeCodec.Envelope reference = ChangeCodec.readEnvelope(ChangeCodec.toJson(
                ChangeBatch.byReference("s3://b/changes/1-9.json", List.of("s3://b/raw/genre/a.csv"))));

        assertThat(inline).isEqualTo(new ChangeCodec.Envelope(ChangeBatch.SCHEMA_VERSION, null));
        assertThat(reference.isReference()).isTrue();
        assertThat(reference.changesRef()).isEqualTo("s3://b/changes/1-9.json");
    }

    @Test
    void anUnknownSchemaVersionIsRefusedByBothReaders() {
        String newer = "{\"changes\":[],\"schemaVersion\":2}";

        assertThatThrownBy(() -> ChangeCodec.readBatch(newer))
                .hasMessageContaining("unsupported change schema version 2");
        assertThatThrownBy(() -> ChangeCodec.readEnvelope(newer))
                .hasMessageContaining("unsupported change schema version 2");
    }

    @Test
    void whatIsNotABatchIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ChangeCodec.readEnvelope("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ChangeCodec.readEnvelope("{\"changes\":[]}")).hasMessageContaining("no schemaVersion");
        assertThatThrownBy(() -> ChangeCodec.readEnvelope("{\"schemaVersion\":"))
                .hasMessageStartingWith("not a change batch");
    }
}
