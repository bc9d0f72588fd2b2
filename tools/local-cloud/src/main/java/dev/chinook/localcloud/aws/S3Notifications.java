package dev.chinook.localcloud.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.eventnotifications.s3.model.RequestParameters;
import software.amazon.awssdk.eventnotifications.s3.model.ResponseElements;
import software.amazon.awssdk.eventnotifications.s3.model.S3;
import software.amazon.awssdk.eventnotifications.s3.model.S3Bucket;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;
import software.amazon.awssdk.eventnotifications.s3.model.UserIdentity;

/**
 * Writes the S3 event notification JSON that S3 sends for one completed upload, through the AWS
 * SDK's event-notification model: the same model the ingest function reads on AWS.
 */
final class S3Notifications {

    /** The configuration id Terraform gives the raw/ notification too. */
    static final String CONFIGURATION_ID = "chinook-raw-csv";

    private S3Notifications() {}

    static String objectCreated(
            String eventName,
            String region,
            String bucket,
            String key,
            long size,
            String eTag,
            String versionId,
            String sequencer,
            Instant eventTime) {
        S3EventNotificationRecord record = new S3EventNotificationRecord();
        record.setEventVersion("2.1");
        record.setEventSource("aws:s3");
        record.setAwsRegion(region);
        record.setEventTime(eventTime);
        record.setEventName(eventName);
        record.setUserIdentity(new UserIdentity("local-cloud"));
        record.setRequestParameters(new RequestParameters("127.0.0.1"));
        record.setResponseElements(new ResponseElements(sequencer, sequencer));
        record.setS3(new S3(
                CONFIGURATION_ID,
                new S3Bucket(bucket, new UserIdentity("local-cloud"), "arn:aws:s3:::" + bucket),
                new S3Object(encodeKey(key), size, eTag, versionId, sequencer),
                "1.0"));
        return new S3EventNotification(List.of(record)).toJson();
    }

    /** S3 form-encodes each path segment of the key in notifications: a space becomes '+'. */
    static String encodeKey(String key) {
        return Arrays.stream(key.split("/", -1))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8))
                .collect(Collectors.joining("/"));
    }
}
