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
    }

    @Test
    void theNamesListTheContractsTablesParentsFirst() {
        assertThat(ChinookTables.names())
                .isEqualTo("artist, genre, media_type, album, track, customer, invoice, invoice_line");
    }
}
