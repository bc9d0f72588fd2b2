package dev.chinook.common.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MessagePackerTest {

    @Test
    void itemsFillEachBodyUpToTheLimitCountingTheirSeparators() {
        // Each item costs its bytes plus one separator: three of 3 bytes fit in 12, a fourth does not.
        List<List<String>> bodies =
                MessagePacker.pack(List.of("aaa", "bbb", "ccc", "ddd", "eee"), Function.identity(), 12);

        assertThat(bodies).containsExactly(List.of("aaa", "bbb", "ccc"), List.of("ddd", "eee"));
    }

    @Test
    void sizesAreMeasuredInUtf8Bytes() {
        List<List<String>> bodies = MessagePacker.pack(List.of("ééé", "x"), Function.identity(), 7);

        assertThat(bodies).containsExactly(List.of("ééé"), List.of("x"));
    }

    @Test
    void anItemOverTheLimitTravelsAloneForTheCallerToSendByReference() {
        List<List<String>> bodies = MessagePacker.pack(List.of("a", "x".repeat(50), "b"), Function.identity(), 10);

        assertThat(bodies).containsExactly(List.of("a"), List.of("x".repeat(50)), List.of("b"));
    }

    @Test
    void nothingToPackIsNoBody() {
        assertThat(MessagePacker.pack(List.<String>of(), Function.identity(), 10))
                .isEmpty();
    }
}
