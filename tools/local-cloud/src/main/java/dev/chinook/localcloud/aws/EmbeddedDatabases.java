package dev.chinook.localcloud.aws;

import dev.chinook.common.database.DatabaseRoles;
import dev.chinook.common.database.DatabaseRoles.Role;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * A real PostgreSQL server (zonky's embedded binaries) holding the oltp and olap databases, with
 * one role per service set up as on AWS ({@link DatabaseRoles}): the ingest owns OLTP, the
 * warehouse owns OLAP and cannot connect to OLTP, and the warehouse's status reader may connect to
 * OLTP and read the ingest's bookkeeping only. The superuser ({@link #USER}) is for set-up, tests
 * and tools.
 */
public final class EmbeddedDatabases implements AutoCloseable {

    public static final String OLTP = "oltp";
    public static final String OLAP = "olap";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    public static final Role INGEST = new Role("chinook_ingest", "chinook-ingest-local");
    public static final Role WAREHOUSE = new Role("chinook_warehouse", "chinook-warehouse-local");
    public static final Role STATUS_READER = new Role("chinook_status", "chinook-status-local");

    /** The databases and roles, set up as on AWS ({@link DatabaseRoles}). */
    private static final List<DatabaseRoles.Database> LAYOUT = List.of(
            new DatabaseRoles.Database(OLTP, INGEST, List.of(STATUS_READER)),
            new DatabaseRoles.Database(OLAP, WAREHOUSE, List.of()));

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
                // Closer to RDS (a quarter of the instance's memory) than the default 128 MB, in which
                // the warehouse's indexes at scale 1000 do not fit; JIT only slows these statements.
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("jit", "off")
                .setServerConfig("max_wal_size", "4GB")
                .start();
        EmbeddedDatabases databases = new EmbeddedDatabases(postgres, dataDir);
        DatabaseRoles.apply(
                database -> DriverManager.getConnection(databases.jdbcUrl(database), USER, PASSWORD), LAYOUT);
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
