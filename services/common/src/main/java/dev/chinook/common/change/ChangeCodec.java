package dev.chinook.common.change;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON form of change batches, shared by the producer and the consumer. */
public final class ChangeCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private ChangeCodec() {}

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
            checkVersion(batch.schemaVersion());
            return batch;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a change batch: " + e.getOriginalMessage(), e);
        }
    }

    /** A batch's envelope without its changes: what a consumer needs to decide how to apply it. */
    public record Envelope(int schemaVersion, String changesRef) {

        public boolean isReference() {
            return changesRef != null;
        }
    }

    /** What a reader does with each change of a batch, the parser on the change's first token. */
    @FunctionalInterface
    public interface ChangeReader<E extends Exception> {
        void read(JsonParser parser) throws IOException, E;
    }

    /**
     * Reads only the envelope of a batch, streaming past its changes (which the consumer hands to
     * SQL as they are), and refuses a schema version this code does not know, as {@link #readBatch} does.
     */
    public static Envelope readEnvelope(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return stream(parser, JsonParser::skipChildren);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams a batch once: each element of its changes array goes to {@code changes}, nothing of
     * it kept here, and the envelope comes back checked as {@link #readEnvelope} checks it.
     */
    public static <E extends Exception> Envelope readChanges(byte[] json, ChangeReader<E> changes) throws E {
        try (JsonParser parser = MAPPER.createParser(json)) {
            return stream(parser, changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <E extends Exception> Envelope stream(JsonParser parser, ChangeReader<E> changes)
            throws IOException, E {
        Integer version = null;
        String changesRef = null;
        boolean hasChanges = false;
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a change batch: not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("schemaVersion") && value == JsonToken.VALUE_NUMBER_INT) {
                    version = parser.getIntValue();
                } else if (field.equals("changesRef") && value == JsonToken.VALUE_STRING) {
                    changesRef = parser.getText();
                } else if (field.equals("changes")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("not a change batch: changes is not an array");
                    }
                    hasChanges = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        changes.read(parser);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a change batch: " + e.getOriginalMessage(), e);
        }
        if (version == null) {
            throw new IllegalArgumentException("not a change batch: no schemaVersion");
        }
        checkVersion(version);
        if (!hasChanges && changesRef == null) {
            throw new IllegalArgumentException("not a change batch: no changes");
        }
        return new Envelope(version, changesRef);
    }

    private static void checkVersion(int schemaVersion) {
        if (schemaVersion != ChangeBatch.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported change schema version " + schemaVersion
                    + " (this consumer reads " + ChangeBatch.SCHEMA_VERSION + ")");
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
