package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Facts are bound by joins on the type 2 dimensions: a batch that changed one as much as
 * autovacuum would wait for analyses it before binding them, and a small batch leaves it be.
 */
class DimensionStatisticsTest extends WarehouseDatabaseTest {

    @Test
    void aBatchThatChangesADimensionMuchAnalysesItAndASmallOneDoesNot() throws Exception {
        warehouse.reset();
        // Only the batches may analyse it in this test.
        warehouse.execute("ALTER TABLE dim_customer SET (autovacuum_enabled = false)");

        warehouse.deliver(customers(1, 20));
        assertThat(rowsAsAnalysed())
                .as("after 20 new customers: never analysed")
                .isEqualTo(-1);

        warehouse.deliver(customers(1_000, 400));
        assertThat(rowsAsAnalysed()).as("after 400 more: analysed").isEqualTo(420);

        warehouse.deliver(customers(5_000, 30));
        assertThat(rowsAsAnalysed())
                .as("after 30 more of 420: as analysed before")
                .isEqualTo(420);
    }

    private static double rowsAsAnalysed() throws Exception {
        return ((Number) warehouse.value("SELECT reltuples FROM pg_class WHERE oid = 'dim_customer'::regclass"))
                .doubleValue();
    }

    private static List<ChangeMessage> customers(long first, int count) {
        return LongStream.range(first, first + count)
                .mapToObj(id -> {
                    ObjectNode row = ChangeCodec.mapper().createObjectNode();
                    row.put("customer_id", id).put("first_name", "Ann").put("last_name", "Lee");
                    return new ChangeMessage(
                            id,
                            "customer",
                            id,
                            ChangeMessage.Operation.UPSERT,
                            row,
                            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                            "s3://test/customer.csv");
                })
                .toList();
    }
}
