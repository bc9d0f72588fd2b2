package dev.chinook.testing;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real PostgreSQL, S3 and SQS for a Quarkus service's tests: a local-cloud per test resource,
 * configured for the service named by the {@code service} argument ({@code ingest}, the default,
 * or {@code warehouse}). Test classes get it in a field annotated {@link InjectLocalCloud}.
 */
public class LocalCloudTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE = "service";

    private LocalCloud cloud;
    private Path stateDir;
    private String service = "ingest";
    private final Map<String, String> extraConfig = new java.util.HashMap<>();

    /** {@code service}, and any configuration property (a name with a dot) to set for the service under test. */
    @Override
    public void init(Map<String, String> initArgs) {
        initArgs.forEach((name, value) -> {
            if (name.contains(".")) {
                extraConfig.put(name, value);
            }
        });
        service = initArgs.getOrDefault(SERVICE, service);
        if (!service.equals("ingest") && !service.equals("warehouse")) {
            throw new IllegalArgumentException("service must be ingest or warehouse, not " + service);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            stateDir = Files.createTempDirectory("test-cloud");
            cloud = LocalCloud.start(LocalCloudOptions.ephemeral(stateDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config =
                new java.util.HashMap<>(service.equals("ingest") ? cloud.ingestConfig() : cloud.warehouseConfig());
        config.putAll(extraConfig);
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                cloud, new TestInjector.AnnotatedAndMatchesType(InjectLocalCloud.class, LocalCloud.class));
    }

    @Override
    public void stop() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
        // Each test class's cloud holds 50 to 160 MB: a run of the tests left 2 GB behind in /tmp.
        if (stateDir != null) {
            LocalCloud.deleteRecursively(stateDir);
            stateDir = null;
        }
    }
}
