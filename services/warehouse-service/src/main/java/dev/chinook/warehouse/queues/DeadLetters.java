package dev.chinook.warehouse.queues;

import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Moves a change message that can never be applied straight to the dead-letter queue, with the reason. */
@ApplicationScoped
public class DeadLetters {

    /** The message attribute that says why a message is in the dead-letter queue. */
    public static final String REASON = "chinook-failure-reason";

    public static final String SOURCE_MESSAGE_ID = "chinook-source-message-id";

    private final SqsClient sqs;
    private final String url;

    public DeadLetters(SqsClient sqs, WarehouseConfig config) {
        this.sqs = sqs;
        this.url = config.queues().oltpChangesDlq();
    }

    public void forward(String messageId, String body, String reason) {
        sqs.sendMessage(b -> b.queueUrl(url)
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
