package dev.chinook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chinook.cli.generate.ChinookGenerator;
import dev.chinook.cli.pipeline.Artifacts;
import dev.chinook.cli.pipeline.DataLoader;
import dev.chinook.cli.pipeline.LocalPipeline;
import dev.chinook.cli.pipeline.PipelineProbe;
import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.localcloud.aws.LocalCloudOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Faults during a load of generated scale-10 data (both days): each run ends with OLTP and the
 * warehouse exactly as a fault-free run of the same uploads leaves them, compared row for row
 * with surrogate keys, commit times and change ids aside (versions by their rank). CI runs two
 * seeds; {@code -Dchinook.faults.seeds=10} runs more. docs/reliability.md lists the scenarios.
 */
class FaultInjectionTest {

    static final Path ROOT = Artifacts.findProjectRoot(Path.of(""));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SCALE = 10;

    /** Every table, normalised so that two runs of the same uploads compare equal. */
    private static final Map<String, String> OLTP = new LinkedHashMap<>();

    private static final Map<String, String> OLAP = new LinkedHashMap<>();

    static {
        for (String table :
                List.of("artist", "album", "genre", "media_type", "track", "customer", "invoice", "invoice_line")) {
            OLTP.put(table, "SELECT * FROM " + table + " ORDER BY 1");
        }
        OLAP.put(
                "change_log",
                "SELECT table_name, row_key, operation, row_image, source_file FROM change_log "
                        + "ORDER BY table_name, row_key, row_image::text");
        OLAP.put(
                "dim_customer",
                "SELECT customer_id, first_name, last_name, company, address, city, state, country, "
                        + "postal_code, phone, email, is_current, is_inferred, is_deleted, "
                        + "row_number() OVER (PARTITION BY customer_id ORDER BY valid_from) FROM dim_customer ORDER BY 1, 15");
        OLAP.put(
                "dim_track",
                "SELECT track_id, name, album_title, artist_name, genre_name, media_type_name, "
                        + "unit_price, is_current, is_inferred, is_deleted, "
                        + "row_number() OVER (PARTITION BY track_id ORDER BY valid_from) FROM dim_track ORDER BY 1, 11");
        OLAP.put(
                "fact_invoice_line",
                "WITH c AS (SELECT customer_key, customer_id, row_number() OVER "
                        + "(PARTITION BY customer_id ORDER BY valid_from) v FROM dim_customer), "
                        + "t AS (SELECT track_key, track_id, row_number() OVER (PARTITION BY track_id ORDER BY valid_from) v "
                        + "FROM dim_track) "
                        + "SELECT f.invoice_line_id, f.invoice_id, f.billing_country, f.date_key, c.customer_id, c.v, "
                        + "t.track_id, t.v, f.quantity, f.unit_price, f.extended_amount FROM fact_invoice_line f "
                        + "JOIN c USING (customer_key) JOIN t USING (track_key) ORDER BY 1");
        OLAP.put("dim_date", "SELECT * FROM dim_date ORDER BY date_key");
        OLAP.put(
                "src_invoice",
                "SELECT invoice_id, customer_id, invoice_date, billing_country, total, is_deleted "
                        + "FROM src_invoice ORDER BY 1");
    }

    @TempDir
    static Path shared;

    static Path data;
    static Map<String, List<String>> faultFree;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void aFaultFreeRun() throws Exception {
        data = shared.resolve("data");
        ChinookGenerator.writeDataFolder(data, 20091, SCALE, m -> {});
        faultFree = new FaultInjectionTest().run(shared.resolve("fault-free"), (pipeline, cloud) -> {});
    }

    /** What a scenario does to the running pipeline while the uploads load. */
    interface Faults {
        void inject(LocalPipeline pipeline, LocalCloud cloud) throws Exception;
    }

    @Test
    void theWarehouseAndTheFunctionKilledAtRandomPointsEndAsAFaultFreeRun() throws Exception {
        int seeds = Integer.getInteger("chinook.faults.seeds", 2);
        for (int seed = 1; seed <= seeds; seed++) {
            Random random = new Random(seed);
            List<String> kills = new ArrayList<>();
            Map<String, List<String>> faulted = run(shared.resolve("seed-" + seed), (pipeline, cloud) -> {
                for (int k = 0; k < 3; k++) {
                    Thread.sleep(500 + random.nextInt(4_000));
                    if (random.nextBoolean()) {
                        long pid = pipeline.warehouseProcess().pid();
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        kills.add("warehouse " + pid);
                    } else {
                        List<Long> environments = pipeline.ingestFunction().environmentPids();
                        if (!environments.isEmpty()) {
                            long pid = environments.get(random.nextInt(environments.size()));
                            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                            kills.add("function " + pid);
                        }
                    }
                }
            });
            System.out.println("seed " + seed + ": SIGKILL of " + kills);
            compare(faultFree, faulted, "seed " + seed + " " + kills);
        }
    }

    @Test
    void theFunctionKilledDuringCopyWithChangesInTheOutboxAndDuringTheRelayEndsAsAFaultFreeRun() throws Exception {
        List<String> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, List<String>> faulted = run(shared.resolve("function-stages"), (pipeline, cloud) -> {
            try (Connection oltp = cloud.connect(EmbeddedDatabases.OLTP);
                    Statement st = oltp.createStatement()) {
                killFunctionWhen(
                        pipeline,
                        kills,
                        "during COPY into staging",
                        () -> single(
                                        st,
                                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                                                + "AND query LIKE 'COPY stage_%'")
                                > 0);
                killFunctionWhen(
                        pipeline,
                        kills,
                        "with a file's changes committed in the outbox, not yet relayed",
                        () -> single(st, "SELECT coalesce(sum(change_count), 0) FROM outbox_change_set") > 0);
                // A relay round locks its change sets (FOR UPDATE: a row share lock, which nothing
                // else takes on the outbox) while it archives and announces them, until it commits.
                killFunctionWhen(
                        pipeline,
                        kills,
                        "during the relay, a round not yet committed",
                        () -> single(
                                        st,
                                        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                                + "WHERE c.relname = 'outbox_change_set' AND l.mode = 'RowShareLock'")
                                > 0);
            }
        });
        System.out.println("function killed " + kills);
        assertThat(kills)
                .as("each stage was hit at least once over the two days")
                .anyMatch(k -> k.startsWith("during COPY"))
                .anyMatch(k -> k.startsWith("with a file's changes"))
                .anyMatch(k -> k.startsWith("during the relay"));
        compare(faultFree, faulted, "function killed " + kills);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Watches for {@code stage} for up to 30 s; when seen, kills every function environment at once. */
    private static void killFunctionWhen(LocalPipeline pipeline, List<String> kills, String stage, Condition seen)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (seen.holds()) {
                List<Long> environments = pipeline.ingestFunction().environmentPids();
                environments.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                kills.add(stage + " " + environments);
                return;
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theDatabaseFrozenMidLoadEndsAsAFaultFreeRun() throws Exception {
        Map<String, List<String>> faulted = run(shared.resolve("frozen"), (pipeline, cloud) -> {
            Thread.sleep(2_000);
            List<ProcessHandle> server = cloud.databases().serverProcesses();
            signal("STOP", server);
            try {
                Thread.sleep(10_000);
            } finally {
                signal("CONT", server);
            }
        });
        compare(faultFree, faulted, "PostgreSQL frozen for 10 s");
    }

    @Test
    void sqsUnreachableForThirtySecondsMidLoadEndsAsAFaultFreeRun() throws Exception {
        outageEndsAsAFaultFreeRun(
                "sqs", 1_500, cloud -> cloud.sqsOutage(Duration.ofSeconds(30)), "SQS unreachable for 30 s");
    }

    @Test
    void s3UnreachableForTwentySecondsMidLoadEndsAsAFaultFreeRun() throws Exception {
        outageEndsAsAFaultFreeRun(
                "s3", 1_000, cloud -> cloud.s3Outage(Duration.ofSeconds(20)), "S3 unreachable for 20 s");
    }

    @Test
    void theDatabaseStoppedAndRestartedMidLoadEndsAsAFaultFreeRun() throws Exception {
        outageEndsAsAFaultFreeRun(
                "database",
                2_000,
                cloud -> cloud.postgresRestart(Duration.ofSeconds(15)),
                "PostgreSQL stopped for 15 s and restarted");
    }

    interface CloudOutage {
        void run(LocalCloud cloud) throws Exception;
    }

    /**
     * Loads both days with {@code outage} of {@code dependency} starting {@code afterMillis} into
     * each; readiness must name the dependency meanwhile, and the end must equal the fault-free run.
     */
    private void outageEndsAsAFaultFreeRun(String dependency, long afterMillis, CloudOutage outage, String what)
            throws Exception {
        Map<String, List<String>> faulted = run(shared.resolve(dependency + "-outage"), (pipeline, cloud) -> {
            Thread.sleep(afterMillis);
            whileReadinessNames(dependency, pipeline, () -> outage.run(cloud));
        });
        compare(faultFree, faulted, what);
    }

    interface Outage {
        void run() throws Exception;
    }

    /** Runs {@code outage}; meanwhile the warehouse's readiness must turn DOWN naming {@code dependency}. */
    private void whileReadinessNames(String dependency, LocalPipeline pipeline, Outage outage) throws Exception {
        ExecutorService outages = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = outages.submit(() -> {
                outage.run();
                return null;
            });
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(downChecks(pipeline)).contains(dependency));
            running.get();
        } finally {
            outages.shutdownNow();
        }
    }

    /** The readiness checks the warehouse reports DOWN. */
    private List<String> downChecks(LocalPipeline pipeline) throws Exception {
        JsonNode health = JSON.readTree(http.send(
                        HttpRequest.newBuilder(pipeline.warehouseUrl().resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        List<String> down = new ArrayList<>();
        health.path("checks").forEach(check -> {
            if ("DOWN".equals(check.path("status").asText())) {
                down.add(check.path("name").asText());
            }
        });
        return down;
    }

    @Test
    void twentyOneConcurrentUploadsKeepReferencesIntactAndTheNewerVersionWins() throws Exception {
        Path day = data.resolve("01-initial");
        Path uploads = shared.resolve("concurrent");
        Files.createDirectories(uploads);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String table : List.of("artist", "genre", "media_type", "album", "track", "customer", "invoice")) {
            files.put("raw/" + table + "/01-initial.csv", Files.readAllBytes(day.resolve(table + ".csv")));
        }
        List<String> lines = Files.readAllLines(day.resolve("invoice_line.csv"));
        int parts = 10;
        int per = (lines.size() - 1 + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            List<String> part = new ArrayList<>(List.of(lines.get(0)));
            part.addAll(lines.subList(1 + p * per, Math.min(lines.size(), 1 + (p + 1) * per)));
            files.put("raw/invoice_line/part-" + p + ".csv", (String.join("\n", part) + "\n").getBytes());
        }
        String moves = "raw/customer/moves.csv";
        byte[] alpha = moved("Alpha");
        byte[] beta = moved("Beta");
        int retired = unusedArtist(day);
        files.put("raw/artist/retire.csv", ("artist_id,name,_op\n" + retired + ",Gone,D\n").getBytes());
        files.put(
                "raw/album/for-the-retired.csv",
                ("album_id,title,artist_id\n900001,Late," + retired + "\n").getBytes());

        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(uploads.resolve("cloud")));
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), uploads.resolve("services"), 0)) {
            ExecutorService threads = Executors.newFixedThreadPool(21);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<DataLoader.Upload>> puts = new ArrayList<>();
            Map<String, byte[]> all = new LinkedHashMap<>(files);
            List<Map.Entry<String, byte[]>> entries = new ArrayList<>(all.entrySet());
            entries.add(Map.entry(moves, alpha));
            entries.add(Map.entry(moves, beta));
            try (S3Client s3 = cloud.s3Client()) {
                for (Map.Entry<String, byte[]> file : entries) {
                    puts.add(threads.submit(() -> {
                        go.await();
                        String eTag = s3.putObject(
                                        b -> b.bucket(cloud.definition()
                                                        .bucket()
                                                        .name())
                                                .key(file.getKey()),
                                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(file.getValue()))
                                .eTag()
                                .replace("\"", "");
                        return new DataLoader.Upload(file.getKey(), eTag, null);
                    }));
                }
                go.countDown();
                List<DataLoader.Upload> done = new ArrayList<>();
                for (Future<DataLoader.Upload> put : puts) {
                    done.add(put.get());
                }
                threads.shutdown();
                assertThat(done).hasSize(21);
                PipelineProbe probe = PipelineProbe.of(pipeline);
                probe.awaitIngested(done, Duration.ofMinutes(5), m -> {});
                probe.awaitWarehouseCaughtUp(Duration.ofMinutes(5), m -> {});
            }
            try (Connection oltp = cloud.connect(EmbeddedDatabases.OLTP);
                    Connection olap = cloud.connect(EmbeddedDatabases.OLAP);
                    Statement o = oltp.createStatement();
                    Statement w = olap.createStatement()) {
                // Every invoice line of the ten parts, none twice.
                assertThat(single(o, "SELECT count(*) FROM invoice_line")).isEqualTo(lines.size() - 1L);
                // The retired artist and an album of it: both or neither, never an orphan.
                long artist = single(o, "SELECT count(*) FROM artist WHERE artist_id = " + retired);
                long album = single(o, "SELECT count(*) FROM album WHERE album_id = 900001");
                assertThat(album)
                        .as("the album exists exactly when its artist does")
                        .isEqualTo(artist);
                assertIntact(pipeline);
                // The newer upload of the key wins, in OLTP and in the warehouse.
                String newest = newestLoadedETag(o, moves);
                String city = newest.equals(md5(alpha)) ? "Alpha" : "Beta";
                assertThat(newest).isIn(md5(alpha), md5(beta));
                assertThat(single(
                                o,
                                "SELECT count(*) FROM customer WHERE customer_id > 800000 AND city = '" + city + "'"))
                        .isEqualTo(20);
                assertThat(single(
                                w,
                                "SELECT count(*) FROM dim_customer WHERE is_current AND customer_id > 800000 "
                                        + "AND city = '" + city + "'"))
                        .isEqualTo(20);
                // The warehouse agrees with OLTP to the cent.
                assertThat(text(w, "SELECT sum(extended_amount) FROM fact_invoice_line"))
                        .isEqualTo(text(o, "SELECT sum(unit_price * quantity) FROM invoice_line"));
            }
        }
    }

    /** No row of OLTP names a parent that is not there. */
    private void assertIntact(LocalPipeline pipeline) throws Exception {
        JsonNode integrity = JSON.readTree(http.send(
                        HttpRequest.newBuilder(pipeline.warehouseUrl().resolve("/api/status/integrity"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(integrity.path("intact").asBoolean())
                .as(integrity.toString())
                .isTrue();
    }

    private static byte[] moved(String city) {
        StringBuilder csv = new StringBuilder(
                "customer_id,first_name,last_name,company,address,city,state,country,postal_code,phone,email\n");
        // Customers of their own: the day's customer file, a different key, may load before or after.
        for (int id = 800_001; id <= 800_020; id++) {
            csv.append(id)
                    .append(",Moved,Customer,,1 Road,")
                    .append(city)
                    .append(",,Norway,0150,,m")
                    .append(id)
                    .append("@example.com\n");
        }
        return csv.toString().getBytes();
    }

    private static int unusedArtist(Path day) throws Exception {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (String line : Files.readAllLines(day.resolve("album.csv"))
                .subList(1, Files.readAllLines(day.resolve("album.csv")).size())) {
            used.add(line.substring(line.lastIndexOf(',') + 1));
        }
        for (int id = 1; ; id++) {
            if (!used.contains(Integer.toString(id))) {
                return id;
            }
        }
    }

    private static String newestLoadedETag(Statement st, String key) throws SQLException {
        String newest = null;
        String sequencer = null;
        try (ResultSet rs = st.executeQuery(
                "SELECT etag, sequencer FROM ingest_file WHERE object_key = '" + key + "' AND status = 'LOADED'")) {
            while (rs.next()) {
                if (sequencer == null || dev.chinook.common.s3.Sequencers.compare(rs.getString(2), sequencer) > 0) {
                    newest = rs.getString(1);
                    sequencer = rs.getString(2);
                }
            }
        }
        return newest;
    }

    private static String md5(byte[] content) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    /** Loads both days through a fresh pipeline while {@code faults} runs; returns every table, normalised. */
    private Map<String, List<String>> run(Path work, Faults faults) throws Exception {
        Files.createDirectories(work);
        LocalCloud cloud = LocalCloud.start(LocalCloudOptions.ephemeral(work.resolve("cloud")));
        TableSnapshots.redeliverAfter(cloud, 15);
        try (LocalPipeline pipeline =
                LocalPipeline.start(cloud, Artifacts.underProject(ROOT), work.resolve("services"), 0)) {
            PipelineProbe probe = PipelineProbe.of(pipeline);
            ExecutorService injector = Executors.newSingleThreadExecutor();
            long started = System.nanoTime();
            try {
                for (Path batch : DataLoader.batches(data)) {
                    List<DataLoader.Upload> uploads;
                    try (S3Client s3 = cloud.s3Client()) {
                        uploads = DataLoader.upload(s3, cloud.definition().bucket(), batch, m -> {});
                    }
                    Future<?> injected = injector.submit(() -> {
                        faults.inject(pipeline, cloud);
                        return null;
                    });
                    injected.get();
                    probe.awaitIngested(uploads, Duration.ofMinutes(5), m -> {});
                    await().atMost(Duration.ofMinutes(5)).ignoreExceptions().until(() -> {
                        probe.awaitWarehouseCaughtUp(Duration.ofSeconds(5), m -> {});
                        return true;
                    });
                }
            } finally {
                injector.shutdownNow();
            }
            System.out.printf(
                    "%s: both days loaded and applied in %.1f s%n",
                    work.getFileName(), (System.nanoTime() - started) / 1e9);
            assertThat(probe.rejectedFiles()).as("rejected files").isEmpty();
            assertThat(probe.rejectedRows()).as("rejected rows").isZero();
            assertIntact(pipeline);
            Map<String, List<String>> tables = new LinkedHashMap<>();
            tables.putAll(TableSnapshots.of(cloud, EmbeddedDatabases.OLTP, OLTP));
            tables.putAll(TableSnapshots.of(cloud, EmbeddedDatabases.OLAP, OLAP));
            return tables;
        }
    }

    private static void compare(Map<String, List<String>> expected, Map<String, List<String>> actual, String run) {
        for (String table : expected.keySet()) {
            List<String> want = expected.get(table);
            List<String> got = actual.get(table);
            List<String> missing = new ArrayList<>(want);
            missing.removeAll(got);
            List<String> extra = new ArrayList<>(got);
            extra.removeAll(want);
            assertThat(got)
                    .as(
                            "%s, %s: %d rows, %d lost, %d extra; first lost %s, first extra %s",
                            run,
                            table,
                            got.size(),
                            missing.size(),
                            extra.size(),
                            missing.stream().findFirst().orElse("-"),
                            extra.stream().findFirst().orElse("-"))
                    .containsExactlyElementsOf(want);
        }
    }
}
