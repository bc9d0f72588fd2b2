package dev.chinook.warehouse.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many messages a transaction gathers after a full first receive. */
class BacklogShareTest {

    @Test
    void aSmallBacklogIsSharedBetweenTheLoops() {
        // A change set's last 22 messages: ten received, twelve waiting, two loops.
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 12, 2, 30)).isEqualTo(11);
    }

    @Test
    void aLargeBacklogFillsTheTransaction() {
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 200, 2, 30)).isEqualTo(30);
    }

    @Test
    void whatWasReceivedIsAlwaysApplied() {
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 0, 2, 30)).isEqualTo(10);
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 3, 2, 30)).isEqualTo(10);
    }

    @Test
    void oneLoopTakesTheBacklogUpToTheLimit() {
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 15, 1, 20)).isEqualTo(20);
        assertThat(ChangeQueueConsumer.shareOfBacklog(10, 5, 1, 20)).isEqualTo(15);
    }
}
