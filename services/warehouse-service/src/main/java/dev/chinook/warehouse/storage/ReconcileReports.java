package dev.chinook.warehouse.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The report of the latest reconciliation, which the ingest function writes to the bucket. */
@ApplicationScoped
public class ReconcileReports {

    private final S3Client s3;
    private final WarehouseConfig.Reports config;

    public ReconcileReports(S3Client s3, WarehouseConfig config) {
        this.s3 = s3;
        this.config = config.reports();
    }

    public Optional<JsonNode> latest() {
        try {
            String json = s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(config.reconcileKey()))
                    .asUtf8String();
            return Optional.of(ChangeCodec.mapper().readTree(json));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the reconcile report is not JSON", e);
        }
    }
}
