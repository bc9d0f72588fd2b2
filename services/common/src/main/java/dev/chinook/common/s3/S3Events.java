package dev.chinook.common.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;

/**
 * Reads S3 event notification messages in AWS's own JSON format, through the AWS SDK's
 * event-notification model (local-cloud writes them with the same model).
 */
public final class S3Events {

    private S3Events() {}

    /** The object records of an SQS message body, or an empty list for {@code s3:TestEvent}. */
    public static List<S3ObjectEvent> parse(String messageBody) {
        if (isTestEvent(messageBody)) {
            return List.of();
        }
        S3EventNotification notification;
        try {
            notification = S3EventNotification.fromJson(messageBody);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an S3 event notification: " + e.getMessage(), e);
        }
        if (notification.getRecords() == null) {
            throw new IllegalArgumentException("S3 event notification without Records");
        }
        return notification.getRecords().stream().map(S3Events::toObjectEvent).toList();
    }

    public static boolean isTestEvent(String messageBody) {
        try {
            JsonNode node = ChangeCodec.mapper().readTree(messageBody);
            return node != null && "s3:TestEvent".equals(node.path("Event").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static S3ObjectEvent toObjectEvent(S3EventNotificationRecord record) {
        S3 s3 = record.getS3();
        if (s3 == null || s3.getBucket() == null || s3.getBucket().getName() == null) {
            throw new IllegalArgumentException("S3 event record without a bucket name");
        }
        if (s3.getObject() == null || s3.getObject().getKey() == null) {
            throw new IllegalArgumentException("S3 event record without an object key");
        }
        S3Object object = s3.getObject();
        Long size = object.getSizeAsLong();
        return new S3ObjectEvent(
                record.getEventName(),
                s3.getBucket().getName(),
                object.getUrlDecodedKey(),
                size == null ? 0 : size,
                stripQuotes(object.getETag()),
                object.getVersionId(),
                object.getSequencer());
    }

    private static String stripQuotes(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
