package dev.chinook.warehouse.repository;

import dev.chinook.common.change.ChangeBatch;
import dev.chinook.common.change.ChangeCodec;
import dev.chinook.common.change.ChangeMessage;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL with the warehouse schema (sql/olap), fed through {@link StarSchemaLoader}
 * exactly as the service feeds it, one transaction per message.
 */
final class WarehouseDatabase implements AutoCloseable {

    private final EmbeddedDatabases server;
    private final Connection connection;

    WarehouseDatabase(Path dir) throws Exception {
        server = EmbeddedDatabases.start(dir, 0);
        connection = DriverManager.getConnection(
                server.jdbcUrl(EmbeddedDatabases.OLAP), EmbeddedDatabases.USER, EmbeddedDatabases.PASSWORD);
        reset();
    }

    /** An empty warehouse: the schema dropped and migrated again. */
    void reset() throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
        Flyway.configure()
                .dataSource(server.jdbcUrl(EmbeddedDatabases.OLAP), EmbeddedDatabases.USER, EmbeddedDatabases.PASSWORD)
                .locations("filesystem:" + olapMigrations())
                .load()
                .migrate();
    }

    /** A connection of its own to the warehouse, for tests that need a second transaction. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(
                server.jdbcUrl(EmbeddedDatabases.OLAP), EmbeddedDatabases.USER, EmbeddedDatabases.PASSWORD);
    }

    /** Delivers one message; returns how many of its changes were new. */
    int deliver(List<ChangeMessage> changes) throws SQLException {
        return deliverTogether(List.of(changes));
    }

    /**
     * Delivers several messages in one transaction, as the service applies one receive: each is
     * staged, then they are recorded together; returns how many of their changes were new.
     */
    int deliverTogether(List<List<ChangeMessage>> messages) throws SQLException {
        int fresh = deliver(connection, messages, false);
        requireIntactStar();
        return fresh;
    }

    /**
     * Delivers one message as a transaction with more messages waiting behind it: a warehouse
     * without facts defers them until {@link #deriveDeferredFacts}.
     */
    int deliverWithBacklog(List<ChangeMessage> changes) throws SQLException {
        int fresh = deliver(connection, List.of(changes), true);
        requireIntactStar();
        return fresh;
    }

    /** What the service does once a backlog is nearly applied: the deferred facts, if any; how many lines. */
    OptionalLong deriveDeferredFacts() throws SQLException {
        connection.setAutoCommit(false);
        try {
            OptionalLong lines = StarSchemaLoader.deriveDeferredFacts(connection);
            connection.commit();
            requireIntactStar();
            return lines;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Records a batch as it is written, without deriving anything; returns how many changes were new. */
    int record(String batchJson) throws SQLException {
        connection.setAutoCommit(false);
        try {
            StarSchemaLoader.stageChanges(connection, batchJson.getBytes(StandardCharsets.UTF_8));
            int fresh = StarSchemaLoader.recordStaged(connection);
            connection.commit();
            return fresh;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Delivers the messages from {@code loops} connections at once, as the service's poll loops
     * do: each takes the next message and applies it in a transaction of its own.
     */
    void deliverConcurrently(List<List<ChangeMessage>> messages, int loops) throws Exception {
        deliverConcurrently(messages, loops, false);
    }

    /** {@link #deliverConcurrently}, each transaction with more waiting behind it or not. */
    void deliverConcurrently(List<List<ChangeMessage>> messages, int loops, boolean backlogWaiting) throws Exception {
        Queue<List<ChangeMessage>> pending = new ConcurrentLinkedQueue<>(messages);
        ExecutorService executor = Executors.newFixedThreadPool(loops);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                results.add(executor.submit(() -> {
                    try (Connection own = connect()) {
                        for (List<ChangeMessage> message; (message = pending.poll()) != null; ) {
                            deliver(own, List.of(message), backlogWaiting);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> result : results) {
                result.get();
            }
        } finally {
            executor.shutdown();
        }
        requireIntactStar();
    }

    /** One transaction: each message staged, then recorded together and derived, as the service does. */
    private static int deliver(Connection connection, List<List<ChangeMessage>> messages, boolean backlogWaiting)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (List<ChangeMessage> changes : messages) {
                StarSchemaLoader.stageChanges(
                        connection, ChangeCodec.toJson(ChangeBatch.of(changes)).getBytes(StandardCharsets.UTF_8));
            }
            int fresh = StarSchemaLoader.recordStaged(connection);
            if (fresh > 0) {
                StarSchemaLoader.applyBatch(connection, backlogWaiting);
            }
            connection.commit();
            return fresh;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * Rebuilds the derived tables from change_log in chunks, as the rebuild command does: each
     * chunk a batch with more behind it, then the facts that deferred.
     */
    void rebuild(int chunk) throws SQLException {
        connection.setAutoCommit(false);
        StarSchemaLoader.clearDerived(connection);
        connection.commit();
        long last = 0;
        while ((last = StarSchemaLoader.stageFromLog(connection, last, chunk)) >= 0) {
            StarSchemaLoader.applyBatch(connection, true);
            connection.commit();
            requireIntactStar();
        }
        connection.commit();
        deriveDeferredFacts();
    }

    /** The fact table's keys are not enforced (OLAP V6): every commit must leave them whole. */
    private void requireIntactStar() throws SQLException {
        List<String> dangling = rows(StatusRepository.DANGLING_FACTS).stream()
                .filter(row -> !row.endsWith(" | 0"))
                .toList();
        if (!dangling.isEmpty()) {
            throw new IllegalStateException("facts whose dimension member is missing: " + dangling);
        }
    }

    /**
     * The warehouse's content, row for row, with surrogate keys replaced by what they stand for
     * (natural key and version start), sorted: equal snapshots mean equal warehouses.
     */
    Map<String, List<String>> snapshot() throws SQLException {
        connection.setAutoCommit(true);
        Map<String, List<String>> snapshot = new LinkedHashMap<>();
        snapshot.put(
                "dim_customer",
                rows("SELECT customer_id, valid_from, valid_to, is_current, is_inferred, is_deleted, "
                        + "first_name, last_name, company, address, city, state, country, postal_code, phone, email "
                        + "FROM dim_customer ORDER BY customer_id, valid_from"));
        snapshot.put(
                "dim_track",
                rows("SELECT track_id, valid_from, valid_to, is_current, is_inferred, is_deleted, name, "
                        + "album_id, album_title, artist_id, artist_name, genre_id, genre_name, media_type_id, media_type_name, "
                        + "composer, milliseconds, bytes, unit_price FROM dim_track ORDER BY track_id, valid_from"));
        snapshot.put("dim_date", rows("SELECT * FROM dim_date ORDER BY date_key"));
        snapshot.put(
                "fact_invoice_line",
                rows("SELECT f.invoice_line_id, f.invoice_id, f.billing_country, f.date_key, c.customer_id, "
                        + "c.valid_from, t.track_id, t.valid_from, f.quantity, f.unit_price, f.extended_amount "
                        + "FROM fact_invoice_line f JOIN dim_customer c USING (customer_key) JOIN dim_track t USING (track_key) "
                        + "ORDER BY f.invoice_line_id"));
        return snapshot;
    }

    List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    void execute(String sql) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    /** The one whole number {@code sql} answers (a count). */
    long number(String sql) throws SQLException {
        return ((Number) value(sql)).longValue();
    }

    Object value(String sql) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static Path olapMigrations() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("sql/olap"))) {
                return dir.resolve("sql/olap");
            }
        }
        throw new IllegalStateException(
                "sql/olap not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() throws Exception {
        connection.close();
        server.close();
    }
}
