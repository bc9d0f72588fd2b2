package dev.chinook.warehouse.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The running service: its consumer takes change messages from the oltp-changes queue (inline
 * and by reference to S3), skips duplicates, leaves broken messages in the queue, and the status
 * and health endpoints say so.
 */
@QuarkusTest
@QuarkusTestResource(
        value = LocalCloudTestResource.class,
        initArgs = @ResourceArg(name = LocalCloudTestResource.SERVICE, value = "warehouse"))
class WarehouseServiceTest {

    @InjectLocalCloud
    LocalCloud cloud;

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
        sqs(queue, ChangeCodec.toJson(ChangeBatch.byReference("s3://chinook-raw/changes/4-4.json")));
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
                .body("warehouse.inferredMembers", equalTo(0));
        assertThat(new BigDecimal(given().get("/api/status").jsonPath().getString("warehouse.revenue")))
                .isEqualByComparingTo("1.98");
        given().get("/q/health/ready").then().statusCode(200);

        given().get("/api/analytics/revenue-by-month")
                .then()
                .statusCode(200)
                .body("label", org.hamcrest.Matchers.contains("2025-06"))
                .body("revenue", org.hamcrest.Matchers.contains(1.98f));
        given().get("/api/analytics/revenue-by-country").then().body("label", org.hamcrest.Matchers.contains("Norway"));
        given().get("/api/analytics/revenue-by-genre").then().body("label", org.hamcrest.Matchers.contains("(none)"));
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Revenue by genre"));
        given().get("/webjars/chart.js/4.5.1/dist/chart.umd.js").then().statusCode(200);
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
}
