package dev.chinook.common.failure;

import dev.chinook.common.text.StorableText;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A dead-letter queue that a message which can never succeed is moved to at once, with the reason
 * as a message attribute, instead of holding its place for maxReceiveCount receives. Both services
 * write these attributes and the warehouse's dead-letter listing reads them from both queues.
 */
public final class DeadLetterQueue {

    /** The message attribute that says why a message is in the dead-letter queue. */
    public static final String REASON = "chinook-failure-reason";

    /** The message attribute that keeps the id the message had on its source queue. */
    public static final String SOURCE_MESSAGE_ID = "chinook-source-message-id";

    private final SqsClient sqs;
    private final String url;

    public DeadLetterQueue(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    public void forward(String messageId, String body, String reason) {
        sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody(body)
                .messageAttributes(Map.of(REASON, text(StorableText.of(reason)), SOURCE_MESSAGE_ID, text(messageId))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
