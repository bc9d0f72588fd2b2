package dev.chinook.localcloud.aws;

import java.util.function.Predicate;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 as one service's role sees it. S3 tells a caller that a key does not exist (404) only if
 * the caller may list the bucket; to anyone else it answers 403 Access Denied, which is what
 * breaks code that treats "absent" as a normal answer when its role lacks s3:ListBucket. Reads of
 * keys an explicit Deny covers ({@link LocalCloud#denyReads}) are refused as AWS refuses them.
 */
final class PermissionCheckingBlobStore extends ForwardingBlobStore {

    private final boolean mayList;
    private final Predicate<String> readDenied;

    PermissionCheckingBlobStore(BlobStore delegate, boolean mayList, Predicate<String> readDenied) {
        super(delegate);
        this.mayList = mayList;
        this.readDenied = readDenied;
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        denyIfDenied(request.key());
        try {
            return orDenied(super.blobMetadata(request));
        } catch (S3Exception e) {
            throw deniedIfMissing(e);
        }
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        denyIfDenied(request.key());
        try {
            return orDenied(super.getBlob(request));
        } catch (S3Exception e) {
            throw deniedIfMissing(e);
        }
    }

    private void denyIfDenied(String key) {
        if (key != null && readDenied.test(key)) {
            throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
        }
    }

    private <T> T orDenied(T found) {
        if (found == null && !mayList) {
            throw new S3ProxyException(S3ErrorCode.ACCESS_DENIED);
        }
        return found;
    }

    private S3Exception deniedIfMissing(S3Exception e) {
        boolean missing =
                e instanceof S3ProxyException p ? p.getError() == S3ErrorCode.NO_SUCH_KEY : e.statusCode() == 404;
        return missing && !mayList ? new S3ProxyException(S3ErrorCode.ACCESS_DENIED) : e;
    }
}
