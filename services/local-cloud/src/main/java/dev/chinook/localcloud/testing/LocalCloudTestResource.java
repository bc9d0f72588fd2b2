package dev.chinook.localcloud.testing;

import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Real PostgreSQL, S3 and SQS for a Quarkus service's tests: one local-cloud per test run,
 * configured for the database named by the {@code database} argument (oltp or olap).
 */
public class LocalCloudTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalCloud cloud;
    private String database = EmbeddedDatabases.OLTP;

    /** The running local-cloud, for tests that upload objects or read the databases. */
    public static LocalCloud cloud() {
        return cloud;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", EmbeddedDatabases.OLTP);
    }

    @Override
    public Map<String, String> start() {
        try {
            cloud = LocalCloud.start(LocalCloudOptions.ephemeral(Files.createTempDirectory("test-cloud")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cloud.serviceConfig(database);
    }

    @Override
    public void stop() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }
}
