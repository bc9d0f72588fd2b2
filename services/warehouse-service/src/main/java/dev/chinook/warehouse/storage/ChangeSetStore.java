package dev.chinook.warehouse.storage;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.S3Client;

/** Change sets too large for a message, which the relay put in S3 and a message refers to. */
@ApplicationScoped
public class ChangeSetStore {

    private final S3Client s3;

    public ChangeSetStore(S3Client s3) {
        this.s3 = s3;
    }

    /** The batch JSON at {@code s3://bucket/key}. */
    public String fetch(String s3Uri) {
        int slash = s3Uri.startsWith("s3://") ? s3Uri.indexOf('/', 5) : -1;
        if (slash < 0) {
            throw new IllegalArgumentException("not an s3:// change set reference: " + s3Uri);
        }
        String bucket = s3Uri.substring(5, slash);
        String key = s3Uri.substring(slash + 1);
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }
}
