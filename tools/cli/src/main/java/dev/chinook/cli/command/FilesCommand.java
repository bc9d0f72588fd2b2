package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.encoded;
import static dev.chinook.cli.command.WarehouseCalls.look;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "files",
        mixinStandardHelpOptions = true,
        description = "The files the ingest recorded, newest first: status, rows read, loaded, rejected and changed.")
final class FilesCommand implements Callable<Integer> {

    @Mixin
    OperatorOptions operator;

    @Option(names = "--status", description = "LOADING, LOADED, REJECTED, UNCHANGED or STALE.")
    String status;

    @Option(names = "--table", description = "Only files of this table.")
    String table;

    @Option(names = "--prefix", description = "Only keys starting with this.")
    String prefix;

    @Option(
            names = "--since",
            description = "Only files finished at or after this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z).")
    String since;

    @Option(names = "--limit", defaultValue = "50", description = "Files per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--before", description = "Continue a listing: the file id the previous page printed as next.")
    Long before;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StringBuilder path = new StringBuilder("/api/files?limit=" + limit);
        append(path, "status", status);
        append(path, "table", table);
        append(path, "prefix", prefix);
        append(path, "since", since);
        append(path, "before", before == null ? null : before.toString());
        return look(operator, path.toString(), json, FilesCommand::print);
    }

    private static void append(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(encoded(value));
        }
    }

    private static void print(JsonNode page) {
        if (page.path("items").isEmpty()) {
            System.out.println("no files");
            return;
        }
        System.out.printf(
                "%8s  %-9s  %-12s  %10s  %10s  %10s  %10s  %-20s  %s%n",
                "id", "status", "table", "rows", "loaded", "rejected", "changed", "finished", "key");
        for (JsonNode f : page.path("items")) {
            System.out.printf(
                    "%8d  %-9s  %-12s  %,10d  %,10d  %,10d  %,10d  %-20s  %s%n",
                    f.path("fileId").asLong(),
                    f.path("status").asText(),
                    f.path("table").asText("-"),
                    f.path("rowsInFile").asLong(),
                    f.path("rowsLoaded").asLong(),
                    f.path("rowsRejected").asLong(),
                    f.path("rowsChanged").asLong(),
                    shortTime(f.path("finishedAt").asText("")),
                    f.path("key").asText());
        }
        if (page.hasNonNull("next")) {
            System.out.println("more: --before " + page.path("next").asLong());
        }
    }

    static String shortTime(String iso) {
        return iso.length() >= 19 ? iso.substring(0, 19).replace('T', ' ') : iso;
    }
}
