package dev.chinook.e2e;

import dev.chinook.localcloud.aws.Cloud;
import java.nio.file.Path;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The end-to-end contract with LocalStack's S3 and SQS. It runs where a Docker engine is
 * reachable and is reported as skipped where none is (as on our build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackEndToEndTest extends PipelineEndToEndContract {

    @Override
    Cloud startCloud(Path work) throws Exception {
        return new LocalStackCloud(work);
    }
}
