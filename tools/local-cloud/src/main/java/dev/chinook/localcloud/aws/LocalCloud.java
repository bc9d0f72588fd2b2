package dev.chinook.localcloud.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStoreLocator;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The embedded stand-in for AWS on one machine: PostgreSQL with the {@code oltp} and {@code olap}
 * databases, SQS (ElasticMQ) with the queues of {@link PipelineDefinition}, and S3 (S3Proxy) that
 * sends S3 event notifications to the ingest-events queue. All real servers speaking the real
 * protocols: the AWS CLI and SDKs work against them with an endpoint override.
 */
public final class LocalCloud implements Cloud {

    private static final Logger LOG = Logger.getLogger(LocalCloud.class.getName());

    private final PipelineDefinition definition = PipelineDefinition.load();
    private final Set<DeniedRead> deniedReads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** An explicit Deny of s3:GetObject on keys under a prefix for one role. */
    private record DeniedRead(String role, String keyPrefix) {}

    private EmbeddedDatabases postgres;
    private DurableSqs sqsServer;
    private S3Proxy s3Proxy;
    private BlobStore objectStore;
    private URI sqsEndpoint;
    private URI s3Endpoint;
    private SqsClient sqs;
    private QueueSetup queues;
    private Path stateDir;
    private RoleLocator s3Locator;

    private LocalCloud() {}

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
        stateDir = state;
        postgres = EmbeddedDatabases.start(state.resolve("postgres"), options.postgresPort());
        startSqs(state.resolve("sqs"), options.sqsPort());
        queues = QueueSetup.create(sqs, definition);
        startS3(state.resolve("s3"), options.s3Port());
        LOG.info(() ->
                "local-cloud up: S3 " + s3Endpoint + ", SQS " + sqsEndpoint + ", PostgreSQL port " + postgres.port());
    }

    private void startSqs(Path dir, int requestedPort) throws Exception {
        int port = Ports.resolve(requestedPort);
        sqsServer = DurableSqs.start(dir, port, LocalCloudOptions.REGION, "000000000000");
        sqsEndpoint = URI.create("http://127.0.0.1:" + port);
        sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.of(LocalCloudOptions.REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        if (sqsServer.restored()) {
            awaitRestoredQueues();
        }
    }

    /** ElasticMQ restores persisted queues in the background; creating them meanwhile would race it. */
    private void awaitRestoredQueues() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int expected = 2 * definition.queues().all().size();
        while (sqs.listQueues().queueUrls().size() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the persisted queues were not restored within 30 s");
            }
            Thread.sleep(100);
        }
    }

    private void startS3(Path dir, int requestedPort) throws Exception {
        int port = Ports.resolve(requestedPort);
        String ingestQueue = queues.url(definition.queues().ingestEvents().name());
        objectStore = new FilesystemNio2BlobStore(dir.toString());
        NotifyingBlobStore blobStore = new NotifyingBlobStore(
                objectStore,
                definition.bucket(),
                LocalCloudOptions.REGION,
                body -> sqs.sendMessage(b -> b.queueUrl(ingestQueue).messageBody(body)));
        s3Endpoint = URI.create("http://127.0.0.1:" + port);
        s3Locator = new RoleLocator(blobStore, ServicePermissions.load(), deniedReads);
        s3Proxy = startS3Proxy(blobStore);
        try (var s3 = s3Client()) {
            String bucket = definition.bucket().name();
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
    }

    private S3Proxy startS3Proxy(BlobStore blobStore) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(s3Endpoint)
                .awsAuthentication(
                        AuthenticationType.AWS_V2_OR_V4, LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.setBlobStoreLocator(s3Locator);
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(20);
        }
        return proxy;
    }

    @Override
    public PipelineDefinition definition() {
        return definition;
    }

    @Override
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    @Override
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    @Override
    public String region() {
        return LocalCloudOptions.REGION;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloudOptions.ACCESS_KEY, LocalCloudOptions.SECRET_KEY));
    }

    /**
     * Writes an object the way other tools or a misconfigured notification leave one: in the bucket,
     * with no event. What reconciliation exists for.
     */
    public void putWithoutEvent(String key, byte[] content) {
        objectStore.putBlob(
                software.amazon.awssdk.services.s3.model.PutObjectRequest.builder()
                        .bucket(definition.bucket().name())
                        .key(key)
                        .contentLength((long) content.length)
                        .build(),
                new java.io.ByteArrayInputStream(content));
    }

    /** Each service signs with its role's keys; S3 then answers as AWS answers that role. */
    @Override
    public AwsCredentialsProvider credentialsOf(String role) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(role, role + "-secret"));
    }

    /**
     * From now on, {@code role} may not read keys under {@code keyPrefix}, as with a bucket policy's
     * explicit Deny of s3:GetObject: the kind of mistake an operator makes and then fixes.
     */
    public void denyReads(String role, String keyPrefix) {
        deniedReads.add(new DeniedRead(role, keyPrefix));
    }

    /** Removes a {@link #denyReads} statement. */
    public void allowReads(String role, String keyPrefix) {
        deniedReads.remove(new DeniedRead(role, keyPrefix));
    }

    /** The admin keys see the bucket as its owner; a role's keys see it through its permissions. */
    private record RoleLocator(BlobStore store, ServicePermissions permissions, Set<DeniedRead> deniedReads)
            implements BlobStoreLocator {

        @Override
        public AccessGrant locateBlobStore(String identity, String container, String blob) {
            if (LocalCloudOptions.ACCESS_KEY.equals(identity)) {
                return new AccessGrant(LocalCloudOptions.SECRET_KEY, store);
            }
            if (identity == null || !permissions.knowsRole(identity)) {
                return null;
            }
            return new AccessGrant(
                    identity + "-secret",
                    new PermissionCheckingBlobStore(
                            store,
                            permissions.allows(identity, "s3:ListBucket"),
                            key -> deniedReads.stream()
                                    .anyMatch(d -> d.role().equals(identity) && key.startsWith(d.keyPrefix()))));
        }
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
        return postgres;
    }

    public int postgresPort() {
        return postgres.port();
    }

    /**
     * Takes the SQS server away for {@code outage} and brings it back on the same port and store,
     * as an unreachable SQS endpoint looks to its clients (fault tests): nothing sent before is
     * lost, calls meanwhile fail with connection errors.
     */
    public synchronized void sqsOutage(java.time.Duration outage) throws Exception {
        int port = sqsEndpoint.getPort();
        LOG.warning("SQS taken away for " + outage.toSeconds() + " s");
        sqsServer.close();
        Thread.sleep(outage.toMillis());
        sqsServer = retryingWhileThePortIsHeld(
                () -> DurableSqs.start(stateDir.resolve("sqs"), port, LocalCloudOptions.REGION, "000000000000"));
        awaitRestoredQueues();
        LOG.warning("SQS back");
    }

    /**
     * Takes the S3 endpoint away for {@code outage} and brings it back on the same port and objects
     * (fault tests): calls meanwhile fail with connection errors, nothing stored before is lost.
     */
    public synchronized void s3Outage(java.time.Duration outage) throws Exception {
        LOG.warning("S3 taken away for " + outage.toSeconds() + " s");
        BlobStore blobStore = s3Locator.store();
        s3Proxy.stop();
        Thread.sleep(outage.toMillis());
        s3Proxy = retryingWhileThePortIsHeld(() -> startS3Proxy(blobStore));
        LOG.warning("S3 back");
    }

    /**
     * Stops PostgreSQL (a fast shutdown: sessions are ended, transactions in flight roll back),
     * keeps it down for {@code outage}, and starts it again on the same port and data, as a
     * database failover or restart looks to its clients (fault tests).
     */
    public synchronized void postgresRestart(java.time.Duration outage) throws Exception {
        int port = postgres.port();
        LOG.warning("PostgreSQL stopped for " + outage.toSeconds() + " s");
        postgres.close();
        Thread.sleep(outage.toMillis());
        postgres = retryingWhileThePortIsHeld(() -> EmbeddedDatabases.start(stateDir.resolve("postgres"), port));
        LOG.warning("PostgreSQL back");
    }

    private interface Start<T> {
        T start() throws Exception;
    }

    /** A server just stopped may still hold its port for a moment while it shuts down. */
    private static <T> T retryingWhileThePortIsHeld(Start<T> start) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return start.start();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
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
            sqsServer.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warning("PostgreSQL did not stop cleanly: " + e);
            }
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists: a state directory no longer wanted. */
    public static void deleteRecursively(Path dir) {
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
