package dev.chinook.warehouse.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * File status and lineage read from the ingest's records in OLTP (written here as the ingest would)
 * and the warehouse's change log (filled by the running consumer); validation requests.
 */
@QuarkusTest
@TestProfile(FileResourceTest.OwnWarehouse.class)
class FileResourceTest extends WarehouseTestBase {

    /** A warehouse of its own: the changes applied here must not show in other classes' exact figures. */
    public static class OwnWarehouse implements QuarkusTestProfile {}

    @Test
    void aFileShowsItsVersionsRejectedRowsAndWhereEachOfItsChangesIs() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        String source = "s3://chinook-raw/" + key;
        long first = 5_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        long fileId = recordLoadedFile(key, first, first + 2);
        rejectRows(fileId, 3);
        // Change 1 was applied, change 2 is sent but not applied yet, change 3 waits in the outbox.
        try (Connection c = cloud.connect("oltp");
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO outbox_change_set (first_change_id, last_change_id, change_count, source_file, "
                                + "staged_key, committed_at) VALUES (?, ?, 1, ?, 'staged-changes/test.json', now())")) {
            ps.setLong(1, first + 2);
            ps.setLong(2, first + 2);
            ps.setString(3, source);
            ps.executeUpdate();
        }
        sendGenreChange(first, source);

        JsonPath one = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> given().get("/api/files/" + fileId)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        json -> json.getInt("lineage.applied") == 1);
        assertThat(one.getString("file.key")).isEqualTo(key);
        assertThat(one.getString("file.status")).isEqualTo("LOADED");
        assertThat(one.getInt("lineage.changes")).isEqualTo(3);
        assertThat(one.getInt("lineage.inOutbox")).isEqualTo(1);
        assertThat(one.getInt("lineage.sent")).isEqualTo(2);
        assertThat(one.getInt("lineage.notYetApplied")).isEqualTo(2);
        assertThat(one.getBoolean("lineage.complete")).isFalse();
        assertThat(one.getString("lineage.lastAppliedAt")).isNotNull();

        given().queryParam("key", key)
                .get("/api/files/by-key")
                .then()
                .statusCode(200)
                .body("bucket", equalTo("chinook-raw"))
                .body("versions.size()", equalTo(1))
                .body("versions[0].file.fileId", equalTo((int) fileId))
                .body("versions[0].lineage.applied", equalTo(1));
        given().queryParam("prefix", key)
                .get("/api/files")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].rowsRejected", equalTo(3));

        JsonPath page = given().queryParam("limit", 2)
                .get("/api/files/" + fileId + "/rejected")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(page.getLong("total")).isEqualTo(3);
        assertThat(page.getList("rows.line", Integer.class)).containsExactly(2, 3);
        assertThat(page.getString("rows[0].reason")).isEqualTo("reason 1");
        assertThat(given().queryParam("offset", 2)
                        .get("/api/files/" + fileId + "/rejected")
                        .jsonPath()
                        .getList("rows.line", Integer.class))
                .containsExactly(4);

        JsonPath status =
                given().get("/api/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getLong("ingest.outboxChanges")).isGreaterThanOrEqualTo(1);
        assertThat(status.getLong("warehouseLag.changes")).isGreaterThanOrEqualTo(2);
        assertThat(status.getString("warehouseLag.oldestWaitingSince")).isNotNull();
        assertThat(status.getMap("oltpTableRows"))
                .containsOnlyKeys(
                        "artist", "genre", "media_type", "album", "track", "customer", "invoice", "invoice_line");
    }

    @Test
    void aListingIsPagedNewestFirstAndFiltered() throws Exception {
        String prefix = "raw/artist/" + UUID.randomUUID() + "/";
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(recordLoadedFile(prefix + i + ".csv", null, null));
        }
        JsonPath firstPage = given().queryParam("prefix", prefix)
                .queryParam("limit", 3)
                .get("/api/files")
                .jsonPath();
        assertThat(firstPage.getList("items.fileId", Long.class)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        JsonPath secondPage = given().queryParam("prefix", prefix)
                .queryParam("limit", 3)
                .queryParam("before", firstPage.getLong("next"))
                .get("/api/files")
                .jsonPath();
        assertThat(secondPage.getList("items.fileId", Long.class)).containsExactly(ids.get(1), ids.get(0));
        assertThat(secondPage.getString("next")).isNull();
        given().queryParam("prefix", prefix)
                .queryParam("status", "rejected")
                .get("/api/files")
                .then()
                .body("items.size()", equalTo(0));
        given().queryParam("prefix", prefix)
                .queryParam("table", "artist")
                .queryParam("since", "2000-01-01T00:00:00Z")
                .get("/api/files")
                .then()
                .body("items.size()", equalTo(5));

        given().queryParam("status", "bogus").get("/api/files").then().statusCode(400);
        given().queryParam("limit", 0).get("/api/files").then().statusCode(400);
        given().queryParam("since", "yesterday").get("/api/files").then().statusCode(400);
        given().get("/api/files/by-key").then().statusCode(400);
        given().queryParam("key", "raw/none.csv")
                .get("/api/files/by-key")
                .then()
                .statusCode(404);
        given().get("/api/files/999999999").then().statusCode(404);
        given().get("/api/files/999999999/rejected").then().statusCode(404);
    }

    @Test
    void theIntegrityCheckCountsRowsWhoseParentIsMissing() throws Exception {
        given().get("/api/status/integrity").then().statusCode(200).body("intact", equalTo(true));
        int album = 900_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        try (Connection c = cloud.connect("oltp")) {
            c.createStatement().executeUpdate("INSERT INTO album VALUES (" + album + ", 'Orphan', 987654321)");
            try {
                JsonPath integrity = given().get("/api/status/integrity").jsonPath();
                assertThat(integrity.getBoolean("intact")).isFalse();
                assertThat(integrity.getLong("references.find { it.table == 'album' }.rows"))
                        .isEqualTo(1);
                assertThat(integrity.getString("references.find { it.table == 'album' }.parentTable"))
                        .isEqualTo("artist");
            } finally {
                c.createStatement().executeUpdate("DELETE FROM album WHERE album_id = " + album);
            }
        }
    }

    @Test
    void theIntegrityCheckCountsFactsWhoseDimensionMemberIsMissing() throws Exception {
        int line = 900_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        try (Connection c = cloud.connect("olap")) {
            c.createStatement()
                    .executeUpdate("INSERT INTO fact_invoice_line VALUES (" + line
                            + ", 1, 'Norway', -1, 987654321, 987654321, 1, 1.00, 1.00)");
            try {
                JsonPath integrity = given().get("/api/status/integrity").jsonPath();
                assertThat(integrity.getBoolean("intact")).isFalse();
                assertThat(integrity.getList(
                                "references.findAll { it.table == 'fact_invoice_line' && it.rows == 1 }.column"))
                        .containsExactlyInAnyOrder("customer_key", "track_key");
                assertThat(integrity.getLong(
                                "references.find { it.table == 'fact_invoice_line' && it.column == 'date_key' }.rows"))
                        .isZero();
            } finally {
                c.createStatement().executeUpdate("DELETE FROM fact_invoice_line WHERE invoice_line_id = " + line);
            }
        }
    }

    @Test
    void aFileToValidateIsStoredOutsideTheRawPrefixAndTheIngestIsAskedToCheckIt() throws Exception {
        String csv = "album_id,title,artist_id\n1,Fine,1\n";
        given().contentType("text/csv")
                .body(csv)
                .queryParam("table", "album")
                .post("/api/validate")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN)
                .contentType("text/csv")
                .body(csv)
                .queryParam("table", "no_such_table")
                .post("/api/validate")
                .then()
                .statusCode(400);
        JsonPath accepted = given().header("Authorization", "Bearer " + TOKEN)
                .contentType("text/csv")
                .body(csv)
                .queryParam("table", "album")
                .post("/api/validate")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        String requestId = accepted.getString("requestId");
        String key = accepted.getString("key");
        assertThat(key).isEqualTo("validation/" + requestId + "/album.csv");
        try (var s3 = cloud.s3Client()) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("chinook-raw").key(key))
                            .asUtf8String())
                    .isEqualTo(csv);
        }
        assertThat(awaitIngestCommand(requestId))
                .contains("\"chinook\":\"validate\"")
                .contains("\"key\":\"" + key + "\"");

        given().get("/api/validate/" + requestId).then().statusCode(404);
        try (var s3 = cloud.s3Client()) {
            s3.putObject(
                    b -> b.bucket("chinook-raw").key("reports/validation/" + requestId + ".json"),
                    RequestBody.fromString("{\"requestId\":\"" + requestId + "\",\"wouldBe\":\"LOADED\"}"));
        }
        given().get("/api/validate/" + requestId).then().statusCode(200).body("wouldBe", equalTo("LOADED"));
        given().get("/api/validate/not-an-id").then().statusCode(400);
    }

    /** A manifest row as the ingest writes it for a loaded file. */
    private long recordLoadedFile(String key, Long firstChangeId, Long lastChangeId) throws Exception {
        try (Connection c = cloud.connect("oltp");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO ingest_file (bucket, object_key, sequencer, etag, size_bytes, table_name, status,
                                                 rows_in_file, rows_loaded, rows_rejected, rows_changed,
                                                 first_change_id, last_change_id, started_at)
                        VALUES ('chinook-raw', ?, '0001', 'etag', 100, ?, 'LOADED', 6, 3, 3, ?, ?, ?, now())
                        RETURNING file_id""")) {
            ps.setString(1, key);
            ps.setString(2, key.split("/")[1]);
            ps.setInt(3, firstChangeId == null ? 0 : (int) (lastChangeId - firstChangeId + 1));
            ps.setObject(4, firstChangeId);
            ps.setObject(5, lastChangeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void rejectRows(long fileId, int count) throws Exception {
        try (Connection c = cloud.connect("oltp");
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rejected_row (file_id, line_number, column_number, column_name, value, reason) "
                                + "VALUES (?, ?, 1, 'genre_id', 'x', ?)")) {
            for (int i = count; i >= 1; i--) {
                ps.setLong(1, fileId);
                ps.setLong(2, i + 1);
                ps.setString(3, "reason " + i);
                ps.executeUpdate();
            }
        }
    }

    private void sendGenreChange(long changeId, String source) {
        ChangeMessage change = new ChangeMessage(
                changeId,
                "genre",
                1,
                ChangeMessage.Operation.UPSERT,
                ChangeCodec.mapper().createObjectNode().put("genre_id", 1).put("name", "One"),
                Instant.now(),
                source);
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        cloud.sqs()
                .sendMessage(b -> b.queueUrl(queue).messageBody(ChangeCodec.toJson(ChangeBatch.of(List.of(change)))));
    }
}
