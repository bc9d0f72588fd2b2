package dev.chinook.warehouse.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.warehouse.service.ConsumerGate;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backlog is applied in fewer, larger transactions: a full receive (ten messages) is followed
 * by more, up to {@code chinook.warehouse.consumer.batch-messages}. One poll loop, so that the
 * count of transactions follows from the setting alone.
 */
@QuarkusTest
@TestProfile(BacklogBatchingTest.OneLoopOfTwenty.class)
class BacklogBatchingTest extends WarehouseTestBase {

    public static class OneLoopOfTwenty implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chinook.warehouse.consumer.threads", "1",
                    "chinook.warehouse.consumer.batch-messages", "20");
        }
    }

    @Inject
    ConsumerGate gate;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource warehouse;

    @Test
    void aBacklogOfTwentyFiveMessagesTakesTwoTransactionsOfTwentyAndFive() throws Exception {
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        double transactionsBefore;
        double messagesBefore;
        double changesBefore;
        gate.pause();
        try {
            transactionsBefore = registry.get("chinook.apply").timer().count();
            messagesBefore = appliedMessages();
            changesBefore = registry.get("chinook.changes.applied").counter().count();
            for (int i = 0; i < 25; i++) {
                String body = ChangeCodec.toJson(ChangeBatch.of(List.of(genre(800 + i, 80 + i))));
                cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
            }
        } finally {
            gate.resume();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedMessages() - messagesBefore >= 25);
        // Receives of ten, a transaction each, would take three.
        assertThat(registry.get("chinook.apply").timer().count() - transactionsBefore)
                .isEqualTo(2.0);
        assertThat(appliedMessages() - messagesBefore).isEqualTo(25.0);
        assertThat(registry.get("chinook.changes.applied").counter().count() - changesBefore)
                .isEqualTo(25.0);
    }

    /**
     * Twenty lines, then five: the first transaction finds more waiting and, the warehouse having
     * no fact, defers its facts; what waits then fits in one transaction, so the twenty lines'
     * facts are derived at once, and the last five lines' bound as usual.
     */
    @Test
    void aBacklogOfLinesOnAWarehouseWithoutFactsHasTheirFactsDerivedOnceItIsApplied() throws Exception {
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        double derivedBefore = deferredFactsDerived();
        gate.pause();
        try {
            assertThat(number("SELECT count(*) FROM fact_invoice_line")).isZero();
            for (int i = 0; i < 25; i++) {
                String body = ChangeCodec.toJson(ChangeBatch.of(List.of(line(900 + i, 900 + i))));
                cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
            }
        } finally {
            gate.resume();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> number("SELECT count(*) FROM fact_invoice_line WHERE invoice_line_id BETWEEN 900 AND 924")
                        == 25);
        assertThat(deferredFactsDerived() - derivedBefore).isEqualTo(20.0);
        assertThat(number("SELECT count(*) FROM deferred_facts")).isZero();
        assertThat(given().get("/api/status/queues").jsonPath().getBoolean("factsDeferred"))
                .isFalse();
    }

    private long number(String sql) throws SQLException {
        try (Connection c = warehouse.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double deferredFactsDerived() {
        return registry.get("chinook.facts.deferred").counter().count();
    }

    private static ChangeMessage line(long changeId, int lineId) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        row.put("invoice_line_id", lineId);
        row.put("invoice_id", 90);
        row.put("track_id", 9);
        row.put("unit_price", new java.math.BigDecimal("0.99"));
        row.put("quantity", 1);
        return new ChangeMessage(
                changeId,
                "invoice_line",
                lineId,
                ChangeMessage.Operation.UPSERT,
                row,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(changeId),
                "s3://test/invoice_line.csv");
    }

    private double appliedMessages() {
        return registry.get("chinook.messages")
                .tag("outcome", "applied")
                .counter()
                .count();
    }

    private static ChangeMessage genre(long changeId, int genreId) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        row.put("genre_id", genreId);
        row.put("name", "Genre " + genreId);
        return new ChangeMessage(
                changeId,
                "genre",
                genreId,
                ChangeMessage.Operation.UPSERT,
                row,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(changeId),
                "s3://test/genre.csv");
    }
}
