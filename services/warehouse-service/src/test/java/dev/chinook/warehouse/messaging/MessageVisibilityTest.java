package dev.chinook.warehouse.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** On ElasticMQ, a queue whose visibility timeout is one second, held three times as long. */
class MessageVisibilityTest {

    private static SQSRestServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void startQueue() {
        server = SQSRestServerBuilder.withDynamicPort()
                .withInterface("127.0.0.1")
                .start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopQueue() {
        sqs.close();
        server.stopAndWait();
    }

    @Test
    void messagesHeldByATransactionStayHiddenWhileItRunsAndComeBackAfterIfNotDeleted() throws Exception {
        String queue = queue("held");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("held"));
        List<Message> held = receive(queue, Duration.ofSeconds(5));
        assertThat(held).hasSize(1);

        try (MessageVisibility visibility = new MessageVisibility(sqs, Duration.ofMillis(500))) {
            List<Message> seenWhileHeld =
                    visibility.whileHeld(queue, held, () -> receive(queue, Duration.ofSeconds(3)));
            assertThat(seenWhileHeld).as("received by another loop while held").isEmpty();
        }
        // Not deleted (its transaction failed): back within six heartbeats.
        assertThat(receive(queue, Duration.ofSeconds(5)))
                .extracting(Message::body)
                .containsExactly("held");
    }

    @Test
    void withoutTheHeartbeatAMessageComesBackAfterTheQueuesTimeout() {
        String queue = queue("not-held");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("not held"));
        assertThat(receive(queue, Duration.ofSeconds(5))).hasSize(1);

        assertThat(receive(queue, Duration.ofSeconds(3)))
                .extracting(Message::body)
                .containsExactly("not held");
    }

    private static String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")))
                .queueUrl();
    }

    @Test
    void aHeartbeatThatIsNotPositiveIsRefusedBeforeAnyTransactionDependsOnIt() {
        assertThatThrownBy(() -> new MessageVisibility(sqs, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visibility-heartbeat must be positive");
    }

    @Test
    void aHeartbeatUnderAMillisecondStillBeats() throws Exception {
        String queue = queue("fast");
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("fast"));
        List<Message> held = receive(queue, Duration.ofSeconds(5));

        try (MessageVisibility visibility = new MessageVisibility(sqs, Duration.ofNanos(500_000))) {
            assertThat(visibility.whileHeld(queue, held, () -> "applied")).isEqualTo("applied");
        }
    }

    /** Everything received within {@code window}, or up to the first message. */
    private static List<Message> receive(String queue, Duration window) {
        List<Message> received = new ArrayList<>();
        long until = System.nanoTime() + window.toNanos();
        while (received.isEmpty() && System.nanoTime() < until) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1))
                    .messages());
        }
        return received;
    }
}
