package dev.chinook.warehouse.repository;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.Column;
import dev.chinook.common.contract.TableSpec;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Change streams for the warehouse tests: from the data/ files, shuffled, duplicated, cut into messages. */
final class ChangeStreams {

    private ChangeStreams() {}

    /**
     * The changes the OLTP side emits for the data folders loaded one after the other: every row
     * of a day's files is one change (the change set holds only changed rows), committed on that day.
     */
    static List<ChangeMessage> fromDataFolders(List<Path> days) throws IOException {
        List<ChangeMessage> changes = new ArrayList<>();
        Instant day = Instant.parse("2026-01-01T08:00:00Z");
        for (Path folder : days) {
            for (TableSpec table : ChinookTables.ALL) {
                Path file = folder.resolve(table.name() + ".csv");
                if (!Files.exists(file)) {
                    continue;
                }
                try (Reader in = Files.newBufferedReader(file)) {
                    for (CSVRecord record : CSVFormat.RFC4180
                            .builder()
                            .setHeader()
                            .setSkipHeaderRecord(true)
                            .get()
                            .parse(in)) {
                        long id = changes.size() + 1;
                        changes.add(new ChangeMessage(
                                id,
                                table.name(),
                                Long.parseLong(record.get(0)),
                                ChangeMessage.Operation.UPSERT,
                                image(table, record),
                                day.plusMillis(id),
                                "s3://test/" + folder.getFileName() + "/" + table.name() + ".csv"));
                    }
                }
            }
            day = day.plus(Duration.ofDays(1));
        }
        return changes;
    }

    /** A row image as PostgreSQL's to_jsonb writes it: numbers as numbers, empty fields as null. */
    static ObjectNode image(TableSpec table, CSVRecord record) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        for (Column column : table.columns()) {
            String value = record.get(column.name());
            if (value == null || value.isEmpty()) {
                row.putNull(column.name());
            } else {
                switch (column.type()) {
                    case INTEGER -> row.put(column.name(), Long.parseLong(value));
                    case MONEY -> row.put(column.name(), new BigDecimal(value));
                    default -> row.put(column.name(), value);
                }
            }
        }
        return row;
    }

    /** Changes in delivery order, in messages of {@code size}. */
    static List<List<ChangeMessage>> inOrder(List<ChangeMessage> changes, int size) {
        List<List<ChangeMessage>> messages = new ArrayList<>();
        for (int i = 0; i < changes.size(); i += size) {
            messages.add(changes.subList(i, Math.min(changes.size(), i + size)));
        }
        return messages;
    }

    /**
     * What a queue may do to the stream: every change delivered in random order, a share of them
     * twice (also twice inside one message), in messages of random size.
     */
    static List<List<ChangeMessage>> shuffledWithDuplicates(
            List<ChangeMessage> changes, long seed, double duplicateShare, int maxMessageSize) {
        Random random = new Random(seed);
        List<ChangeMessage> delivered = new ArrayList<>(changes);
        for (ChangeMessage change : changes) {
            if (random.nextDouble() < duplicateShare) {
                delivered.add(change);
            }
        }
        Collections.shuffle(delivered, random);
        List<List<ChangeMessage>> messages = new ArrayList<>();
        int i = 0;
        while (i < delivered.size()) {
            int size = 1 + random.nextInt(maxMessageSize);
            messages.add(delivered.subList(i, Math.min(delivered.size(), i + size)));
            i += size;
        }
        return messages;
    }

    static List<Path> dataFolders() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data")) && Files.isDirectory(dir.resolve("services"))) {
                try (Stream<Path> days = Files.list(dir.resolve("data"))) {
                    return days.filter(Files::isDirectory).sorted().toList();
                }
            }
        }
        throw new IllegalStateException("data/ not found");
    }
}
