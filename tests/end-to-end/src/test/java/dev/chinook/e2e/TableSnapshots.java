package dev.chinook.e2e;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.PipelineDefinition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the fault and disaster tests compare: tables as rows of text, and queues that redeliver soon. */
final class TableSnapshots {

    private TableSnapshots() {}

    /** Each named query's rows, every column as text, in the query's order. */
    static Map<String, List<String>> of(LocalCloud cloud, String database, Map<String, String> queries)
            throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection c = cloud.connect(database);
                Statement st = c.createStatement()) {
            for (var query : queries.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(query.getValue())) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                tables.put(query.getKey(), rows);
            }
        }
        return tables;
    }

    /** A delivery lost with a killed process, or failed on purpose, comes back after seconds, not minutes. */
    static void redeliverAfter(LocalCloud cloud, int seconds) {
        PipelineDefinition.Queues queues = cloud.definition().queues();
        for (String queue :
                List.of(queues.ingestEvents().name(), queues.oltpChanges().name())) {
            cloud.sqs()
                    .setQueueAttributes(b -> b.queueUrl(cloud.queueUrl(queue))
                            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
        }
    }
}
