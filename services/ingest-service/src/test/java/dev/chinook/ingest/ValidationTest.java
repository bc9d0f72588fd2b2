package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.command.IngestCommand;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Validation-only mode, and the change ids a load records for the lineage of its file. */
@QuarkusTest
class ValidationTest extends IngestTestBase {

    private static final String ALBUM_HEADER = "album_id,title,artist_id\n";

    @Test
    void aValidatedFileGetsItsWouldBeReportAndNothingIsLoaded() throws Exception {
        String artists = "raw/artist/" + UUID.randomUUID() + ".csv";
        byte[] artist = "artist_id,name\n951,Known\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(artists, fx.upload(artists, artist), artist.length));
        long manifestRows = (Long) fx.query("SELECT count(*) FROM ingest_file");
        long outbox = (Long) fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set");
        String requestId = UUID.randomUUID().toString();
        String key = "validation/" + requestId + "/album.csv";
        cloud.putWithoutEvent(
                key,
                (ALBUM_HEADER + "9501,Fine,951\n9502,No artist,959\nnine,Bad id,951\n9503,Also fine,951\n")
                        .getBytes(StandardCharsets.UTF_8));

        JsonNode answer = fx.invoke(IngestFixtures.sqsEvent(
                IngestCommand.toJson(new IngestCommand.Validate(requestId, fx.bucket(), key, null))));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        JsonNode report = report(requestId);
        assertThat(report.path("table").asText()).isEqualTo("album");
        assertThat(report.path("wouldBe").asText()).isEqualTo("LOADED");
        assertThat(report.path("rowsInFile").asLong()).isEqualTo(4);
        assertThat(report.path("rowsValid").asLong()).isEqualTo(2);
        assertThat(report.path("rowsRejected").asLong()).isEqualTo(1);
        assertThat(report.path("rowsWaitingForParent").asLong()).isEqualTo(1);
        assertThat(report.path("rowsThatWouldChange").asLong()).isEqualTo(2);
        assertThat(report.path("rejections").findValuesAsText("reason")).containsExactly("not an integer");
        assertThat(report.path("rejections").get(0).path("lineNumber").asLong()).isEqualTo(4);
        assertThat(report.path("rejections").get(0).path("columnName").asText()).isEqualTo("album_id");
        // Nothing of it stays: no rows, no manifest row, no change.
        assertThat(fx.query("SELECT count(*) FROM album WHERE album_id IN (9501, 9503)"))
                .isEqualTo(0L);
        assertThat(fx.query("SELECT count(*) FROM ingest_file")).isEqualTo(manifestRows);
        assertThat(fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set"))
                .isEqualTo(outbox);
        assertThat(fx.query("SELECT count(*) FROM parked_row WHERE table_name = 'album' AND row_key = 9502"))
                .isEqualTo(0L);
    }

    @Test
    void aFileThatBreaksTheContractIsReportedRejectedAndAnUnknownKeySaysSo() throws Exception {
        String requestId = UUID.randomUUID().toString();
        String key = "validation/" + requestId + "/album.csv";
        cloud.putWithoutEvent(key, "title\nNo key\n".getBytes(StandardCharsets.UTF_8));

        fx.invoke(IngestFixtures.sqsEvent(
                IngestCommand.toJson(new IngestCommand.Validate(requestId, fx.bucket(), key, "album"))));

        assertThat(report(requestId).path("wouldBe").asText()).isEqualTo("REJECTED");
        assertThat(report(requestId).path("message").asText()).contains("header lacks column(s)");

        String missing = UUID.randomUUID().toString();
        fx.invoke(IngestFixtures.sqsEvent(IngestCommand.toJson(
                new IngestCommand.Validate(missing, fx.bucket(), "validation/nothing-here.csv", "album"))));
        assertThat(report(missing).path("message").asText()).startsWith("no object s3://");
    }

    @Test
    void aLoadRecordsTheRangeOfChangeIdsItsChangesGot() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n961,One\n962,Two\n963,Three\n".getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));

        var manifest = fx.manifest(key);
        assertThat(manifest).containsEntry("rows_changed", 3);
        long first = (Long) manifest.get("first_change_id");
        long last = (Long) manifest.get("last_change_id");
        assertThat(last - first).isEqualTo(2);
        assertThat(fx.drainChanges().stream()
                        .filter(c -> c.sourceFile().endsWith(key))
                        .map(ChangeMessage::changeId))
                .containsExactlyInAnyOrder(first, first + 1, last);
    }

    private JsonNode report(String requestId) throws Exception {
        try (var s3 = cloud.s3Client()) {
            return ChangeCodec.mapper()
                    .readTree(s3.getObjectAsBytes(
                                    b -> b.bucket(fx.bucket()).key("reports/validation/" + requestId + ".json"))
                            .asUtf8String());
        }
    }
}
