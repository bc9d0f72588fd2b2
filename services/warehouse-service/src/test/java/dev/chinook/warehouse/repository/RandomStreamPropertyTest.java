package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.common.change.ChangeMessage.Operation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for any change stream (upserts, deletes and returns, ties in commit time, facts whose
 * invoice, customer or track never arrive), any delivery order with any duplicates, applied one
 * message at a time or by two connections at once, as a backlog whose facts an empty warehouse
 * defers (derived after any number of its messages) or not, gives the warehouse in-order delivery
 * gives, and every key's history is gap-free with one current version.
 * Streams come from seeds over a tiny universe, so keys collide often; a failure is shrunk to a
 * smallest failing stream and reported with its seed.
 */
class RandomStreamPropertyTest extends WarehouseDatabaseTest {

    private static final int TRIES = 40;

    static LongStream seeds() {
        String only = System.getProperty("property.seed");
        if (only != null) {
            return LongStream.of(Long.parseLong(only));
        }
        return LongStream.range(1, TRIES + 1).map(i -> i * 7919);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyDeliveryOrderGivesTheInOrderWarehouse(long seed) throws Exception {
        List<ChangeMessage> stream = randomStream(new Random(seed));
        String failure = failure(stream, seed);
        if (failure != null) {
            List<ChangeMessage> smallest = shrink(stream, seed);
            assertThat(failure)
                    .as("seed %d; smallest failing stream (%d changes):%n%s", seed, smallest.size(), describe(smallest))
                    .isNull();
        }
    }

    /**
     * A change tying with the one that opened a customer's first version replaces it, and the next
     * version, now equal to the first, goes without any new version opening: the fact dated in it
     * must move to the first version (its start never changed) even though the batch opens nothing.
     */
    @Test
    void aVersionThatGoesWithoutANewOneMovesItsFactsToTheVersionBefore() throws Exception {
        Instant first = Instant.parse("2021-01-01T00:00:00Z");
        Instant second = Instant.parse("2022-01-01T00:00:00Z");
        ChangeMessage oslo = customer(1, "Oslo", first);
        ChangeMessage rome = customer(2, "Rome", second);
        ObjectNode invoice = ChangeCodec.mapper().createObjectNode();
        invoice.put("invoice_id", 1);
        invoice.put("customer_id", 1);
        invoice.put("invoice_date", "2023-06-01T00:00:00");
        invoice.put("billing_country", "Italy");
        invoice.put("total", new BigDecimal("0.99"));
        ObjectNode line = ChangeCodec.mapper().createObjectNode();
        line.put("invoice_line_id", 1);
        line.put("invoice_id", 1);
        line.put("track_id", 1);
        line.put("unit_price", new BigDecimal("0.99"));
        line.put("quantity", 1);
        List<ChangeMessage> factMessages = List.of(
                new ChangeMessage(4, "invoice", 1, Operation.UPSERT, invoice, second, "s3://test/tie.csv"),
                new ChangeMessage(5, "invoice_line", 1, Operation.UPSERT, line, second, "s3://test/tie.csv"));
        ChangeMessage romeFromTheStart = customer(3, "Rome", first);

        warehouse.reset();
        warehouse.deliver(List.of(oslo, rome, romeFromTheStart));
        warehouse.deliver(factMessages);
        Map<String, List<String>> expected = warehouse.snapshot();

        warehouse.reset();
        warehouse.deliver(List.of(oslo, rome));
        warehouse.deliver(factMessages);
        warehouse.deliver(List.of(romeFromTheStart));

        assertThat(warehouse.rows("SELECT count(*) FROM dim_customer")).containsExactly("1");
        assertThat(differences(expected, warehouse.snapshot())).isNull();
        assertThat(OrderIndependenceTest.historyViolations()).isEmpty();
    }

    private static ChangeMessage customer(long changeId, String city, Instant committedAt) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        row.put("customer_id", 1);
        row.put("first_name", "Ann");
        row.put("last_name", "Smith");
        row.put("city", city);
        row.put("country", "Italy");
        row.put("email", "c1@example.com");
        return new ChangeMessage(changeId, "customer", 1, Operation.UPSERT, row, committedAt, "s3://test/tie.csv");
    }

    /** Null when the property holds for this stream, else what broke. */
    private static String failure(List<ChangeMessage> stream, long seed) throws Exception {
        warehouse.reset();
        for (List<ChangeMessage> message : ChangeStreams.inOrder(stream, 3)) {
            warehouse.deliver(message);
        }
        Map<String, List<String>> expected = warehouse.snapshot();
        List<String> violations = OrderIndependenceTest.historyViolations();
        if (!violations.isEmpty()) {
            return "in-order history broken: " + violations;
        }
        warehouse.reset();
        for (List<ChangeMessage> message : ChangeStreams.shuffledWithDuplicates(stream, seed, 0.3, 4)) {
            warehouse.deliver(message);
        }
        String differences = differences(expected, warehouse.snapshot());
        if (differences != null) {
            return "shuffled delivery differs:" + differences;
        }
        violations = OrderIndependenceTest.historyViolations();
        if (!violations.isEmpty()) {
            return "shuffled history broken: " + violations;
        }
        warehouse.reset();
        List<List<ChangeMessage>> backlog = ChangeStreams.shuffledWithDuplicates(stream, seed + 2, 0.3, 4);
        int caughtUpAfter = new Random(seed).nextInt(backlog.size() + 1);
        for (int i = 0; i < backlog.size(); i++) {
            if (i < caughtUpAfter) {
                warehouse.deliverWithBacklog(backlog.get(i));
            } else {
                if (i == caughtUpAfter) {
                    warehouse.deriveDeferredFacts();
                }
                warehouse.deliver(backlog.get(i));
            }
        }
        warehouse.deriveDeferredFacts();
        differences = differences(expected, warehouse.snapshot());
        if (differences != null) {
            return "delivery as a backlog (facts derived after " + caughtUpAfter + " of " + backlog.size()
                    + " messages) differs:" + differences;
        }
        violations = OrderIndependenceTest.historyViolations();
        if (!violations.isEmpty()) {
            return "history delivered as a backlog broken: " + violations;
        }
        warehouse.reset();
        boolean concurrentBacklog = seed % 2 == 1;
        warehouse.deliverConcurrently(
                ChangeStreams.shuffledWithDuplicates(stream, seed + 1, 0.3, 2), 2, concurrentBacklog);
        warehouse.deriveDeferredFacts();
        differences = differences(expected, warehouse.snapshot());
        if (differences != null) {
            return "concurrent delivery" + (concurrentBacklog ? " as a backlog" : "") + " differs:" + differences;
        }
        violations = OrderIndependenceTest.historyViolations();
        return violations.isEmpty() ? null : "concurrent history broken: " + violations;
    }

    /** Null when equal, else per table the rows missing and unexpected. */
    private static String differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        if (actual.equals(expected)) {
            return null;
        }
        StringBuilder diff = new StringBuilder();
        for (String table : expected.keySet()) {
            List<String> missing = new ArrayList<>(expected.get(table));
            missing.removeAll(actual.get(table));
            List<String> unexpected = new ArrayList<>(actual.get(table));
            unexpected.removeAll(expected.get(table));
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                diff.append("\n  ")
                        .append(table)
                        .append(" missing ")
                        .append(missing)
                        .append("\n  ")
                        .append(table)
                        .append(" unexpected ")
                        .append(unexpected);
            }
        }
        return diff.toString();
    }

    /** Drops one change at a time while the stream still fails. */
    private static List<ChangeMessage> shrink(List<ChangeMessage> stream, long seed) throws Exception {
        List<ChangeMessage> current = new ArrayList<>(stream);
        boolean shrunk = true;
        while (shrunk) {
            shrunk = false;
            for (int i = 0; i < current.size(); i++) {
                List<ChangeMessage> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (failure(candidate, seed) != null) {
                    current = candidate;
                    shrunk = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Up to 30 changes over 3 customers, 3 tracks, 4 invoices, 6 lines; commit times with ties. */
    static List<ChangeMessage> randomStream(Random random) {
        List<ChangeMessage> stream = new ArrayList<>();
        Map<String, ObjectNode> last = new HashMap<>();
        Instant time = Instant.parse("2021-01-01T00:00:00Z");
        int count = 1 + random.nextInt(30);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(3) > 0) {
                time = time.plusSeconds(86_400L * (1 + random.nextInt(200)));
            }
            String table = pick(
                    random,
                    "customer",
                    "customer",
                    "track",
                    "track",
                    "invoice",
                    "invoice_line",
                    "invoice_line",
                    "album",
                    "genre");
            long key = 1 + random.nextInt(table.equals("invoice_line") ? 6 : table.equals("invoice") ? 4 : 3);
            boolean delete = random.nextInt(8) == 0 && last.containsKey(table + key);
            ObjectNode image = delete ? last.get(table + key) : image(random, table, key);
            last.put(table + key, image);
            stream.add(new ChangeMessage(
                    stream.size() + 1L,
                    table,
                    key,
                    delete ? Operation.DELETE : Operation.UPSERT,
                    image,
                    time,
                    "s3://test/random.csv"));
        }
        return stream;
    }

    private static ObjectNode image(Random random, String table, long key) {
        ObjectNode row = ChangeCodec.mapper().createObjectNode();
        switch (table) {
            case "customer" -> {
                row.put("customer_id", key);
                row.put("first_name", pick(random, "Ann", "Bo"));
                row.put("last_name", "Smith");
                putNullable(row, "city", pick(random, "Oslo", "Rome", null));
                putNullable(row, "company", pick(random, null, null, "Acme"));
                row.put("country", pick(random, "Norway", "Italy"));
                row.put("email", "c" + key + "@example.com");
            }
            case "track" -> {
                row.put("track_id", key);
                row.put("name", pick(random, "Intro", "Outro"));
                row.put("album_id", 1 + random.nextInt(2));
                row.put("media_type_id", 1);
                putNullable(row, "genre_id", pick(random, "1", "2", null));
                row.put("milliseconds", 1000);
                row.put("unit_price", new BigDecimal(pick(random, "0.99", "1.29")));
            }
            case "invoice" -> {
                row.put("invoice_id", key);
                row.put("customer_id", 1 + random.nextInt(4)); // customer 4 never arrives
                row.put(
                        "invoice_date",
                        pick(
                                random,
                                "2021-03-01T10:00:00",
                                "2021-09-15T00:00:00",
                                "2022-06-30T23:59:59",
                                "2024-01-01T00:00:00"));
                row.put("billing_country", "Norway");
                row.put("total", new BigDecimal("1.98"));
            }
            case "invoice_line" -> {
                row.put("invoice_line_id", key);
                row.put("invoice_id", 1 + random.nextInt(5)); // invoice 5 never arrives
                row.put("track_id", 1 + random.nextInt(4)); // track 4 never arrives
                row.put("unit_price", new BigDecimal(pick(random, "0.99", "1.29")));
                row.put("quantity", 1 + random.nextInt(2));
            }
            case "album" -> {
                row.put("album_id", key);
                row.put("title", pick(random, "Live", "Studio"));
                row.put("artist_id", 1);
            }
            default -> {
                row.put("genre_id", key);
                row.put("name", pick(random, "Rock", "Jazz"));
            }
        }
        return row;
    }

    private static void putNullable(ObjectNode row, String column, String value) {
        if (value == null) {
            row.putNull(column);
        } else if (value.matches("\\d+")) {
            row.put(column, Integer.parseInt(value));
        } else {
            row.put(column, value);
        }
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static String describe(List<ChangeMessage> stream) {
        StringBuilder out = new StringBuilder();
        for (ChangeMessage c : stream) {
            out.append(c.changeId())
                    .append(' ')
                    .append(c.committedAt())
                    .append(' ')
                    .append(c.operation())
                    .append(' ')
                    .append(c.table())
                    .append(' ')
                    .append(c.key())
                    .append(' ')
                    .append(c.row())
                    .append('\n');
        }
        return out.toString();
    }
}
