package dev.chinook.ingest.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.ingest.model.FileOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The function's figures, one line per file in CloudWatch's embedded metric format: a Lambda has
 * no endpoint to scrape, and CloudWatch turns such a line of its log into metrics (namespace
 * Chinook/Ingest, by table and outcome) without any call of ours.
 */
@ApplicationScoped
public class IngestMetrics {

    static final String NAMESPACE = "Chinook/Ingest";

    public void fileDone(String table, FileOutcome outcome, Duration took) {
        System.out.println(line(table, outcome, took, Instant.now()));
    }

    static String line(String table, FileOutcome outcome, Duration took, Instant at) {
        ObjectNode root = ChangeCodec.mapper().createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Table").add("Outcome");
        ArrayNode metrics = directive.putArray("Metrics");
        metric(metrics, "Files", "Count");
        metric(metrics, "RowsInFile", "Count");
        metric(metrics, "RowsLoaded", "Count");
        metric(metrics, "RowsRejected", "Count");
        metric(metrics, "RowsChanged", "Count");
        metric(metrics, "LoadTime", "Milliseconds");
        root.put("Table", table == null ? "none" : table);
        root.put("Outcome", outcome.status().name());
        root.put("Files", 1);
        root.put("RowsInFile", outcome.rowsInFile());
        root.put("RowsLoaded", outcome.rowsLoaded());
        root.put("RowsRejected", outcome.rowsRejected());
        root.put("RowsChanged", outcome.rowsChanged());
        root.put("LoadTime", took.toMillis());
        return root.toString();
    }

    private static void metric(ArrayNode metrics, String name, String unit) {
        metrics.addObject().put("Name", name).put("Unit", unit);
    }
}
