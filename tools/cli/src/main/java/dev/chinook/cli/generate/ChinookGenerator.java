package dev.chinook.cli.generate;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.TableSpec;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes Chinook-shaped CSV files of the contract, deterministically from a seed. Scale 1 has
 * Chinook's sizes; scale N multiplies customers, invoices and invoice lines. {@link #writeChangeSet}
 * writes a later day: some customers moved, some track prices changed, new invoices arrived.
 * Invoice totals always equal the sum of their lines.
 */
public final class ChinookGenerator {

    public static final int ARTISTS = 275;
    public static final int ALBUMS = 347;
    public static final int TRACKS = 3_503;
    public static final int CUSTOMERS = 59;
    public static final int INVOICES = 412;
    public static final int INVOICE_LINES = 2_240;

    private static final CSVFormat CSV =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final LocalDateTime FIRST_INVOICE = LocalDateTime.of(2021, 1, 1, 0, 0);
    private static final int INVOICE_DAYS = 5 * 365;
    private static final java.time.format.DateTimeFormatter TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Rows kept between the initial files and the change set. */
    private final Random random;

    private final int scale;
    private final List<Object[]> tracks = new ArrayList<>();
    private final List<Object[]> customers = new ArrayList<>();
    private int invoiceCount;
    private int lineCount;
    private LocalDateTime lastInvoiceDate = FIRST_INVOICE;

    public ChinookGenerator(long seed, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1");
        }
        this.random = new Random(seed);
        this.scale = scale;
    }

    /** A data folder of two days: {@code 01-initial} (the eight tables) and {@code 02-changes}. */
    public static void writeDataFolder(Path out, long seed, int scale, Progress progress) throws IOException {
        ChinookGenerator generator = new ChinookGenerator(seed, scale);
        generator.writeInitial(out.resolve("01-initial"), progress);
        generator.writeChangeSet(out.resolve("02-changes"), progress);
    }

    /** Writes the eight tables as {@code <table>.csv} into {@code dir}. */
    public void writeInitial(Path dir, Progress progress) throws IOException {
        Files.createDirectories(dir);
        write(dir, ChinookTables.GENRE, rows(Names.GENRES.size(), i -> new Object[] {i, Names.GENRES.get(i - 1)}));
        write(dir, ChinookTables.MEDIA_TYPE, rows(Names.MEDIA_TYPES.size(), i ->
                new Object[] {i, Names.MEDIA_TYPES.get(i - 1)}));
        write(dir, ChinookTables.ARTIST, rows(ARTISTS, i -> new Object[] {i, artistName(i)}));
        write(dir, ChinookTables.ALBUM, rows(ALBUMS, i -> new Object[] {i, title(), 1 + random.nextInt(ARTISTS)}));
        for (int i = 1; i <= TRACKS; i++) {
            tracks.add(track(i));
        }
        write(dir, ChinookTables.TRACK, tracks);
        progress.step("reference tables written");
        for (int i = 1; i <= CUSTOMERS * scale; i++) {
            customers.add(customer(i));
        }
        write(dir, ChinookTables.CUSTOMER, customers);
        writeInvoices(dir, INVOICES * scale, INVOICE_LINES * scale, customers, progress);
    }

    /**
     * Writes a later day's files: about 10% of customers moved, 5% of tracks changed price, and
     * 10% more invoices arrived. Must follow {@link #writeInitial} on the same generator.
     */
    public void writeChangeSet(Path dir, Progress progress) throws IOException {
        if (customers.isEmpty()) {
            throw new IllegalStateException("the change set follows the initial files");
        }
        Files.createDirectories(dir);
        List<Object[]> moved = new ArrayList<>();
        for (Object[] customer : customers) {
            if (random.nextInt(10) == 0) {
                relocate(customer);
                moved.add(customer);
            }
        }
        write(dir, ChinookTables.CUSTOMER, moved);
        List<Object[]> repriced = new ArrayList<>();
        for (Object[] track : tracks) {
            if (random.nextInt(20) == 0) {
                track[8] = ((BigDecimal) track[8]).compareTo(new BigDecimal("0.99")) == 0
                        ? new BigDecimal("1.29")
                        : new BigDecimal("0.99");
                repriced.add(track);
            }
        }
        write(dir, ChinookTables.TRACK, repriced);
        int newInvoices = Math.max(1, INVOICES * scale / 10);
        writeInvoices(dir, newInvoices, newInvoices * INVOICE_LINES / INVOICES, customers, progress);
    }

    private void writeInvoices(Path dir, int invoices, int lines, List<Object[]> buyers, Progress progress)
            throws IOException {
        int[] linesPerInvoice = spread(invoices, lines);
        LocalDateTime start = lastInvoiceDate;
        Duration apart = betweenInvoices(scale);
        try (CSVPrinter invoiceOut = printer(dir, ChinookTables.INVOICE);
                CSVPrinter lineOut = printer(dir, ChinookTables.INVOICE_LINE)) {
            for (int n = 0; n < invoices; n++) {
                int invoiceId = ++invoiceCount;
                Object[] customer = buyers.get(random.nextInt(buyers.size()));
                LocalDateTime date = start.plus(apart.multipliedBy(n + 1)).withNano(0);
                lastInvoiceDate = date;
                BigDecimal total = BigDecimal.ZERO.setScale(2);
                List<Object[]> invoiceLines = new ArrayList<>();
                for (int l = 0; l < linesPerInvoice[n]; l++) {
                    Object[] track = tracks.get(random.nextInt(tracks.size()));
                    int quantity = random.nextInt(12) == 0 ? 2 : 1;
                    BigDecimal price = (BigDecimal) track[8];
                    total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
                    invoiceLines.add(new Object[] {++lineCount, invoiceId, track[0], price, quantity});
                }
                invoiceOut.printRecord(
                        invoiceId,
                        customer[0],
                        TIMESTAMP.format(date),
                        customer[4],
                        customer[5],
                        customer[6],
                        customer[7],
                        customer[8],
                        total);
                for (Object[] line : invoiceLines) {
                    lineOut.printRecord(line);
                }
                if ((n + 1) % 10_000 == 0) {
                    progress.step((n + 1) + " of " + invoices + " invoices written");
                }
            }
        }
        progress.step(invoices + " invoices, " + lines + " lines written");
    }

    /**
     * The time between two invoices, so that the initial files' invoices span {@link #INVOICE_DAYS}
     * at any scale. Counted in whole minutes it could not go below one, and from scale 6,379 on the
     * invoices ran past their five years (to 2029 at scale 10,000, years after the day the change
     * set stands for).
     */
    static Duration betweenInvoices(int scale) {
        return Duration.ofMillis(Math.max(1, Duration.ofDays(INVOICE_DAYS).toMillis() / ((long) INVOICES * scale)));
    }

    /** {@code total} lines over {@code count} invoices: at least 1 and at most 14 each. */
    private int[] spread(int count, int total) {
        int[] out = new int[count];
        java.util.Arrays.fill(out, 1);
        int left = total - count;
        while (left > 0) {
            int i = random.nextInt(count);
            if (out[i] < 14) {
                out[i]++;
                left--;
            }
        }
        return out;
    }

    private Object[] track(int id) {
        String composer = random.nextInt(4) == 0 ? null : pick(Names.COMPOSERS);
        Integer genre = random.nextInt(50) == 0 ? null : 1 + random.nextInt(Names.GENRES.size());
        int milliseconds = 60_000 + random.nextInt(540_000);
        Integer bytes = random.nextInt(30) == 0 ? null : milliseconds * 32 + random.nextInt(100_000);
        BigDecimal price = random.nextInt(10) == 0 ? new BigDecimal("1.99") : new BigDecimal("0.99");
        return new Object[] {
            id,
            title(),
            1 + random.nextInt(ALBUMS),
            1 + random.nextInt(Names.MEDIA_TYPES.size()),
            genre,
            composer,
            milliseconds,
            bytes,
            price
        };
    }

    private Object[] customer(int id) {
        String first = pick(Names.FIRST_NAMES);
        String last = pick(Names.LAST_NAMES);
        String company = random.nextInt(5) == 0 ? pick(Names.COMPANIES) : null;
        Object[] row =
                new Object[] {id, first, last, company, null, null, null, null, null, null, email(first, last, id)};
        relocate(row);
        return row;
    }

    /** New address, city, state, country, postal code and phone: what a move changes. */
    private void relocate(Object[] customer) {
        Names.Place place = pick(Names.PLACES);
        customer[4] = (1 + random.nextInt(9_999)) + " " + pick(Names.STREETS);
        customer[5] = place.city().strip();
        customer[6] = place.state();
        customer[7] = place.country();
        customer[8] = place.postalPattern() == null ? null : fill(place.postalPattern());
        customer[9] = place.phonePrefix() == null || random.nextInt(8) == 0
                ? null
                : place.phonePrefix() + (1_000_000 + random.nextInt(8_999_999));
    }

    private String email(String first, String last, int id) {
        String local =
                (first + "." + last).toLowerCase(Locale.ROOT).replace(" ", "").replace("'", "");
        if (random.nextInt(3) != 0) {
            local = Normalizer.normalize(local, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        }
        String[] domains = {"gmail.com", "yahoo.fr", "apple.com", "münchen.de", "correo.es", "mail.рф", "web.de"};
        return local + id + "@" + domains[random.nextInt(domains.length)];
    }

    private String artistName(int id) {
        String name = random.nextBoolean()
                ? pick(Names.ARTIST_FIRST) + " " + pick(Names.ARTIST_WORDS)
                : pick(Names.ARTIST_WORDS) + " " + pick(Names.ARTIST_WORDS);
        return random.nextInt(40) == 0 ? null : name + (id % 7 == 0 ? " " + id : "");
    }

    private String title() {
        int words = 1 + random.nextInt(4);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : " ").append(pick(Names.TITLE_WORDS));
        }
        return out.toString();
    }

    private String fill(String pattern) {
        StringBuilder out = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            out.append(ch == '#' ? (char) ('0' + random.nextInt(10)) : ch);
        }
        return out.toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private List<Object[]> rows(int count, java.util.function.IntFunction<Object[]> row) {
        List<Object[]> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(row.apply(i));
        }
        return out;
    }

    private static void write(Path dir, TableSpec table, List<Object[]> rows) throws IOException {
        try (CSVPrinter out = printer(dir, table)) {
            for (Object[] row : rows) {
                out.printRecord(row);
            }
        }
    }

    private static CSVPrinter printer(Path dir, TableSpec table) throws IOException {
        Writer writer = Files.newBufferedWriter(dir.resolve(table.name() + ".csv"), StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSV);
        printer.printRecord(table.columnNames());
        return printer;
    }

    /** Sizes of what {@link #writeInitial} writes at a scale. */
    public static Map<String, Integer> initialRowCounts(int scale) {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("artist", ARTISTS);
        counts.put("album", ALBUMS);
        counts.put("track", TRACKS);
        counts.put("genre", Names.GENRES.size());
        counts.put("media_type", Names.MEDIA_TYPES.size());
        counts.put("customer", CUSTOMERS * scale);
        counts.put("invoice", INVOICES * scale);
        counts.put("invoice_line", INVOICE_LINES * scale);
        return counts;
    }

    /** Receives progress lines of long generations. */
    public interface Progress {
        void step(String message);
    }
}
