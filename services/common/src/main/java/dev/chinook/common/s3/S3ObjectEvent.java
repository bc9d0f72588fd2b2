package dev.chinook.common.s3;

/**
 * One record of an S3 event notification, with the key already URL-decoded.
 *
 * @param versionId null when the bucket is not versioned
 * @param sequencer orders events of one key (compare with {@link Sequencers#compare})
 */
public record S3ObjectEvent(
        String eventName, String bucket, String key, long size, String eTag, String versionId, String sequencer) {

    public boolean isObjectCreated() {
        return eventName != null && eventName.startsWith("ObjectCreated:");
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
