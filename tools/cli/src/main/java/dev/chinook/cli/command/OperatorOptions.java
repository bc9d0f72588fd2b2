package dev.chinook.cli.command;

import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.OperatorToken;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the warehouse service is and the token its state-changing endpoints require. */
final class OperatorOptions {

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "Warehouse service base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--token",
            description = "Operator token (default: $CHINOOK_OPERATOR_TOKEN, else the one `chinook run` keeps in "
                    + ".local-cloud/services/" + OperatorToken.FILE_NAME + "). On AWS: the secret named by "
                    + "terraform output operator_token_secret_arn.")
    String token;

    /** A request to {@code path} carrying the operator token. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(url.resolve(path)).header("Authorization", "Bearer " + token());
    }

    private String token() {
        if (token != null) {
            return token;
        }
        String fromEnvironment = System.getenv("CHINOOK_OPERATOR_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        Path file = Artifacts.findProjectRoot(Path.of(""))
                .resolve(".local-cloud/services")
                .resolve(OperatorToken.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no operator token: pass --token, set CHINOOK_OPERATOR_TOKEN, or start "
                    + "the pipeline with `chinook run`, which writes " + file);
        }
        return OperatorToken.readOrCreate(file);
    }
}
