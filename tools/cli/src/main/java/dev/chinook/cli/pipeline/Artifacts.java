package dev.chinook.cli.pipeline;

import java.nio.file.Path;

/** Where the built pieces are: the ingest function package, the Lambda runtime's jars, the warehouse. */
public record Artifacts(Path functionZip, Path lambdaRuntimeDir, Path warehouseJar) {

    /** The standard Maven output locations under the project root. */
    public static Artifacts underProject(Path root) {
        return new Artifacts(
                root.resolve("services/ingest-service/target/function-jvm.zip"),
                root.resolve("tools/local-cloud/target/lambda-runtime"),
                root.resolve("services/warehouse-service/target/quarkus-app/quarkus-run.jar"));
    }

    /** The project root: the nearest directory upwards that holds the Maven wrapper and services/. */
    public static Path findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (dir.resolve("mvnw").toFile().isFile()
                    && dir.resolve("services").toFile().isDirectory()) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the chinook-pipeline project: " + start.toAbsolutePath());
    }
}
