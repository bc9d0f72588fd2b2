package dev.chinook.localcloud.aws;

import dev.chinook.common.pipeline.PipelineDefinition;
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

    AwsCredentialsProvider credentials();

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
        return S3Client.builder().endpointOverride(s3Endpoint()).forcePathStyle(true).region(Region.of(region()))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Configuration a Quarkus service needs to run against this cloud, as property names (for
     * tests); {@link #asEnvironment} turns them into environment variables (for processes).
     */
    default Map<String, String> serviceConfig(String database) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl(database));
        config.put("quarkus.datasource.username", databaseUser());
        config.put("quarkus.datasource.password", databasePassword());
        var keys = credentials().resolveCredentials();
        for (String service : new String[] {"s3", "sqs"}) {
            config.put("quarkus." + service + ".endpoint-override",
                    (service.equals("s3") ? s3Endpoint() : sqsEndpoint()).toString());
            config.put("quarkus." + service + ".aws.region", region());
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", keys.accessKeyId());
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    keys.secretAccessKey());
        }
        return config;
    }

    /** MicroProfile Config's environment variable form of property names. */
    static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }
}
