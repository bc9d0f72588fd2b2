package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.contract.ChinookTables;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderMappingTest {

    @Test
    void pascalCaseHeadersInAnyOrderMapToTheContractAndExtraColumnsAreListed() {
        HeaderMapping mapping = HeaderMapping.of(ChinookTables.ALBUM, List.of("ArtistId", "Fax", " Title ", "AlbumId"));

        assertThat(mapping.positionOf(ChinookTables.ALBUM.indexOf("album_id"))).isEqualTo(3);
        assertThat(mapping.positionOf(ChinookTables.ALBUM.indexOf("title"))).isEqualTo(2);
        assertThat(mapping.positionOf(ChinookTables.ALBUM.indexOf("artist_id"))).isZero();
        assertThat(mapping.ignoredHeaders()).containsExactly("Fax");
        assertThat(mapping.operationPosition()).isEqualTo(-1);
    }

    @Test
    void aBareIdIsTheTablesKeyUnlessTheHeaderNamesTheKey() {
        HeaderMapping railsStyle = HeaderMapping.of(ChinookTables.ALBUM, List.of("id", "title", "artist_id"));
        assertThat(railsStyle.positionOf(ChinookTables.ALBUM.indexOf("album_id")))
                .isZero();
        assertThat(railsStyle.ignoredHeaders()).isEmpty();

        HeaderMapping both = HeaderMapping.of(ChinookTables.ALBUM, List.of("Id", "title", "artist_id", "AlbumId"));
        assertThat(both.positionOf(ChinookTables.ALBUM.indexOf("album_id"))).isEqualTo(3);
        assertThat(both.ignoredHeaders()).containsExactly("Id");
    }

    @Test
    void headersQualifiedByTheirTableAsSqlClientsWriteThemMapToTheContract() {
        HeaderMapping beeline =
                HeaderMapping.of(ChinookTables.ALBUM, List.of("album.album_id", "album.title", "album.artist_id"));
        assertThat(beeline.positionOf(ChinookTables.ALBUM.indexOf("album_id"))).isZero();
        assertThat(beeline.positionOf(ChinookTables.ALBUM.indexOf("title"))).isEqualTo(1);
        assertThat(beeline.positionOf(ChinookTables.ALBUM.indexOf("artist_id"))).isEqualTo(2);

        HeaderMapping railsQualified = HeaderMapping.of(
                ChinookTables.ALBUM, List.of("albums.id", "albums.title", "albums.artist_id", "albums.created_at"));
        assertThat(railsQualified.positionOf(ChinookTables.ALBUM.indexOf("album_id")))
                .isZero();
        assertThat(railsQualified.ignoredHeaders()).containsExactly("albums.created_at");

        assertThatThrownBy(() -> HeaderMapping.of(
                        ChinookTables.ALBUM,
                        List.of("album.album_id", "album.title", "album.artist_id", "artist.artist_id")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("column artist_id appears twice in the header (columns 3 and 4)");
    }

    @Test
    void aColumnWithoutANameIsListedByItsPosition() {
        HeaderMapping mapping = HeaderMapping.of(ChinookTables.GENRE, List.of("", "genre_id", "name", " "));

        assertThat(mapping.positionOf(ChinookTables.GENRE.indexOf("genre_id"))).isEqualTo(1);
        assertThat(mapping.ignoredHeaders()).containsExactly("column 1 (no name)", "column 4 (no name)");
    }

    @Test
    void theOperationColumnIsFoundInAnyCase() {
        HeaderMapping mapping = HeaderMapping.of(ChinookTables.GENRE, List.of("genre_id", "name", "_OP"));

        assertThat(mapping.operationPosition()).isEqualTo(2);
        assertThat(mapping.ignoredHeaders()).isEmpty();
    }

    @Test
    void aMissingColumnRejectsTheFileNamingWhatIsMissingAndWhatWasFound() {
        assertThatThrownBy(() -> HeaderMapping.of(ChinookTables.ALBUM, List.of("album_id", "name")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("header lacks column(s) title, artist_id of table album (found: album_id, name)");
    }

    @Test
    void aFileWithoutAHeaderRowIsNamedAsSuch() {
        assertThatThrownBy(() -> HeaderMapping.of(ChinookTables.ALBUM, List.of("1", "For Those About To Rock", "1")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("header lacks column(s) album_id, title, artist_id of table album (found: 1, For Those "
                        + "About To Rock, 1); the first row looks like data, not a header: export the file with its "
                        + "column names");
        assertThatThrownBy(() -> HeaderMapping.of(ChinookTables.ALBUM, List.of("1", "title", "artist_id")))
                .hasMessage("header lacks column(s) album_id of table album (found: 1, title, artist_id)");
    }

    @Test
    void aSemicolonSeparatedHeaderIsNamedAsSuch() {
        assertThatThrownBy(() -> HeaderMapping.of(ChinookTables.GENRE, List.of("genre_id;name")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("header lacks column(s) genre_id, name of table genre (found: genre_id;name); the header is"
                        + " one field holding semicolons: the file looks semicolon-separated, and files must be"
                        + " comma-separated (RFC 4180)");
    }

    @Test
    void aColumnNamedTwiceRejectsTheFile() {
        assertThatThrownBy(() -> HeaderMapping.of(ChinookTables.GENRE, List.of("genre_id", "Name", "name")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("column name appears twice in the header (columns 2 and 3)");
    }
}
