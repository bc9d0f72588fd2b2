package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeMessage;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The change stream of data/ (scale 1 plus the change set) delivered in order, then shuffled and
 * duplicated with several seeds, then rebuilt from the change log: the warehouse must be the same
 * row for row every time, and right.
 */
class OrderIndependenceTest extends WarehouseDatabaseTest {

    static List<ChangeMessage> changes;
    static Map<String, List<String>> inOrder;

    @BeforeAll
    static void loadInOrder() throws Exception {
        changes = ChangeStreams.fromDataFolders(ChangeStreams.dataFolders());
        for (List<ChangeMessage> message : ChangeStreams.inOrder(changes, 200)) {
            warehouse.deliver(message);
        }
        inOrder = warehouse.snapshot();
    }

    @Test
    void inOrderLoadHasTheRevenueOfTheFilesAndOneVersionPerCustomerChange() throws Exception {
        Map<Long, ChangeMessage> invoices = latestByKey("invoice");
        BigDecimal totals = invoices.values().stream()
                .map(c -> c.row().get("total").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(inOrder.get("fact_invoice_line"))
                .hasSize(latestByKey("invoice_line").size());
        assertThat(new BigDecimal(inOrder.get("fact_invoice_line").stream()
                        .map(r -> new BigDecimal(
                                r.substring(r.lastIndexOf('|') + 1).trim()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add)
                        .toPlainString()))
                .isEqualByComparingTo(totals);

        Map<Long, Long> changesPerCustomer = changes.stream()
                .filter(c -> c.table().equals("customer"))
                .collect(Collectors.groupingBy(ChangeMessage::key, Collectors.counting()));
        Map<Long, Long> versionsPerCustomer = new HashMap<>();
        for (String row : inOrder.get("dim_customer")) {
            versionsPerCustomer.merge(Long.parseLong(row.substring(0, row.indexOf(' '))), 1L, Long::sum);
        }
        assertThat(versionsPerCustomer).isEqualTo(changesPerCustomer);
        assertThat(changesPerCustomer.values()).contains(2L);
        assertThat(
                        warehouse.rows(
                                "SELECT customer_id, is_inferred, is_deleted FROM dim_customer WHERE is_inferred OR is_deleted"))
                .isEmpty();
        assertThat(historyViolations()).isEmpty();
        assertThat(warehouse.value("SELECT count(*) FROM fact_invoice_line WHERE date_key = -1"))
                .isEqualTo(0L);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 2026})
    void shuffledAndDuplicatedDeliveryGivesTheSameWarehouse(long seed) throws Exception {
        warehouse.reset();
        for (List<ChangeMessage> message : ChangeStreams.shuffledWithDuplicates(changes, seed, 0.15, 300)) {
            warehouse.deliver(message);
        }
        assertSameWarehouse(warehouse.snapshot(), inOrder);
        assertThat(historyViolations()).isEmpty();
    }

    @Test
    void redeliveryChangesNothingAndARebuildFromTheChangeLogGivesTheSameWarehouse() throws Exception {
        warehouse.reset();
        for (List<ChangeMessage> message : ChangeStreams.inOrder(changes, 500)) {
            warehouse.deliver(message);
        }
        for (List<ChangeMessage> message : ChangeStreams.inOrder(changes, 500)) {
            assertThat(warehouse.deliver(message)).isZero();
        }
        assertSameWarehouse(warehouse.snapshot(), inOrder);

        warehouse.rebuild(700);
        assertSameWarehouse(warehouse.snapshot(), inOrder);
    }

    @Test
    void aBacklogOnAnEmptyWarehouseDefersItsFactsUntilNothingWaitsThenGivesTheSameWarehouse() throws Exception {
        warehouse.reset();
        String factIndexes = "SELECT indexdef FROM pg_indexes WHERE tablename = 'fact_invoice_line' ORDER BY indexname";
        List<String> indexesAsMigrated = warehouse.rows(factIndexes);
        for (List<ChangeMessage> message : ChangeStreams.shuffledWithDuplicates(changes, 7, 0.15, 300)) {
            warehouse.deliverWithBacklog(message);
        }
        assertThat(warehouse.number("SELECT count(*) FROM fact_invoice_line")).isZero();
        assertThat(warehouse.number("SELECT count(*) FROM src_invoice_line")).isPositive();
        assertThat(warehouse.number("SELECT count(*) FROM deferred_facts")).isEqualTo(1L);

        assertThat(warehouse.deriveDeferredFacts())
                .hasValue(latestByKey("invoice_line").size());

        assertThat(warehouse.number("SELECT count(*) FROM deferred_facts")).isZero();
        assertThat(warehouse.rows(factIndexes)).hasSize(3).isEqualTo(indexesAsMigrated);
        assertSameWarehouse(warehouse.snapshot(), inOrder);
        assertThat(historyViolations()).isEmpty();
        assertThat(warehouse.deriveDeferredFacts()).isEmpty();
    }

    @Test
    void aBacklogOnAWarehouseWithFactsIsDerivedBatchByBatch() throws Exception {
        warehouse.reset();
        List<List<ChangeMessage>> messages = ChangeStreams.inOrder(changes, 500);
        int delivered = 0;
        while (warehouse.number("SELECT count(*) FROM fact_invoice_line") == 0) {
            warehouse.deliver(messages.get(delivered++));
        }
        long facts = warehouse.number("SELECT count(*) FROM fact_invoice_line");
        for (List<ChangeMessage> message : messages.subList(delivered, messages.size())) {
            warehouse.deliverWithBacklog(message);
            assertThat(warehouse.number("SELECT count(*) FROM deferred_facts")).isZero();
        }
        assertThat(warehouse.number("SELECT count(*) FROM fact_invoice_line")).isGreaterThan(facts);
        assertThat(warehouse.deriveDeferredFacts()).isEmpty();
        assertSameWarehouse(warehouse.snapshot(), inOrder);
    }

    /** Equal snapshots; on a difference, only the differing rows are shown. */
    static void assertSameWarehouse(Map<String, List<String>> actual, Map<String, List<String>> expected) {
        for (String table : expected.keySet()) {
            List<String> missing = new java.util.ArrayList<>(expected.get(table));
            missing.removeAll(actual.get(table));
            List<String> unexpected = new java.util.ArrayList<>(actual.get(table));
            unexpected.removeAll(expected.get(table));
            assertThat(missing)
                    .as(
                            "%s rows missing (unexpected: %s)",
                            table, unexpected.subList(0, Math.min(10, unexpected.size())))
                    .isEmpty();
            assertThat(unexpected).as("%s rows unexpected", table).isEmpty();
            assertThat(actual.get(table)).as(table).isEqualTo(expected.get(table));
        }
    }

    private static Map<Long, ChangeMessage> latestByKey(String table) {
        return changes.stream()
                .filter(c -> c.table().equals(table))
                .collect(Collectors.toMap(ChangeMessage::key, c -> c, (a, b) -> b));
    }

    /** Half-open intervals per key: from -infinity, each ending where the next begins, the last current. */
    static List<String> historyViolations() throws Exception {
        return warehouse.rows("""
                SELECT 'dim_' || kind || ' ' || id || ': ' || problem FROM (
                  SELECT 'customer' AS kind, customer_id AS id, valid_from, valid_to, is_current,
                         lag(valid_to) OVER w AS previous_end, lead(valid_from) OVER w AS next_start,
                         row_number() OVER w AS n
                  FROM dim_customer WINDOW w AS (PARTITION BY customer_id ORDER BY valid_from)
                  UNION ALL
                  SELECT 'track', track_id, valid_from, valid_to, is_current,
                         lag(valid_to) OVER w, lead(valid_from) OVER w, row_number() OVER w
                  FROM dim_track WINDOW w AS (PARTITION BY track_id ORDER BY valid_from)
                ) v, LATERAL (VALUES
                  (CASE WHEN n = 1 AND valid_from <> '-infinity' THEN 'first version does not open at -infinity' END),
                  (CASE WHEN n > 1 AND previous_end <> valid_from THEN 'gap or overlap before ' || valid_from END),
                  (CASE WHEN next_start IS NULL AND (valid_to <> 'infinity' OR NOT is_current) THEN 'last version not current' END),
                  (CASE WHEN next_start IS NOT NULL AND is_current THEN 'closed version marked current' END)
                ) p(problem)
                WHERE problem IS NOT NULL""");
    }
}
