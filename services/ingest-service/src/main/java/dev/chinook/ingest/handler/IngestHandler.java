package dev.chinook.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chinook.common.s3.S3Events;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.messaging.OutboxRelay;
import dev.chinook.ingest.service.IngestService;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Entry point of the Lambda function: an SQS batch of S3 event notifications in, a partial batch
 * response out. A message fails alone: only its id is reported, so only it is redelivered.
 */
public class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(IngestHandler.class);

    private final IngestService ingest;
    private final OutboxRelay relay;
    private final RemainingTime remainingTime;

    public IngestHandler(IngestService ingest, OutboxRelay relay, RemainingTime remainingTime) {
        this.ingest = ingest;
        this.relay = relay;
        this.remainingTime = remainingTime;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            try {
                handleMessage(message);
            } catch (Exception e) {
                LOG.errorf(e, "message %s failed; it will be redelivered", message.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        try {
            relay.relayAll(() -> remainingTime.of(context));
        } catch (Exception e) {
            // The changes stay in the outbox and go with the next invocation's relay.
            LOG.warn("outbox relay failed; changes stay in the outbox", e);
        }
        return new SQSBatchResponse(failures);
    }

    private void handleMessage(SQSEvent.SQSMessage message) throws Exception {
        if (OutboxRelay.isContinueMessage(message.getBody())) {
            LOG.infof("message %s asks to go on relaying the outbox", message.getMessageId());
            return;
        }
        List<S3ObjectEvent> objects = S3Events.parse(message.getBody());
        if (objects.isEmpty()) {
            LOG.infof("message %s is an s3:TestEvent: ignored", message.getMessageId());
        }
        for (S3ObjectEvent object : objects) {
            if (!object.isObjectCreated()) {
                LOG.infof("ignoring %s event for %s", object.eventName(), object.uri());
                continue;
            }
            ingest.ingest(object);
        }
    }
}
