package dev.chinook.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chinook.common.database.DatabaseRoles;
import dev.chinook.common.database.DatabaseRoles.Database;
import dev.chinook.common.database.DatabaseRoles.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role set-up as the warehouse instance runs it on AWS: as an RDS-like master user, who may
 * create roles and databases but is no superuser, on a server whose OLTP database RDS created for
 * the master and which a deployment from before the roles already migrated.
 */
class DatabaseRolesOnRdsTest {

    static final Role MASTER = new Role("chinook", "master-password");
    static final Role INGEST = new Role("chinook_ingest", "ingest-1");
    static final Role STATUS = new Role("chinook_status", "status-1");
    static final Role WAREHOUSE = new Role("chinook_warehouse", "warehouse-1");

    @TempDir
    static Path dir;

    static EmbeddedPostgres server;

    @BeforeAll
    static void anRdsInstanceWithAnOltpDatabaseTheMasterMigrated() throws Exception {
        server = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        // Passwords are checked, as on RDS (the embedded server trusts every local login).
        Files.writeString(dir.resolve("pg_hba.conf"), """
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (Connection c = as(EmbeddedDatabases.USER, EmbeddedDatabases.PASSWORD, "postgres");
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
            st.execute("CREATE ROLE chinook LOGIN CREATEROLE CREATEDB PASSWORD 'master-password'");
            st.execute("CREATE DATABASE oltp OWNER chinook");
        }
        try (Connection c = as(MASTER, "oltp");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ingest_file (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)");
            st.execute("CREATE FUNCTION pipeline_rows() RETURNS bigint LANGUAGE sql AS 'SELECT 1'");
        }
        DatabaseRoles.apply(database -> as(MASTER, database), layout(INGEST));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static List<Database> layout(Role ingest) {
        return List.of(new Database("oltp", ingest, List.of(STATUS)), new Database("olap", WAREHOUSE, List.of()));
    }

    @Test
    void eachServiceLogsInAsItsOwnRoleThatOwnsItsDatabaseAndWhatTheMasterMigratedThere() throws Exception {
        try (Connection c = as(INGEST, "oltp");
                Statement st = c.createStatement()) {
            assertThat(
                            single(
                                    st,
                                    "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("f");
            assertThat(single(st, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'oltp'"))
                    .isEqualTo("chinook_ingest");
            assertThat(single(st, "SELECT tableowner FROM pg_tables WHERE tablename = 'ingest_file'"))
                    .isEqualTo("chinook_ingest");
            assertThat(single(st, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'pipeline_rows'"))
                    .isEqualTo("chinook_ingest");
            st.execute("ALTER TABLE ingest_file ADD COLUMN migrated_on text");
        }
        try (Connection c = as(WAREHOUSE, "olap");
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE fact (id int)");
        }
        as(STATUS, "oltp").close();
    }

    @Test
    void nobodyConnectsToADatabaseNotMeantForThem() {
        assertThatThrownBy(() -> as(WAREHOUSE, "oltp")).hasMessageContaining("permission denied for database");
        assertThatThrownBy(() -> as(INGEST, "olap")).hasMessageContaining("permission denied for database");
        assertThatThrownBy(() -> as(STATUS, "olap")).hasMessageContaining("permission denied for database");
    }

    @Test
    void runAgainWithANewPasswordInTheSecretTheRoleTakesIt() throws Exception {
        Role renewed = new Role(INGEST.user(), "ingest-2");
        DatabaseRoles.apply(database -> as(MASTER, database), layout(renewed));
        try {
            as(renewed, "oltp").close();
            assertThatThrownBy(() -> as(INGEST, "oltp")).hasMessageContaining("password authentication failed");
        } finally {
            DatabaseRoles.apply(database -> as(MASTER, database), layout(INGEST));
        }
    }

    private static Connection as(Role role, String database) throws SQLException {
        return as(role.user(), role.password(), database);
    }

    private static Connection as(String user, String password, String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database, user, password);
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
