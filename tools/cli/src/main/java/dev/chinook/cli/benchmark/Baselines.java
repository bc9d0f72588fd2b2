package dev.chinook.cli.benchmark;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two baselines, run with psql against the pipeline's own PostgreSQL server, in a database of
 * their own: A loads the files into keyed OLTP tables with {@code \copy}, B builds the star schema
 * from them with set-based SQL ({@code benchmark/baseline-star.sql}).
 */
public final class Baselines implements AutoCloseable {

    static final String DATABASE = "chinook_baseline";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Path scripts;

    private Baselines(String host, int port, String user, String password, Path scripts) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.scripts = scripts;
    }

    /** A fresh baseline database on the server, with the schema of {@code baseline-schema.sql}. */
    public static Baselines create(String host, int port, String user, String password, Path scripts)
            throws IOException, SQLException, InterruptedException {
        requirePsql();
        Files.createDirectories(scripts);
        try (Connection c = DriverManager.getConnection(url(host, port, "postgres"), user, password);
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        }
        Baselines baselines = new Baselines(host, port, user, password, scripts);
        baselines.psql(baselines.resource("baseline-schema.sql"));
        return baselines;
    }

    /** Baseline A: {@code \copy} of a day's files into the keyed tables, parents first. */
    public Duration copyInitial(Path day) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (TableSpec table : present(day)) {
            script.append(copyCommand("oltp." + table.name(), table, day));
        }
        return psql(write("baseline-a-initial.psql", script.toString()));
    }

    /** Baseline A for a later day: {@code \copy} into a temporary table, then an upsert, per file. */
    public Duration copyChanges(Path day) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("BEGIN;\n");
        for (TableSpec table : present(day)) {
            String incoming = "incoming_" + table.name();
            String key = table.key().name();
            script.append("CREATE TEMP TABLE ")
                    .append(incoming)
                    .append(" (LIKE oltp.")
                    .append(table.name())
                    .append(") ON COMMIT DROP;\n")
                    .append(copyCommand(incoming, table, day))
                    .append("INSERT INTO oltp.")
                    .append(table.name())
                    .append(" SELECT * FROM ")
                    .append(incoming)
                    .append(" ON CONFLICT (")
                    .append(key)
                    .append(") DO UPDATE SET ")
                    .append(table.columnNames().stream()
                            .filter(c -> !c.equals(key))
                            .map(c -> c + " = EXCLUDED." + c)
                            .collect(Collectors.joining(", ")))
                    .append(";\n");
        }
        script.append("COMMIT;\n");
        return psql(write("baseline-a-changes.psql", script.toString()));
    }

    /** Baseline B: the star schema from OLTP (a full load the first time, incremental after). */
    public Duration buildStar() throws IOException, InterruptedException {
        return psql(resource("baseline-star.sql"));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(host, port, DATABASE), user, password);
    }

    /** Drops the baseline database, so the pipeline's run does not share the server's cache with it. */
    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(host, port, "postgres"), user, password);
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
    }

    private static List<TableSpec> present(Path day) {
        List<TableSpec> tables = new ArrayList<>();
        for (TableSpec table : ChinookTables.ALL) {
            if (Files.exists(day.resolve(table.name() + ".csv"))) {
                tables.add(table);
            }
        }
        return tables;
    }

    private static String copyCommand(String target, TableSpec table, Path day) {
        String file = day.resolve(table.name() + ".csv").toAbsolutePath().toString();
        return "\\copy " + target + " (" + String.join(", ", table.columnNames()) + ") FROM '" + file.replace("'", "''")
                + "' WITH (FORMAT csv, HEADER true)\n";
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = Baselines.class.getResourceAsStream("/benchmark/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource benchmark/" + name);
            }
            return write(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private Path write(String name, String script) throws IOException {
        return Files.writeString(scripts.resolve(name), script);
    }

    /** Runs a script in one psql session and returns how long it took; fails with psql's output. */
    private Duration psql(Path script) throws IOException, InterruptedException {
        Path output = scripts.resolve(script.getFileName() + ".out");
        ProcessBuilder builder = new ProcessBuilder(
                        "psql",
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        host,
                        "-p",
                        Integer.toString(port),
                        "-U",
                        user,
                        "-d",
                        DATABASE,
                        "-f",
                        script.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("PGPASSWORD", password);
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (exit != 0) {
            throw new IllegalStateException(
                    "baseline script " + script + " failed (psql exit " + exit + "): " + Files.readString(output));
        }
        return took;
    }

    private static void requirePsql() throws InterruptedException {
        try {
            Process version = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            version.getInputStream().readAllBytes();
            if (version.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException(
                "the baselines need psql on the PATH (Debian/Ubuntu: apt-get install postgresql-client)");
    }

    private static String url(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
