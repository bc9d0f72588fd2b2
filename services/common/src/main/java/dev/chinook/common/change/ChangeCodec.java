package dev.chinook.common.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** JSON form of change batches, shared by the producer and the consumer. */
public final class ChangeCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private ChangeCodec() {
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a batch. A schema version this code does not know is refused, so that a newer
     * producer never has its messages half-understood.
     */
    public static ChangeBatch readBatch(String json) {
        try {
            ChangeBatch batch = MAPPER.readValue(json, ChangeBatch.class);
            if (batch.schemaVersion() != ChangeBatch.SCHEMA_VERSION) {
                throw new IllegalArgumentException("unsupported change schema version " + batch.schemaVersion()
                        + " (this consumer reads " + ChangeBatch.SCHEMA_VERSION + ")");
            }
            return batch;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a change batch: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
