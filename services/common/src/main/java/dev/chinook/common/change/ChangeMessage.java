package dev.chinook.common.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One real change of one OLTP row: the only thing the warehouse knows of the OLTP side.
 *
 * @param changeId unique per change, assigned by the OLTP outbox; consumers dedupe on it
 * @param table the OLTP table (contract name, snake_case)
 * @param key the row's Chinook id
 * @param operation what happened to the row
 * @param row the row image after the change (column name to value), null for a delete
 * @param committedAt when the change was made in OLTP; orders changes of one key
 * @param sourceFile the S3 object that carried it ({@code s3://bucket/key})
 */
public record ChangeMessage(
        long changeId,
        String table,
        long key,
        Operation operation,
        JsonNode row,
        Instant committedAt,
        String sourceFile) {

    public enum Operation {
        UPSERT,
        DELETE
    }
}
