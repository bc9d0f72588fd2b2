package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Exports compressed with gzip (.csv.gz) load as their CSV would; a broken one is rejected with why. */
@QuarkusTest
class CompressedFileTest extends IngestTestBase {

    @Test
    void aGzipCompressedFileLoadsLikeItsCsv() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv.gz";
        StringBuilder csv = new StringBuilder("genre_id,name\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(20_000 + i).append(",Genre ").append(i).append('\n');
        }
        csv.append("x,Bad id\n");
        byte[] gz = gzip(csv.toString());

        fx.invoke(fx.putEvent(key, fx.upload(key, gz), gz.length));

        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_in_file", 5_001)
                .containsEntry("rows_loaded", 5_000)
                .containsEntry("rows_rejected", 1);
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 24999")).isEqualTo("Genre 4999");
        assertThat(fx.query("SELECT line_number FROM rejected_row r JOIN ingest_file f USING (file_id) "
                        + "WHERE f.object_key = '" + key + "'"))
                .isEqualTo(5_002L);
    }

    @Test
    void aFileNamedGzThatIsNotGzipAndATruncatedOneAreRejectedWithTheReason() throws Exception {
        String plain = "raw/genre/" + UUID.randomUUID() + ".csv.gz";
        byte[] text = "genre_id,name\n1,Rock\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(plain, fx.upload(plain, text), text.length));

        assertThat(fx.manifest(plain)).containsEntry("status", "REJECTED");
        assertThat((String) fx.manifest(plain).get("message")).contains("not gzip-compressed");

        String truncated = "raw/genre/" + UUID.randomUUID() + ".csv.gz";
        byte[] whole = gzip("genre_id,name\n" + "30001,Cut\n".repeat(2_000));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        fx.invoke(fx.putEvent(truncated, fx.upload(truncated, cut), cut.length));

        assertThat(fx.manifest(truncated)).containsEntry("status", "REJECTED");
        assertThat((String) fx.manifest(truncated).get("message")).contains("gzip stream is corrupt or cut short");
        assertThat(fx.query("SELECT count(*) FROM genre WHERE name = 'Cut'")).isEqualTo(0L);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
