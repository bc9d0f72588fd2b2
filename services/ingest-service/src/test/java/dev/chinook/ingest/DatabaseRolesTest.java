package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.localcloud.aws.EmbeddedDatabases;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Each service connects as its own role: the ingest owns OLTP and is no superuser, the warehouse
 * cannot reach OLTP, its status reader reads the ingest's bookkeeping and no business row.
 */
@QuarkusTest
class DatabaseRolesTest extends IngestTestBase {

    private Connection connect(dev.chinook.common.database.DatabaseRoles.Role role, String database)
            throws SQLException {
        return DriverManager.getConnection(cloud.jdbcUrl(database), role.user(), role.password());
    }

    @Test
    void theIngestRunsAsAnOwnerOfOltpThatIsNoSuperuserAndCannotRunPrograms() throws Exception {
        try (Connection c = connect(EmbeddedDatabases.INGEST, EmbeddedDatabases.OLTP);
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT rolsuper, current_user FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(fx.query("SELECT tableowner FROM pg_tables WHERE tablename = 'ingest_file'"))
                    .isEqualTo(EmbeddedDatabases.INGEST.user());
            assertThatThrownBy(() -> st.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        assertThatThrownBy(() -> connect(EmbeddedDatabases.INGEST, EmbeddedDatabases.OLAP))
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void theWarehouseCannotConnectToOltpAndItsStatusReaderSeesOnlyTheBookkeeping() throws Exception {
        assertThatThrownBy(() -> connect(EmbeddedDatabases.WAREHOUSE, EmbeddedDatabases.OLTP))
                .hasMessageContaining("permission denied for database");
        try (Connection c = connect(EmbeddedDatabases.STATUS_READER, EmbeddedDatabases.OLTP);
                var st = c.createStatement()) {
            for (String table :
                    new String[] {"ingest_file", "rejected_row", "outbox_change_set", "message_failure", "parked_row"
                    }) {
                st.executeQuery("SELECT count(*) FROM " + table).close();
            }
            st.executeQuery("SELECT * FROM pipeline_table_rows()").close();
            for (String forbidden : new String[] {
                "SELECT * FROM artist",
                "SELECT * FROM invoice_line",
                "DELETE FROM ingest_file",
                "UPDATE outbox_change_set SET change_count = 1"
            }) {
                assertThatThrownBy(() -> st.execute(forbidden))
                        .as(forbidden)
                        .isInstanceOf(SQLException.class)
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }
}
