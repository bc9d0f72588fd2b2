package dev.chinook.warehouse.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.s3.NoExpectContinue;
import dev.chinook.warehouse.service.FactDerivations;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The running service: its consumer takes change messages from the oltp-changes queue (inline
 * and by reference to S3), skips duplicates, leaves broken messages in the queue, and the status
 * and health endpoints say so.
 */
@QuarkusTest
class WarehouseServiceTest extends WarehouseTestBase {

    @Inject
    FactDerivations derivations;

    @Test
    void stateChangingEndpointsRefuseCallsWithoutTheOperatorToken() {
        for (String path : List.of("/api/rebuild", "/api/reconcile")) {
            String body = given().post(path)
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"chinook\"")
                    .extract()
                    .asString();
            assertThat(body).contains("operator token is required").doesNotContain(TOKEN);
            given().header("Authorization", "Bearer not-" + TOKEN)
                    .post(path)
                    .then()
                    .statusCode(401);
            given().header("Authorization", "Basic " + TOKEN).post(path).then().statusCode(401);
        }
        given().get("/api/rebuild").then().statusCode(200);
    }

    @Test
    void aReconcileRequestGoesToTheIngestFunctionAndItsReportShowsInStatus() throws Exception {
        String requestId = given().header("Authorization", "Bearer " + TOKEN)
                .queryParam("dryRun", true)
                .post("/api/reconcile")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("requestId");

        assertThat(awaitIngestCommand(requestId))
                .isEqualTo("{\"chinook\":\"reconcile\",\"requestId\":\"" + requestId + "\",\"dryRun\":true}");

        try (var s3 = cloud.s3Client()) {
            s3.putObject(
                    b -> b.bucket("chinook-raw").key("reports/reconcile/latest.json"),
                    RequestBody.fromString("{\"requestId\":\"" + requestId + "\",\"dryRun\":true,"
                            + "\"finishedAt\":\"2026-12-01T10:00:00Z\",\"objects\":12,\"unprocessed\":3,"
                            + "\"unprocessedKeys\":[\"raw/a.csv\",\"raw/b.csv\",\"raw/c.csv\"]}"));
        }
        given().get("/api/reconcile").then().statusCode(200).body("unprocessed", equalTo(3));
        given().get("/api/status")
                .then()
                .statusCode(200)
                .body("unprocessedObjects.count", equalTo(3))
                .body("unprocessedObjects.requestId", equalTo(requestId));
    }

    @Test
    void consumesInlineAndByReferenceMessagesOnceAndReportsThemInStatus() throws Exception {
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<ChangeMessage> first = List.of(
                change(1, "customer", 1, t, "customer_id", 1, "first_name", "Ann", "country", "Norway"),
                change(
                        2,
                        "invoice",
                        10,
                        t,
                        "invoice_id",
                        10,
                        "customer_id",
                        1,
                        "invoice_date",
                        "2025-06-01T10:00:00",
                        "billing_country",
                        "Norway",
                        "total",
                        1.98),
                change(
                        3,
                        "invoice_line",
                        100,
                        t,
                        "invoice_line_id",
                        100,
                        "invoice_id",
                        10,
                        "track_id",
                        7,
                        "unit_price",
                        0.99,
                        "quantity",
                        2));
        sqs(queue, ChangeCodec.toJson(ChangeBatch.of(first)));
        List<ChangeMessage> second = List.of(change(
                4,
                "track",
                7,
                t,
                "track_id",
                7,
                "name",
                "Intro",
                "media_type_id",
                1,
                "milliseconds",
                1000,
                "unit_price",
                0.99));
        try (var s3 = cloud.s3Client()) {
            s3.putObject(
                    b -> b.bucket("chinook-raw").key("changes/4-4.json"),
                    RequestBody.fromString(ChangeCodec.toJson(ChangeBatch.of(second))));
        }
        sqs(
                queue,
                ChangeCodec.toJson(
                        ChangeBatch.byReference("s3://chinook-raw/changes/4-4.json", List.of("s3://test/track.csv"))));
        sqs(queue, ChangeCodec.toJson(ChangeBatch.of(first)));
        sqs(queue, "{\"schemaVersion\":99,\"changes\":[]}");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/status").jsonPath().getLong("messagesApplied") == 3
                        && given().get("/api/status").jsonPath().getLong("messagesFailed") >= 1);

        given().get("/api/status")
                .then()
                .statusCode(200)
                .body("warehouse.changesApplied", equalTo(4))
                .body("warehouse.factRows", equalTo(1))
                .body("warehouse.inferredMembers", equalTo(0))
                .body("warehouse.factsDeferredSince", nullValue())
                .body("tableRows.fact_invoice_line", equalTo(1))
                .body("tableRows.dim_customer", equalTo(1))
                .body("tableRows.src_artist", equalTo(0));
        assertThat(new BigDecimal(given().get("/api/status").jsonPath().getString("warehouse.revenue")))
                .isEqualByComparingTo("1.98");
        // The light endpoint for pollers: queue depths and whether facts wait, the applied
        // messages gone from the queue.
        given().get("/api/status/queues")
                .then()
                .statusCode(200)
                .body("queues.oltp-changes.waiting", equalTo(0))
                .body("queues.oltp-changes.inFlight", equalTo(0))
                .body("factsDeferred", equalTo(false))
                .body("factsDerivingSince", nullValue())
                .body("warehouse", nullValue());
        given().get("/q/health/ready").then().statusCode(200);

        given().get("/api/analytics/revenue-by-month")
                .then()
                .statusCode(200)
                .body("rows.month", org.hamcrest.Matchers.contains("2025-06-01"))
                .body("rows.revenue", org.hamcrest.Matchers.contains(1.98f));
        given().get("/api/analytics/revenue-by-billing-country")
                .then()
                .body("rows.country", org.hamcrest.Matchers.contains("Norway"));
        given().get("/api/analytics/sales-by-genre")
                .then()
                .body("rows.genre", org.hamcrest.Matchers.contains("(none)"));
        given().queryParam("from", "2025-07-01")
                .get("/api/analytics/invoice-summary")
                .then()
                .body("rows[0].invoices", equalTo(0));
        given().get("/api/analytics/top-tracks?limit=1").then().body("rows[0].quantity", equalTo(2));
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Sales by genre"));
        given().get("/webjars/chart.js/4.5.1/dist/chart.umd.js").then().statusCode(200);
    }

    /** The one pass over a backlog's lines runs long with the queues drained: pollers are told it runs. */
    @Test
    void whileDeferredFactsAreDerivedTheQueuesStatusSaysSinceWhen() throws Exception {
        Instant[] since = new Instant[1];
        String reported = derivations.during(() -> {
            since[0] = derivations.runningSince().orElseThrow();
            return given().get("/api/status/queues")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("factsDerivingSince");
        });

        assertThat(Instant.parse(reported)).isEqualTo(since[0]);
        given().get("/api/status/queues").then().statusCode(200).body("factsDerivingSince", nullValue());
    }

    @Test
    void aChangeMessageThatCanNeverBeAppliedGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        String dlq = cloud.queueUrl(
                cloud.definition().queues().oltpChanges().deadLetter().name());
        String unknownTable = ChangeCodec.toJson(ChangeBatch.of(
                List.of(change(901, "playlist", 1, Instant.parse("2026-01-01T00:00:00Z"), "playlist_id", 1))));
        sqs(queue, unknownTable);
        sqs(queue, "{\"schemaVersion\":7,\"changes\":[]}");
        try (var s3 = cloud.s3Client()) {
            s3.putObject(
                    b -> b.bucket("chinook-raw").key("changes/902-902.json"),
                    RequestBody.fromString("{\"schemaVersion\":7,\"changes\":[]}"));
        }
        String newerSet = ChangeCodec.toJson(
                ChangeBatch.byReference("s3://chinook-raw/changes/902-902.json", List.of("s3://test/genre.csv")));
        sqs(queue, newerSet);

        Map<String, String> reasons = new java.util.HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(dlq)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages()
                    .forEach(m -> reasons.put(
                            m.body(),
                            m.messageAttributes().get("chinook-failure-reason").stringValue()));
            return reasons.containsKey(unknownTable)
                    && reasons.containsKey("{\"schemaVersion\":7,\"changes\":[]}")
                    && reasons.containsKey(newerSet);
        });
        assertThat(reasons.get(unknownTable)).contains("change_log_table_in_contract");
        assertThat(reasons.get("{\"schemaVersion\":7,\"changes\":[]}")).contains("unsupported change schema version 7");
        assertThat(reasons.get(newerSet))
                .contains("change set s3://chinook-raw/changes/902-902.json: unsupported change schema version 7");
        try (var olap = cloud.connect(dev.chinook.localcloud.aws.EmbeddedDatabases.OLAP);
                var rs = olap.createStatement()
                        .executeQuery("SELECT count(*) FROM change_log WHERE table_name = 'playlist'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        try (var olap = cloud.connect(dev.chinook.localcloud.aws.EmbeddedDatabases.OLAP);
                var rs = olap.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM message_failure WHERE permanent AND reason LIKE '%schema version 7%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the inline message and the set").isEqualTo(2);
        }
    }

    @Test
    void readinessAsksTheDatabaseSqsAndS3AndAFrozenDatabaseIsReportedDownWithinSeconds() throws Exception {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.containsInAnyOrder("database", "sqs", "s3"));

        List<ProcessHandle> postgres = cloud.databases().serverProcesses();
        assertThat(postgres).isNotEmpty();
        signal("-STOP", postgres);
        try {
            long started = System.nanoTime();
            var health = given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .extract()
                    .jsonPath();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.getString("checks.find { it.name == 'database' }.status"))
                    .isEqualTo("DOWN");
            assertThat(health.getString("checks.find { it.name == 'database' }.data.reason"))
                    .contains("did not answer within");
            assertThat(health.getString("checks.find { it.name == 'sqs' }.status"))
                    .isEqualTo("UP");

            started = System.nanoTime();
            given().get("/api/status").then().statusCode(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            signal("-CONT", postgres);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void prometheusMetricsCountMessagesAndChangesTimeTheApplyAndTellQueueDepths() throws Exception {
        String queue = cloud.queueUrl(cloud.definition().queues().oltpChanges().name());
        sqs(
                queue,
                ChangeCodec.toJson(ChangeBatch.of(List.of(change(
                        700, "genre", 70, Instant.parse("2026-01-01T00:00:00Z"), "genre_id", 70, "name", "Kuduro")))));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/metrics").asString().contains("chinook_queue_messages"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/metrics").asString().contains("chinook_changes_applied_total"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("chinook_messages_total{outcome=\"applied\"}")
                .contains("chinook_apply_seconds_bucket")
                .contains("chinook_queue_messages{queue=\"oltp-changes\",state=\"waiting\"}")
                .contains("chinook_warehouse_freshness_seconds");
    }

    @Test
    void theServiceSaysWhatRunsAndHowItIsConfiguredWithEverySecretMasked() {
        String info = given().get("/api/info")
                .then()
                .statusCode(200)
                .body("service", equalTo("warehouse-service"))
                .body("configuration.'chinook.warehouse.operator-token'", equalTo("********"))
                .body("configuration.'quarkus.datasource.password'", equalTo("********"))
                .body("configuration.'chinook.warehouse.queues.oltp-changes'", org.hamcrest.Matchers.startsWith("http"))
                .extract()
                .asString();
        for (String path : List.of("/api/info", "/api/status", "/api/dead-letters", "/q/health/ready", "/q/openapi")) {
            assertThat(given().get(path).asString())
                    .as(path)
                    .doesNotContain(TOKEN)
                    .doesNotContain("warehouse-secret");
        }
        assertThat(info).doesNotContain(TOKEN);
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/api/dead-letters/{queue}/replay"))
                .body(org.hamcrest.Matchers.containsString("/api/reconcile"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void analysesAreListedAndRefuseWhatTheyCannotAnswer() {
        given().get("/api/analytics")
                .then()
                .statusCode(200)
                .body("analyses.size()", equalTo(13))
                .body("analyses.name", org.hamcrest.Matchers.hasItems("revenue-by-month", "price-changes"));
        given().get("/api/analytics/no-such-thing").then().statusCode(404);
        given().queryParam("from", "last year")
                .get("/api/analytics/revenue-by-month")
                .then()
                .statusCode(400);
        given().queryParam("from", "2024-01-01")
                .queryParam("to", "2023-01-01")
                .get("/api/analytics/cohorts")
                .then()
                .statusCode(400);
        given().queryParam("limit", 0).get("/api/analytics/top-artists").then().statusCode(400);
        given().queryParam("level", "street")
                .get("/api/analytics/revenue-by-customer-location-then-and-now")
                .then()
                .statusCode(400);
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kill", signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    private static ChangeMessage change(long id, String table, long key, Instant at, Object... columns) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        for (int i = 0; i < columns.length; i += 2) {
            row.putPOJO((String) columns[i], columns[i + 1]);
        }
        return new ChangeMessage(
                id,
                table,
                key,
                ChangeMessage.Operation.UPSERT,
                ChangeCodec.mapper().valueToTree(row),
                at.plusSeconds(id),
                "s3://test/" + table + ".csv");
    }

    private void sqs(String queue, String body) {
        cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody(body));
    }

    @Inject
    S3Client s3;

    /** As the function's: a refused PUT (a validation file) fails at once instead of after a timeout. */
    @Test
    void theServicesS3ClientSendsBodiesWithoutAskingFirst() {
        assertThat(s3.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
                .anyMatch(NoExpectContinue.class::isInstance);
    }
}
