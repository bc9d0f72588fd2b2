package dev.chinook.warehouse.service;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.repository.WarehouseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Applies one message of the oltp-changes queue in one transaction: the change ids are recorded
 * with their effect, so a redelivered message changes nothing.
 */
@ApplicationScoped
public class ChangeBatchService {

    private static final Logger LOG = Logger.getLogger(ChangeBatchService.class);

    private final WarehouseRepository repository;
    private final S3Client s3;

    public ChangeBatchService(WarehouseRepository repository, S3Client s3) {
        this.repository = repository;
        this.s3 = s3;
    }

    /** Returns how many of the message's changes were new. */
    @Transactional
    public int apply(String messageBody) throws SQLException {
        return applyAll(List.of(messageBody));
    }

    /**
     * Applies several messages in one transaction: their changes are recorded, then the star
     * schema is derived once for all of them, which is what makes bulk loads fast. Any failure
     * rolls back all of them; the caller then retries them one by one to isolate the bad one.
     */
    @Transactional
    public int applyAll(List<String> messageBodies) throws SQLException {
        int fresh = 0;
        for (String messageBody : messageBodies) {
            ChangeBatch batch = ChangeCodec.readBatch(messageBody);
            fresh += repository.recordChanges(batch.isReference() ? fetch(batch.changesRef()) : messageBody);
        }
        if (fresh > 0) {
            repository.applyBatch();
        }
        LOG.debugf("applied %d new changes from %d messages", fresh, messageBodies.size());
        return fresh;
    }

    /** The batch a by-reference message points to ({@code s3://bucket/key}). */
    private String fetch(String s3Uri) {
        if (!s3Uri.startsWith("s3://") || s3Uri.indexOf('/', 5) < 0) {
            throw new IllegalArgumentException("not an s3:// change set reference: " + s3Uri);
        }
        String bucket = s3Uri.substring(5, s3Uri.indexOf('/', 5));
        String key = s3Uri.substring(s3Uri.indexOf('/', 5) + 1);
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }
}
