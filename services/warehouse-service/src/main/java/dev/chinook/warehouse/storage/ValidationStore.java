package dev.chinook.warehouse.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Files sent for validation, and the would-be reports the ingest function writes of them. */
@ApplicationScoped
public class ValidationStore {

    private final S3Client s3;
    private final WarehouseConfig.Reports config;

    public ValidationStore(S3Client s3, WarehouseConfig config) {
        this.s3 = s3;
        this.config = config.reports();
    }

    public String bucket() {
        return config.bucket();
    }

    /** Stores a file to validate under the validation prefix; returns its key. */
    public String upload(String requestId, String fileName, Path file) {
        String key = config.validationPrefix() + requestId + "/" + fileName;
        s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType("text/csv"), RequestBody.fromFile(file));
        return key;
    }

    public Optional<JsonNode> report(String requestId) {
        try {
            String json = s3.getObjectAsBytes(
                            b -> b.bucket(config.bucket()).key(config.validationReportPrefix() + requestId + ".json"))
                    .asUtf8String();
            return Optional.of(ChangeCodec.mapper().readTree(json));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the validation report " + requestId + " is not JSON", e);
        }
    }
}
