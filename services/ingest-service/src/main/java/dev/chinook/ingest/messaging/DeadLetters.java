package dev.chinook.ingest.messaging;

import dev.chinook.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a message that can never succeed straight to the dead-letter queue, with the reason as a
 * message attribute, instead of letting it hold its place for maxReceiveCount receives.
 */
@ApplicationScoped
public class DeadLetters {

    /** The message attribute that says why a message is in the dead-letter queue. */
    public static final String REASON = "chinook-failure-reason";

    public static final String SOURCE_MESSAGE_ID = "chinook-source-message-id";

    private final SqsClient sqs;
    private final IngestConfig config;

    public DeadLetters(SqsClient sqs, IngestConfig config) {
        this.sqs = sqs;
        this.config = config;
    }

    public void forward(String messageId, String body, String reason) {
        sqs.sendMessage(b -> b.queueUrl(config.queues().ingestEventsDlq())
                .messageBody(body)
                .messageAttributes(Map.of(
                        REASON, text(reason.length() > 1_000 ? reason.substring(0, 1_000) : reason),
                        SOURCE_MESSAGE_ID, text(messageId))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
