package dev.chinook.warehouse.queues;

import dev.chinook.common.command.IngestCommand;
import dev.chinook.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Asks the ingest function for work by a command on its queue (it has no endpoint of its own). */
@ApplicationScoped
public class IngestEventsQueue {

    private final SqsClient sqs;
    private final String url;

    public IngestEventsQueue(SqsClient sqs, WarehouseConfig config) {
        this.sqs = sqs;
        this.url = config.queues().ingestEvents();
    }

    public void send(IngestCommand command) {
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(IngestCommand.toJson(command)));
    }
}
