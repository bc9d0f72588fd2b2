package dev.chinook.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.localcloud.aws.EmbeddedDatabases;
import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A part's change ids: one run of the sequence when nothing else draws, each fetched when something did. */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudTestResource.class, restrictToAnnotatedClass = false)
class ChangeIdsTest {

    @InjectLocalCloud
    LocalCloud cloud;

    @Test
    void idsDrawnAloneAreOneRunOfTheSequenceAndNoMore() throws Exception {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP)) {
            List<Long> ids = draw(c, 1_000);
            long next = nextval(c);

            assertThat(ids).hasSize(1_000).doesNotHaveDuplicates().isSorted();
            assertThat(ids.get(999) - ids.get(0)).isEqualTo(999);
            assertThat(next).isEqualTo(ids.get(999) + 1);
        }
    }

    @Test
    void idsThatAreNotOneRunAreDrawnAgainAndEachFetched() throws Exception {
        try (Connection c = cloud.connect(EmbeddedDatabases.OLTP)) {
            c.setAutoCommit(false);
            try {
                // Another transaction drawing between our ids leaves gaps among them, as a step of two does.
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER SEQUENCE change_id_seq INCREMENT BY 2");
                }
                long before = nextval(c);
                List<Long> ids = draw(c, 5);

                assertThat(ids).hasSize(5).isSorted();
                assertThat(ids.get(0))
                        .as("the first draw's ids are left unused")
                        .isEqualTo(before + 2 * 6);
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(ids.get(i) - ids.get(i - 1)).isEqualTo(2);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static List<Long> draw(Connection c, int count) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ChangeIds drawn = ChangeIds.draw(c, count)) {
            for (int i = 0; i < count; i++) {
                ids.add(drawn.next());
            }
            assertThatThrownBy(drawn::next).hasMessage("more change ids taken than drawn");
        }
        return ids;
    }

    private static long nextval(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT nextval('change_id_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
