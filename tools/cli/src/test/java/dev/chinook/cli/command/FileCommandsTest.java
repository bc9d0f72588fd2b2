package dev.chinook.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** chinook files, file and validate against a stand-in warehouse: what they ask and what people read. */
class FileCommandsTest {

    private static final String PAGE = """
            {"items":[{"fileId":42,"bucket":"chinook-raw","key":"raw/invoice/jan.csv","table":"invoice",
             "status":"LOADED","rowsInFile":1200,"rowsLoaded":1198,"rowsRejected":2,"rowsChanged":1198,
             "finishedAt":"2026-12-01T10:00:05Z"}],"next":41}""";
    private static final String HISTORY = """
            {"bucket":"chinook-raw","key":"raw/invoice/jan.csv","versions":[{"file":{"fileId":42,
             "bucket":"chinook-raw","key":"raw/invoice/jan.csv","table":"invoice","status":"LOADED","rowsInFile":1200,
             "rowsLoaded":1198,"rowsRejected":2,"rowsChanged":1198,"reportKey":"reports/raw/invoice/jan.csv.report.csv",
             "finishedAt":"2026-12-01T10:00:05Z"},"lineage":{"changes":1198,"inOutbox":0,"sent":1198,"applied":1000,
             "notYetApplied":198,"complete":false}}],
             "failures":[{"messageId":"m-7","permanent":false,"reason":"Access Denied (403)",
             "failedAt":"2026-12-01T09:59:00Z"}]}""";
    private static final String REJECTED = """
            {"fileId":42,"total":3,"offset":0,"rows":[{"line":17,"column":2,"columnName":"customer_id",
             "value":"999","reason":"no customer with this customer_id"},
             {"line":30,"column":null,"columnName":null,"value":null,"reason":"empty row: every field is empty"}]}""";
    private static final String REPORT = """
            {"requestId":"r","wouldBe":"LOADED","rowsInFile":3,"rowsValid":2,"rowsRejected":1,
             "rowsThatWouldChange":2,"rejections":[{"lineNumber":3,"columnNumber":3,"columnName":"artist_id",
             "value":"959","reason":"no artist with this artist_id"}],"rejectionsTruncated":false}""";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger reportPolls = new AtomicInteger();
    private StandInWarehouse warehouse;
    private String url;

    @TempDir
    Path dir;

    @BeforeEach
    void startStandInWarehouse() throws IOException {
        warehouse = new StandInWarehouse(this::answer);
        url = warehouse.url();
    }

    @AfterEach
    void stop() {
        warehouse.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + path + "?"
                + exchange.getRequestURI().getQuery() + (body.isEmpty() ? "" : " " + body));
        int status = 200;
        String answer;
        if (path.equals("/api/files")) {
            answer = PAGE;
        } else if (path.equals("/api/files/by-key")) {
            answer = HISTORY;
        } else if (path.equals("/api/files/42/rejected")) {
            answer = REJECTED;
        } else if (path.equals("/api/validate")) {
            status = "Bearer s3cret".equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 202 : 401;
            answer = "{\"requestId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}";
        } else if (path.startsWith("/api/validate/")) {
            // The report is there at the second poll, as when the function has just written it.
            status = reportPolls.incrementAndGet() < 2 ? 404 : 200;
            answer = status == 200 ? REPORT : "{\"error\":\"no report yet\"}";
        } else {
            status = 404;
            answer = "{}";
        }
        StandInWarehouse.reply(exchange, status, answer);
    }

    private record Run(int exitCode, String out) {}

    private Run chinook(Object command, String... arguments) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exitCode = new CommandLine(command).execute(arguments);
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void filesPassesTheFiltersAndPrintsATableWithTheNextPage() {
        Run run = chinook(new FilesCommand(), "--status", "loaded", "--prefix", "raw/invoice/", "--url", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("raw/invoice/jan.csv")
                .contains("1,198")
                .contains("2026-12-01 10:00:05")
                .contains("more: --before 41");
        assertThat(requests).containsExactly("GET /api/files?limit=50&status=loaded&prefix=raw/invoice/");
    }

    @Test
    void fileShowsVersionsLineageFailuresAndTheRejectedRows() {
        Run run = chinook(new FileCommand(), "raw/invoice/jan.csv", "--url", url);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("s3://chinook-raw/raw/invoice/jan.csv")
                .contains("rows 1,200: 1,198 loaded, 2 rejected, 1,198 changed")
                .contains("report: s3://chinook-raw/reports/raw/invoice/jan.csv.report.csv")
                .contains("0 in the outbox, 1,198 sent, 1,000 applied in the warehouse (198 not yet)")
                .contains("message m-7: Access Denied (403)")
                .contains("line 17, column 2 (customer_id): no customer with this customer_id  value: 999")
                .contains("  line 30: empty row: every field is empty\n")
                .contains("... 3 in all");
        assertThat(requests)
                .containsExactly(
                        "GET /api/files/by-key?key=raw/invoice/jan.csv", "GET /api/files/42/rejected?limit=10");
    }

    @Test
    void validateReadsTheTableAsTheIngestReadsFileAndFolderNames() {
        assertThat(ValidateCommand.tableOf(Path.of("exports/public.Albums.csv.gz")))
                .isEqualTo("album");
        assertThat(ValidateCommand.tableOf(Path.of("unload/invoice_line_0000_part_00.csv")))
                .isEqualTo("invoice_line");
        assertThat(ValidateCommand.tableOf(Path.of("spark/InvoiceLine/part-00000-a1-c000.csv")))
                .isEqualTo("invoice_line");
        assertThat(ValidateCommand.tableOf(Path.of("exports/Employees.csv"))).isEqualTo("employees");
    }

    @Test
    void validateSendsTheFileForItsTableWaitsForTheReportAndExitsThreeOnRejections() throws IOException {
        Path csv = dir.resolve("album.csv");
        Files.writeString(csv, "album_id,title,artist_id\n1,A,1\n");

        Run run = chinook(new ValidateCommand(), csv.toString(), "--url", url, "--token", "s3cret");
        Run refused = chinook(new ValidateCommand(), csv.toString(), "--url", url, "--token", "wrong");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out())
                .contains("would be LOADED: 3 rows, 2 valid, 1 rejected, 2 would change OLTP")
                .contains("line 3, column 3 (artist_id): no artist with this artist_id  value: 959");
        assertThat(requests.get(0)).isEqualTo("POST /api/validate?table=album album_id,title,artist_id\n1,A,1\n");
        assertThat(requests).contains("GET /api/validate/0f8fad5b-d9cb-469f-a165-70867728950e?null");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("the warehouse refused: 401");
    }

    @Test
    void theValidationSummaryCountsOneRowAsARow() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String one = "{\"wouldBe\":\"LOADED\",\"rowsInFile\":1,\"rowsValid\":1,\"rowsRejected\":0,"
                + "\"rowsThatWouldChange\":1}";
        String many = "{\"wouldBe\":\"LOADED\",\"rowsInFile\":1200,\"rowsValid\":1198,\"rowsRejected\":2,"
                + "\"rowsThatWouldChange\":0}";

        assertThat(ValidateCommand.summary(Path.of("genre.csv"), json.readTree(one)))
                .isEqualTo("genre.csv would be LOADED: 1 row, 1 valid, 0 rejected, 1 would change OLTP");
        assertThat(ValidateCommand.summary(Path.of("genre.csv"), json.readTree(many)))
                .isEqualTo("genre.csv would be LOADED: 1,200 rows, 1,198 valid, 2 rejected, 0 would change OLTP");
    }
}
