package dev.chinook.common.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import java.time.Instant;
import java.util.Optional;

/**
 * Work the ingest function is asked to do by a message on its own queue, beside S3 notifications:
 * go on relaying the outbox, reconcile the bucket with the manifest, load one object found by
 * reconciliation, validate an object without loading it. Each is a JSON object with a {@code chinook} field naming the command; the
 * warehouse service and an EventBridge schedule send reconcile requests, the function itself the rest.
 */
public sealed interface IngestCommand {

    String FIELD = "chinook";

    /** The relay ran out of time with changes left: another invocation goes on with them. */
    record RelayOutbox() implements IngestCommand {}

    /** Find the uploads under the raw prefix that have no manifest row, and load them (unless a dry run). */
    record Reconcile(String requestId, boolean dryRun) implements IngestCommand {}

    /** One upload found by reconciliation: load it as if its S3 event had arrived. */
    record ReconcileObject(String bucket, String key, String eTag, long size, Instant lastModified)
            implements IngestCommand {}

    /**
     * Check one object as a load would, load nothing, and write the would-be report; {@code table}
     * may be null when the key names it.
     */
    /** Load the next parts of a file an earlier invocation started and ran out of time for. */
    record ContinueFile(long fileId) implements IngestCommand {}

    record Validate(String requestId, String bucket, String key, String table) implements IngestCommand {}

    /** The command a message body holds, or empty when it holds none (an S3 notification). */
    static Optional<IngestCommand> parse(String body) {
        JsonNode node;
        try {
            node = ChangeCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.has(FIELD)) {
            return Optional.empty();
        }
        String name = node.path(FIELD).asText();
        return Optional.of(
                switch (name) {
                    case "relay-outbox" -> new RelayOutbox();
                    case "continue-file" -> new ContinueFile(node.path("fileId").asLong());
                    case "reconcile" ->
                        new Reconcile(
                                node.path("requestId").asText(null),
                                node.path("dryRun").asBoolean(false));
                    case "reconcile-object" ->
                        new ReconcileObject(
                                required(node, "bucket"),
                                required(node, "key"),
                                required(node, "eTag"),
                                node.path("size").asLong(),
                                Instant.parse(required(node, "lastModified")));
                    case "validate" ->
                        new Validate(
                                required(node, "requestId"),
                                required(node, "bucket"),
                                required(node, "key"),
                                node.path("table").asText(null));
                    default -> throw new IllegalArgumentException("unknown ingest command " + name);
                });
    }

    static String toJson(IngestCommand command) {
        ObjectNode node = ChangeCodec.mapper().createObjectNode();
        if (command instanceof RelayOutbox) {
            node.put(FIELD, "relay-outbox");
        } else if (command instanceof ContinueFile f) {
            node.put(FIELD, "continue-file").put("fileId", f.fileId());
        } else if (command instanceof Reconcile r) {
            node.put(FIELD, "reconcile").put("requestId", r.requestId()).put("dryRun", r.dryRun());
        } else if (command instanceof ReconcileObject o) {
            node.put(FIELD, "reconcile-object")
                    .put("bucket", o.bucket())
                    .put("key", o.key())
                    .put("eTag", o.eTag())
                    .put("size", o.size())
                    .put("lastModified", o.lastModified().toString());
        } else if (command instanceof Validate v) {
            node.put(FIELD, "validate")
                    .put("requestId", v.requestId())
                    .put("bucket", v.bucket())
                    .put("key", v.key())
                    .put("table", v.table());
        }
        return node.toString();
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("ingest command without " + field);
        }
        return value.asText();
    }
}
