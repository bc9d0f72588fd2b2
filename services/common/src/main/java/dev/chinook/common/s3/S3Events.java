package dev.chinook.common.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.RequestParameters;
import software.amazon.awssdk.eventnotifications.s3.model.ResponseElements;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;

/**
 * Reads and writes S3 event notification messages in AWS's own JSON format, through the AWS SDK's
 * event-notification model, so that what local-cloud sends is what the ingest reads on AWS.
 */
public final class S3Events {

    /** The configuration id local-cloud and Terraform give the raw/ notification. */
    public static final String CONFIGURATION_ID = "chinook-raw-csv";

    private S3Events() {
    }

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
        S3Object object = s3.getObject();
        Long size = object.getSizeAsLong();
        return new S3ObjectEvent(record.getEventName(), s3.getBucket().getName(), object.getUrlDecodedKey(),
                size == null ? 0 : size, stripQuotes(object.getETag()), object.getVersionId(), object.getSequencer());
    }

    private static String stripQuotes(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }

    /**
     * The notification S3 sends for one completed upload. {@code urlEncodedKey} must already be
     * encoded as S3 encodes keys in events (form encoding: a space becomes {@code +}).
     */
    public static String objectCreatedJson(String eventName, String region, String bucket, String urlEncodedKey,
            long size, String eTag, String versionId, String sequencer, Instant eventTime) {
        S3EventNotificationRecord record = new S3EventNotificationRecord();
        record.setEventVersion("2.1");
        record.setEventSource("aws:s3");
        record.setAwsRegion(region);
        record.setEventTime(eventTime);
        record.setEventName(eventName);
        record.setUserIdentity(new UserIdentity("local-cloud"));
        record.setRequestParameters(new RequestParameters("127.0.0.1"));
        record.setResponseElements(new ResponseElements(sequencer, sequencer));
        record.setS3(new S3(CONFIGURATION_ID,
                new S3Bucket(bucket, new UserIdentity("local-cloud"), "arn:aws:s3:::" + bucket),
                new S3Object(urlEncodedKey, size, eTag, versionId, sequencer), "1.0"));
        return new S3EventNotification(List.of(record)).toJson();
    }
}
