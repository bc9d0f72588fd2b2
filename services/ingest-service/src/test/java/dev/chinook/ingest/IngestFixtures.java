package dev.chinook.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Event JSON fixtures (as Lambda delivers them) and the objects they name. The fixtures hold
 * placeholders for what only the test run knows: the object's key and the eTag S3 gave it.
 */
final class IngestFixtures {

    private IngestFixtures() {
    }

    static String resource(String path) {
        try (InputStream in = IngestFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads bytes to the test bucket under {@code key}; returns the eTag (unquoted). */
    static String upload(String key, byte[] content) {
        try (var s3 = LocalCloudResource.cloud.s3Client()) {
            return s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(content)).eTag()
                    .replace("\"", "");
        }
    }

    static String bucket() {
        return LocalCloudResource.cloud.definition().bucket().name();
    }

    /** The fixture with its placeholders filled in. */
    static String event(String fixture, Map<String, String> values) {
        String json = resource("/events/" + fixture);
        for (Map.Entry<String, String> e : values.entrySet()) {
            json = json.replace("${" + e.getKey() + "}", e.getValue());
        }
        return json;
    }
}
