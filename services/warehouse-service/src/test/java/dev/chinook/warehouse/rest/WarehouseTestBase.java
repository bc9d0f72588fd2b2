package dev.chinook.warehouse.rest;

import static org.awaitility.Awaitility.await;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the service's tests share: one local-cloud configured for the warehouse, with an operator token. */
@QuarkusTestResource(
        value = LocalCloudTestResource.class,
        restrictToAnnotatedClass = false,
        initArgs = {
            @ResourceArg(name = LocalCloudTestResource.SERVICE, value = "warehouse"),
            @ResourceArg(name = "chinook.warehouse.operator-token", value = WarehouseTestBase.TOKEN),
            // The tests stand in for the ingest, which owns and migrates OLTP (EmbeddedDatabases.INGEST).
            @ResourceArg(name = "quarkus.datasource.oltp.username", value = "chinook_ingest"),
            @ResourceArg(name = "quarkus.datasource.oltp.password", value = "chinook-ingest-local")
        })
abstract class WarehouseTestBase {

    static final String TOKEN = "test-operator-token";

    @InjectLocalCloud
    LocalCloud cloud;

    /** The body of the command on ingest-events that names {@code requestId}, once it is there. */
    String awaitIngestCommand(String requestId) {
        String queue = cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
        List<String> bodies = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            cloud.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()
                    .forEach(m -> bodies.add(m.body()));
            return bodies.stream().anyMatch(b -> b.contains(requestId));
        });
        return bodies.stream().filter(b -> b.contains(requestId)).findFirst().orElseThrow();
    }
}
