package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the CSV contract lets through, the warehouse holds: its largest line is a fact, not a dead letter. */
class ContractLimitsTest extends WarehouseDatabaseTest {

    private static ChangeMessage change(long id, String table, long key, Object... columns) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        for (int i = 0; i < columns.length; i += 2) {
            row.putPOJO((String) columns[i], columns[i + 1]);
        }
        return new ChangeMessage(
                id,
                table,
                key,
                ChangeMessage.Operation.UPSERT,
                ChangeCodec.mapper().valueToTree(row),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                "s3://test/" + table + ".csv");
    }

    @Test
    void everyType2DimensionReadsItsHistoryThroughTheHistoryIndex() throws Exception {
        String predicate = (String) warehouse.value("SELECT pg_get_expr(indpred, indrelid) FROM pg_index "
                + "WHERE indexrelid = 'change_log_type2_history_idx'::regclass");

        for (ScdType2Dimension dimension : List.of(ScdType2Dimension.CUSTOMER, ScdType2Dimension.TRACK)) {
            assertThat(predicate).as("the index predicate").contains("'" + dimension.sourceTable() + "'");
            String plan = String.join(
                    "\n",
                    warehouse.rows("EXPLAIN SELECT * FROM change_log WHERE table_name = '" + dimension.sourceTable()
                            + "' AND row_key = 1"));
            assertThat(plan)
                    .as("the plan for %s's history", dimension.sourceTable())
                    .contains("change_log_type2_history_idx");
        }
    }

    @Test
    void theLargestPriceTimesTheLargestQuantityIsAFactWithItsExactAmount() throws Exception {
        BigDecimal price = new BigDecimal("99999999.99");
        int quantity = Integer.MAX_VALUE;

        warehouse.deliver(List.of(
                change(1, "customer", 1, "customer_id", 1, "first_name", "Ann", "country", "Norway"),
                change(
                        2,
                        "invoice",
                        10,
                        "invoice_id",
                        10,
                        "customer_id",
                        1,
                        "invoice_date",
                        "2025-06-01T10:00:00",
                        "billing_country",
                        "Norway",
                        "total",
                        price),
                change(
                        3,
                        "track",
                        7,
                        "track_id",
                        7,
                        "name",
                        "Intro",
                        "media_type_id",
                        1,
                        "milliseconds",
                        1000,
                        "unit_price",
                        price),
                change(
                        4,
                        "invoice_line",
                        100,
                        "invoice_line_id",
                        100,
                        "invoice_id",
                        10,
                        "track_id",
                        7,
                        "unit_price",
                        price,
                        "quantity",
                        quantity)));

        assertThat((BigDecimal) warehouse.value("SELECT extended_amount FROM fact_invoice_line"))
                .isEqualByComparingTo(price.multiply(BigDecimal.valueOf(quantity)));
        assertThat((BigDecimal) warehouse.value("SELECT revenue FROM revenue_by_month"))
                .isEqualByComparingTo("214748364678525163.53");
    }

    @Test
    void aChangeIdAppliedBeforeWithOtherContentIsRefusedNotSkipped() throws Exception {
        ChangeMessage rock = change(500, "genre", 50, "genre_id", 50, "name", "Rock");
        warehouse.deliver(List.of(rock));

        // The same change again (a redelivery or a resend) is a duplicate: nothing new.
        assertThat(warehouse.deliver(List.of(rock))).isZero();
        // Other content under the same id is no duplicate: refused, with nothing of the message kept.
        ChangeMessage forged = change(500, "genre", 51, "genre_id", 51, "name", "Forged");
        ChangeMessage innocent = change(501, "genre", 52, "genre_id", 52, "name", "Fado");
        assertThatThrownBy(() -> warehouse.deliver(List.of(forged, innocent)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("change 500 was applied before with other content");
        assertThat(warehouse.value("SELECT count(*) FROM change_log WHERE change_id = 501"))
                .isEqualTo(0L);
        assertThat(warehouse.value("SELECT row_image ->> 'name' FROM change_log WHERE change_id = 500"))
                .isEqualTo("Rock");
    }

    @Test
    void messagesAppliedTogetherAreComparedWithEachOther() throws Exception {
        ChangeMessage rock = change(600, "genre", 60, "genre_id", 60, "name", "Rock");
        ChangeMessage fado = change(601, "genre", 61, "genre_id", 61, "name", "Fado");

        // One receive holding a message twice: its changes count once.
        assertThat(warehouse.deliverTogether(List.of(List.of(rock), List.of(rock, fado))))
                .isEqualTo(2);
        // One receive whose messages carry the same new id with other content: refused, nothing kept.
        ChangeMessage jazz = change(602, "genre", 62, "genre_id", 62, "name", "Jazz");
        ChangeMessage forged = change(602, "genre", 63, "genre_id", 63, "name", "Forged");
        assertThatThrownBy(() -> warehouse.deliverTogether(List.of(List.of(jazz), List.of(forged))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("change 602 was applied before with other content");
        assertThat(warehouse.value("SELECT count(*) FROM change_log WHERE change_id = 602"))
                .isEqualTo(0L);
        assertThat(warehouse.value("SELECT count(*) FROM src_genre WHERE genre_id BETWEEN 60 AND 63"))
                .isEqualTo(2L);
    }

    @Test
    void aMessageTwoLoopsApplyAtOnceCountsOnceAndFailsNeither() throws Exception {
        ChangeMessage rock = change(700, "genre", 70, "genre_id", 70, "name", "Rock");
        byte[] batch = ChangeCodec.toJson(ChangeBatch.of(List.of(rock))).getBytes(StandardCharsets.UTF_8);
        try (Connection first = warehouse.connect();
                Connection observer = warehouse.connect()) {
            first.setAutoCommit(false);
            StarSchemaLoader.stageChanges(first, batch);
            assertThat(StarSchemaLoader.recordStaged(first)).isEqualTo(1);
            StarSchemaLoader.applyBatch(first, false);
            // The other loop received the message too. Nothing of the first is committed, so its keys
            // look new and it inserts them plainly: the insert waits for the first transaction, then
            // fails on the key; it must upsert instead and find nothing new, not fail the message.
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return warehouse.deliver(List.of(rock));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitOneBackendWaitingForALock(observer);
            first.commit();
            assertThat(second.get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(warehouse.value("SELECT count(*) FROM change_log WHERE change_id = 700"))
                .isEqualTo(1L);
        assertThat(warehouse.value("SELECT name FROM src_genre WHERE genre_id = 70"))
                .isEqualTo("Rock");
    }

    private static void awaitOneBackendWaitingForALock(Connection observer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Statement st = observer.createStatement();
                    ResultSet rs =
                            st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the second transaction never waited for the first");
    }
}
