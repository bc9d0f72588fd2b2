package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A relay with no time left before the deadline reserve sends nothing and hands over. */
@QuarkusTest
@TestProfile(RelayDeadlineTest.InsideTheReserve.class)
class RelayDeadlineTest extends IngestTestBase {

    public static class InsideTheReserve implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chinook.ingest.relay.deadline-reserve", "11s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            // Ten seconds left, always: inside a reserve of eleven.
            return Set.of(ContinuedFilesTest.NoTimeLeft.class);
        }
    }

    @Test
    void theChangeSetsStayInTheOutboxAndARelayOutboxMessageAsksTheNextInvocationToGoOn() throws Exception {
        fx.drainIngestEvents();
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n841,Fado\n842,Morna\n".getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));

        assertThat(fx.manifest(key)).containsEntry("status", "LOADED");
        assertThat(fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set "
                        + "WHERE source_file = 's3://chinook-raw/" + key + "'"))
                .isEqualTo(2L);
        assertThat(fx.drainIngestEvents()).anySatisfy(body -> assertThat(body).contains("relay-outbox"));
        assertThat(fx.drainChanges()).noneMatch(c -> c.sourceFile().endsWith(key));
    }
}
