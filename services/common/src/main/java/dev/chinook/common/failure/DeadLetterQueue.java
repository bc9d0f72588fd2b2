package dev.chinook.common.failure;

import dev.chinook.common.text.StorableText;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A dead-letter queue that a failed message is moved to by the service that failed it, with the
 * reason as a message attribute: at once when it can never succeed (instead of holding its place
 * for maxReceiveCount receives), and on its last receive (redrive would move it with no reason,
 * and the failures table may be in the database that failed). Both services write these
 * attributes and the warehouse's dead-letter listing reads them from both queues.
 */
public final class DeadLetterQueue {

    /** The message attribute that says why a message is in the dead-letter queue. */
    public static final String REASON = "chinook-failure-reason";

    /** The message attribute that keeps the id the message had on its source queue. */
    public static final String SOURCE_MESSAGE_ID = "chinook-source-message-id";

    private final SqsClient sqs;
    private final String url;
    private final int maxReceiveCount;

    /** @param maxReceiveCount the source queue's redrive maxReceiveCount (pipeline.json) */
    public DeadLetterQueue(SqsClient sqs, String url, int maxReceiveCount) {
        this.sqs = sqs;
        this.url = url;
        this.maxReceiveCount = maxReceiveCount;
    }

    /** Whether a message that failed on its {@code receiveCount}th receive ends here rather than being retried. */
    public boolean takes(boolean permanent, int receiveCount) {
        return permanent || lastReceive(receiveCount);
    }

    /** Whether a message on its {@code receiveCount}th receive is not delivered again if it fails. */
    public boolean lastReceive(int receiveCount) {
        return receiveCount >= maxReceiveCount;
    }

    /** What a failed message that ends here is said to have died of. */
    public static String reason(boolean permanent, int receiveCount, String reason) {
        return permanent ? reason : "failed " + receiveCount + " times, the last: " + reason;
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
