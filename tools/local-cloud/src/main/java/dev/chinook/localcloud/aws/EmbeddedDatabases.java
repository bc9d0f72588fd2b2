package dev.chinook.localcloud.aws;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A real PostgreSQL server (zonky's embedded binaries) holding the oltp and olap databases. */
public final class EmbeddedDatabases implements AutoCloseable {

    public static final String OLTP = "oltp";
    public static final String OLAP = "olap";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

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
            for (String db : new String[] {OLTP, OLAP}) {
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        st.execute("CREATE DATABASE " + db);
                    }
                }
            }
        }
        return databases;
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
}
