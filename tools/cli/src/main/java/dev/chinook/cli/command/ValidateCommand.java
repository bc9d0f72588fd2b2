package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.JSON;
import static dev.chinook.cli.command.WarehouseCalls.encoded;
import static dev.chinook.cli.command.WarehouseCalls.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a CSV file against the contract and OLTP's current rows as a load would, and print what "
                + "would be loaded and rejected (line, column, reason). Loads nothing.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    OperatorOptions operator;

    @Parameters(index = "0", description = "The CSV file.")
    Path file;

    @Option(
            names = "--table",
            description = "The table of the contract (default: the file's name as the ingest reads it, e.g. album.csv, "
                    + "else its folder's, e.g. album/part-00000.csv).")
    String table;

    @Option(
            names = "--timeout",
            defaultValue = "PT2M",
            description = "How long to wait for the report (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("no file " + file);
            return 2;
        }
        String tableName = table != null ? table : tableOf(file);
        HttpResponse<String> accepted = send(operator.request("/api/validate?table=" + encoded(tableName))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build());
        if (accepted.statusCode() != 202) {
            System.out.println("the warehouse refused: " + accepted.statusCode() + " " + accepted.body());
            return 1;
        }
        String requestId = JSON.readTree(accepted.body()).path("requestId").asText();
        System.err.println("validating " + file + " as " + tableName + " (request " + requestId + ")...");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> report =
                    send(HttpRequest.newBuilder(operator.url.resolve("/api/validate/" + requestId))
                            .GET()
                            .build());
            if (report.statusCode() == 200) {
                return print(JSON.readTree(report.body()));
            }
            if (report.statusCode() != 404) {
                System.out.println("the warehouse answered " + report.statusCode() + " " + report.body());
                return 1;
            }
            Thread.sleep(500);
        }
        System.out.println(
                "no report after " + timeout + ": is the ingest function running? (request " + requestId + ")");
        return 1;
    }

    /** The report's first line: what the load would do, in rows. */
    static String summary(Path file, JsonNode report) {
        long rows = report.path("rowsInFile").asLong();
        return String.format(
                Locale.ROOT,
                "%s would be %s: %,d %s, %,d valid, %,d rejected, %,d would change OLTP",
                file,
                report.path("wouldBe").asText(),
                rows,
                rows == 1 ? "row" : "rows",
                report.path("rowsValid").asLong(),
                report.path("rowsRejected").asLong(),
                report.path("rowsThatWouldChange").asLong());
    }

    private int print(JsonNode report) {
        if (json) {
            System.out.println(report.toPrettyString());
        } else {
            System.out.println(summary(file, report));
            if (report.hasNonNull("message")) {
                System.out.println("  " + report.path("message").asText());
            }
            for (JsonNode r : report.path("rejections")) {
                System.out.println(RejectedRowText.of(r, "lineNumber", "columnNumber"));
            }
            if (report.path("rejectionsTruncated").asBoolean()) {
                System.out.println(
                        "  ... the first " + report.path("rejections").size() + " are shown");
            }
        }
        return "LOADED".equals(report.path("wouldBe").asText())
                        && report.path("rowsRejected").asLong() == 0
                ? 0
                : 3;
    }

    /**
     * The table as the ingest reads a file's name (album.csv, public.Albums.csv.gz,
     * album_0000_part_00.csv), else as it reads the folder of a table's parts
     * (album/part-00000-(uuid).csv); else the name before the first dot, which the service refuses
     * naming the contract's tables.
     */
    static String tableOf(Path file) {
        String name = file.getFileName().toString();
        Optional<Path> folder =
                Optional.ofNullable(file.toAbsolutePath().getParent()).map(Path::getFileName);
        return ChinookTables.tableNameOfFile(name)
                .map(ChinookTables.TableName::table)
                .or(() -> folder.flatMap(f -> ChinookTables.byName(f.toString())))
                .map(TableSpec::name)
                .orElseGet(() -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    int dot = lower.indexOf('.');
                    return dot < 0 ? lower : lower.substring(0, dot);
                });
    }
}
