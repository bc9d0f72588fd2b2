package dev.chinook.ingest.messaging;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.sqs.MessagePacker;
import dev.chinook.ingest.config.IngestConfig;
import dev.chinook.ingest.repository.OutboxRepository;
import dev.chinook.ingest.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends outbox records to the oltp-changes queue, many changes per message, and deletes them
 * once sent. Each round is first written to S3 under changes/ (the archive a lost warehouse is
 * rebuilt from); a round too large for a few messages is sent as a message that refers to it. A crash after sending and before the delete commits sends them
 * again: the warehouse skips change ids it has applied, so that is harmless; nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final SqsClient sqs;
    private final ObjectStore objects;
    private final IngestConfig config;
    private final IngestEventsQueue ingestEvents;

    public OutboxRelay(
            OutboxRepository outbox,
            SqsClient sqs,
            ObjectStore objects,
            IngestConfig config,
            IngestEventsQueue ingestEvents) {
        this.outbox = outbox;
        this.sqs = sqs;
        this.objects = objects;
        this.config = config;
        this.ingestEvents = ingestEvents;
    }

    /**
     * Relays until the outbox is empty (of rows not locked by another relay) or the time is up;
     * returns the count sent. Each round commits. When time runs out with changes left, it puts
     * a {@link IngestCommand.RelayOutbox} message on the ingest-events queue, so that another invocation
     * goes on at once instead of waiting for the next upload.
     */
    public long relayAll(java.util.function.LongSupplier millisLeft) throws SQLException {
        RelayPace pace = new RelayPace(
                config.relay().roundTarget().toMillis(),
                config.relay().deadlineReserve().toMillis());
        long sent = 0;
        while (true) {
            int size = pace.nextRoundSize(millisLeft.getAsLong());
            if (size == 0) {
                LOG.infof(
                        "relay stops with %d ms left; another invocation goes on with the rest",
                        millisLeft.getAsLong());
                ingestEvents.send(new IngestCommand.RelayOutbox());
                return sent;
            }
            long started = System.nanoTime();
            int round = relayRound(size);
            pace.measured(round, (System.nanoTime() - started) / 1_000_000);
            sent += round;
            if (round < size) {
                return sent;
            }
        }
    }

    @Transactional
    int relayRound(int size) throws SQLException {
        List<ChangeMessage> changes = outbox.lockOldest(size);
        if (changes.isEmpty()) {
            return 0;
        }
        List<List<ChangeMessage>> bodies =
                MessagePacker.pack(changes, ChangeCodec::toJson, MessagePacker.DEFAULT_LIMIT_BYTES);
        // Every change set goes to S3 before it is sent: the archive a lost warehouse is rebuilt from.
        String archived = store(changes);
        if (bodies.size() > config.changeSets().inlineMessageLimit()) {
            LOG.infof("%d changes sent by reference as %s", changes.size(), archived);
            send(ChangeBatch.byReference(
                    archived,
                    changes.stream().map(ChangeMessage::sourceFile).distinct().toList()));
        } else {
            bodies.forEach(body -> send(ChangeBatch.of(body)));
        }
        outbox.delete(changes.stream().map(ChangeMessage::changeId).toList());
        LOG.debugf("relayed %d changes", changes.size());
        return changes.size();
    }

    /**
     * Writes the change set to S3 and returns its s3:// URI; the key names the change ids, so a
     * resend of the same round overwrites it (a resend of another round overlaps: a rebuild skips
     * change ids it has).
     */
    private String store(List<ChangeMessage> changes) {
        String bucket = config.changeSets().bucket();
        String key = config.changeSets().prefix() + changes.get(0).changeId() + "-"
                + changes.get(changes.size() - 1).changeId() + ".json";
        objects.put(bucket, key, "application/json", ChangeCodec.toJson(ChangeBatch.of(changes)));
        return "s3://" + bucket + "/" + key;
    }

    private void send(ChangeBatch batch) {
        sqs.sendMessage(b -> b.queueUrl(config.queues().oltpChanges()).messageBody(ChangeCodec.toJson(batch)));
    }
}
