package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * No password, key or token the services hold shows in what they write or answer: their logs
 * (start-up configuration included), status, file status, health and the refusals of
 * state-changing calls, after a load with a rejected row and a refused operator call.
 */
class SecretsStayOutTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noPasswordKeyOrTokenAppearsInLogsResponsesOrStatus() throws Exception {
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            PipelineProbe probe = PipelineProbe.of(pipeline);
            List<DataLoader.Upload> uploads;
            try (S3Client s3 = cloud.s3Client()) {
                String bucket = cloud.definition().bucket().name();
                uploads = new ArrayList<>(DataLoader.upload(
                        s3,
                        cloud.definition().bucket(),
                        DataLoader.batches(ROOT.resolve("data")).get(0),
                        m -> {}));
                String key = "raw/genre/with-a-bad-row.csv";
                String eTag = s3.putObject(
                                b -> b.bucket(bucket).key(key),
                                RequestBody.fromString("genre_id,name\nnot-a-number,Polka\n"))
                        .eTag()
                        .replace("\"", "");
                uploads.add(new DataLoader.Upload(key, eTag, null));
            }
            probe.awaitIngested(uploads, Duration.ofMinutes(5), m -> {});
            probe.awaitWarehouseCaughtUp(Duration.ofMinutes(5), m -> {});

            Map<String, String> secrets = new LinkedHashMap<>();
            secrets.put("the ingest's database password", EmbeddedDatabases.INGEST.password());
            secrets.put("the warehouse's database password", EmbeddedDatabases.WAREHOUSE.password());
            secrets.put("the status reader's database password", EmbeddedDatabases.STATUS_READER.password());
            secrets.put("the operator token", pipeline.operatorToken());
            secrets.put("the admin's S3 and SQS secret key", LocalCloudOptions.SECRET_KEY);
            for (String role : List.of("ingest", "warehouse")) {
                secrets.put(
                        "the " + role + " role's secret key",
                        cloud.credentialsOf(role).resolveCredentials().secretAccessKey());
            }

            Map<String, String> written = new LinkedHashMap<>();
            URI base = pipeline.warehouseUrl();
            for (String path : List.of(
                    "/api/status",
                    "/api/status/queues",
                    "/api/status/integrity",
                    "/api/files",
                    "/api/files/by-key?key=raw/genre/with-a-bad-row.csv",
                    "/api/dead-letters",
                    "/q/health")) {
                written.put(
                        "GET " + path,
                        send(HttpRequest.newBuilder(base.resolve(path)).GET()));
            }
            written.put(
                    "POST /api/rebuild with a wrong token",
                    send(HttpRequest.newBuilder(base.resolve("/api/rebuild"))
                            .header("Authorization", "Bearer not-the-token")
                            .POST(HttpRequest.BodyPublishers.noBody())));
            try (Stream<Path> files = Files.walk(work.resolve("services"))) {
                for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    written.put(log.getFileName().toString(), Files.readString(log, StandardCharsets.UTF_8));
                }
            }

            assertThat(written.keySet())
                    .as("logs of the warehouse and of every function environment")
                    .contains("warehouse-service.log")
                    .anyMatch(name -> name.startsWith("chinook-ingest-"));
            assertThat(written.get("GET /api/files/by-key?key=raw/genre/with-a-bad-row.csv"))
                    .as("the file status answers")
                    .contains("with-a-bad-row.csv");
            assertThat(written.get("chinook-ingest-0.log"))
                    .as("the function logs its configuration at start, secrets masked")
                    .contains("quarkus.datasource.password=********");
            written.forEach((where, text) -> secrets.forEach((what, secret) ->
                    assertThat(text).as("%s must not show %s", where, what).doesNotContain(secret)));
        }
    }

    private String send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
