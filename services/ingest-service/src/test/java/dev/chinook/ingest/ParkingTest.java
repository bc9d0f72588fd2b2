package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.change.ChangeMessage;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rows whose parent has not arrived wait for it (files of one upload copied in parallel arrive in
 * any order): they load, as rows of their own file, once it has; they are rejected only when the
 * window has passed; a later file of the same key supersedes them; an identical re-upload of a
 * file with rejected rows tries those rows again.
 */
@QuarkusTest
class ParkingTest extends IngestTestBase {

    private static final String TRACK_HEADER =
            "track_id,name,album_id,media_type_id,genre_id,composer,milliseconds,bytes,unit_price\n";

    @Test
    void childrenProcessedBeforeTheirParentArrivedLoadWhenItDoes() throws Exception {
        String lines = "raw/album/" + UUID.randomUUID() + ".csv";
        byte[] albums = "album_id,title,artist_id\n9601,First,961\n9602,Second,961\n9603,Known,1\n"
                .getBytes(StandardCharsets.UTF_8);
        upload(
                "raw/artist/" + UUID.randomUUID() + "-known.csv",
                "artist_id,name\n1,Already there\n".getBytes(StandardCharsets.UTF_8));

        upload(lines, albums);

        assertThat(fx.manifest(lines))
                .containsEntry("rows_loaded", 1)
                .containsEntry("rows_parked", 2)
                .containsEntry("rows_rejected", 0);
        assertThat(fx.query("SELECT count(*) FROM album WHERE album_id IN (9601, 9602)"))
                .isEqualTo(0L);
        long changesBefore = (Long) fx.manifest(lines).get("last_change_id");
        fx.drainChanges();

        // The artist file arrives under another name: the parked albums load at the end of that invocation.
        upload(
                "raw/artist/" + UUID.randomUUID() + ".csv",
                "artist_id,name\n961,Late\n".getBytes(StandardCharsets.UTF_8));

        assertThat(fx.query("SELECT count(*) FROM album WHERE album_id IN (9601, 9602) AND artist_id = 961"))
                .isEqualTo(2L);
        assertThat(fx.manifest(lines))
                .containsEntry("rows_loaded", 3)
                .containsEntry("rows_parked", 0)
                .containsEntry("rows_changed", 3);
        assertThat((Long) fx.manifest(lines).get("last_change_id")).isGreaterThan(changesBefore);
        assertThat(fx.drainChanges().stream()
                        .filter(c -> c.table().equals("album"))
                        .map(ChangeMessage::sourceFile))
                .containsExactly("s3://" + fx.bucket() + "/" + lines, "s3://" + fx.bucket() + "/" + lines);
        assertThat(fx.query("SELECT count(*) FROM parked_row WHERE table_name = 'album' AND row_key IN (9601, 9602)"))
                .isEqualTo(0L);
    }

    @Test
    void aRowWaitingForTwoParentsLoadsOnlyWhenBothHaveArrived() throws Exception {
        String tracks = "raw/track/" + UUID.randomUUID() + ".csv";
        upload(
                "raw/media_type/" + UUID.randomUUID() + ".csv",
                "media_type_id,name\n971,Tape\n".getBytes(StandardCharsets.UTF_8));
        upload(tracks, (TRACK_HEADER + "9701,Song,9710,971,972,,1000,,0.99\n").getBytes(StandardCharsets.UTF_8));
        assertThat(fx.manifest(tracks)).containsEntry("rows_parked", 1);

        upload(
                "raw/genre/" + UUID.randomUUID() + ".csv",
                "genre_id,name\n972,Skiffle\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fx.manifest(tracks)).containsEntry("rows_parked", 1);

        upload(
                "raw/artist/" + UUID.randomUUID() + ".csv",
                "artist_id,name\n973,Band\n".getBytes(StandardCharsets.UTF_8));
        upload(
                "raw/album/" + UUID.randomUUID() + ".csv",
                "album_id,title,artist_id\n9710,Record,973\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fx.manifest(tracks)).containsEntry("rows_parked", 0).containsEntry("rows_loaded", 1);
        assertThat(fx.query("SELECT name FROM track WHERE track_id = 9701")).isEqualTo("Song");
    }

    @Test
    void aRowWaitingLongerThanTheWindowIsRejectedAndItsFileReportSaysWhy() throws Exception {
        String albums = "raw/album/" + UUID.randomUUID() + ".csv";
        upload(albums, "album_id,title,artist_id\n9801,Orphan,981\n".getBytes(StandardCharsets.UTF_8));
        assertThat(fx.manifest(albums)).containsEntry("rows_parked", 1);
        try (var c = cloud.connect("oltp")) {
            c.createStatement()
                    .executeUpdate("UPDATE parked_row SET parked_at = now() - interval '31 minutes' "
                            + "WHERE table_name = 'album' AND row_key = 9801");
        }

        // Any invocation sweeps: here an S3 test event.
        fx.invoke(IngestFixtures.sqsEvent("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}"));

        assertThat(fx.manifest(albums))
                .containsEntry("rows_parked", 0)
                .containsEntry("rows_rejected", 1)
                .containsEntry("rows_loaded", 0);
        assertThat(fx.query(
                        "SELECT line_number || ':' || column_name || ':' || value || ':' || reason FROM rejected_row r "
                                + "JOIN ingest_file f USING (file_id) WHERE f.object_key = '" + albums + "'"))
                .isEqualTo("2:artist_id:981:no artist with this artist_id arrived within 30 min");
        try (var s3 = cloud.s3Client()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(fx.bucket()).key("reports/" + albums + ".report.csv"))
                            .asUtf8String())
                    .contains("2,3,artist_id,981,no artist with this artist_id arrived within 30 min");
        }
    }

    @Test
    void aLaterFileOfTheSameKeySupersedesAParkedRow() throws Exception {
        String waiting = "raw/album/" + UUID.randomUUID() + ".csv";
        upload(waiting, "album_id,title,artist_id\n9901,Old title,991\n".getBytes(StandardCharsets.UTF_8));
        upload(
                "raw/artist/" + UUID.randomUUID() + "-x.csv",
                "artist_id,name\n992,Other\n".getBytes(StandardCharsets.UTF_8));
        String newer = "raw/album/" + UUID.randomUUID() + ".csv";

        upload(newer, "album_id,title,artist_id\n9901,New title,992\n".getBytes(StandardCharsets.UTF_8));
        upload(
                "raw/artist/" + UUID.randomUUID() + ".csv",
                "artist_id,name\n991,Late\n".getBytes(StandardCharsets.UTF_8));

        assertThat(fx.query("SELECT title FROM album WHERE album_id = 9901")).isEqualTo("New title");
        assertThat(fx.manifest(waiting)).containsEntry("rows_parked", 0).containsEntry("rows_rejected", 1);
        assertThat(fx.query(
                        "SELECT reason FROM rejected_row r JOIN ingest_file f USING (file_id) WHERE f.object_key = '"
                                + waiting + "'"))
                .isEqualTo("superseded by s3://" + fx.bucket() + "/" + newer + " before its artist arrived");
    }

    @Test
    void anIdenticalReUploadOfAFileWithRejectedRowsTriesThemAgain() throws Exception {
        String key = "raw/album/" + UUID.randomUUID() + ".csv";
        byte[] csv = "album_id,title,artist_id\n9951,Fine,1\n9952,Bad,x\n".getBytes(StandardCharsets.UTF_8);
        upload(
                "raw/artist/" + UUID.randomUUID() + ".csv",
                "artist_id,name\n1,Already there\n".getBytes(StandardCharsets.UTF_8));
        String eTag = fx.upload(key, csv);
        fx.invoke(fx.putEvent(key, eTag, csv.length, "00000000000000C001"));

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length, "00000000000000C002"));

        assertThat(fx.query("SELECT string_agg(status || '/' || rows_rejected, ',' ORDER BY file_id) FROM ingest_file "
                        + "WHERE object_key = '" + key + "'"))
                .isEqualTo("LOADED/1,LOADED/1");
    }

    private void upload(String key, byte[] csv) throws Exception {
        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));
    }
}
