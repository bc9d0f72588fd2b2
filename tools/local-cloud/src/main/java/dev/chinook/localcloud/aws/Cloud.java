package dev.chinook.localcloud.aws;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the pipeline needs from a cloud: S3 that notifies the ingest-events queue, the queues of
 * the pipeline definition, and the two databases. {@link LocalCloud} is the embedded one; the
 * end-to-end tests also run on LocalStack through the same interface.
 */
public interface Cloud extends AutoCloseable {

    PipelineDefinition definition();

    URI s3Endpoint();

    URI sqsEndpoint();

    String region();

    /** Keys with every right: what people and tests use. */
    AwsCredentialsProvider credentials();

    /** Keys of one service's role ({@code ingest}, {@code warehouse}); the admin keys where roles are not told apart. */
    default AwsCredentialsProvider credentialsOf(String role) {
        return credentials();
    }

    /** A shared SQS client, closed with the cloud. */
    SqsClient sqs();

    String queueUrl(String queueName);

    /** The PostgreSQL server holding the oltp and olap databases. */
    EmbeddedDatabases databases();

    default String jdbcUrl(String database) {
        return databases().jdbcUrl(database);
    }

    default String databaseUser() {
        return EmbeddedDatabases.USER;
    }

    default String databasePassword() {
        return EmbeddedDatabases.PASSWORD;
    }

    @Override
    void close();

    default Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), databaseUser(), databasePassword());
    }

    /** An S3 client for this cloud; the caller closes it. */
    default S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Configuration the ingest function needs on this cloud, as property names (tests pass them to
     * Quarkus; {@link #asEnvironment} turns them into environment variables for processes). On AWS,
     * Terraform sets the same keys from its outputs.
     */
    default Map<String, String> ingestConfig() {
        Map<String, String> config = clientConfig(EmbeddedDatabases.OLTP, EmbeddedDatabases.INGEST, "ingest");
        PipelineDefinition.Queues queues = definition().queues();
        config.put(
                "chinook.ingest.queues.ingest-events",
                queueUrl(queues.ingestEvents().name()));
        config.put(
                "chinook.ingest.queues.oltp-changes",
                queueUrl(queues.oltpChanges().name()));
        config.put(
                "chinook.ingest.queues.ingest-events-dlq",
                queueUrl(queues.ingestEvents().deadLetter().name()));
        config.put(
                "chinook.ingest.queues.ingest-events-max-receive-count",
                Integer.toString(queues.ingestEvents().maxReceiveCount()));
        config.put("chinook.ingest.change-sets.bucket", definition().bucket().name());
        config.put("chinook.ingest.reconcile.bucket", definition().bucket().name());
        config.put("chinook.ingest.reconcile.prefix", definition().bucket().rawPrefix());
        config.put("chinook.ingest.reconcile.suffix", definition().bucket().rawSuffix());
        return config;
    }

    /** Configuration the warehouse service needs on this cloud; see {@link #ingestConfig}. */
    default Map<String, String> warehouseConfig() {
        Map<String, String> config = clientConfig(EmbeddedDatabases.OLAP, EmbeddedDatabases.WAREHOUSE, "warehouse");
        PipelineDefinition.Queues queues = definition().queues();
        config.put(
                "chinook.warehouse.queues.ingest-events",
                queueUrl(queues.ingestEvents().name()));
        config.put(
                "chinook.warehouse.queues.ingest-events-dlq",
                queueUrl(queues.ingestEvents().deadLetter().name()));
        config.put(
                "chinook.warehouse.queues.oltp-changes",
                queueUrl(queues.oltpChanges().name()));
        config.put(
                "chinook.warehouse.queues.oltp-changes-dlq",
                queueUrl(queues.oltpChanges().deadLetter().name()));
        config.put(
                "chinook.warehouse.queues.oltp-changes-max-receive-count",
                Integer.toString(queues.oltpChanges().maxReceiveCount()));
        config.put("chinook.warehouse.reports.bucket", definition().bucket().name());
        config.put("quarkus.datasource.oltp.jdbc.url", jdbcUrl(EmbeddedDatabases.OLTP));
        config.put("quarkus.datasource.oltp.username", EmbeddedDatabases.STATUS_READER.user());
        config.put("quarkus.datasource.oltp.password", EmbeddedDatabases.STATUS_READER.password());
        return config;
    }

    /** The database and the S3 and SQS clients: endpoints, region, static keys, path-style S3. */
    private Map<String, String> clientConfig(
            String database, dev.chinook.common.database.DatabaseRoles.Role login, String role) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", login.user());
        config.put("quarkus.datasource.password", login.password());
        var keys = credentialsOf(role).resolveCredentials();
        for (String service : new String[] {"s3", "sqs"}) {
            config.put(
                    "quarkus." + service + ".endpoint-override",
                    (service.equals("s3") ? s3Endpoint() : sqsEndpoint()).toString());
            config.put("quarkus." + service + ".aws.region", region());
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", keys.accessKeyId());
            config.put(
                    "quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    keys.secretAccessKey());
        }
        // Endpoints on one host name the bucket in the path; AWS's virtual-hosted style is the production default.
        config.put("quarkus.s3.path-style-access", "true");
        return config;
    }

    /** MicroProfile Config's environment variable form of property names. */
    static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach(
                (k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }
}
