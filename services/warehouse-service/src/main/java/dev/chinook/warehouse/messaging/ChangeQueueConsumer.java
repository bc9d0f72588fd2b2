package dev.chinook.warehouse.messaging;

import dev.chinook.common.pipeline.PipelineDefinition;
import dev.chinook.warehouse.service.ChangeBatchService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Transport adapter: long-polls the oltp-changes queue and hands each message to the service.
 * A message is deleted only after its transaction committed; one that fails stays, comes back
 * after the visibility timeout, and goes to the dead-letter queue after maxReceiveCount.
 */
@ApplicationScoped
public class ChangeQueueConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeQueueConsumer.class);

    private final SqsClient sqs;
    private final ChangeBatchService service;
    private final boolean enabled;
    private final AtomicLong messagesApplied = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean busy;
    private volatile String queueUrl;
    private Thread worker;

    public ChangeQueueConsumer(SqsClient sqs, ChangeBatchService service,
            @ConfigProperty(name = "chinook.warehouse.consumer.enabled", defaultValue = "true") boolean enabled) {
        this.sqs = sqs;
        this.service = service;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("change consumer disabled (chinook.warehouse.consumer.enabled=false)");
            return;
        }
        running = true;
        worker = new Thread(this::pollLoop, "oltp-changes-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(25_000);
        }
    }

    public String queueUrl() {
        if (queueUrl == null) {
            String name = PipelineDefinition.load().queues().oltpChanges().name();
            queueUrl = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
        return queueUrl;
    }

    /** Stops taking messages and waits for the one in hand; messages wait in the queue meanwhile. */
    public void pause() {
        paused = true;
        while (busy) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void resume() {
        paused = false;
    }

    public long messagesApplied() {
        return messagesApplied.get();
    }

    public long messagesFailed() {
        return messagesFailed.get();
    }

    private void pollLoop() {
        LOG.infof("consuming change messages from %s", queueUrl());
        while (running) {
            busy = true;
            if (paused) {
                busy = false;
                sleep();
                continue;
            }
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl()).maxNumberOfMessages(10)
                        .waitTimeSeconds(5)).messages();
                if (!messages.isEmpty() && !handleTogether(messages)) {
                    messages.forEach(this::handle);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("receiving change messages failed; retrying in 2 s", e);
                    sleep();
                }
            } finally {
                busy = false;
            }
        }
    }

    /** All received messages in one transaction; false (nothing applied) if any of them fails. */
    private boolean handleTogether(List<Message> messages) {
        if (messages.size() == 1) {
            return false;
        }
        try {
            service.applyAll(messages.stream().map(Message::body).toList());
        } catch (Exception e) {
            LOG.debugf("a batch of %d messages failed together; applying them one by one", messages.size());
            return false;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : messages) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                    .receiptHandle(m.receiptHandle()).build());
        }
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl()).entries(entries));
        messagesApplied.addAndGet(messages.size());
        return true;
    }

    private void handle(Message message) {
        try {
            service.apply(message.body());
            sqs.deleteMessage(b -> b.queueUrl(queueUrl()).receiptHandle(message.receiptHandle()));
            messagesApplied.incrementAndGet();
        } catch (Exception e) {
            messagesFailed.incrementAndGet();
            LOG.errorf(e, "change message %s failed; it will be redelivered", message.messageId());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
