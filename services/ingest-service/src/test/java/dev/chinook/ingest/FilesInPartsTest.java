package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.command.IngestCommand;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A file longer than one transaction's rows loads in parts, each committed with its checkpoint;
 * an invocation with time goes on from part to part. Counts, line numbers and changes are those
 * of the whole file, and no row is applied twice.
 */
@QuarkusTest
@TestProfile(FilesInPartsTest.ThreeRowsPerPart.class)
class FilesInPartsTest extends IngestTestBase {

    public static class ThreeRowsPerPart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.rows-per-transaction", "3");
        }
    }

    @Test
    void aFileOfEightRowsLoadsInThreePartsWithTheWholeFilesCountsAndLines() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = ("genre_id,name\n" + "40001,One\n40002,Two\n40003,Three\n"
                        + "x,Bad\n40005,Five\n40006,\"Six,\nwith a line break\"\n"
                        + "40007,Seven\n40008,Eight\n")
                .getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("parts_done", 3)
                .containsEntry("records_done", 8L)
                .containsEntry("rows_in_file", 8)
                .containsEntry("rows_loaded", 7)
                .containsEntry("rows_rejected", 1)
                .containsEntry("rows_changed", 7);
        assertThat(fx.query("SELECT count(*) FROM genre WHERE genre_id BETWEEN 40001 AND 40008"))
                .isEqualTo(7L);
        // Lines are the file's, across parts: the bad row is line 5, the one after the quoted line break 9.
        assertThat(fx.query("SELECT line_number FROM rejected_row r JOIN ingest_file f USING (file_id) "
                        + "WHERE f.object_key = '" + key + "'"))
                .isEqualTo(5L);
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 40007")).isEqualTo("Seven");
        assertThat(fx.drainChanges()).hasSize(7);
        assertThat(fx.drainContinuations()).isEmpty();
    }

    @Test
    void aCompressedFileResumesItsPartsToo() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv.gz";
        StringBuilder csv = new StringBuilder("genre_id,name\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(41_000 + i).append(",Genre ").append(i).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = out.toByteArray();

        fx.invoke(fx.putEvent(key, fx.upload(key, gz), gz.length));

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("parts_done", 4)
                .containsEntry("rows_loaded", 10);
        assertThat(fx.query("SELECT count(*) FROM genre WHERE genre_id BETWEEN 41001 AND 41010"))
                .isEqualTo(10L);
    }

    @Test
    void rowsParkedInSeveralPartsAreNotedForTheWholeFile() throws Exception {
        String key = "raw/album/" + UUID.randomUUID() + ".csv";
        StringBuilder csv = new StringBuilder("album_id,title,artist_id\n");
        for (int i = 1; i <= 7; i++) {
            // Artists that have not arrived: every part parks its rows.
            csv.append(44_000 + i)
                    .append(",Album ")
                    .append(i)
                    .append(',')
                    .append(45_000 + i)
                    .append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length));

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("parts_done", 3)
                .containsEntry("rows_loaded", 0)
                .containsEntry("rows_parked", 7);
        assertThat((String) fx.manifest(key).get("message"))
                .startsWith("7 rows came before their parent and were parked (loaded when it arrives");
    }

    @Test
    void aParentFileLoadedInPartsForItsChildGoesOnAndTheChildsWaitingRowsFollow() throws Exception {
        String batch = UUID.randomUUID().toString();
        String artists = "raw/artist/" + batch + ".csv";
        String albums = "raw/album/" + batch + ".csv";
        byte[] artistCsv =
                "artist_id,name\n42001,A\n42002,B\n42003,C\n42004,D\n42005,E\n".getBytes(StandardCharsets.UTF_8);
        byte[] albumCsv =
                "album_id,title,artist_id\n43001,First,42001\n43005,Last,42005\n".getBytes(StandardCharsets.UTF_8);
        fx.upload(artists, artistCsv);
        fx.drainIngestEvents();

        // The child's event comes first: it loads the parent's first part (its album of artist
        // 42005 parks), then the invocation goes on with the parent's other parts before its own,
        // and the parked album follows its artist, as a row of its own file.
        fx.invoke(fx.putEvent(albums, fx.upload(albums, albumCsv), albumCsv.length));
        assertThat(fx.query("SELECT count(*) FROM artist WHERE artist_id BETWEEN 42001 AND 42005"))
                .isEqualTo(5L);
        assertThat(fx.manifest(artists)).containsEntry("status", "LOADED").containsEntry("rows_loaded", 5);

        // The message left for a crash before the parent's other parts stays out of sight until
        // the invocation that went on with them is over (the test's invocations have 60 s), so no
        // other environment takes turns with it; when it comes, it finds the parent loaded.
        assertThat(fx.drainContinuations()).isEmpty();
        assertThat(fx.delayedIngestEvents()).isEqualTo(1);
        fx.purgeIngestEvents();
        long artistFile = (Long) fx.query("SELECT file_id FROM ingest_file WHERE object_key = '" + artists + "'");
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(new IngestCommand.ContinueFile(artistFile))));
        assertThat(fx.manifest(artists)).containsEntry("status", "LOADED").containsEntry("rows_loaded", 5);
        assertThat(fx.manifest(albums)).containsEntry("rows_loaded", 2).containsEntry("rows_parked", 0);
    }
}
