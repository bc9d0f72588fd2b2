package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A file of keys new to its table has its changes built by the ingest from the parsed rows, not by
 * PostgreSQL from the inserted ones: each change still carries the stored row as row_to_json writes
 * it (numbers with their scale, text with its escapes), and a key, id and commit time of its own.
 */
@QuarkusTest
class NewRowChangesTest extends IngestTestBase {

    /** Decimals as BigDecimal, whose equality sees the scale: 1.5 is not 1.50. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @Test
    void changesOfNewRowsCarryTheStoredRowsAsPostgresqlWritesThem() throws Exception {
        String customers = "raw/customer/" + UUID.randomUUID() + ".csv";
        byte[] customerCsv = ("customer_id,first_name,last_name,company,address,city,state,country,postal_code,"
                        + "phone,email\n"
                        + "880001,Zoë,\"O\"\"Hara\",\"back\\slash / € 😀\",\"two\nlines\",,\t,,,,z@example.org\n"
                        + "880002,Ann,Lee,,,,,,,,a@example.org\n")
                .getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(customers, fx.upload(customers, customerCsv), customerCsv.length));
        String invoices = "raw/invoice/" + UUID.randomUUID() + ".csv";
        byte[] invoiceCsv = ("invoice_id,customer_id,invoice_date,billing_address,billing_city,billing_state,"
                        + "billing_country,billing_postal_code,total\n"
                        + "880001,880001,2021-01-31,,,,,,1500\n"
                        + "880002,880002,2021-01-31 14:05:09.500,,,,,,0.5\n"
                        + "880003,880002,2021-01-31T14:05:09+02:00,\"a \"\"b\"\"\",,,,,1.500\n")
                .getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(invoices, fx.upload(invoices, invoiceCsv), invoiceCsv.length));

        List<JsonNode> changes = drainChangesStrictly();
        changes.sort(Comparator.comparingLong(c -> c.get("changeId").asLong()));

        assertThat(changes).hasSize(5);
        assertThat(changes).extracting(c -> c.get("changeId").asLong()).doesNotHaveDuplicates();
        assertThat(changes)
                .extracting(c -> c.get("table").asText() + " " + c.get("key").asLong())
                .containsExactly(
                        "customer 880001", "customer 880002", "invoice 880001", "invoice 880002", "invoice 880003");
        for (JsonNode change : changes) {
            String table = change.get("table").asText();
            long key = change.get("key").asLong();
            assertThat(change.get("operation").asText()).isEqualTo("UPSERT");
            assertThat(change.get("committedAt").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(change.get("row")).as("%s %d", table, key).isEqualTo(STRICT.readTree(storedRow(table, key)));
        }
        assertThat(changes.get(0).get("row").get("address").asText()).isEqualTo("two\nlines");
        assertThat(changes.get(2).get("row").get("total").decimalValue()).hasToString("1500.00");
    }

    private String storedRow(String table, long key) throws Exception {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT row_to_json(t)::text FROM " + table + " t WHERE " + table + "_id = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("%s %d stored", table, key).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** The changes of every batch the relay announced, read with decimals kept exactly. */
    private List<JsonNode> drainChangesStrictly() throws Exception {
        List<JsonNode> changes = new ArrayList<>();
        for (String batch : fx.drainChangeBatches()) {
            STRICT.readTree(batch).get("changes").forEach(changes::add);
        }
        return changes;
    }
}
