package dev.chinook.e2e;

import dev.chinook.localcloud.aws.Cloud;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.nio.file.Path;

/** The end-to-end contract on local-cloud: embedded PostgreSQL, S3Proxy, ElasticMQ. */
class LocalCloudEndToEndTest extends PipelineEndToEndContract {

    @Override
    Cloud startCloud(Path work) {
        return LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
    }
}
