package dev.chinook.localcloud.aws;

import java.nio.file.Path;

/**
 * Where local-cloud keeps its state and which ports it listens on (0 = any free port).
 *
 * @param fresh wipe the state directory first
 */
public record LocalCloudOptions(Path stateDir, int postgresPort, int s3Port, int sqsPort, boolean fresh) {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";

    /** Throw-away state and free ports: what tests use. */
    public static LocalCloudOptions ephemeral(Path stateDir) {
        return new LocalCloudOptions(stateDir, 0, 0, 0, true);
    }
}
