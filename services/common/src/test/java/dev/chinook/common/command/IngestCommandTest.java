package dev.chinook.common.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IngestCommandTest {

    @Test
    void everyCommandSurvivesTheRoundTrip() {
        IngestCommand[] commands = {
            new IngestCommand.RelayOutbox(),
            new IngestCommand.Reconcile("r-1", true),
            new IngestCommand.ReconcileObject(
                    "chinook-raw", "raw/genre/day 1.csv", "abc", 42, Instant.parse("2026-11-25T10:00:00.123Z"))
        };
        for (IngestCommand command : commands) {
            assertThat(IngestCommand.parse(IngestCommand.toJson(command))).contains(command);
        }
    }

    @Test
    void theRelayHandOverMessageKeepsTheFormItHasAlwaysHad() {
        assertThat(IngestCommand.toJson(new IngestCommand.RelayOutbox())).isEqualTo("{\"chinook\":\"relay-outbox\"}");
    }

    @Test
    void anS3NotificationOrAnythingElseIsNoCommand() {
        assertThat(IngestCommand.parse("{\"Records\":[]}")).isEmpty();
        assertThat(IngestCommand.parse("not json")).isEmpty();
        assertThat(IngestCommand.parse("[1]")).isEmpty();
    }

    @Test
    void anUnknownOrIncompleteCommandIsRefused() {
        assertThatThrownBy(() -> IngestCommand.parse("{\"chinook\":\"format-disk\"}"))
                .hasMessage("unknown ingest command format-disk");
        assertThatThrownBy(() -> IngestCommand.parse("{\"chinook\":\"reconcile-object\",\"bucket\":\"b\"}"))
                .hasMessage("ingest command without key");
    }
}
