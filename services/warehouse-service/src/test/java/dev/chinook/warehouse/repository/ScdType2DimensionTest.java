package dev.chinook.warehouse.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScdType2DimensionTest {

    @Test
    void everyNonKeyColumnOfTheSourceTableIsDeclaredType1OrType2ExactlyOnce() {
        for (ScdType2Dimension dimension : List.of(ScdType2Dimension.CUSTOMER, ScdType2Dimension.TRACK)) {
            TableSpec source = ChinookTables.byName(dimension.sourceTable()).orElseThrow();
            List<String> declared = new ArrayList<>(dimension.type2());
            declared.addAll(dimension.type1());

            assertThat(dimension.naturalKey()).isEqualTo(source.key().name());
            assertThat(declared)
                    .as("type 1 and type 2 columns of %s", dimension.dimension())
                    .containsExactlyInAnyOrderElementsOf(
                            source.columnNames().subList(1, source.columns().size()));
        }
    }
}
