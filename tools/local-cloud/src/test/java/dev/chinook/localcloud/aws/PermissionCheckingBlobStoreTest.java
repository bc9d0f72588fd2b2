package dev.chinook.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3's rule for a missing key: 404 to a caller that may list the bucket, 403 Access Denied to anyone else. */
class PermissionCheckingBlobStoreTest {

    @TempDir
    Path dir;

    BlobStore store;

    @BeforeEach
    void bucketWithOneObject() {
        store = new FilesystemNio2BlobStore(dir.toString());
        store.createContainer("b");
        store.putBlob(
                PutObjectRequest.builder()
                        .bucket("b")
                        .key("present.csv")
                        .contentLength(1L)
                        .build(),
                new ByteArrayInputStream(new byte[] {'x'}));
    }

    private static HeadObjectRequest head(String key) {
        return HeadObjectRequest.builder().bucket("b").key(key).build();
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3ProxyException e) {
            return e.getError() == S3ErrorCode.ACCESS_DENIED
                    ? 403
                    : e.getError() == S3ErrorCode.NO_SUCH_KEY ? 404 : 500;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    @Test
    void aRoleWithoutListBucketIsDeniedWhatDoesNotExistAndServedWhatDoes() {
        BlobStore withoutList = new PermissionCheckingBlobStore(store, false, key -> false);

        assertThatThrownBy(() -> {
                    if (withoutList.blobMetadata(head("absent.csv")) == null) {
                        throw new AssertionError("a missing key must not come back as absent");
                    }
                })
                .isInstanceOf(S3ProxyException.class)
                .satisfies(e -> assertThat(((S3ProxyException) e).getError()).isEqualTo(S3ErrorCode.ACCESS_DENIED));
        assertThat(withoutList.blobMetadata(head("present.csv"))).isNotNull();
    }

    @Test
    void aRoleWithListBucketSeesAMissingKeyAsAbsent() {
        BlobStore withList = new PermissionCheckingBlobStore(store, true, key -> false);

        assertThat(status(() -> {
                    if (withList.blobMetadata(head("absent.csv")) == null) {
                        throw new S3ProxyException(S3ErrorCode.NO_SUCH_KEY);
                    }
                }))
                .isEqualTo(404);
    }

    @Test
    void aKeyUnderAnExplicitDenyIsRefusedEvenThoughItExists() {
        BlobStore denied = new PermissionCheckingBlobStore(store, true, key -> key.startsWith("pres"));

        assertThat(status(() -> denied.blobMetadata(head("present.csv")))).isEqualTo(403);
    }
}
