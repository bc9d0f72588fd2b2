package dev.chinook.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.ingest.config.IngestConfig;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class PartPaceTest {

    private static IngestConfig ceiling(long rows) {
        return (IngestConfig) Proxy.newProxyInstance(
                IngestConfig.class.getClassLoader(), new Class<?>[] {IngestConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("rowsPerTransaction")) {
                        return rows;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void unmeasuredPartsTakeTheCeilingMeasuredOnesWhatFitsTheBudget() {
        PartPace pace = new PartPace(ceiling(200_000));
        pace.budget(20_000);
        assertThat(pace.rows()).isEqualTo(200_000);

        // Wide rows: 100,000 took 25 s, so 20 s fit 80,000.
        pace.measured(100_000, 25_000);
        assertThat(pace.rows()).isEqualTo(80_000);

        // Narrow rows: the ceiling holds; a small measurement (fixed costs) changes nothing.
        pace.measured(200_000, 2_000);
        assertThat(pace.rows()).isEqualTo(200_000);
        pace.measured(50, 1_000);
        assertThat(pace.rows()).isEqualTo(200_000);

        // Almost no time left: still a part worth loading.
        pace.measured(100_000, 25_000);
        pace.budget(100);
        assertThat(pace.rows()).isEqualTo(10_000);
    }
}
