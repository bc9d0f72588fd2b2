package dev.chinook.warehouse.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.warehouse.service.RebuildService.Progress;
import dev.chinook.warehouse.service.RebuildService.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RebuildProgressTest {

    @Test
    void theOnePassAfterTheReplayIsShownUntilTheRebuildEnds() {
        Instant since = Instant.parse("2026-12-07T13:53:37Z");
        Progress replayed = Progress.idle().replaying(14_914_609, 14_914_609);
        assertThat(replayed.factsDerivingSince()).isNull();

        Progress deriving = replayed.derivingFacts(since);
        assertThat(deriving.state()).isEqualTo(State.RUNNING);
        assertThat(deriving.changesReplayed()).isEqualTo(14_914_609);
        assertThat(deriving.factsDerivingSince()).isEqualTo(since);

        Progress done = deriving.ended(State.DONE, null);
        assertThat(done.factsDerivingSince()).isNull();
        assertThat(done.changesReplayed()).isEqualTo(14_914_609);
        assertThat(done.finishedAt()).isNotNull();
    }
}
