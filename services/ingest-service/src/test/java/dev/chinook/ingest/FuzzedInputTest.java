package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.ingest.fuzz.CsvMutator;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile files through the function, one seed each (CsvMutator): none crashes it or hangs it,
 * each ends LOADED or REJECTED with a reason, every row is loaded or reported rejected, hostile
 * strings are stored verbatim as data, and a good file after them loads whole. CI runs 150 seeds;
 * {@code -Dchinook.fuzz.files=3000} runs more. Seeds that found a bug stay in {@link #REGRESSIONS}.
 */
@QuarkusTest
class FuzzedInputTest extends IngestTestBase {

    /** Fewer than the five receives the ingest queue allows at least before dead-lettering. */
    private static final int DELIVERIES = 3;

    private final Map<String, Integer> outcomes = new java.util.TreeMap<>();

    /** Seeds that once broke something, run every time. */
    static final long[] REGRESSIONS = {};

    @Test
    void hostileFilesEndLoadedOrRejectedWithEveryRowAccountedFor() throws Exception {
        int files = Integer.getInteger("chinook.fuzz.files", 150);
        List<String> broken = new ArrayList<>();
        outcomes.clear();
        long slowest = 0;
        for (long seed : LongStream.concat(LongStream.of(REGRESSIONS), LongStream.rangeClosed(1, files))
                .toArray()) {
            CsvMutator.Mutant mutant = CsvMutator.mutate(seed);
            long started = System.nanoTime();
            try {
                check(mutant);
            } catch (AssertionError | Exception e) {
                broken.add("seed " + seed + " " + mutant.mutations() + ": " + e.getMessage());
            }
            slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
        }
        assertThat(broken).as("seeds whose file was not handled as it should").isEmpty();
        // Not vacuous: files of both outcomes, rejected rows in loaded files, hostile strings stored.
        assertThat(outcomes).containsKeys("LOADED", "REJECTED", "LOADED with rejected rows", "hostile value stored");
        assertThat(slowest).as("the slowest file, ms: none may hang").isLessThan(30_000);

        // Other files are unaffected: a good one loads whole after them.
        String key = "raw/customer/after-the-fuzz.csv";
        byte[] good = (CsvMutator.HEADER + "\n900001,Ann,Lee,,,,,Norway,,,ann@example.com\n")
                .getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(key, fx.upload(key, good), good.length));
        assertThat(fx.manifest(key)).containsEntry("status", "LOADED").containsEntry("rows_loaded", 1);
    }

    private void check(CsvMutator.Mutant mutant) throws Exception {
        String key = "raw/customer/fuzz-" + mutant.seed() + ".csv";
        String event = fx.putEvent(key, fx.upload(key, mutant.content()), mutant.content().length);
        var response = fx.invoke(event);
        // A message the handler reports failed (say the local S3 dropped a connection) comes back, as
        // SQS would redeliver it; what the file must never do is fail on every delivery.
        for (int delivery = 2;
                delivery <= DELIVERIES && !response.path("batchItemFailures").isEmpty();
                delivery++) {
            response = fx.invoke(event);
        }
        assertThat(response.path("batchItemFailures"))
                .as("message failures after " + DELIVERIES + " deliveries")
                .isEmpty();
        Map<String, Object> manifest = fx.manifest(key);
        String status = (String) manifest.get("status");
        assertThat(status).isIn("LOADED", "REJECTED");
        long inFile = ((Number) manifest.get("rows_in_file")).longValue();
        long loaded = ((Number) manifest.get("rows_loaded")).longValue();
        long rejected = ((Number) manifest.get("rows_rejected")).longValue();
        long parked = ((Number) manifest.get("rows_parked")).longValue();
        assertThat(loaded + rejected + parked).as("loaded + rejected + parked").isEqualTo(inFile);
        assertThat(reportedRejections(key))
                .as("rejected rows reported")
                .isEqualTo(status.equals("LOADED") ? rejected : 0);
        List<String> companies = companies(mutant);
        outcomes.merge(status, 1, Integer::sum);
        if (status.equals("LOADED") && rejected > 0) {
            outcomes.merge("LOADED with rejected rows", 1, Integer::sum);
        }
        if (companies.stream().anyMatch(CsvMutator.HOSTILE_VALUES::contains)) {
            outcomes.merge("hostile value stored", 1, Integer::sum);
        }
        if (status.equals("REJECTED")) {
            assertThat((String) manifest.get("message")).as("the reason").isNotBlank();
            assertThat(companies).as("rows of a rejected file in OLTP").isEmpty();
            return;
        }
        assertThat((long) companies.size()).as("rows in OLTP").isEqualTo(loaded);
        Set<String> expected = new HashSet<>(CsvMutator.HOSTILE_VALUES);
        for (int i = 0; i < mutant.rows(); i++) {
            expected.add("Company " + i);
        }
        assertThat(companies).as("companies stored verbatim").allMatch(expected::contains);
    }

    private long reportedRejections(String key) throws Exception {
        return ((Number) fx.query("SELECT count(*) FROM rejected_row r JOIN ingest_file f USING (file_id) "
                        + "WHERE f.object_key = '" + key + "'"))
                .longValue();
    }

    private List<String> companies(CsvMutator.Mutant mutant) throws Exception {
        List<String> companies = new ArrayList<>();
        try (Connection c = cloud.connect(dev.chinook.localcloud.aws.EmbeddedDatabases.OLTP);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(company, '') FROM customer WHERE customer_id BETWEEN ? AND ?")) {
            ps.setInt(1, mutant.firstId());
            ps.setInt(2, mutant.firstId() + mutant.rows() - 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    companies.add(rs.getString(1));
                }
            }
        }
        return companies;
    }
}
