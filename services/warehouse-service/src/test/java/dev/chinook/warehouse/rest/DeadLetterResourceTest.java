package dev.chinook.warehouse.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.chinook.localcloud.aws.PipelineDefinition;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Dead letters: looked at without being taken, replayed by file or whole, purged only when confirmed, audited. */
@QuarkusTest
class DeadLetterResourceTest extends WarehouseTestBase {

    PipelineDefinition.Queue events;

    @BeforeEach
    void emptyIngestQueues() {
        events = cloud.definition().queues().ingestEvents();
        for (String name : List.of(events.name(), events.deadLetter().name())) {
            cloud.sqs().purgeQueue(b -> b.queueUrl(cloud.queueUrl(name)));
        }
    }

    private String event(String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"bucket\":{\"name\":\"chinook-raw\"},\"object\":{\"key\":\"" + key
                + "\",\"size\":10,\"eTag\":\"e\",\"sequencer\":\"0A\"}}}]}";
    }

    private void deadLetter(String body, String reason) {
        cloud.sqs()
                .sendMessage(b -> b.queueUrl(cloud.queueUrl(events.deadLetter().name()))
                        .messageBody(body)
                        .messageAttributes(Map.of(
                                "chinook-failure-reason",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue(reason)
                                        .build())));
    }

    private List<String> drain(String queue) {
        List<String> bodies = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(cloud.queueUrl(queue))
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1))
                    .messages()
                    .forEach(m -> bodies.add(m.body()));
            return !bodies.isEmpty();
        });
        return bodies;
    }

    @Test
    void aDeadLetterIsShownWithItsReasonAndFileAndReplayedByFileKeyOnly() {
        String wanted = "raw/invoice/" + UUID.randomUUID() + ".csv";
        String other = "raw/invoice/" + UUID.randomUUID() + ".csv";
        deadLetter(event(wanted), "database refused connections");
        deadLetter(event(other), "S3 answered 403");

        given().get("/api/dead-letters/ingest-events")
                .then()
                .statusCode(200)
                .body("messages", equalTo(2))
                .body("sample.files.flatten()", hasItem(wanted))
                .body(
                        "sample.find { it.files[0] == '" + wanted + "' }.reason",
                        equalTo("database refused connections"));
        // Looking took nothing.
        given().get("/api/dead-letters").then().body("find { it.queue == 'ingest-events' }.messages", equalTo(2));

        given().queryParam("fileKey", wanted)
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("fileKey", wanted)
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(202)
                .body("messages", equalTo(1));

        assertThat(drain(events.name())).containsExactly(event(wanted));
        given().get("/api/dead-letters/ingest-events")
                .then()
                .body("messages", equalTo(1))
                .body("sample.files.flatten()", hasItem(other));
        given().get("/api/operator-actions")
                .then()
                .statusCode(200)
                .body("find { it.action == 'replay' && it.selection.contains('" + wanted + "') }.messages", equalTo(1));
    }

    @Test
    void aWholeQueueIsReplayedByAMoveTaskAndAPurgeNeedsItsConfirmation() {
        deadLetter(event("raw/genre/a.csv"), "timeout");
        deadLetter(event("raw/genre/b.csv"), "timeout");

        given().header("Authorization", "Bearer " + TOKEN)
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(202)
                .body("selection", equalTo("all"));
        List<String> back = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            back.addAll(drain(events.name()));
            return back.size() >= 2;
        });
        assertThat(back).containsExactlyInAnyOrder(event("raw/genre/a.csv"), event("raw/genre/b.csv"));

        deadLetter("not even JSON", "message body is not JSON");
        given().header("Authorization", "Bearer " + TOKEN)
                .delete("/api/dead-letters/ingest-events")
                .then()
                .statusCode(400);
        given().delete("/api/dead-letters/ingest-events?confirm=purge").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN)
                .delete("/api/dead-letters/ingest-events?confirm=purge")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/api/dead-letters/ingest-events")
                                .jsonPath()
                                .getInt("messages")
                        == 0);
        given().get("/api/operator-actions").then().body("action", hasItem("purge"));
    }

    @Test
    void aRedrivenDeadLetterShowsTheFailuresRecordedForItFirstAndLast() throws Exception {
        String key = "raw/track/" + UUID.randomUUID() + ".csv";
        String id = cloud.sqs()
                .sendMessage(b ->
                        b.queueUrl(cloud.queueUrl(events.deadLetter().name())).messageBody(event(key)))
                .messageId();
        try (var c = cloud.connect("oltp");
                var ps = c.prepareStatement(
                        "INSERT INTO message_failure (queue, message_id, permanent, reason, failed_at) "
                                + "VALUES ('ingest-events', ?, false, ?, ?::timestamptz)")) {
            for (String[] failure : new String[][] {
                {"S3 answered 403", "2026-12-01T10:00:00Z"}, {"S3 answered 403 again", "2026-12-01T10:30:00Z"}
            }) {
                ps.setString(1, id);
                ps.setString(2, failure[0]);
                ps.setString(3, failure[1]);
                ps.executeUpdate();
            }
        }

        given().get("/api/dead-letters/ingest-events")
                .then()
                .statusCode(200)
                .body("sample[0].failures", equalTo(2))
                .body("sample[0].firstFailedAt", equalTo("2026-12-01T10:00:00Z"))
                .body("sample[0].lastFailedAt", equalTo("2026-12-01T10:30:00Z"))
                .body("sample[0].reason", equalTo("S3 answered 403 again"));
    }

    @Test
    void aReplayCanTakeOnlyTheMessagesOlderThanAnAge() throws Exception {
        deadLetter(event("raw/genre/old.csv"), "timeout");
        given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("olderThan", "an hour")
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(400);
        given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("olderThan", "PT1H")
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(202)
                .body("messages", equalTo(0))
                .body("selection", equalTo("olderThan=PT1H"));
        Thread.sleep(1_100);
        given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("olderThan", "PT1S")
                .post("/api/dead-letters/ingest-events/replay")
                .then()
                .statusCode(202)
                .body("messages", equalTo(1));
        assertThat(drain(events.name())).containsExactly(event("raw/genre/old.csv"));
    }
}
