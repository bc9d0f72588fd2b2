package dev.chinook.ingest;

import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/** Real PostgreSQL, S3 and SQS for the ingest tests: one local-cloud per test run. */
public class LocalCloudResource implements QuarkusTestResourceLifecycleManager {

    static LocalCloud cloud;

    @Override
    public Map<String, String> start() {
        try {
            cloud = LocalCloud.start(LocalCloudOptions.ephemeral(Files.createTempDirectory("ingest-test-cloud")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cloud.serviceConfig(EmbeddedDatabases.OLTP);
    }

    @Override
    public void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }
}
