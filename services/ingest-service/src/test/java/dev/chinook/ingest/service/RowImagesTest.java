package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The image the ingest builds for a new row is what PostgreSQL's row_to_json writes, byte for byte. */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudTestResource.class, restrictToAnnotatedClass = false)
class RowImagesTest {

    @InjectLocalCloud
    LocalCloud cloud;

    @Test
    void textWithEveryEscapePostgresqlWritesIsWrittenAlike() throws Exception {
        assertSameAsPostgresql(
                new RowImages(ChinookTables.CUSTOMER),
                ChinookTables.CUSTOMER,
                "7",
                "Zoë \"Q\" O'Hara",
                "back\\slash/ and € 😀",
                "tab\there\r\nnew line",
                "bell\u0007 us\u001f del\u007f",
                "\b\f",
                "",
                null,
                " spaces ",
                "+1 (408) 617",
                "a@b.example");
    }

    @Test
    void moneyIsWrittenWithItsTwoDecimalsAndTimestampsWithSecondsAndNoTrailingZeros() throws Exception {
        String[][] invoices = {
            {"1", "2", "2021-01-31", "a longer address, so that the next rows are shorter", "Ås", "ß", "ü", "∑", "1500"
            },
            {"2", "2", "2021-01-31 14:05", "x", null, null, null, null, "0.5"},
            {"3", "2", "2021-01-31T14:05:09.5", "x", null, null, null, null, "1.500"},
            {"4", "2", "2021-01-31T14:05:09.123456", "x", null, null, null, null, "0"},
            {"5", "2", "2021-01-31T14:05:09+02:00", "x", null, null, null, null, "+2.25"},
            {"6", "2", "2009-01-01 00:00:00.000", "x", null, null, null, null, "99999999.99"},
            {"7", "2", "2009-01-01T00:00:00.000100", "x", null, null, null, null, "0.10"},
        };
        // One writer for all, as for a part's rows: each image is its row's alone.
        RowImages writer = new RowImages(ChinookTables.INVOICE);
        for (String[] invoice : invoices) {
            assertSameAsPostgresql(writer, ChinookTables.INVOICE, invoice);
        }
    }

    @Test
    void aFractionFinerThanAMicrosecondIsLeftToPostgresql() throws Exception {
        String[] values = canonical(
                ChinookTables.INVOICE, "1", "2", "2021-01-31T14:05:09.1234567", null, null, null, null, null, "1");

        assertThat(new RowImages(ChinookTables.INVOICE).of(values)).isNull();
    }

    @Test
    void everyOltpTableHasTheContractsColumnsInItsOrderAndNoOther() throws Exception {
        // An image lists the contract's columns; row_to_json lists the table's.
        for (TableSpec table : ChinookTables.ALL) {
            List<String> columns = new ArrayList<>();
            try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                    PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns "
                            + "WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position")) {
                ps.setString(1, table.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            assertThat(columns).as(table.name()).containsExactlyElementsOf(table.columnNames());
        }
    }

    private void assertSameAsPostgresql(RowImages writer, TableSpec table, String... raw) throws Exception {
        String[] values = canonical(table, raw);
        byte[] image = writer.of(values);

        assertThat(image).as("image of row %s", raw[0]).isNotNull();
        assertThat(new String(image, StandardCharsets.UTF_8)).isEqualTo(rowToJson(table, values));
    }

    /** The values as the parser hands them on: canonical text, null for an empty optional value. */
    private static String[] canonical(TableSpec table, String... raw) throws InvalidValueException {
        String[] values = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = ValueParser.parse(table.columns().get(i), raw[i]);
        }
        return values;
    }

    private String rowToJson(TableSpec table, String[] values) throws Exception {
        String columns = table.columns().stream()
                .map(c -> "CAST(? AS " + c.sqlType() + ") AS " + c.name())
                .collect(Collectors.joining(", "));
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP);
                PreparedStatement ps =
                        c.prepareStatement("SELECT row_to_json(r)::text FROM (SELECT " + columns + ") r")) {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
