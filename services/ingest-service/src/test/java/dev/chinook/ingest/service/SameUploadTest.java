package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.contract.ChinookTables;
import org.junit.jupiter.api.Test;

class SameUploadTest {

    @Test
    void parentFilesOfAnUploadUnderRawFolders() {
        assertThat(SameUpload.siblingKeys("raw/invoice_line/2026-11-25.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("raw/invoice/2026-11-25.csv", "raw/Invoice/2026-11-25.csv");
        assertThat(SameUpload.siblingKeys("tenant-a/raw/InvoiceLine/day 2.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("tenant-a/raw/Invoice/day 2.csv", "tenant-a/raw/invoice/day 2.csv");
    }

    @Test
    void parentFilesOfAnUploadNamedAfterTheirTables() {
        assertThat(SameUpload.siblingKeys("drops/2026-11-25/InvoiceLine.csv", ChinookTables.INVOICE_LINE, "track"))
                .containsExactly("drops/2026-11-25/Track.csv", "drops/2026-11-25/track.csv");
        assertThat(SameUpload.siblingKeys("raw/album.csv", ChinookTables.ALBUM, "artist"))
                .containsExactly("raw/artist.csv", "raw/Artist.csv");
        assertThat(SameUpload.siblingKeys("drops/notes.csv", ChinookTables.ALBUM, "artist"))
                .isEmpty();
    }

    @Test
    void parentFilesOfAnUploadNamedInThePluralAreLookedForInThePluralFirst() {
        assertThat(SameUpload.siblingKeys("sqlite/invoice_items.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly(
                        "sqlite/invoices.csv", "sqlite/Invoices.csv", "sqlite/invoice.csv", "sqlite/Invoice.csv");
        assertThat(SameUpload.siblingKeys("raw/Tracks/day-1.csv", ChinookTables.TRACK, "media_type"))
                .containsExactly(
                        "raw/MediaTypes/day-1.csv",
                        "raw/media_types/day-1.csv",
                        "raw/MediaType/day-1.csv",
                        "raw/media_type/day-1.csv");
    }

    @Test
    void parentFilesOfAnUploadNamedAsExportToolsNameThemKeepWhatTheToolAdded() {
        assertThat(SameUpload.siblingKeys("drops/invoice_line_202612061030.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("drops/invoice_202612061030.csv", "drops/Invoice_202612061030.csv");
        assertThat(SameUpload.siblingKeys(
                        "unload/invoice_line_0001_part_00.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("unload/invoice_0001_part_00.csv", "unload/Invoice_0001_part_00.csv");
        assertThat(SameUpload.siblingKeys("drops/public.invoice_line.csv.gz", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("drops/public.invoice.csv.gz", "drops/public.Invoice.csv.gz");
        assertThat(SameUpload.siblingKeys("raw/dbo.InvoiceLine/day-1.csv", ChinookTables.INVOICE_LINE, "invoice"))
                .containsExactly("raw/dbo.Invoice/day-1.csv", "raw/dbo.invoice/day-1.csv");
    }
}
