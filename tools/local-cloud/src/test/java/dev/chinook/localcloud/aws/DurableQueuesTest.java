package dev.chinook.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** Messages survive a stop and a start of local-cloud on the same state, as they do on SQS. */
class DurableQueuesTest {

    @TempDir
    Path state;

    private LocalCloud start() {
        return LocalCloud.start(new LocalCloudOptions(state, 0, 0, 0, false));
    }

    @Test
    void queuedInFlightAndDeadLetteredMessagesSurviveARestart() {
        try (LocalCloud cloud = start()) {
            PipelineDefinition.Queue events = cloud.definition().queues().ingestEvents();
            String queue = cloud.queueUrl(events.name());
            cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("queued"));
            cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("in flight"));
            cloud.sqs()
                    .sendMessage(
                            b -> b.queueUrl(cloud.queueUrl(events.deadLetter().name()))
                                    .messageBody("dead letter"));
            List<Message> taken = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                taken.addAll(cloud.sqs()
                        .receiveMessage(
                                b -> b.queueUrl(queue).maxNumberOfMessages(1).visibilityTimeout(3))
                        .messages());
                return !taken.isEmpty();
            });
            assertThat(taken).hasSize(1);
        }

        try (LocalCloud cloud = start()) {
            PipelineDefinition.Queue events = cloud.definition().queues().ingestEvents();
            String queue = cloud.queueUrl(events.name());
            List<String> bodies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                cloud.sqs()
                        .receiveMessage(
                                b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()
                        .forEach(m -> bodies.add(m.body()));
                return bodies.size() >= 2;
            });
            assertThat(bodies).containsExactlyInAnyOrder("queued", "in flight");
            assertThat(cloud.sqs()
                            .receiveMessage(b -> b.queueUrl(
                                            cloud.queueUrl(events.deadLetter().name()))
                                    .waitTimeSeconds(1))
                            .messages())
                    .extracting(Message::body)
                    .containsExactly("dead letter");
        }
    }

    @Test
    void aCloudOnOtherStateInTheSameJvmSharesNoQueueNorMessage(@TempDir Path other) {
        try (LocalCloud cloud = start()) {
            String queue =
                    cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
            cloud.sqs()
                    .setQueueAttributes(b -> b.queueUrl(queue)
                            .attributes(java.util.Map.of(
                                    software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT,
                                    "15")));
            cloud.sqs().sendMessage(b -> b.queueUrl(queue).messageBody("of the first cloud"));
        }
        // ElasticMQ keeps its store in a JVM-wide pool: the second cloud once started on the first's
        // store and refused to start ("QueueAlreadyExists").
        try (LocalCloud cloud = LocalCloud.start(new LocalCloudOptions(other, 0, 0, 0, false))) {
            String queue =
                    cloud.queueUrl(cloud.definition().queues().ingestEvents().name());
            assertThat(cloud.sqs()
                            .receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2))
                            .messages())
                    .isEmpty();
            assertThat(cloud.sqs()
                            .getQueueAttributes(b -> b.queueUrl(queue)
                                    .attributeNames(
                                            software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                                    .VISIBILITY_TIMEOUT))
                            .attributes()
                            .values())
                    .containsExactly(Integer.toString(
                            cloud.definition().queues().ingestEvents().visibilityTimeoutSeconds()));
        }
    }
}
