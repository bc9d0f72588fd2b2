package dev.chinook.ingest.storage;

import dev.chinook.common.s3.S3ObjectEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The ingest's S3 calls: read an uploaded version, look up a sibling file, write an object. */
@ApplicationScoped
public class ObjectStore {

    private final S3Client s3;

    public ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * The exact upload an event names: its version, or (unversioned bucket) the object if its
     * eTag still matches.
     *
     * @throws ObjectSupersededException when an unversioned object was overwritten before it was read
     */
    public InputStream open(S3ObjectEvent object) {
        return get(object, null);
    }

    /**
     * The bytes of the object from {@code first} on, or up to {@code last} included when it is not
     * negative (an HTTP range: a part of a large file starts where the previous one stopped).
     */
    public InputStream open(S3ObjectEvent object, long first, long last) {
        return get(object, "bytes=" + first + "-" + (last < 0 ? "" : Long.toString(last)));
    }

    private InputStream get(S3ObjectEvent object, String range) {
        GetObjectRequest.Builder request = GetObjectRequest.builder()
                .bucket(object.bucket())
                .key(object.key())
                .range(range);
        if (object.versionId() != null) {
            request.versionId(object.versionId());
        } else if (object.eTag() != null) {
            request.ifMatch(object.eTag());
        }
        try {
            return s3.getObject(request.build());
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ObjectSupersededException("overwritten by a newer upload before it was read");
            }
            throw e;
        }
    }

    /**
     * The current version of a key as an event would describe it, or empty if there is none. It
     * has no event and so no sequencer: the empty (lowest) one.
     */
    public Optional<S3ObjectEvent> find(String bucket, String key) {
        try {
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new S3ObjectEvent(
                    "ObjectCreated:SameUpload",
                    bucket,
                    key,
                    head.contentLength(),
                    head.eTag().replace("\"", ""),
                    head.versionId(),
                    ""));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One object of a listing: what an event would have said of it, less the sequencer. */
    public record StoredObject(String bucket, String key, String eTag, long size, Instant lastModified) {}

    /**
     * Every object under {@code prefix} whose key ends with {@code suffix} in any case, or with it
     * and {@code .gz} (compressed exports), page by page.
     */
    public Stream<StoredObject> list(String bucket, String prefix, String suffix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .filter(o -> o.key().toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))
                        || o.key().toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT) + ".gz"))
                .map(o -> new StoredObject(bucket, o.key(), o.eTag().replace("\"", ""), o.size(), o.lastModified()));
    }

    public void put(String bucket, String key, String contentType, Path file) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    public void put(String bucket, String key, String contentType, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    /** A server-side copy: the bytes never pass through the function. */
    public void copy(String bucket, String sourceKey, String targetKey) {
        s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey(sourceKey)
                .destinationBucket(bucket)
                .destinationKey(targetKey));
    }

    public void delete(String bucket, String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public void put(String bucket, String key, String contentType, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(content));
    }
}
