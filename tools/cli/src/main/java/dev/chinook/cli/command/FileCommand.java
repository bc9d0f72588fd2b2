package dev.chinook.cli.command;

import static dev.chinook.cli.command.WarehouseCalls.encoded;
import static dev.chinook.cli.command.WarehouseCalls.look;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "file",
        mixinStandardHelpOptions = true,
        description = "What happened to one file: every upload of its key with counts, report and error, and where "
                + "its changes are (outbox, sent, applied in the warehouse).")
final class FileCommand implements Callable<Integer> {

    @Mixin
    OperatorOptions operator;

    @Parameters(index = "0", description = "The object key, e.g. raw/invoice/invoices.csv")
    String key;

    @Option(names = "--bucket", description = "The bucket (default: the pipeline's).")
    String bucket;

    @Option(
            names = "--rejected",
            defaultValue = "10",
            description = "Rejected rows to show of the latest upload (default: ${DEFAULT-VALUE}).")
    int rejected;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String path = "/api/files/by-key?key=" + encoded(key) + (bucket == null ? "" : "&bucket=" + encoded(bucket));
        int[] latest = {0};
        long[] latestId = {-1};
        int status = look(operator, path, json, file -> {
            System.out.println("s3://" + file.path("bucket").asText() + "/"
                    + file.path("key").asText());
            for (JsonNode version : file.path("versions")) {
                print(version.path("file"), version.path("lineage"));
                latest[0] = version.path("file").path("rowsRejected").asInt();
                latestId[0] = version.path("file").path("fileId").asLong();
            }
            if (!file.path("failures").isEmpty()) {
                System.out.println("  failed attempts at its messages (latest first):");
                for (JsonNode f : file.path("failures")) {
                    System.out.printf(
                            "    %s  message %s%s: %s%n",
                            FilesCommand.shortTime(f.path("failedAt").asText("")),
                            f.path("messageId").asText(),
                            f.path("permanent").asBoolean() ? " (permanent)" : "",
                            f.path("reason").asText());
                }
            }
        });
        if (status != 0 || json || latest[0] == 0 || rejected <= 0) {
            return status;
        }
        System.out.println("rejected rows of upload " + latestId[0] + ":");
        return look(
                operator, "/api/files/" + latestId[0] + "/rejected?limit=" + Math.min(rejected, 500), false, page -> {
                    for (JsonNode row : page.path("rows")) {
                        System.out.println(RejectedRowText.of(row, "line", "column"));
                    }
                    if (page.path("total").asLong() > page.path("rows").size()) {
                        System.out.printf(
                                "  ... %,d in all%n", page.path("total").asLong());
                    }
                });
    }

    private static void print(JsonNode f, JsonNode lineage) {
        System.out.printf(
                "  upload %d  %s  table %s  finished %s%n    rows %,d: %,d loaded, %,d rejected, %,d changed%n",
                f.path("fileId").asLong(),
                f.path("status").asText(),
                f.path("table").asText("-"),
                FilesCommand.shortTime(f.path("finishedAt").asText("")),
                f.path("rowsInFile").asLong(),
                f.path("rowsLoaded").asLong(),
                f.path("rowsRejected").asLong(),
                f.path("rowsChanged").asLong());
        if (f.path("rowsParked").asLong() > 0) {
            System.out.printf(
                    "    %,d rows still wait for their parent (parked)%n",
                    f.path("rowsParked").asLong());
        }
        if (f.hasNonNull("message")) {
            System.out.println("    note: " + f.path("message").asText());
        }
        if (f.hasNonNull("reportKey")) {
            System.out.println("    report: s3://" + f.path("bucket").asText() + "/"
                    + f.path("reportKey").asText());
        }
        if (lineage.path("changes").asLong() > 0) {
            System.out.printf(
                    "    changes: %,d in the outbox, %,d sent, %,d applied in the warehouse%s%n",
                    lineage.path("inOutbox").asLong(),
                    lineage.path("sent").asLong(),
                    lineage.path("applied").asLong(),
                    lineage.path("complete").asBoolean()
                            ? " (all, the last at "
                                    + FilesCommand.shortTime(
                                            lineage.path("lastAppliedAt").asText("")) + ")"
                            : " (" + lineage.path("notYetApplied").asLong() + " not yet)");
        }
    }
}
