package dev.chinook.localcloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Lambda's SQS rules as local-cloud plays them, with a real function process: only the items
 * the function reports failed come back, and after maxReceiveCount receives they are in the DLQ.
 */
class SqsEventSourceMappingTest {

    @TempDir
    static Path work;

    static LocalCloud cloud;
    static LambdaFunction function;

    @BeforeAll
    static void start() throws IOException {
        cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        Path zip = packageTestFunction(work.resolve("function.zip"));
        // What an earlier package left in the task root must not stay beside the new one.
        java.nio.file.Files.createDirectories(work.resolve("fn/task/lib"));
        java.nio.file.Files.writeString(work.resolve("fn/task/lib/left-by-an-older-package.jar"), "stale");
        function = LambdaFunction.start(new LambdaFunction.Settings(
                "test-fn",
                zip,
                Path.of("target/lambda-runtime"),
                FailingBodiesHandler.class.getName() + "::handleRequest",
                128,
                10,
                1,
                Map.of(),
                work.resolve("fn")));
    }

    @AfterAll
    static void stop() {
        function.close();
        cloud.close();
    }

    @Test
    void theTaskRootHoldsTheNewPackageOnly() {
        org.assertj.core.api.Assertions.assertThat(work.resolve("fn/task/lib/left-by-an-older-package.jar"))
                .doesNotExist();
    }

    @Test
    void onlyReportedFailuresReturnAndReachTheDeadLetterQueueAfterMaxReceiveCount() throws Exception {
        SqsClient sqs = cloud.sqs();
        String dlq = sqs.createQueue(b -> b.queueName("esm-test-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String queue = sqs.createQueue(b -> b.queueName("esm-test")
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "1",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}")))
                .queueUrl();
        for (String body : List.of("ok-1", "fail-1", "ok-2", "ok-3")) {
            sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
        }

        try (SqsEventSourceMapping mapping = new SqsEventSourceMapping(
                sqs,
                function,
                new SqsEventSourceMapping.Settings(
                        queue,
                        "arn:aws:sqs:us-east-1:000000000000:esm-test",
                        "us-east-1",
                        10,
                        Duration.ofMillis(500),
                        1))) {
            List<String> dead = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (dead.isEmpty() && System.currentTimeMillis() < deadline) {
                sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1))
                        .messages()
                        .forEach(m -> dead.add(m.body()));
            }
            assertThat(dead).containsExactly("fail-1");
            assertThat(mapping.messagesSucceeded()).isEqualTo(3);
            assertThat(mapping.messagesFailed()).isEqualTo(2);
        }
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(2)).messages())
                .isEmpty();
    }

    @Test
    void aFunctionErrorReturnsTheWholeBatch() {
        SqsClient sqs = cloud.sqs();
        String queue = sqs.createQueue(
                        b -> b.queueName("esm-crash").attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                .queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("ok-1"));
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("crash"));

        try (SqsEventSourceMapping mapping = new SqsEventSourceMapping(
                sqs,
                function,
                new SqsEventSourceMapping.Settings(
                        queue,
                        "arn:aws:sqs:us-east-1:000000000000:esm-crash",
                        "us-east-1",
                        10,
                        Duration.ofSeconds(1),
                        1))) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (mapping.messagesFailed() < 2 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(mapping.messagesFailed()).isEqualTo(2);
            assertThat(mapping.messagesSucceeded()).isZero();
        }
        var attributes = sqs.getQueueAttributes(b ->
                        b.queueUrl(queue).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .isEqualTo("2");
    }

    /** A function.zip of the test classes, with the Lambda core and Jackson jars in lib/. */
    private static Path packageTestFunction(Path zip) throws IOException {
        Path classes = Path.of("target/test-classes");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    add(out, classes.relativize(file).toString(), file);
                }
            }
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                String name = Path.of(entry).getFileName().toString();
                if (name.startsWith("jackson-") && name.endsWith(".jar")) {
                    add(out, "lib/" + name, Path.of(entry));
                }
            }
        }
        return zip;
    }

    private static void add(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
    }
}
