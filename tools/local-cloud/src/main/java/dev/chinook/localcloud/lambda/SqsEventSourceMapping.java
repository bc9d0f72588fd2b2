package dev.chinook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping with ReportBatchItemFailures: pollers (one per unit of maximum
 * concurrency) gather up to batchSize messages within the batching window, invoke the function,
 * and delete what succeeded. The ids in batchItemFailures stay in the queue and come back after
 * the visibility timeout; an error, a timeout, a malformed response or an unknown id fails the
 * whole batch. Redrive to the dead-letter queue after maxReceiveCount is the queue's own doing.
 */
public final class SqsEventSourceMapping implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SqsEventSourceMapping.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Settings(
            String queueUrl,
            String queueArn,
            String region,
            int batchSize,
            Duration batchingWindow,
            int maximumConcurrency) {}

    private final SqsClient sqs;
    private final LambdaFunction function;
    private final Settings settings;
    private final ExecutorService pollers;
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean running = true;

    public SqsEventSourceMapping(SqsClient sqs, LambdaFunction function, Settings settings) {
        this.sqs = sqs;
        this.function = function;
        this.settings = settings;
        this.pollers = Executors.newFixedThreadPool(settings.maximumConcurrency(), r -> {
            Thread t = new Thread(r, "esm-" + function.settings().name());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < settings.maximumConcurrency(); i++) {
            pollers.submit(this::pollLoop);
        }
    }

    public long messagesSucceeded() {
        return succeeded.get();
    }

    public long messagesFailed() {
        return failed.get();
    }

    public long invocations() {
        return invocations.get();
    }

    private void pollLoop() {
        while (running) {
            try {
                List<Message> batch = gatherBatch();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "event source mapping poll failed; retrying", e);
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private List<Message> gatherBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = System.nanoTime() + settings.batchingWindow().toNanos();
        do {
            int wanted = Math.min(10, settings.batchSize() - batch.size());
            int wait = batch.isEmpty() ? 5 : 0;
            batch.addAll(sqs.receiveMessage(b -> b.queueUrl(settings.queueUrl())
                            .maxNumberOfMessages(wanted)
                            .waitTimeSeconds(wait)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages());
        } while (running && !batch.isEmpty() && batch.size() < settings.batchSize() && System.nanoTime() < windowEnds);
        return batch;
    }

    private void deliver(List<Message> batch) {
        invocations.incrementAndGet();
        Set<String> failedIds;
        try {
            byte[] response = function.invoke(event(batch)).join();
            failedIds = failedIds(response, batch);
        } catch (RuntimeException e) {
            LOG.warning("invocation of " + function.settings().name() + " failed, the whole batch of " + batch.size()
                    + " returns to the queue: " + e.getMessage());
            failed.addAndGet(batch.size());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failedIds.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle())
                        .build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(settings.queueUrl()).entries(done));
        }
        succeeded.addAndGet(done.size());
        failed.addAndGet(failedIds.size());
    }

    /** The ids the function reported as failed; anything malformed fails the whole batch. */
    private static Set<String> failedIds(byte[] response, List<Message> batch) {
        Set<String> ids = new HashSet<>();
        JsonNode node;
        try {
            node = JSON.readTree(new String(response, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("malformed function response: " + e.getMessage());
        }
        Set<String> known = new HashSet<>();
        batch.forEach(m -> known.add(m.messageId()));
        JsonNode failures = node == null ? null : node.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return ids;
        }
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText(null);
            if (id == null || !known.contains(id)) {
                throw new IllegalStateException("batchItemFailures names an unknown message id: " + id);
            }
            ids.add(id);
        }
        return ids;
    }

    private byte[] event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            record.putObject("messageAttributes");
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", settings.queueArn());
            record.put("awsRegion", settings.region());
        }
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(10, TimeUnit.SECONDS)) {
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
