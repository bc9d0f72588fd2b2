package dev.chinook.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

class StagingCopyTest {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    @Test
    void rowsAreWrittenAsCsvInUtf8EveryValueQuotedItsQuotesDoubled() throws Exception {
        StagingCopy copy = new StagingCopy(recordingCopy());
        copy.write(2, false, new String[] {"1", "Rain, Snow \"Live\"", null, "two\nlines\r", ""});
        copy.write(3, true, new String[] {"7", null});
        copy.finish();

        assertThat(sent.toString(StandardCharsets.UTF_8))
                .isEqualTo("2,U,\"1\",\"Rain, Snow \"\"Live\"\"\",,\"two\nlines\r\",\"\"\n3,D,\"7\",\n");
        assertThat(copy.rows()).isEqualTo(2);
    }

    @Test
    void textBeyondAsciiIsEncodedAsStringGetBytesEncodesIt() throws Exception {
        // Two, three and four bytes a character, and a lone surrogate, which getBytes writes as '?'.
        String text = "Fjöll € 中 🎸 lone \uD800 end \uDC00";
        StagingCopy copy = new StagingCopy(recordingCopy());
        copy.write(10, false, new String[] {text});
        copy.finish();

        assertThat(sent.toByteArray()).isEqualTo(("10,U,\"" + text + "\"\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rowsBeyondAChunkAreSentInChunksAndNoneIsLost() throws Exception {
        StagingCopy copy = new StagingCopy(recordingCopy());
        StringBuilder expected = new StringBuilder();
        String wide = "ü".repeat(10_000);
        for (int line = 2; line < 2_000; line++) {
            copy.write(line, false, new String[] {Integer.toString(line), wide});
            expected.append(line)
                    .append(",U,\"")
                    .append(line)
                    .append("\",\"")
                    .append(wide)
                    .append("\"\n");
        }
        copy.finish();

        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    /** A COPY that keeps what it is sent. */
    private CopyIn recordingCopy() {
        return (CopyIn) Proxy.newProxyInstance(
                CopyIn.class.getClassLoader(), new Class<?>[] {CopyIn.class}, (proxy, method, args) -> {
                    return switch (method.getName()) {
                        case "writeToCopy" -> {
                            sent.write((byte[]) args[0], (int) args[1], (int) args[2]);
                            yield null;
                        }
                        case "endCopy" -> 0L;
                        case "isActive" -> false;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
