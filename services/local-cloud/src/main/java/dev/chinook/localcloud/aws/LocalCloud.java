package dev.chinook.localcloud.aws;

import dev.chinook.common.pipeline.PipelineDefinition;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded stand-in for AWS on one machine: PostgreSQL with the {@code oltp} and {@code olap}
 * databases, SQS (ElasticMQ) with the queues of {@link PipelineDefinition}, and S3 (S3Proxy) that
 * sends S3 event notifications to the ingest-events queue. All real servers speaking the real
 * protocols: the AWS CLI and SDKs work against them with an endpoint override.
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalCloud.class.getName());
    public static final String OLTP_DATABASE = "oltp";
    public static final String OLAP_DATABASE = "olap";

    private final PipelineDefinition definition = PipelineDefinition.load();
    private EmbeddedPostgres postgres;
    private SQSRestServer sqsServer;
    private S3Proxy s3Proxy;
    private URI sqsEndpoint;
    private URI s3Endpoint;
    private SqsClient sqs;
    private QueueSetup queues;

    private LocalCloud() {
    }

    public static LocalCloud start(LocalCloudOptions options) {
        LocalCloud cloud = new LocalCloud();
        try {
            cloud.startAll(options);
            return cloud;
        } catch (Exception e) {
            cloud.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException("local-cloud failed to start", e);
        }
    }

    private void startAll(LocalCloudOptions options) throws Exception {
        Path state = options.stateDir();
        if (options.fresh()) {
            deleteRecursively(state);
        }
        Files.createDirectories(state.resolve("s3"));
        Files.createDirectories(state.resolve("postgres"));
        startPostgres(state.resolve("postgres"), options.postgresPort());
        startSqs(options.sqsPort());
        queues = QueueSetup.create(sqs, definition);
        startS3(state.resolve("s3"), options.s3Port());
        LOG.info(() -> "local-cloud up: S3 " + s3Endpoint + ", SQS " + sqsEndpoint + ", PostgreSQL port "
                + postgres.getPort());
    }

    private void startPostgres(Path dataDir, int port) throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(Ports.resolve(port))
                .setServerConfig("max_connections", "100")
                .start();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
                Statement st = c.createStatement()) {
            for (String db : new String[] {OLTP_DATABASE, OLAP_DATABASE}) {
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        st.execute("CREATE DATABASE " + db);
                    }
                }
            }
        }
    }

    private void startSqs(int requestedPort) {
        int port = Ports.resolve(requestedPort);
        sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(LocalCloudOptions.REGION).withAWSAccountId("000000000000").start();
        sqsServer.waitUntilStarted();
        sqsEndpoint = URI.create("http://127.0.0.1:" + port);
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(LocalCloudOptions.REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private void startS3(Path dir, int requestedPort) throws Exception {
        int port = Ports.resolve(requestedPort);
        String ingestQueue = queues.url(definition.queues().ingestEvents().name());
        NotifyingBlobStore blobStore = new NotifyingBlobStore(new FilesystemNio2BlobStore(dir.toString()),
                definition.bucket(), LocalCloudOptions.REGION,
                body -> sqs.sendMessage(b -> b.queueUrl(ingestQueue).messageBody(body)));
        s3Endpoint = URI.create("http://127.0.0.1:" + port);
        s3Proxy = S3Proxy.builder().blobStore(blobStore).endpoint(s3Endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalCloudOptions.ACCESS_KEY,
                        LocalCloudOptions.SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        s3Proxy.start();
        while (!"STARTED".equals(s3Proxy.getState())) {
            Thread.sleep(20);
        }
        try (S3Client s3 = s3Client()) {
            String bucket = definition.bucket().name();
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    public PipelineDefinition definition() {
        return definition;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int postgresPort() {
        return postgres.getPort();
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    public String queueUrl(String queueName) {
        return queues.url(queueName);
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
    }

    /** An S3 client for this local-cloud; the caller closes it. */
    public S3Client s3Client() {
        return S3Client.builder().endpointOverride(s3Endpoint).forcePathStyle(true)
                .region(Region.of(LocalCloudOptions.REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The shared SQS client of this local-cloud; closed with it. */
    public SqsClient sqs() {
        return sqs;
    }

    /**
     * Configuration a Quarkus service needs to run against this local-cloud, as property names
     * (for tests) which {@link #asEnvironment} turns into environment variables (for processes).
     */
    public Map<String, String> serviceConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        for (String service : new String[] {"s3", "sqs"}) {
            config.put("quarkus." + service + ".endpoint-override",
                    (service.equals("s3") ? s3Endpoint : sqsEndpoint).toString());
            config.put("quarkus." + service + ".aws.region", LocalCloudOptions.REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id",
                    LocalCloudOptions.ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    LocalCloudOptions.SECRET_KEY);
        }
        return config;
    }

    /** MicroProfile Config's environment variable form of property names. */
    public static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }

    @Override
    public void close() {
        if (s3Proxy != null) {
            try {
                s3Proxy.stop();
            } catch (Exception e) {
                LOG.warning("S3Proxy did not stop cleanly: " + e);
            }
        }
        if (sqs != null) {
            sqs.close();
        }
        if (sqsServer != null) {
            sqsServer.stopAndWait();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warning("PostgreSQL did not stop cleanly: " + e);
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
