package dev.chinook.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.s3.S3Events;
import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.common.s3.Sequencers;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.messaging.CurrentInvocation;
import dev.chinook.ingest.messaging.IngestEventsQueue;
import dev.chinook.ingest.messaging.OutboxRelay;
import dev.chinook.ingest.model.IngestResult;
import dev.chinook.ingest.service.IngestService;
import dev.chinook.ingest.service.ParkedRows;
import dev.chinook.ingest.service.PartPace;
import dev.chinook.ingest.service.ReconcileService;
import dev.chinook.ingest.service.ValidationService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Entry point of the Lambda function: an SQS batch of S3 event notifications in, a partial batch
 * response out. A message fails alone: only its id is reported, so only it is redelivered.
 */
public class IngestHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(IngestHandler.class);

    private final IngestService ingest;
    private final ReconcileService reconcile;
    private final OutboxRelay relay;
    private final RemainingTime remainingTime;
    private final MessageFailures messageFailures;
    private final ValidationService validation;
    private final ParkedRows parkedRows;
    private final IngestEventsQueue events;
    private final PartPace partPace;
    private final CurrentInvocation invocation;
    private final long relayReserveMillis;

    /** How long this environment's last part took: the measure of whether another one fits. */
    private long lastPartMillis;

    public IngestHandler(
            IngestService ingest,
            ReconcileService reconcile,
            OutboxRelay relay,
            RemainingTime remainingTime,
            MessageFailures messageFailures,
            ValidationService validation,
            ParkedRows parkedRows,
            IngestEventsQueue events,
            IngestConfig config,
            PartPace partPace,
            CurrentInvocation invocation) {
        this.ingest = ingest;
        this.reconcile = reconcile;
        this.relay = relay;
        this.remainingTime = remainingTime;
        this.messageFailures = messageFailures;
        this.validation = validation;
        this.parkedRows = parkedRows;
        this.events = events;
        this.partPace = partPace;
        this.invocation = invocation;
        this.relayReserveMillis = config.relay()
                .deadlineReserve()
                .plus(config.relay().roundTarget())
                .toMillis();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        invocation.start(remainingTime.of(context));
        try {
            return handleBatch(event, context);
        } finally {
            invocation.end();
        }
    }

    private SQSBatchResponse handleBatch(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> messages =
                event.getRecords() == null ? List.of() : ParentsFirst.order(event.getRecords());
        for (SQSEvent.SQSMessage message : messages) {
            MDC.put("messageId", message.getMessageId());
            try {
                handleMessage(message, context);
            } catch (Exception e) {
                if (messageFailures.retry(message.getMessageId(), message.getBody(), receiveCount(message), e)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } finally {
                MDC.remove("messageId");
            }
        }
        try {
            parkedRows.sweep();
        } catch (Exception e) {
            // Parked rows keep waiting; the next invocation sweeps again.
            LOG.warn("releasing or expiring parked rows failed; they stay parked", e);
        }
        try {
            relay.awaitBackground();
            relay.relayAll(() -> remainingTime.of(context));
        } catch (Exception e) {
            // The changes stay in the outbox. Nothing else may come to relay them (the last upload
            // of the day was just loaded), so one message of the batch is handed back: its
            // redelivery, after the visibility timeout, finds its file done and relays.
            LOG.warn("outbox relay failed; changes stay in the outbox until a message comes back", e);
            if (failures.isEmpty() && !messages.isEmpty()) {
                failures.add(new SQSBatchResponse.BatchItemFailure(
                        messages.get(messages.size() - 1).getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** How many times SQS has handed the message out, this time included (1 when unknown). */
    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count =
                message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void handleMessage(SQSEvent.SQSMessage message, Context context) throws Exception {
        Optional<IngestCommand> command = IngestCommand.parse(message.getBody());
        if (command.isPresent()) {
            handleCommand(message.getMessageId(), command.get(), context);
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
            long start = System.nanoTime();
            partPace.budget(partBudget(context));
            IngestResult result = ingest.ingest(object);
            relaySoon(context);
            // Parents of the same upload it loaded the first part of go on first: their rows are
            // what its own later parts refer to.
            for (long parent : result.parentsContinuing()) {
                loadRemainingParts(parent, context, true);
            }
            if (result.continues()) {
                boolean partLoaded = result.outcome() != null;
                if (partLoaded) {
                    lastPartMillis = (System.nanoTime() - start) / 1_000_000;
                }
                loadRemainingParts(result.continuingFileId(), context, partLoaded);
            }
        }
    }

    /** A part committed: its changes may go out before the invocation ends. */
    private void relaySoon(Context context) {
        relay.relaySoon(() -> remainingTime.of(context), invocation.elapsedMillis());
    }

    /** Half of what is left after the relay's reserve: a part and its estimate's error both fit. */
    private long partBudget(Context context) {
        return (remainingTime.of(context) - relayReserveMillis) / 2;
    }

    /**
     * Goes on with a file loading in parts while the invocation has time for another part (twice
     * the last part's duration plus the relay's reserve), at least one part when none was loaded
     * yet; then leaves a continue-file message on its own queue for the next invocation. A crash
     * before that message is sent leaves the delivery it came with unacknowledged, and its
     * redelivery goes on from the last part committed.
     */
    private void loadRemainingParts(long fileId, Context context, boolean partLoaded) throws Exception {
        boolean mustLoadOne = !partLoaded;
        while (true) {
            if (!mustLoadOne && remainingTime.of(context) - relayReserveMillis < 2 * lastPartMillis) {
                LOG.infof("file %d has parts left and this invocation no time for one: continuing it later", fileId);
                events.send(new IngestCommand.ContinueFile(fileId));
                return;
            }
            mustLoadOne = false;
            long start = System.nanoTime();
            partPace.budget(partBudget(context));
            IngestResult result = ingest.continueFile(fileId);
            lastPartMillis = (System.nanoTime() - start) / 1_000_000;
            relaySoon(context);
            if (!result.continues()) {
                return;
            }
        }
    }

    private void handleCommand(String messageId, IngestCommand command, Context context) throws Exception {
        if (command instanceof IngestCommand.RelayOutbox) {
            LOG.infof("message %s asks to go on relaying the outbox", messageId);
        } else if (command instanceof IngestCommand.ContinueFile f) {
            loadRemainingParts(f.fileId(), context, false);
        } else if (command instanceof IngestCommand.Reconcile r) {
            reconcile.reconcile(r.requestId() == null ? messageId : r.requestId(), r.dryRun());
        } else if (command instanceof IngestCommand.ReconcileObject o) {
            IngestResult result = ingest.ingest(new S3ObjectEvent(
                    "ObjectCreated:Reconcile",
                    o.bucket(),
                    o.key(),
                    o.size(),
                    o.eTag(),
                    null,
                    Sequencers.eventless(o.lastModified())));
            if (result.continues()) {
                loadRemainingParts(result.continuingFileId(), context, result.outcome() != null);
            }
        } else if (command instanceof IngestCommand.Validate v) {
            validation.validate(v.requestId(), v.bucket(), v.key(), v.table());
        }
    }
}
