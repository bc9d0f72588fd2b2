package dev.chinook.warehouse.storage;

import dev.chinook.common.change.ChangeSetEncoding;
import dev.chinook.common.s3.S3Uri;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.S3Client;

/** The change sets the relay archived in S3, which change messages refer to. */
@ApplicationScoped
public class ChangeSetStore {

    private final S3Client s3;

    public ChangeSetStore(S3Client s3) {
        this.s3 = s3;
    }

    /** The batch JSON (UTF-8) at {@code s3://bucket/key}, stored compressed or not. */
    public byte[] fetch(String s3Uri) {
        S3Uri object = S3Uri.parse(s3Uri);
        return fetch(object.bucket(), object.key());
    }

    public byte[] fetch(String bucket, String key) {
        return ChangeSetEncoding.decode(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArrayUnsafe());
    }
}
