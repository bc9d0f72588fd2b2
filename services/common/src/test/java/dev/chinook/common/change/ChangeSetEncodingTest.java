package dev.chinook.common.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChangeSetEncodingTest {

    private static final String SET = "{\"schemaVersion\":1,\"changes\":["
            + "{\"changeId\":1,\"table\":\"genre\",\"key\":7,\"operation\":\"UPSERT\",\"row\":{\"name\":\"Fado ção\"}}"
            + ",{\"changeId\":2,\"table\":\"genre\",\"key\":7,\"operation\":\"UPSERT\",\"row\":{\"name\":\"Fado ção\"}}]}";

    private static byte[] compressed(String json) {
        return ChangeSetEncoding.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCompressedSetDecodesToItsJson() {
        byte[] stored = compressed(SET);

        assertThat(stored[0] & 0xff).isEqualTo(0x1f);
        assertThat(ChangeSetEncoding.decode(stored))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(SET);
    }

    @Test
    void repeatedChangesTakeLessRoomCompressed() {
        String many = SET.repeat(200);

        assertThat(compressed(many).length).isLessThan(many.length() / 10);
    }

    @Test
    void aSetWrittenBeforeCompressionIsReadAsPlainJson() {
        assertThat(ChangeSetEncoding.decode(SET.getBytes(StandardCharsets.UTF_8)))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(SET);
        assertThat(ChangeSetEncoding.decode(new byte[0])).isEmpty();
    }

    @Test
    void aCutShortSetIsRefusedNotReadAsText() {
        byte[] stored = compressed(SET);
        byte[] cut = Arrays.copyOf(stored, stored.length / 2);

        assertThatThrownBy(() -> ChangeSetEncoding.decode(cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid gzip");
    }
}
