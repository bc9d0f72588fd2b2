package dev.chinook.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.manifest.FileStatus;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads where the pipeline stands, from the outside: the OLTP manifest and outbox over JDBC, the
 * warehouse over its HTTP status endpoint. Used to wait for work to finish and to report it.
 */
public final class PipelineProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Connection> oltp;
    private final URI warehouseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private PipelineProbe(Supplier<Connection> oltp, URI warehouseUrl) {
        this.oltp = oltp;
        this.warehouseUrl = warehouseUrl;
    }

    /** A probe of a running pipeline: its cloud's OLTP database and its warehouse. */
    public static PipelineProbe of(LocalPipeline pipeline) {
        return new PipelineProbe(
                () -> {
                    try {
                        return pipeline.cloud().connect(EmbeddedDatabases.OLTP);
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot connect to OLTP", e);
                    }
                },
                pipeline.warehouseUrl());
    }

    /**
     * How far the ingest is with the uploads: how many it has finished (loaded or rejected), and
     * the data rows it has read of them, counting the parts of a file still loading (what a long
     * file's progress is seen by between its first part and its end).
     */
    public record IngestProgress(int filesDone, long rowsRead) {}

    public IngestProgress ingestProgress(List<DataLoader.Upload> uploads) throws SQLException {
        // One upload may have several manifest rows (loaded early as a parent, then UNCHANGED on its own event).
        String sql =
                "SELECT coalesce(bool_or(status <> ?), false), coalesce(max(greatest(records_done, rows_in_file)), 0)"
                        + " FROM ingest_file WHERE object_key = ? AND etag = ?";
        int done = 0;
        long rows = 0;
        try (Connection c = oltp.get();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, FileStatus.LOADING.name());
            for (DataLoader.Upload upload : uploads) {
                ps.setString(2, upload.key());
                ps.setString(3, upload.eTag());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    done += rs.getBoolean(1) ? 1 : 0;
                    rows += rs.getLong(2);
                }
            }
        }
        return new IngestProgress(done, rows);
    }

    /** How many of the uploads the ingest has finished (loaded or rejected). */
    public int filesDone(List<DataLoader.Upload> uploads) throws SQLException {
        return ingestProgress(uploads).filesDone();
    }

    public long outboxPending() throws SQLException {
        return single("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set");
    }

    public Map<String, Long> oltpRowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TableSpec table : ChinookTables.ALL) {
            counts.put(table.name(), single("SELECT count(*) FROM " + table.name()));
        }
        return counts;
    }

    public long rejectedRows() throws SQLException {
        return single("SELECT count(*) FROM rejected_row");
    }

    /** Files whose ingest ended REJECTED, with the reason, for the summary. */
    public Map<String, String> rejectedFiles() throws SQLException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Connection c = oltp.get();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT object_key, message FROM ingest_file WHERE status = ? ORDER BY file_id")) {
            ps.setString(1, FileStatus.REJECTED.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return files;
    }

    /**
     * A loaded file whose report has something to say: rows rejected, or a note (columns ignored,
     * an export's NULL marker loaded as text).
     */
    public record LoadedWithFindings(String key, long rowsRejected, long rowsParked, String note) {}

    /** Loaded files with rejected rows or a note, in the order they were loaded, at most {@code limit}. */
    public List<LoadedWithFindings> loadedWithFindings(int limit) throws SQLException {
        List<LoadedWithFindings> files = new ArrayList<>();
        try (Connection c = oltp.get();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT object_key, rows_rejected, rows_parked, message FROM ingest_file "
                                + "WHERE status = ? AND (rows_rejected > 0 OR message IS NOT NULL) ORDER BY file_id LIMIT ?")) {
            ps.setString(1, FileStatus.LOADED.name());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new LoadedWithFindings(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return files;
    }

    /** The full status, whose counts of whole tables the warehouse gives up to a minute. */
    public JsonNode warehouseStatus() throws IOException, InterruptedException {
        return get("/api/status", Duration.ofSeconds(70));
    }

    private JsonNode get(String path, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(warehouseUrl.resolve(path))
                        .timeout(timeout)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("warehouse " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Waits until every upload has been ingested; reports progress when it changes, the rows read
     * too, so that a file loading in parts for minutes shows each part.
     */
    public void awaitIngested(List<DataLoader.Upload> uploads, Duration timeout, Consumer<String> progress)
            throws Exception {
        String[] last = {null};
        await(
                timeout,
                () -> {
                    IngestProgress now = ingestProgress(uploads);
                    String line = String.format(
                            Locale.ROOT,
                            "  ingest: %d of %d files done, %,d rows read",
                            now.filesDone(),
                            uploads.size(),
                            now.rowsRead());
                    if (!line.equals(last[0])) {
                        progress.accept(line);
                        last[0] = line;
                    }
                    return now.filesDone() == uploads.size();
                },
                "the ingest of " + uploads.size() + " files");
    }

    /** The queues' depths from the warehouse's light endpoint (the full status counts whole tables). */
    public JsonNode queueDepths() throws IOException, InterruptedException {
        return get("/api/status/queues", Duration.ofSeconds(10));
    }

    /**
     * Waits until every change has reached the warehouse: outbox empty, change queue drained,
     * nothing in flight and no facts deferred (an empty warehouse derives a backlog's facts once it
     * is applied); reports progress when it changes.
     */
    public void awaitWarehouseCaughtUp(Duration timeout, Consumer<String> progress) throws Exception {
        String[] last = {null};
        await(
                timeout,
                () -> {
                    // The outbox first: the relay sends before it deletes, so once the outbox is
                    // empty every change is in the queue or applied. Read the other way round, a
                    // relay finishing between the two reads looks like no work at all.
                    long outbox = outboxPending();
                    JsonNode depths = queueDepths();
                    JsonNode changes = depths.path("queues").path("oltp-changes");
                    long waiting = changes.path("waiting").asLong();
                    long inFlight = changes.path("inFlight").asLong()
                            + changes.path("delayed").asLong();
                    boolean factsDeferred = depths.path("factsDeferred").asBoolean();
                    String derivingSince = depths.path("factsDerivingSince").asText(null);
                    Optional<Duration> deriving = factsDeferred && derivingSince != null
                            ? Optional.of(Duration.between(Instant.parse(derivingSince), Instant.now()))
                            : Optional.empty();
                    String now = warehouseProgress(waiting, inFlight, outbox, factsDeferred, deriving);
                    if (!now.equals(last[0])) {
                        progress.accept(now);
                        last[0] = now;
                    }
                    return waiting + inFlight == 0 && outbox == 0 && !factsDeferred;
                },
                "the warehouse to catch up");
    }

    /**
     * How long the warehouse's one pass over every line has run (an empty warehouse's backlog, a
     * rebuild), in steps of ten seconds: progress lines are printed when they change.
     */
    public static String derivingFacts(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds()) / 10 * 10;
        return "deriving the facts in one pass (for " + seconds + " s)";
    }

    /** The progress line of {@link #awaitWarehouseCaughtUp}. */
    static String warehouseProgress(
            long waiting, long inFlight, long outbox, boolean factsDeferred, Optional<Duration> deriving) {
        String facts = "";
        if (deriving.isPresent()) {
            facts = ", " + derivingFacts(deriving.get());
        } else if (factsDeferred) {
            facts = ", facts derived once the backlog is applied";
        }
        return String.format(
                Locale.ROOT,
                "  warehouse: %,d change messages waiting, %,d being applied, %,d changes in the outbox%s",
                waiting,
                inFlight,
                outbox,
                facts);
    }

    private long single(String sql) throws SQLException {
        try (Connection c = oltp.get();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    private static void await(Duration timeout, Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(500);
        }
    }
}
