package dev.chinook.ingest.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.chinook.common.command.IngestCommand;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.s3.S3Events;
import dev.chinook.common.s3.S3ObjectEvent;
import java.util.List;
import java.util.Map;

/**
 * The order a batch's messages are handled in: the function's own commands first (a file to go on
 * with may be the parent of another in the batch), then uploads parents before children, the rest
 * as they came. SQS keeps no order within a batch; handled as they came, a line file before its
 * invoice file loaded the invoices' first part with it and left their other parts to another
 * invocation, at the same time as its own: twice the time for both, and lines waiting for parents.
 */
final class ParentsFirst {

    private static final int LAST = ChinookTables.ALL.size() + 1;

    private ParentsFirst() {}

    static List<SQSEvent.SQSMessage> order(List<SQSEvent.SQSMessage> messages) {
        // Each body parsed once, not at every comparison.
        return messages.stream()
                .map(message -> Map.entry(rank(message), message))
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
    }

    /** 0 for a command, then the table's place in the contract, parents first; {@link #LAST} otherwise. */
    private static int rank(SQSEvent.SQSMessage message) {
        String body = message.getBody() == null ? "" : message.getBody();
        try {
            if (IngestCommand.parse(body).isPresent()) {
                return 0;
            }
            return S3Events.parse(body).stream()
                    .map(S3ObjectEvent::key)
                    .mapToInt(key -> ChinookTables.forObjectKey(key)
                            .map(table -> ChinookTables.ALL.indexOf(table) + 1)
                            .orElse(LAST))
                    .min()
                    .orElse(LAST);
        } catch (RuntimeException unreadable) {
            // Its handling reports it; its place does not matter.
            return LAST;
        }
    }
}
