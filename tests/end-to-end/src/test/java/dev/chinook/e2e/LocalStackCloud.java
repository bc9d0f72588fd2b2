package dev.chinook.e2e;

import dev.chinook.localcloud.aws.Cloud;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.PipelineDefinition;
import dev.chinook.localcloud.aws.QueueSetup;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3 and SQS from LocalStack (S3's own event notifications, configured as Terraform configures
 * them), PostgreSQL embedded. Needs Docker.
 */
final class LocalStackCloud implements Cloud {

    private final LocalStackContainer localstack;
    private final EmbeddedDatabases databases;
    private final PipelineDefinition definition = PipelineDefinition.load();
    private final SqsClient sqs;
    private final QueueSetup queues;

    LocalStackCloud(Path work) throws IOException, SQLException {
        localstack =
                new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.9")).withServices("s3", "sqs");
        localstack.start();
        databases = EmbeddedDatabases.start(work.resolve("postgres"), 0);
        sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint())
                .region(Region.of(region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        queues = QueueSetup.create(sqs, definition);
        configureBucket();
    }

    private void configureBucket() {
        String queueUrl = queueUrl(definition.queues().ingestEvents().name());
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String bucket = definition.bucket().name();
        try (var s3 = s3Client()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket)
                    .notificationConfiguration(n -> n.queueConfigurations(q -> q.queueArn(queueArn)
                            .events(Event.S3_OBJECT_CREATED)
                            .filter(f -> f.key(k -> k.filterRules(
                                    r -> r.name(FilterRuleName.PREFIX)
                                            .value(definition.bucket().rawPrefix()),
                                    r -> r.name(FilterRuleName.SUFFIX)
                                            .value(definition.bucket().rawSuffix())))))));
        }
    }

    @Override
    public PipelineDefinition definition() {
        return definition;
    }

    @Override
    public URI s3Endpoint() {
        return localstack.getEndpoint();
    }

    @Override
    public URI sqsEndpoint() {
        return localstack.getEndpoint();
    }

    @Override
    public String region() {
        return localstack.getRegion();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public String queueUrl(String queueName) {
        return queues.url(queueName);
    }

    @Override
    public EmbeddedDatabases databases() {
        return databases;
    }

    @Override
    public void close() {
        sqs.close();
        try {
            databases.close();
        } catch (IOException e) {
            // the temporary directory goes with the test
        }
        localstack.stop();
    }
}
