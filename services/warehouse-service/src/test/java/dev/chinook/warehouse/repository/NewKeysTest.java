package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys new to the warehouse are inserted without the upsert's checks, and with its outcome. */
class NewKeysTest extends WarehouseDatabaseTest {

    @Test
    void aNewKeyChangedTwiceInOneBatchKeepsItsLatestChangeWhereverItStandsInTheBatch() throws Exception {
        ChangeMessage newer = line(920, 91000, "2.00");
        ChangeMessage older = line(910, 91000, "1.00");
        ChangeMessage once = line(911, 91001, "3.00");

        assertThat(warehouse.deliver(List.of(newer, older, once))).isEqualTo(3);

        assertThat(warehouse.rows("SELECT invoice_line_id, unit_price, change_id FROM src_invoice_line ORDER BY 1"))
                .containsExactly("91000 | 2.00 | 920", "91001 | 3.00 | 911");
        assertThat(warehouse.rows("SELECT invoice_line_id, unit_price FROM fact_invoice_line ORDER BY 1"))
                .containsExactly("91000 | 2.00", "91001 | 3.00");
    }

    /** A change of an invoice line, committed {@code id} seconds into 2026. */
    private static ChangeMessage line(long id, long key, String unitPrice) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        row.put("invoice_line_id", key).put("invoice_id", 9100).put("track_id", 1);
        row.put("unit_price", new BigDecimal(unitPrice)).put("quantity", 1);
        return new ChangeMessage(
                id,
                "invoice_line",
                key,
                ChangeMessage.Operation.UPSERT,
                row,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                "s3://test/invoice_line.csv");
    }
}
