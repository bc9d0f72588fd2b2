package dev.chinook.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChinookTablesTest {

    @Test
    void aTableIsNamedInSnakeCasePascalCaseOrThePluralOfTheSqliteEdition() {
        assertThat(ChinookTables.byName("invoice_line")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("InvoiceLine")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("invoice-lines")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("invoice_items")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("InvoiceItem")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("media_types")).contains(ChinookTables.MEDIA_TYPE);
        assertThat(ChinookTables.byName("Customers")).contains(ChinookTables.CUSTOMER);
        assertThat(ChinookTables.byName("genres")).contains(ChinookTables.GENRE);
    }

    @Test
    void aTableNameMayBeQualifiedOrFollowedByTheDateOrNumberAnExportToolAdds() {
        assertThat(ChinookTables.byName("public.invoice_line")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("dbo.InvoiceLine")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("invoice_line_202612061030")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("invoices-2026-12-06")).contains(ChinookTables.INVOICE);
        assertThat(ChinookTables.byName("Customer 2026-12-06 10.30")).contains(ChinookTables.CUSTOMER);
        assertThat(ChinookTables.byName("track_1")).contains(ChinookTables.TRACK);
        assertThat(ChinookTables.byName("chinook.media_types_2")).contains(ChinookTables.MEDIA_TYPE);
        assertThat(ChinookTables.byName("invoice_line_0000_part_00")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("InvoiceLine-Part-001")).contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.byName("invoice_line_v2")).isEmpty();
        assertThat(ChinookTables.byName("invoice_line_part")).isEmpty();
        assertThat(ChinookTables.byName("invoice_line_partial_1")).isEmpty();
        assertThat(ChinookTables.byName("employees_2026")).isEmpty();
        assertThat(ChinookTables.byName("2026")).isEmpty();
    }

    @Test
    void otherNamesDesignateNoTable() {
        assertThat(ChinookTables.byName("employees")).isEmpty();
        assertThat(ChinookTables.byName("playlist_track")).isEmpty();
        assertThat(ChinookTables.byName("s")).isEmpty();
        assertThat(ChinookTables.byName("items")).isEmpty();
        assertThat(ChinookTables.byName("invoicess")).isEqualTo(Optional.empty());
    }

    @Test
    void anObjectKeyNamesItsTableByFolderUnderRawOrByFileName() {
        assertThat(ChinookTables.forObjectKey("raw/invoice_items/2009-01-01.csv"))
                .contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.forObjectKey("exports/chinook/tracks.csv.gz")).contains(ChinookTables.TRACK);
        assertThat(ChinookTables.forObjectKey("raw/employees/2009-01-01.csv")).isEmpty();
        assertThat(ChinookTables.forObjectKey("drops/public.invoice_line.csv.gz"))
                .contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.forObjectKey("drops/invoice_line_202612061030.csv"))
                .contains(ChinookTables.INVOICE_LINE);
        assertThat(ChinookTables.forObjectKey("drops/Invoice.2026-12-06.CSV")).contains(ChinookTables.INVOICE);
    }

    @Test
    void theNamesListTheContractsTablesParentsFirst() {
        assertThat(ChinookTables.names())
                .isEqualTo("artist, genre, media_type, album, track, customer, invoice, invoice_line");
    }
}
