package dev.chinook.ingest.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParentKeysTest {

    @Test
    void theSpanRunsFromTheSmallestNamedKeyToTheLargest() {
        NamedParentKeys named = new NamedParentKeys();
        named.add("12");
        named.add(null);
        named.add("7");
        named.add("9");

        assertThat(named.none()).isFalse();
        assertThat(named.min()).isEqualTo(7);
        assertThat(named.max()).isEqualTo(12);
        assertThat(named.span()).isEqualTo(6);
        assertThat(named.spanAtMost(6)).isTrue();
        assertThat(named.spanAtMost(5)).isFalse();
    }

    @Test
    void onlyNullsNameNoParent() {
        NamedParentKeys named = new NamedParentKeys();
        named.add(null);

        assertThat(named.none()).isTrue();
        assertThat(named.spanAtMost(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aKeyThatIsNotAnIntegerLeavesTheKeysUnfollowed() {
        NamedParentKeys named = new NamedParentKeys();
        named.add("3");
        named.add(" 4");
        named.add("5");

        assertThat(named.none()).isFalse();
        assertThat(named.spanAtMost(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aSpanWiderThanALongCanCountIsNotNarrow() {
        NamedParentKeys named = new NamedParentKeys();
        named.add(Long.toString(Long.MIN_VALUE));
        named.add(Long.toString(Long.MAX_VALUE));

        assertThat(named.spanAtMost(Long.MAX_VALUE)).isFalse();
    }
}
