package dev.chinook.ingest;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every test of the function through its event server shares: local-cloud, the fixtures
 * bound to it, and an empty oltp-changes queue at the start of each test, so that a test sees
 * only the changes it caused.
 */
@QuarkusTestResource(value = LocalCloudTestResource.class, restrictToAnnotatedClass = false)
abstract class IngestTestBase {

    @InjectLocalCloud
    LocalCloud cloud;

    IngestFixtures fx;

    @BeforeEach
    void startWithEmptyChangeQueue() {
        fx = new IngestFixtures(cloud);
        fx.drainChanges();
    }
}
