package dev.chinook.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chinook.common.s3.S3ObjectEvent;
import dev.chinook.ingest.model.IngestResult;
import dev.chinook.ingest.service.IngestService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ingest's rules for ordering, uploads of several files, references, reports and bad files. */
@QuarkusTest
class IngestRulesTest extends IngestTestBase {

    private static final String CUSTOMER_HEADER =
            "customer_id,first_name,last_name,company,address,city,state,country,postal_code,phone,email\n";
    private static final String INVOICE_HEADER = "invoice_id,customer_id,invoice_date,billing_address,billing_city,"
            + "billing_state,billing_country,billing_postal_code,total\n";

    @Test
    void anOlderVersionArrivingLateNeverOverwritesANewerOne() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] older = "genre_id,name\n801,Older\n".getBytes(StandardCharsets.UTF_8);
        byte[] newer = "genre_id,name\n801,Newer\n".getBytes(StandardCharsets.UTF_8);
        String olderETag = fx.upload(key, older);
        String newerETag = fx.upload(key, newer);

        fx.invoke(fx.putEvent(key, newerETag, newer.length, "00000000000000000B"));
        fx.invoke(fx.putEvent(key, olderETag, older.length, "00000000000000000A"));

        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 801")).isEqualTo("Newer");
        assertThat(fx.manifest(key, olderETag)).containsEntry("status", "STALE");
    }

    @Test
    void aVersionOverwrittenBeforeItWasReadIsSkippedAndTheNewerOneLoads() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] first = "genre_id,name\n802,First\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "genre_id,name\n802,Second\n".getBytes(StandardCharsets.UTF_8);
        String firstETag = fx.upload(key, first);
        String secondETag = fx.upload(key, second);

        fx.invoke(fx.putEvent(key, firstETag, first.length, "00000000000000001A"));
        fx.invoke(fx.putEvent(key, secondETag, second.length, "00000000000000001B"));

        assertThat(fx.manifest(key, firstETag)).containsEntry("status", "STALE");
        assertThat(fx.manifest(key, secondETag)).containsEntry("status", "LOADED");
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 802")).isEqualTo("Second");
    }

    @Test
    void aFileLoadsTheParentFileOfItsUploadFirstAndParksRowsWhoseParentIsNowhere() throws Exception {
        String upload = UUID.randomUUID() + ".csv";
        byte[] customers = (CUSTOMER_HEADER + "701,Ann,Lee,,,,,,,,ann@example.com\n").getBytes(StandardCharsets.UTF_8);
        byte[] invoices = (INVOICE_HEADER + "7001,701,2021-01-01T00:00:00,,,,Norway,,1.98\n"
                        + "7002,799,2021-01-02T00:00:00,,,,Norway,,0.99\n")
                .getBytes(StandardCharsets.UTF_8);
        String customerETag = fx.upload("raw/customer/" + upload, customers);
        String invoiceETag = fx.upload("raw/invoice/" + upload, invoices);

        // The invoice event comes first: its customer file is loaded before its references are checked.
        fx.invoke(fx.putEvent("raw/invoice/" + upload, invoiceETag, invoices.length));

        assertThat(fx.manifest("raw/invoice/" + upload, invoiceETag))
                .containsEntry("rows_loaded", 1)
                .containsEntry("rows_rejected", 0)
                .containsEntry("rows_parked", 1);
        assertThat(fx.query("SELECT line_number || ':' || column_number || ':' || parent_table FROM parked_row p "
                        + "JOIN ingest_file f USING (file_id) WHERE f.object_key = 'raw/invoice/" + upload + "'"))
                .isEqualTo("3:2:customer");
        assertThat(fx.query("SELECT count(*) FROM invoice WHERE invoice_id = 7001"))
                .isEqualTo(1L);

        // Then the customer file's own event finds it loaded.
        fx.invoke(fx.putEvent("raw/customer/" + upload, customerETag, customers.length));
        assertThat(fx.query("SELECT string_agg(status, ',' ORDER BY file_id) FROM ingest_file "
                        + "WHERE object_key = 'raw/customer/" + upload + "'"))
                .isEqualTo("LOADED,UNCHANGED");
    }

    @Test
    void aParentMissingInsideTheSpanOfNamedKeysIsFoundAndOnlyItsRowParked() throws Exception {
        String customers = "raw/customer/" + UUID.randomUUID() + ".csv";
        byte[] customerCsv = (CUSTOMER_HEADER + "1877301,Al,Bo,,,,,,,,al@example.com\n"
                        + "1877302,Cy,Do,,,,,,,,cy@example.com\n1877304,Ed,Fo,,,,,,,,ed@example.com\n")
                .getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(customers, fx.upload(customers, customerCsv), customerCsv.length));

        // The invoices name 1877301 to 1877304, a span of four keys; the parent holds three of them.
        String gap = "raw/invoice/" + UUID.randomUUID() + ".csv";
        byte[] gapCsv = (INVOICE_HEADER + "18773001,1877301,2021-01-01T00:00:00,,,,Norway,,1.00\n"
                        + "18773002,1877302,2021-01-01T00:00:00,,,,Norway,,2.00\n"
                        + "18773003,1877303,2021-01-01T00:00:00,,,,Norway,,3.00\n"
                        + "18773004,1877304,2021-01-01T00:00:00,,,,Norway,,4.00\n")
                .getBytes(StandardCharsets.UTF_8);
        String gapETag = fx.upload(gap, gapCsv);
        fx.invoke(fx.putEvent(gap, gapETag, gapCsv.length));

        assertThat(fx.manifest(gap, gapETag)).containsEntry("rows_loaded", 3).containsEntry("rows_parked", 1);
        assertThat(fx.query("SELECT line_number || ':' || column_number || ':' || parent_table FROM parked_row p "
                        + "JOIN ingest_file f USING (file_id) WHERE f.object_key = '" + gap + "'"))
                .isEqualTo("4:2:customer");

        // Named keys all present, the span whole: every row loads.
        String whole = "raw/invoice/" + UUID.randomUUID() + ".csv";
        byte[] wholeCsv = (INVOICE_HEADER + "18773011,1877302,2021-01-02T00:00:00,,,,Norway,,5.00\n"
                        + "18773012,1877301,2021-01-02T00:00:00,,,,Norway,,6.00\n")
                .getBytes(StandardCharsets.UTF_8);
        String wholeETag = fx.upload(whole, wholeCsv);
        fx.invoke(fx.putEvent(whole, wholeETag, wholeCsv.length));

        assertThat(fx.manifest(whole, wholeETag))
                .containsEntry("rows_loaded", 2)
                .containsEntry("rows_parked", 0);
        assertThat(fx.query("SELECT count(*) FROM invoice WHERE invoice_id BETWEEN 18773001 AND 18773012"))
                .isEqualTo(5L);
    }

    @Test
    void theSqliteEditionsPluralTableNamesLoadAndFindTheParentFileOfTheirUpload() throws Exception {
        String upload = "sqlite-export/" + UUID.randomUUID() + "/";
        byte[] customers =
                "CustomerId,FirstName,LastName,Company,Address,City,State,Country,PostalCode,Phone,Fax,Email,SupportRepId\n721,Cy,Ng,,,,,,,,,cy@example.com,3\n"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] invoices =
                (INVOICE_HEADER + "7201,721,2009-01-01 00:00:00,,,,Chile,,1.98\n").getBytes(StandardCharsets.UTF_8);
        String customersETag = fx.upload(upload + "customers.csv", customers);
        String invoicesETag = fx.upload(upload + "invoices.csv", invoices);

        // Only the invoices' event: their customers are found beside them under the same plural naming.
        fx.invoke(fx.putEvent(upload + "invoices.csv", invoicesETag, invoices.length));

        assertThat(fx.manifest(upload + "invoices.csv", invoicesETag))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_loaded", 1)
                .containsEntry("rows_parked", 0);
        assertThat(fx.manifest(upload + "customers.csv", customersETag)).containsEntry("status", "LOADED");
        assertThat(fx.query("SELECT string_agg(DISTINCT table_name, ',') FROM ingest_file WHERE object_key LIKE '"
                        + upload + "%'"))
                .isEqualTo("customer,invoice");
        assertThat(fx.query("SELECT billing_country FROM invoice WHERE invoice_id = 7201 AND customer_id = 721"))
                .isEqualTo("Chile");
    }

    @Test
    void deletingARowOthersReferToIsRejected() throws Exception {
        String upload = UUID.randomUUID() + ".csv";
        byte[] customers = (CUSTOMER_HEADER + "711,Bo,Ek,,,,,,,,bo@example.com\n").getBytes(StandardCharsets.UTF_8);
        byte[] invoices =
                (INVOICE_HEADER + "7101,711,2021-01-01T00:00:00,,,,Sweden,,1.98\n").getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(
                "raw/customer/" + upload, fx.upload("raw/customer/" + upload, customers), customers.length));
        fx.invoke(fx.putEvent("raw/invoice/" + upload, fx.upload("raw/invoice/" + upload, invoices), invoices.length));
        String deletes = "raw/customer/" + UUID.randomUUID() + "-deletes.csv";
        byte[] delete = ("_op," + CUSTOMER_HEADER + "D,711,,,,,,,,,,\n").getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(deletes, fx.upload(deletes, delete), delete.length));

        assertThat(fx.query("SELECT count(*) FROM customer WHERE customer_id = 711"))
                .isEqualTo(1L);
        assertThat(fx.query(
                        "SELECT reason FROM rejected_row r JOIN ingest_file f USING (file_id) WHERE f.object_key = '"
                                + deletes + "'"))
                .isEqualTo("cannot delete: rows of invoice refer to it (customer_id)");
    }

    @Test
    void theReportNextToTheFileListsRejectionsAndNeutralisesFormulas() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name,Rating\n=1+1,Evil,5\n803,\"=HYPERLINK(\"\"http://x\"\")\",4\n804,Fine,\n"
                .getBytes(StandardCharsets.UTF_8);
        String eTag = fx.upload(key, csv);

        fx.invoke(fx.putEvent(key, eTag, csv.length));

        String report;
        try (var s3 = cloud.s3Client()) {
            report = s3.getObjectAsBytes(b -> b.bucket(fx.bucket()).key("reports/" + key + ".report.csv"))
                    .asUtf8String();
        }
        assertThat(report)
                .startsWith("line,column,column_name,value,reason\n")
                .contains("0,,,,LOADED: ignored columns outside the contract: Rating")
                .contains("2,1,genre_id,'=1+1,not an integer");
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 803")).isEqualTo("=HYPERLINK(\"http://x\")");
        assertThat(fx.query("SELECT report_key FROM ingest_file WHERE object_key = '" + key + "'"))
                .isEqualTo("reports/" + key + ".report.csv");
    }

    @Test
    void nullMarkersLoadAsTextWhereTextIsValidAndTheFilesReportSaysSo() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "GenreId,Name\n811,NULL\nNULL,Jazz\n".getBytes(StandardCharsets.UTF_8);
        String eTag = fx.upload(key, csv);

        fx.invoke(fx.putEvent(key, eTag, csv.length));

        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 811")).isEqualTo("NULL");
        assertThat(fx.query("SELECT status || ' ' || rows_loaded || ' ' || rows_rejected || ': ' || message "
                        + "FROM ingest_file WHERE object_key = '" + key + "'"))
                .isEqualTo("LOADED 1 1: NULL or \\N loaded as text in name (first at line 2): the contract's NULL "
                        + "is an empty field; if the export meant NULL, export NULL as empty");
        assertThat(fx.query("SELECT line_number || ' ' || column_name || ' ' || reason FROM rejected_row r "
                        + "JOIN ingest_file f USING (file_id) WHERE f.object_key = '" + key + "'"))
                .isEqualTo("3 genre_id not an integer: NULL is how some exports write NULL; the contract's NULL is "
                        + "an empty field");
    }

    @Test
    void aRowWhoseQuotesCannotBeReadIsRejectedAloneAndTheRowsAfterItLoad() throws Exception {
        String quote = loadOneRowRejectingOne("GenreId,Name\n809,\"12\" Single\"\n810,Fine\n");
        assertThat(fx.query("SELECT line_number || ' ' || column_number || ' ' || column_name || ': ' || reason"
                        + " FROM rejected_row r JOIN ingest_file f USING (file_id) WHERE f.object_key = '" + quote
                        + "'"))
                .isEqualTo("2 2 name: text follows the closing quote of a quoted field; quote the whole field and"
                        + " write each \" inside it as \"\" (\"12\"\" Single\")");
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 810")).isEqualTo("Fine");

        loadOneRowRejectingOne("genre_id,name\n812,\"unterminated\n813,After\n");
        assertThat(fx.query("SELECT name FROM genre WHERE genre_id = 813")).isEqualTo("After");
    }

    /** Uploads and loads a genre file that must load one row and reject one; returns its key. */
    private String loadOneRowRejectingOne(String csv) throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length));
        assertThat(fx.manifest(key))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_loaded", 1)
                .containsEntry("rows_rejected", 1);
        return key;
    }

    @Test
    void unreadableFilesAreRejectedWithAReasonAndNeverRetried() throws Exception {
        assertRejected("", "file is empty");
        assertRejected("\u00ff\u00fe\u0000g", "header lacks column(s)");
        String nul = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] nulBytes = "genre_id,name\n806,Null\u0000Byte\n807,Fine\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(nul, fx.upload(nul, nulBytes), nulBytes.length));
        assertThat(fx.manifest(nul)).containsEntry("status", "LOADED").containsEntry("rows_rejected", 1);
        assertThat(fx.query("SELECT value || ': ' || reason FROM rejected_row r JOIN ingest_file f USING (file_id) "
                        + "WHERE f.object_key = '" + nul + "'"))
                .isEqualTo("Null\\0Byte: contains a NUL character");
        assertRejected("name,colour\nx,y\n", "header lacks column(s) genre_id");
        assertThat(rejectedManifest("genre_id,name\n805,Canção\n".getBytes(StandardCharsets.ISO_8859_1)))
                .containsEntry(
                        "message",
                        "file is not valid UTF-8 text: line 2, column 2: byte 0xE7 after \"805,Can\" is not UTF-8 "
                                + "(in Windows-1252 or Latin-1 it would read \"\u00e7\"): save the file as UTF-8");
        assertThat(rejectedManifest("\ufeffgenre_id,name\n808,Fine\n".getBytes(StandardCharsets.UTF_16LE)))
                .containsEntry(
                        "message",
                        "file is UTF-16 text, as Excel's \"Unicode Text\" and some Windows tools save it, not UTF-8: "
                                + "save it as \"CSV UTF-8\" (comma-separated)");

        String headerOnly = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] header = "genre_id,name\r\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(headerOnly, fx.upload(headerOnly, header), header.length));
        assertThat(fx.manifest(headerOnly))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_in_file", 0)
                .containsEntry("message", "the file has a header and no data rows");
    }

    @Test
    void changesCommittedButNotSentStayInTheOutboxAndTheMessageComesBackToRelayThem() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n821,Kizomba\n822,Forró\n".getBytes(StandardCharsets.UTF_8);
        String event = fx.putEvent(key, fx.upload(key, csv), csv.length);

        // The relay cannot send: the file is loaded all the same, its changes wait in the
        // outbox, and the message is handed back so that something comes to relay them.
        assertThat(fx.withoutChangeQueue(() -> fx.invoke(event)).path("batchItemFailures"))
                .hasSize(1);
        assertThat(fx.manifest(key)).containsEntry("status", "LOADED");
        assertThat(fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set"))
                .isEqualTo(2L);

        // Its redelivery finds the file loaded and relays.
        assertThat(fx.invoke(event).path("batchItemFailures")).isEmpty();

        assertThat(fx.query("SELECT coalesce(sum(change_count), 0) FROM outbox_change_set"))
                .isEqualTo(0L);
        assertThat(fx.drainChanges()).extracting(c -> c.key()).containsExactlyInAnyOrder(821L, 822L);
    }

    @Inject
    IngestService ingestService;

    @Test
    void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n831,Semba\n832,Rebita\n".getBytes(StandardCharsets.UTF_8);
        S3ObjectEvent event = new S3ObjectEvent(
                "ObjectCreated:Put", fx.bucket(), key, csv.length, fx.upload(key, csv), null, "0000000000000000C1");

        // Four deliveries of the same event at once, straight into the service (four transactions).
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            var deliveries = new java.util.ArrayList<java.util.concurrent.Future<IngestResult>>();
            for (int i = 0; i < 4; i++) {
                deliveries.add(pool.submit(() -> {
                    start.await();
                    return ingestService.ingest(event);
                }));
            }
            start.countDown();
            long applied = 0;
            for (var delivery : deliveries) {
                applied +=
                        delivery.get(60, java.util.concurrent.TimeUnit.SECONDS).alreadyIngested() ? 0 : 1;
            }
            assertThat(applied).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        fx.invoke(IngestFixtures.event("sqs-relay-continue.json", java.util.Map.of()));

        assertThat(fx.query("SELECT count(*) FROM ingest_file WHERE object_key = '" + key + "'"))
                .isEqualTo(1L);
        assertThat(fx.drainChanges()).extracting(c -> c.key()).containsExactlyInAnyOrder(831L, 832L);
    }

    @Test
    void keysThatAscendOverRowsAlreadyLoadedUpdateThoseAndInsertTheRest() throws Exception {
        String first = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] firstCsv = "genre_id,name\n852,Tango\n854,Fado\n".getBytes(StandardCharsets.UTF_8);
        fx.invoke(fx.putEvent(first, fx.upload(first, firstCsv), firstCsv.length));
        fx.drainChanges();
        // Ascending, and new keys on both sides of the loaded ones.
        String second = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] secondCsv =
                "genre_id,name\n851,Polka\n852,Tango\n853,Samba\n854,Morna\n".getBytes(StandardCharsets.UTF_8);

        assertThat(fx.invoke(fx.putEvent(second, fx.upload(second, secondCsv), secondCsv.length))
                        .path("batchItemFailures"))
                .isEmpty();

        assertThat(fx.manifest(second))
                .containsEntry("status", "LOADED")
                .containsEntry("rows_loaded", 4)
                .containsEntry("rows_changed", 3);
        assertThat(fx.query(
                        "SELECT string_agg(name, ',' ORDER BY genre_id) FROM genre WHERE genre_id BETWEEN 851 AND 854"))
                .isEqualTo("Polka,Tango,Samba,Morna");
        assertThat(fx.drainChanges())
                .extracting(c -> c.key() + " " + c.row().path("name").asText())
                .containsExactlyInAnyOrder("851 Polka", "853 Samba", "854 Morna");
    }

    @Test
    void newKeysWaitForALoadOfTheSameTableThatWritesThemAndThenUpdateIt() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        byte[] csv = "genre_id,name\n861,Kizomba\n862,Zouk\n863,Coladeira\n".getBytes(StandardCharsets.UTF_8);
        S3ObjectEvent event = new S3ObjectEvent(
                "ObjectCreated:Put", fx.bucket(), key, csv.length, fx.upload(key, csv), null, "0000000000000000D1");
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (var other = cloud.connect(dev.chinook.localcloud.aws.EmbeddedDatabases.OLTP)) {
            // Another load of genre in flight: it holds the table's write lock, as every load does
            // while it writes, and has written 862 without committing yet.
            other.setAutoCommit(false);
            try (var st = other.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock_shared(hashtextextended('keys:genre', 0))");
                st.execute("INSERT INTO genre (genre_id, name) VALUES (862, 'Funaná')");
            }
            var delivery = pool.submit(() -> ingestService.ingest(event));
            await().during(java.time.Duration.ofMillis(500))
                    .atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !delivery.isDone());
            other.commit();

            assertThat(delivery.get(60, java.util.concurrent.TimeUnit.SECONDS).alreadyIngested())
                    .isFalse();
        } finally {
            pool.shutdown();
        }

        assertThat(fx.manifest(key)).containsEntry("status", "LOADED").containsEntry("rows_changed", 3);
        assertThat(fx.query(
                        "SELECT string_agg(name, ',' ORDER BY genre_id) FROM genre WHERE genre_id BETWEEN 861 AND 863"))
                .isEqualTo("Kizomba,Zouk,Coladeira");
    }

    @Test
    void aTransientFailureFailsTheMessageSoThatItIsDeliveredAgain() throws Exception {
        // The object is not there (yet): S3 answers 404, which may heal. The file has no manifest
        // row, the failure and its reason are recorded, and the message is retried.
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";

        var response = fx.invoke(fx.putEvent(key, "d41d8cd98f00b204e9800998ecf8427e", 10));

        assertThat(response.path("batchItemFailures")).hasSize(1);
        assertThat(fx.query("SELECT count(*) FROM ingest_file WHERE object_key = '" + key + "'"))
                .isEqualTo(0L);
        assertThat(fx.query("SELECT permanent || ':' || reason FROM message_failure WHERE body_excerpt LIKE '%" + key
                        + "%'"))
                .asString()
                .startsWith("false:")
                .contains("404");
    }

    private void assertRejected(String content, String reason) throws Exception {
        assertThat((String) rejectedManifest(content.getBytes(StandardCharsets.UTF_8))
                        .get("message"))
                .contains(reason);
    }

    /** Uploads a genre file that must be rejected without a retry; returns its manifest row. */
    private Map<String, Object> rejectedManifest(byte[] bytes) throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        assertThat(fx.invoke(fx.putEvent(key, fx.upload(key, bytes), bytes.length))
                        .path("batchItemFailures"))
                .isEmpty();
        Map<String, Object> manifest = fx.manifest(key);
        assertThat(manifest).containsEntry("status", "REJECTED");
        return manifest;
    }

    @Test
    void aHugeValueAndAHeaderOfAHundredThousandColumnsAreReportedShortened() throws Exception {
        String key = "raw/genre/" + UUID.randomUUID() + ".csv";
        StringBuilder header = new StringBuilder("genre_id,name");
        for (int i = 0; i < 100_000; i++) {
            header.append(",extra_").append(i);
        }
        String padding = ",".repeat(100_000);
        byte[] csv = (header + "\n851,Fine" + padding + "\n852," + "x".repeat(5 * 1024 * 1024) + padding + "\n")
                .getBytes(StandardCharsets.UTF_8);

        fx.invoke(fx.putEvent(key, fx.upload(key, csv), csv.length));

        assertThat(fx.manifest(key)).containsEntry("status", "LOADED").containsEntry("rows_rejected", 1);
        String message = (String) fx.manifest(key).get("message");
        assertThat(message)
                .startsWith("ignored columns outside the contract: extra_0, extra_1,")
                .endsWith("and 99980 more")
                .hasSizeLessThan(2_000);
        String value = (String) fx.query("SELECT value FROM rejected_row r JOIN ingest_file f USING (file_id) "
                + "WHERE f.object_key = '" + key + "'");
        assertThat(value)
                .startsWith("xxxx")
                .endsWith("(truncated: 5242880 characters in all)")
                .hasSizeLessThan(1_100);
        try (var s3 = cloud.s3Client()) {
            assertThat(s3.headObject(b -> b.bucket(fx.bucket()).key("reports/" + key + ".report.csv"))
                            .contentLength())
                    .isLessThan(5_000L);
        }
    }

    @Test
    void aParentFileAlreadyLoadedByItsOwnEventLeavesNoExtraManifestRowWhenAChildLooksForIt() throws Exception {
        String upload = UUID.randomUUID() + ".csv";
        byte[] customers = (CUSTOMER_HEADER + "711,Bo,Ek,,,,,,,,bo@example.com\n").getBytes(StandardCharsets.UTF_8);
        byte[] invoices =
                (INVOICE_HEADER + "7101,711,2021-02-01T00:00:00,,,,Sweden,,0.99\n").getBytes(StandardCharsets.UTF_8);
        String customerKey = "raw/customer/" + upload;
        fx.invoke(fx.putEvent(customerKey, fx.upload(customerKey, customers), customers.length));
        String invoiceKey = "raw/invoice/" + upload;

        fx.invoke(fx.putEvent(invoiceKey, fx.upload(invoiceKey, invoices), invoices.length));

        assertThat(fx.manifest(invoiceKey)).containsEntry("status", "LOADED").containsEntry("rows_rejected", 0);
        assertThat(fx.query("SELECT string_agg(status || ':' || sequencer, ',' ORDER BY file_id) FROM ingest_file "
                        + "WHERE object_key = '" + customerKey + "'"))
                .asString()
                .startsWith("LOADED:")
                .doesNotContain(",");
    }

    @Test
    void aParentDeletedWhileAFileOfItsChildrenLoadsLeavesNoOrphans() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                int artist = 9_100 + round;
                String artists = "raw/artist/" + UUID.randomUUID() + ".csv";
                byte[] artistCsv = ("artist_id,name\n" + artist + ",Short-lived\n").getBytes(StandardCharsets.UTF_8);
                fx.invoke(fx.putEvent(artists, fx.upload(artists, artistCsv), artistCsv.length));

                StringBuilder albums = new StringBuilder("album_id,title,artist_id\n");
                for (int i = 0; i < 20_000; i++) {
                    albums.append(1_000_000 + round * 20_000 + i)
                            .append(",Album ")
                            .append(i)
                            .append(',')
                            .append(artist)
                            .append('\n');
                }
                String albumKey = "raw/album/" + UUID.randomUUID() + ".csv";
                byte[] albumCsv = albums.toString().getBytes(StandardCharsets.UTF_8);
                S3ObjectEvent albumEvent = new S3ObjectEvent(
                        "ObjectCreated:Put",
                        fx.bucket(),
                        albumKey,
                        albumCsv.length,
                        fx.upload(albumKey, albumCsv),
                        null,
                        String.format("%018X", 0xA000 + round));
                String deleteKey = "raw/artist/" + UUID.randomUUID() + ".csv";
                byte[] deleteCsv = ("artist_id,name,_op\n" + artist + ",,D\n").getBytes(StandardCharsets.UTF_8);
                S3ObjectEvent deleteEvent = new S3ObjectEvent(
                        "ObjectCreated:Put",
                        fx.bucket(),
                        deleteKey,
                        deleteCsv.length,
                        fx.upload(deleteKey, deleteCsv),
                        null,
                        String.format("%018X", 0xB000 + round));

                // The delete starts while the albums are being checked and applied.
                var albumsLoaded = pool.submit(() -> ingestService.ingest(albumEvent));
                Thread.sleep(250 + 100L * round);
                var deleted = pool.submit(() -> ingestService.ingest(deleteEvent));
                albumsLoaded.get(2, java.util.concurrent.TimeUnit.MINUTES);
                deleted.get(2, java.util.concurrent.TimeUnit.MINUTES);

                long artistRows = (Long) fx.query("SELECT count(*) FROM artist WHERE artist_id = " + artist);
                long albumRows = (Long) fx.query("SELECT count(*) FROM album WHERE artist_id = " + artist);
                assertThat(artistRows == 0 && albumRows > 0)
                        .as("round %d: artist %d deleted while %d albums refer to it", round, artist, albumRows)
                        .isFalse();
                assertThat(fx.query("SELECT count(*) FROM album a WHERE NOT EXISTS "
                                + "(SELECT 1 FROM artist r WHERE r.artist_id = a.artist_id)"))
                        .isEqualTo(0L);
            }
        } finally {
            pool.shutdown();
        }
    }
}
