package dev.chinook.ingest.messaging;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.pipeline.PipelineDefinition;
import dev.chinook.common.sqs.MessagePacker;
import dev.chinook.ingest.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends outbox records to the oltp-changes queue, many changes per message, and deletes them
 * once sent. A crash after sending and before the delete commits sends them again: the warehouse
 * skips change ids it has already applied, so that is harmless; nothing is ever lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int CHANGES_PER_ROUND = 2_000;

    private final OutboxRepository outbox;
    private final SqsClient sqs;
    private volatile String queueUrl;

    public OutboxRelay(OutboxRepository outbox, SqsClient sqs) {
        this.outbox = outbox;
        this.sqs = sqs;
    }

    /** Relays until the outbox is empty (of rows not locked by another relay); returns the count sent. */
    public long relayAll() throws SQLException {
        long sent = 0;
        int round;
        do {
            round = relayRound();
            sent += round;
        } while (round > 0);
        return sent;
    }

    @Transactional
    int relayRound() throws SQLException {
        List<ChangeMessage> changes = outbox.lockOldest(CHANGES_PER_ROUND);
        if (changes.isEmpty()) {
            return 0;
        }
        List<List<ChangeMessage>> bodies = MessagePacker.pack(changes, ChangeCodec::toJson,
                MessagePacker.DEFAULT_LIMIT_BYTES);
        for (List<ChangeMessage> body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl()).messageBody(ChangeCodec.toJson(ChangeBatch.of(body))));
        }
        outbox.delete(changes.stream().map(ChangeMessage::changeId).toList());
        LOG.debugf("relayed %d changes in %d messages", changes.size(), bodies.size());
        return changes.size();
    }

    private String queueUrl() {
        if (queueUrl == null) {
            String name = PipelineDefinition.load().queues().oltpChanges().name();
            queueUrl = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        }
        return queueUrl;
    }
}
