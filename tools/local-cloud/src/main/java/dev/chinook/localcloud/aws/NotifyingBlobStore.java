package dev.chinook.localcloud.aws;

import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * What S3Proxy lacks: S3 event notifications. After every completed write under the notification's
 * prefix and suffix, it sends the notification JSON S3 would send (URL-encoded key, size, eTag,
 * sequencer) to the given sink, in practice the ingest-events queue.
 */
public final class NotifyingBlobStore extends ForwardingBlobStore {

    private static final Logger LOG = Logger.getLogger(NotifyingBlobStore.class.getName());

    private final PipelineDefinition.Bucket bucket;
    private final String region;
    private final Consumer<String> notificationSink;
    /** Sequencers only need to grow per key; a clock-seeded counter grows across restarts too. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000);

    public NotifyingBlobStore(
            BlobStore delegate, PipelineDefinition.Bucket bucket, String region, Consumer<String> notificationSink) {
        super(delegate);
        this.bucket = bucket;
        this.region = region;
        this.notificationSink = notificationSink;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        notifyCreated("ObjectCreated:Put", request.bucket(), request.key(), response.eTag(), response.versionId());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        notifyCreated(
                "ObjectCreated:CompleteMultipartUpload",
                upload.containerName(),
                upload.blobName(),
                response.eTag(),
                response.versionId());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        notifyCreated(
                "ObjectCreated:Copy",
                request.destinationBucket(),
                request.destinationKey(),
                response.copyObjectResult() == null
                        ? null
                        : response.copyObjectResult().eTag(),
                response.versionId());
        return response;
    }

    private boolean endsWithSuffix(String key) {
        return bucket.notifiedSuffixes().stream().anyMatch(key::endsWith);
    }

    private void notifyCreated(String eventName, String bucketName, String key, String eTag, String versionId) {
        if (!bucket.name().equals(bucketName) || !key.startsWith(bucket.rawPrefix()) || !endsWithSuffix(key)) {
            return;
        }
        try {
            long size = delegate().blobMetadata(bucketName, key).contentLength();
            String sequencer = String.format("%016X", sequence.incrementAndGet());
            String eTagValue = eTag == null ? null : eTag.replace("\"", "");
            notificationSink.accept(S3Notifications.objectCreated(
                    eventName, region, bucketName, key, size, eTagValue, versionId, sequencer, Instant.now()));
        } catch (RuntimeException e) {
            // S3 retries notifications on its side; here the upload stands and the gap is logged loudly.
            LOG.log(Level.SEVERE, "could not send the S3 event notification for " + key, e);
        }
    }
}
