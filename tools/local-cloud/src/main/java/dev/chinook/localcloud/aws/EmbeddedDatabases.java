package dev.chinook.localcloud.aws;

import dev.chinook.common.sql.SqlText;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL server (zonky's embedded binaries) holding the oltp and olap databases, with
 * one role per service as on a production server: the ingest owns OLTP, the warehouse owns OLAP and
 * cannot connect to OLTP, and the warehouse's status reader may connect to OLTP and read the
 * ingest's bookkeeping only (the grants come with the OLTP migrations). None is a superuser, so
 * none can run {@code COPY ... TO PROGRAM}. The superuser ({@link #USER}) is for set-up, tests and
 * tools.
 */
public final class EmbeddedDatabases implements AutoCloseable {

    public static final String OLTP = "oltp";
    public static final String OLAP = "olap";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    /** A service's database login. */
    public record Role(String user, String password) {}

    public static final Role INGEST = new Role("chinook_ingest", "chinook-ingest-local");
    public static final Role WAREHOUSE = new Role("chinook_warehouse", "chinook-warehouse-local");
    public static final Role STATUS_READER = new Role("chinook_status", "chinook-status-local");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabases(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts on {@code port} (0 = any free port), keeping data in {@code dataDir} across restarts. */
    public static EmbeddedDatabases start(Path dataDir, int port) throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(Ports.resolve(port))
                .setServerConfig("max_connections", "100")
                .start();
        EmbeddedDatabases databases = new EmbeddedDatabases(postgres, dataDir);
        try (Connection c = DriverManager.getConnection(databases.jdbcUrl("postgres"), USER, PASSWORD);
                Statement st = c.createStatement()) {
            for (Role role : List.of(INGEST, WAREHOUSE, STATUS_READER)) {
                if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.user())) {
                    // DDL takes no bind parameters: the server quotes the name and the password itself.
                    st.execute(serverFormatted(
                            c,
                            "CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L",
                            role.user(),
                            role.password()));
                }
            }
            for (String db : new String[] {OLTP, OLAP}) {
                if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", db)) {
                    st.execute("CREATE DATABASE " + db);
                }
            }
            st.execute("ALTER DATABASE " + OLTP + " OWNER TO " + INGEST.user());
            st.execute("ALTER DATABASE " + OLAP + " OWNER TO " + WAREHOUSE.user());
            st.execute("REVOKE CONNECT ON DATABASE " + OLTP + ", " + OLAP + " FROM PUBLIC");
            st.execute("GRANT CONNECT ON DATABASE " + OLTP + " TO " + INGEST.user() + ", " + STATUS_READER.user());
            st.execute("GRANT CONNECT ON DATABASE " + OLAP + " TO " + WAREHOUSE.user());
        }
        databases.handOver(OLTP, INGEST);
        databases.handOver(OLAP, WAREHOUSE);
        return databases;
    }

    /**
     * Gives {@code owner} what the superuser created in {@code database}'s public schema: state
     * directories from before the roles existed hold tables the services must go on migrating.
     */
    private void handOver(String database, Role owner) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
                Statement st = c.createStatement()) {
            st.execute("""
                    DO $$
                    DECLARE o record;
                    BEGIN
                      FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S', 'p')
                                 AND pg_get_userbyid(c.relowner) = '%1$s'
                                 -- a table's own sequences (identity, serial) follow the table
                                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                                                 AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
                      LOOP
                        EXECUTE format('ALTER %%s %%I OWNER TO %2$s',
                                       CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                                       o.relname);
                      END LOOP;
                      FOR o IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
                               JOIN pg_namespace n ON n.oid = p.pronamespace
                               WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = '%1$s'
                      LOOP
                        EXECUTE format('ALTER FUNCTION %%s OWNER TO %2$s', o.signature);
                      END LOOP;
                    END $$""".formatted(USER, SqlText.identifier(owner.user())));
        }
    }

    /** The server's processes: the postmaster and its backends (fault tests freeze them). */
    public List<ProcessHandle> serverProcesses() throws IOException {
        long pid = Long.parseLong(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + pid + ") is not running"));
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster), postmaster.descendants())
                .toList();
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    private static boolean exists(Connection c, String query, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A statement the server builds with {@code format()}, identifiers and literals quoted by it. */
    private static String serverFormatted(Connection c, String template, String... arguments) throws SQLException {
        StringBuilder call = new StringBuilder("SELECT format(?");
        for (int i = 0; i < arguments.length; i++) {
            call.append(", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(call.append(")").toString())) {
            ps.setString(1, template);
            for (int i = 0; i < arguments.length; i++) {
                ps.setString(i + 2, arguments[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
