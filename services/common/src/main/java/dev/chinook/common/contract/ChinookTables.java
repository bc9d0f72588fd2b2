package dev.chinook.common.contract;

import static dev.chinook.common.contract.Column.count;
import static dev.chinook.common.contract.Column.integer;
import static dev.chinook.common.contract.Column.key;
import static dev.chinook.common.contract.Column.money;
import static dev.chinook.common.contract.Column.text;
import static dev.chinook.common.contract.Column.timestamp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The eight tables of the CSV contract, in load order (parents before children). Lengths and
 * required columns follow the original Chinook schema.
 */
public final class ChinookTables {

    public static final TableSpec ARTIST =
            new TableSpec("artist", List.of(key("artist_id"), text("name", 120, false)), List.of());
    public static final TableSpec GENRE =
            new TableSpec("genre", List.of(key("genre_id"), text("name", 120, false)), List.of());
    public static final TableSpec MEDIA_TYPE =
            new TableSpec("media_type", List.of(key("media_type_id"), text("name", 120, false)), List.of());
    public static final TableSpec ALBUM = new TableSpec(
            "album",
            List.of(key("album_id"), text("title", 160, true), integer("artist_id", true)),
            List.of(new TableSpec.Reference("artist_id", "artist")));
    public static final TableSpec TRACK = new TableSpec(
            "track",
            List.of(
                    key("track_id"),
                    text("name", 200, true),
                    integer("album_id", false),
                    integer("media_type_id", true),
                    integer("genre_id", false),
                    text("composer", 220, false),
                    integer("milliseconds", true),
                    integer("bytes", false),
                    money("unit_price", true)),
            List.of(
                    new TableSpec.Reference("album_id", "album"),
                    new TableSpec.Reference("media_type_id", "media_type"),
                    new TableSpec.Reference("genre_id", "genre")));
    public static final TableSpec CUSTOMER = new TableSpec(
            "customer",
            List.of(
                    key("customer_id"),
                    text("first_name", 40, true),
                    text("last_name", 20, true),
                    text("company", 80, false),
                    text("address", 70, false),
                    text("city", 40, false),
                    text("state", 40, false),
                    text("country", 40, false),
                    text("postal_code", 10, false),
                    text("phone", 24, false),
                    text("email", 60, true)),
            List.of());
    public static final TableSpec INVOICE = new TableSpec(
            "invoice",
            List.of(
                    key("invoice_id"),
                    integer("customer_id", true),
                    timestamp("invoice_date", true),
                    text("billing_address", 70, false),
                    text("billing_city", 40, false),
                    text("billing_state", 40, false),
                    text("billing_country", 40, false),
                    text("billing_postal_code", 10, false),
                    money("total", true)),
            List.of(new TableSpec.Reference("customer_id", "customer")));
    public static final TableSpec INVOICE_LINE = new TableSpec(
            "invoice_line",
            List.of(
                    key("invoice_line_id"),
                    integer("invoice_id", true),
                    integer("track_id", true),
                    money("unit_price", true),
                    count("quantity")),
            List.of(new TableSpec.Reference("invoice_id", "invoice"), new TableSpec.Reference("track_id", "track")));

    /** All tables, parents before children. */
    public static final List<TableSpec> ALL =
            List.of(ARTIST, GENRE, MEDIA_TYPE, ALBUM, TRACK, CUSTOMER, INVOICE, INVOICE_LINE);

    private ChinookTables() {}

    /**
     * Names other exports give a table, normalised: the SQLite edition of Chinook, the one most
     * tutorials and Kaggle datasets export, calls the lines {@code invoice_items}.
     */
    private static final Map<String, TableSpec> OTHER_NAMES = Map.of("invoiceitem", INVOICE_LINE);

    /**
     * What export tools add to a table's name: a date, time or number after it
     * ({@code invoice_line_202612061030}, as DBeaver names its exports by default,
     * {@code invoice_line_2026-12-06}, {@code invoice_line_1}), or the number of a part of a table
     * unloaded in several files ({@code invoice_line_0000_part_00}, as Redshift's UNLOAD names them,
     * {@code invoice_line_part_001}).
     */
    private static final Pattern STAMP_AFTER_NAME =
            Pattern.compile("[_\\-. ]+(?:(?i:part)[_\\-. ]*)?\\d(?:[\\d_\\-.:T ]|(?i:part))*$");

    /**
     * The table a name designates: {@code invoice_line}, {@code InvoiceLine} or {@code invoice-line},
     * in the plural too ({@code invoice_lines}, {@code MediaTypes}: the SQLite edition of Chinook
     * names its tables so), or {@code invoice_items}; also qualified by a schema or database
     * ({@code public.invoice_line}, {@code dbo.InvoiceLine}) or followed by a date, time or number
     * ({@link #STAMP_AFTER_NAME}). No table's own name ends in s or a digit.
     */
    public static Optional<TableSpec> byName(String name) {
        return tableName(name).map(TableName::table);
    }

    /**
     * A name as {@link #byName} reads it: the table, the table's name as written ({@code spelt}),
     * and what an export tool wrote before it (a schema and a dot) and after it (a stamp; of a file
     * name, all the rest: {@link #tableNameOfFile}).
     */
    public record TableName(TableSpec table, String before, String spelt, String after) {}

    /** How {@code name} designates a table, or empty when it designates none. */
    public static Optional<TableName> tableName(String name) {
        String before = name.substring(0, name.lastIndexOf('.') + 1);
        Optional<TableName> whole = withoutStamp("", name);
        return whole.isPresent() || before.isEmpty() ? whole : withoutStamp(before, name.substring(before.length()));
    }

    private static Optional<TableName> withoutStamp(String before, String name) {
        Optional<TableName> plain = byOwnName(name).map(t -> new TableName(t, before, name, ""));
        Matcher stamp = STAMP_AFTER_NAME.matcher(name);
        if (plain.isPresent() || !stamp.find()) {
            return plain;
        }
        String spelt = name.substring(0, stamp.start());
        return byOwnName(spelt).map(t -> new TableName(t, before, spelt, name.substring(stamp.start())));
    }

    private static Optional<TableSpec> byOwnName(String name) {
        String wanted = TableSpec.normalise(name);
        String singular = wanted.endsWith("s") ? wanted.substring(0, wanted.length() - 1) : wanted;
        return ALL.stream()
                .filter(t -> {
                    String own = TableSpec.normalise(t.name());
                    return own.equals(wanted) || own.equals(singular);
                })
                .findFirst()
                .or(() -> Optional.ofNullable(OTHER_NAMES.get(singular)));
    }

    /** The contract's table names, parents first, for messages that say what a key may name. */
    public static String names() {
        return String.join(", ", ALL.stream().map(TableSpec::name).toList());
    }

    /**
     * The table an S3 object key designates: the folder after {@code raw/} when there is one
     * ({@code raw/invoice_line/2026-11-25.csv}), else the file name ({@code uploads/InvoiceLine.csv}).
     */
    public static Optional<TableSpec> forObjectKey(String objectKey) {
        String[] parts = objectKey.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("raw")) {
                Optional<TableSpec> byFolder = byName(parts[i + 1]);
                if (byFolder.isPresent()) {
                    return byFolder;
                }
            }
        }
        return tableNameOfFile(parts[parts.length - 1]).map(TableName::table);
    }

    /**
     * How a file's name designates a table: by what comes before its first dot
     * ({@code InvoiceLine.2026-11-25.csv}), else by all before its suffixes
     * ({@code public.invoice_line.csv.gz}); {@code after} holds the rest of the file's name.
     */
    public static Optional<TableName> tableNameOfFile(String fileName) {
        int dot = fileName.indexOf('.');
        Optional<TableName> named = dot < 0
                ? tableName(fileName)
                : tableName(fileName.substring(0, dot)).or(() -> tableName(withoutSuffixes(fileName)));
        return named.map(name -> new TableName(
                name.table(),
                name.before(),
                name.spelt(),
                fileName.substring(name.before().length() + name.spelt().length())));
    }

    /** {@code public.invoice_line.csv.gz} as {@code public.invoice_line}. */
    private static String withoutSuffixes(String fileName) {
        String name = fileName;
        for (String suffix : List.of(".gz", ".csv")) {
            if (name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length())) {
                name = name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Every reference to {@code parent} from another table, as (child table, reference). */
    public static List<java.util.Map.Entry<TableSpec, TableSpec.Reference>> referencesTo(TableSpec parent) {
        return ALL.stream()
                .flatMap(child -> child.references().stream()
                        .filter(r -> r.parentTable().equals(parent.name()))
                        .map(r -> java.util.Map.entry(child, r)))
                .toList();
    }

    /** The table's name as Chinook's exports spell it: invoice_line becomes InvoiceLine. */
    public static String pascalCase(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
