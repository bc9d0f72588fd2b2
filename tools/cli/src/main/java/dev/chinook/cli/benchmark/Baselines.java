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
        baselines.psqlScript(baselines.resource("baseline-schema.sql"));
        return baselines;
    }

    /** Baseline A: {@code \copy} of a day's files into the keyed tables, parents first. */
    public Duration copyInitial(Path day) throws IOException, InterruptedException {
        Duration took = Duration.ZERO;
        for (TableSpec table : present(day)) {
            took = took.plus(psql(List.of(copyCommand("oltp." + table.name(), table)), csvOf(day, table)));
        }
        return took;
    }

    /** Baseline A for a later day: per file, {@code \copy} into a temporary table, then an upsert. */
    public Duration copyChanges(Path day) throws IOException, InterruptedException {
        Duration took = Duration.ZERO;
        for (TableSpec table : present(day)) {
            String incoming = "incoming_" + table.name();
            String key = table.key().name();
            String upsert = "INSERT INTO oltp." + table.name() + " SELECT * FROM " + incoming + " ON CONFLICT (" + key
                    + ") DO UPDATE SET "
                    + table.columnNames().stream()
                            .filter(c -> !c.equals(key))
                            .map(c -> c + " = EXCLUDED." + c)
                            .collect(Collectors.joining(", "));
            took = took.plus(psql(
                    List.of(
                            "CREATE TEMP TABLE " + incoming + " (LIKE oltp." + table.name() + ") ON COMMIT DROP",
                            copyCommand(incoming, table),
                            upsert),
                    csvOf(day, table)));
        }
        return took;
    }

    /** Baseline B: the star schema from OLTP, a full load (into an empty star) or incremental. */
    public Duration buildStar(boolean fullLoad) throws IOException, InterruptedException {
        return run(
                List.of(
                        "-v",
                        "full_load=" + fullLoad,
                        "-f",
                        resource("baseline-star.sql").toString()),
                null,
                fullLoad ? "baseline-star-full" : "baseline-star-incremental");
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

    /** The file goes to psql's standard input: no path in the command. */
    private static String copyCommand(String target, TableSpec table) {
        return "\\copy " + target + " (" + String.join(", ", table.columnNames())
                + ") FROM pstdin WITH (FORMAT csv, HEADER true)";
    }

    private static Path csvOf(Path day, TableSpec table) {
        return day.resolve(table.name() + ".csv");
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

    private Duration psqlScript(Path script) throws IOException, InterruptedException {
        return run(List.of("-f", script.toString()), null, script.getFileName().toString());
    }

    /** Runs commands in one psql session and one transaction, {@code input} as its standard input. */
    private Duration psql(List<String> commands, Path input) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--single-transaction"));
        for (String command : commands) {
            arguments.add("-c");
            arguments.add(command);
        }
        return run(arguments, input, input.getFileName().toString());
    }

    /** How long psql took; fails with psql's output. */
    private Duration run(List<String> arguments, Path input, String name) throws IOException, InterruptedException {
        Path output = scripts.resolve(name + ".out");
        List<String> command = new ArrayList<>(List.of(
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
                DATABASE));
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        builder.environment().put("PGPASSWORD", password);
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (exit != 0) {
            throw new IllegalStateException(
                    "baseline step " + name + " failed (psql exit " + exit + "): " + Files.readString(output));
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
