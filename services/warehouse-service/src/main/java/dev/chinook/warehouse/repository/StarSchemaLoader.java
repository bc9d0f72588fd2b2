package dev.chinook.warehouse.repository;

import dev.chinook.common.contract.ChinookTables;
import dev.chinook.common.contract.ColumnType;
import dev.chinook.common.contract.TableSpec;
import dev.chinook.common.sql.SqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The set-based SQL that turns change messages into the star schema, on a connection whose
 * transaction the caller owns. Plain JDBC, so that the order-independence tests run it without
 * a container. Applying is: copy the messages' changes into {@code batch_change}, record them in
 * {@code change_log} (duplicates skipped), then {@link #applyBatch} derives everything the new
 * changes touch.
 */
public final class StarSchemaLoader {

    private static final String BATCH_TABLE = """
            CREATE TEMP TABLE IF NOT EXISTS batch_change (LIKE change_log INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

    /**
     * Records the transaction's staged changes (batch_change) in change_log, skipping those applied
     * before; returns how many were inserted and how many were staged. An id the batch holds twice
     * is inserted once: DO NOTHING skips rows the statement itself inserted. Changes applied before
     * stay in batch_change: deriving them again changes nothing.
     */
    private static final String RECORD_STAGED = """
            WITH inserted AS (
                INSERT INTO change_log (%1$s)
                SELECT %1$s FROM batch_change
                ON CONFLICT (change_id) DO NOTHING
                RETURNING change_id
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM batch_change)""".formatted(ChangeRows.COLUMNS);

    /** {@link #RECORD_STAGED} for a batch of changes none of which was recorded before. */
    private static final NewKeys RECORD_NEW = new NewKeys("change_log", "change_id", """
            INSERT INTO change_log (%1$s)
            SELECT %1$s FROM batch_change""".formatted(ChangeRows.COLUMNS));

    /**
     * A change id applied before with other content is a conflict, not a duplicate: a foreign
     * producer, or an OLTP restored to an earlier point and reusing ids. {@link #recordStaged}
     * throws, so that the transaction recording it rolls back; skipped silently, it would hide a
     * real change. Asked only when some staged change was not inserted (applied before, or twice in
     * the batch, where the copy not inserted is compared with the one that was): a batch of new
     * changes, the bulk case, cannot conflict, and asking anyway was a sixth of recording it.
     */
    private static final String FIRST_CONFLICT = """
            SELECT min(b.change_id) FROM batch_change b JOIN change_log l ON l.change_id = b.change_id
            WHERE (l.table_name, l.row_key, l.operation, l.row_image, l.committed_at)
                  IS DISTINCT FROM (b.table_name, b.row_key, b.operation, b.row_image, b.committed_at)""";

    /**
     * An archived change set, staged like a message, back into change_log; change ids already there
     * are skipped. The restore's transaction derives nothing: the rebuild replays the log after.
     */
    private static final String RESTORE_STAGED = """
            INSERT INTO change_log (%1$s)
            SELECT %1$s FROM batch_change
            ON CONFLICT (change_id) DO NOTHING""".formatted(ChangeRows.COLUMNS);

    /** A source's rows as written from the batch's changes, named latest: the two writes below. */
    private static final String SOURCE_ROWS = """
            INSERT INTO src_%1$s (%2$s, committed_at, change_id, is_deleted)
            SELECT %3$s, latest.committed_at, latest.change_id, latest.operation = 'DELETE'
            """;

    /**
     * Latest image per key; an older change never overwrites a newer one; deletes stay as
     * tombstones. The image is read as it is (merging the change's fields into it first cost
     * three times as much per row), each field taken out by name ({@link #imageFields}).
     */
    private static final String UPSERT_SOURCE = SOURCE_ROWS + """
            FROM (SELECT DISTINCT ON (row_key) row_image, committed_at, change_id, operation FROM batch_change
                  WHERE table_name = '%1$s' ORDER BY row_key, committed_at DESC, change_id DESC) latest
            ON CONFLICT (%4$s) DO UPDATE SET %5$s, committed_at = EXCLUDED.committed_at,
                change_id = EXCLUDED.change_id, is_deleted = EXCLUDED.is_deleted
            WHERE (src_%1$s.committed_at, src_%1$s.change_id) < (EXCLUDED.committed_at, EXCLUDED.change_id)""";

    /**
     * {@link #UPSERT_SOURCE} for keys the source has none of yet ({@link NewKeys}), without the
     * conflict check and without sorting the batch for each key's latest change: a key the batch
     * holds twice fails the unique key, and the batch then takes the upsert. The sort was an
     * eighth of recording 300,000 new lines.
     */
    private static final String INSERT_SOURCE = SOURCE_ROWS + "FROM batch_change latest WHERE table_name = '%1$s'";

    /**
     * Held from the derivation of a batch to its commit: derivations run one at a time, in
     * whichever order their transactions reach it. The key is fixed; nothing else in the
     * warehouse takes advisory locks.
     */
    private static final String DERIVE_LOCK = "SELECT pg_advisory_xact_lock(7242001)";

    /**
     * Room for a bulk batch's sorts and hashes, for its transaction only: at the default 4 MB,
     * staging the facts of 300,000 lines hashed the invoices they belong to in four passes
     * through temporary files, and the lines themselves in 21 (1.33 s; 1.17 s in memory). At 64 MB
     * the latest image of each of 300,000 lines was still sorted through 57 MB of temporary files
     * (0.55 s; 0.44 s in the 71 MB it takes in memory).
     */
    private static final String BATCH_WORK_MEM = "SET LOCAL work_mem = '128MB'";

    /**
     * The batch's own tables live for one transaction, and their plans need their size and little
     * else: at the default target ANALYZE samples 30,000 rows, about 60 ms for each table of a
     * 300,000-line batch (2 to 3 s of a scale-1000 full load); at 10 it samples 3,000 in about 10 ms.
     * Tables that outlive the batch are analysed at the server's default ({@link #analyzeKept}).
     */
    private static final String BATCH_STATISTICS = "SET LOCAL default_statistics_target = 10";

    /** The tables whose changes {@link #REFRESH_TRACK_NAMES} follows. */
    private static final List<String> TRACK_NAME_SOURCES = List.of("track", "album", "artist", "genre", "media_type");

    /** Type 1: album, artist, genre and media type names follow their source on every version. */
    private static final String REFRESH_TRACK_NAMES = """
            UPDATE dim_track t
            SET album_title = al.title, artist_id = al.artist_id, artist_name = ar.name,
                genre_name = g.name, media_type_name = mt.name
            FROM dim_track x
            LEFT JOIN src_album al ON al.album_id = x.album_id AND NOT al.is_deleted
            LEFT JOIN src_artist ar ON ar.artist_id = al.artist_id AND NOT ar.is_deleted
            LEFT JOIN src_genre g ON g.genre_id = x.genre_id AND NOT g.is_deleted
            LEFT JOIN src_media_type mt ON mt.media_type_id = x.media_type_id AND NOT mt.is_deleted
            WHERE t.track_key = x.track_key
              AND (x.track_id IN (SELECT row_key FROM batch_change WHERE table_name = 'track')
                   OR x.album_id IN (SELECT row_key FROM batch_change WHERE table_name = 'album')
                   OR al.artist_id IN (SELECT row_key FROM batch_change WHERE table_name = 'artist')
                   OR x.genre_id IN (SELECT row_key FROM batch_change WHERE table_name = 'genre')
                   OR x.media_type_id IN (SELECT row_key FROM batch_change WHERE table_name = 'media_type'))
              AND (t.album_title, t.artist_id, t.artist_name, t.genre_name, t.media_type_name)
                  IS DISTINCT FROM (al.title, al.artist_id, ar.name, g.name, mt.name)""";

    private static final List<String> LINE_COLUMNS =
            List.of("invoice_line_id", "invoice_id", "track_id", "unit_price", "quantity", "is_deleted");

    /**
     * The lines whose latest image the batch changed, as its upsert of src_invoice_line left them
     * (RETURNING): their facts are derived from here, where reading them back from the source
     * joined every line there is, work that grew with the history (a batch of 300,000 new lines
     * staged in 1.3 s from the source, 0.3 s from here). A change older than the line's image,
     * or applied before, changes no line and no fact.
     */
    private static final String CHANGED_LINES_TABLE = """
            CREATE TEMP TABLE IF NOT EXISTS changed_invoice_line (invoice_line_id integer, invoice_id integer,
                track_id integer, unit_price numeric(10, 2), quantity integer, is_deleted boolean) ON COMMIT DELETE ROWS""";

    /**
     * What a staged line takes from its invoice ({@code i}, joined to the line): nothing of an
     * invoice that has not arrived or was deleted, so that its facts bind to the stand-in customer.
     */
    private static final String INVOICE_OF_LINE = """
            CASE WHEN i.is_deleted IS FALSE THEN i.customer_id END AS customer_id,
            CASE WHEN i.is_deleted IS FALSE THEN i.invoice_date END AS invoice_date,
            CASE WHEN i.is_deleted IS FALSE THEN i.billing_country END AS billing_country""";

    /**
     * Lines whose fact may change: changed lines, lines of changed invoices, and lines dated where
     * their customer's or track's versions changed (their binding may move to another version;
     * a new customer version opening today leaves last year's facts where they are). Each arm is
     * found through an index from the batch's keys or dates, so the work follows the batch, not the
     * size of the fact history (one scan of every line with OR-ed conditions did); the track arm is
     * {@link #REBOUND_TRACK_LINES}; the lines of an invoice are found through the facts' index by
     * invoice (OLAP V13), as every live line not changed in this batch has its fact (changed ones
     * are in changed_invoice_line). The date is the one {@link #INSERT_FACTS} binds with. Invoices
     * are read only within the range of the lines' invoice ids, through their key: joined whole,
     * every batch hashed every invoice there is (300,000 lines: 0.31 s with 412,000 invoices, 1.9 s
     * with 4.1 million, under the derivation lock; 0.21 s either way within the range). The range
     * is taken from touched's two parts, not from touched, which would then be kept in memory
     * whole for its second reader (a tenth of a second for 300,000 lines).
     */
    private static final String STAGE_FACT_LINES = """
            CREATE TEMP TABLE batch_fact_line ON COMMIT DROP AS
            WITH others AS (
                SELECT f.invoice_line_id FROM fact_invoice_line f
                WHERE f.invoice_id IN (SELECT row_key FROM batch_change WHERE table_name = 'invoice')
                UNION
                SELECT invoice_line_id FROM rebound_track_line
                UNION
                SELECT f.invoice_line_id FROM rebind_dim_customer r
                JOIN src_invoice i ON i.customer_id = r.customer_id
                JOIN fact_invoice_line f ON f.invoice_id = i.invoice_id
                WHERE coalesce(CASE WHEN i.is_deleted IS FALSE THEN i.invoice_date END AT TIME ZONE 'UTC',
                               '-infinity') >= r.rebind_from
            ),
            other_lines AS (
                SELECT %2$s FROM others o JOIN src_invoice_line l ON l.invoice_line_id = o.invoice_line_id
                WHERE NOT EXISTS (SELECT 1 FROM changed_invoice_line c WHERE c.invoice_line_id = o.invoice_line_id)
            ),
            touched AS (
                SELECT %1$s FROM changed_invoice_line
                UNION ALL
                SELECT %1$s FROM other_lines
            ),
            invoice_range AS (
                SELECT min(invoice_id) AS lowest, max(invoice_id) AS highest
                FROM (SELECT invoice_id FROM changed_invoice_line UNION ALL SELECT invoice_id FROM other_lines) ids
            )
            SELECT t.invoice_line_id, t.invoice_id, t.track_id, t.unit_price, t.quantity, t.is_deleted, %3$s
            FROM touched t
            LEFT JOIN src_invoice i ON i.invoice_id = t.invoice_id
                AND i.invoice_id BETWEEN (SELECT lowest FROM invoice_range) AND (SELECT highest FROM invoice_range)""".formatted(
            SqlText.identifierList("", LINE_COLUMNS), SqlText.identifierList("l.", LINE_COLUMNS), INVOICE_OF_LINE);

    private static final String REBOUND_TRACK_LINES_TABLE = """
            CREATE TEMP TABLE IF NOT EXISTS rebound_track_line (invoice_line_id integer) ON COMMIT DELETE ROWS""";

    /**
     * The day key (as facts have it) of the earliest instant a track's facts rebind from, or NULL
     * when none does. A rebind from -infinity is a track new to dim_track: it had no member, so
     * no fact bound to it (a line naming a missing track binds to an inferred member, which its
     * first version then completes in place, not a rebind), and its lines changed in this batch
     * are in changed_invoice_line.
     */
    private static final String EARLIEST_TRACK_REBIND_DAY = """
            SELECT to_char(min(rebind_from) AT TIME ZONE 'UTC', 'YYYYMMDD')::integer
            FROM rebind_dim_track WHERE rebind_from > '-infinity'""";

    /**
     * Lines of rebound tracks dated from the rebind on, found through the facts' date index from
     * the earliest rebind day (a parameter, so that the plan follows how many facts that day
     * leaves) and then each fact's line: a version opening today reads today's facts. Every live
     * line not changed in this batch has its fact, dated as it binds. An index of the lines by
     * track did this too, but every line inserted paid for it: 0.4 s of the 1.7 s that recording
     * 300,000 lines in src_invoice_line took, about 2 s of a scale-1000 full load.
     */
    private static final String REBOUND_TRACK_LINES = """
            INSERT INTO rebound_track_line
            SELECT l.invoice_line_id FROM fact_invoice_line f
            JOIN src_invoice_line l ON l.invoice_line_id = f.invoice_line_id
            JOIN rebind_dim_track r ON r.track_id = l.track_id
            LEFT JOIN src_invoice i ON i.invoice_id = l.invoice_id
            WHERE f.date_key >= ?
              AND coalesce(CASE WHEN i.is_deleted IS FALSE THEN i.invoice_date END AT TIME ZONE 'UTC',
                           '-infinity') >= r.rebind_from""";

    private static final String DELETE_FACTS_OF_DELETED_LINES = """
            DELETE FROM fact_invoice_line f USING batch_fact_line b
            WHERE f.invoice_line_id = b.invoice_line_id AND b.is_deleted""";

    /**
     * A full calendar from the earliest to the latest date of the invoices as they stand: a
     * function of the final state, whatever order the changes came in.
     */
    private static final String EXTEND_CALENDAR = """
            INSERT INTO dim_date (date_key, full_date, year, quarter, month, month_name, day_of_month,
                                  day_of_week, day_name, week_of_year, is_weekend)
            SELECT to_char(d, 'YYYYMMDD')::integer, d::date, extract(year FROM d), extract(quarter FROM d),
                   extract(month FROM d), trim(to_char(d, 'Month')), extract(day FROM d), extract(isodow FROM d),
                   trim(to_char(d, 'Day')), extract(week FROM d), extract(isodow FROM d) IN (6, 7)
            FROM generate_series(
                (SELECT min(invoice_date)::date FROM src_invoice WHERE NOT is_deleted),
                (SELECT max(invoice_date)::date FROM src_invoice WHERE NOT is_deleted),
                interval '1 day') AS g(d)
            ON CONFLICT (date_key) DO NOTHING""";

    private static final String TRIM_CALENDAR = """
            DELETE FROM dim_date WHERE date_key <> -1 AND (
                full_date < coalesce((SELECT min(invoice_date)::date FROM src_invoice WHERE NOT is_deleted), 'infinity')
                OR full_date > coalesce((SELECT max(invoice_date)::date FROM src_invoice WHERE NOT is_deleted), '-infinity'))""";

    /** The stand-in customer of lines whose invoice has not arrived. */
    private static final String UNKNOWN_CUSTOMER = """
            INSERT INTO dim_customer (customer_id, first_name, last_name, valid_from, valid_to, is_current, is_inferred)
            SELECT -1, 'Unknown', '(invoice not received)', '-infinity', 'infinity', true, true
            WHERE EXISTS (SELECT 1 FROM batch_fact_line WHERE NOT is_deleted AND customer_id IS NULL)
              AND NOT EXISTS (SELECT 1 FROM dim_customer WHERE customer_id = -1)""";

    /**
     * A line's day in the calendar, from its invoice's date (null without one). Unqualified: the
     * statements using it have one {@code invoice_date} in scope, the line's.
     */
    private static final String DATE_KEY = "coalesce(to_char(invoice_date, 'YYYYMMDD')::integer, -1)";

    /**
     * The instant whose versions a line binds to, from its invoice's date: a line without an
     * invoice binds to the versions valid from the start. Unqualified, as {@link #DATE_KEY}.
     */
    private static final String BOUND_AT = "coalesce(invoice_date AT TIME ZONE 'UTC', '-infinity')";

    /** Binds each line to the customer and track versions valid at its invoice date. */
    private static final String INSERT_FACTS = """
            INSERT INTO fact_invoice_line (invoice_line_id, invoice_id, billing_country, date_key, customer_key,
                                           track_key, quantity, unit_price, extended_amount)
            SELECT f.invoice_line_id, f.invoice_id, f.billing_country, %1$s,
                   c.customer_key, t.track_key, f.quantity, f.unit_price, f.quantity * f.unit_price
            FROM batch_fact_line f
            CROSS JOIN LATERAL (
                SELECT customer_key FROM dim_customer d
                WHERE d.customer_id = coalesce(f.customer_id, -1)
                  AND d.valid_from <= %2$s AND %2$s < d.valid_to) c
            CROSS JOIN LATERAL (
                SELECT track_key FROM dim_track d
                WHERE d.track_id = f.track_id
                  AND d.valid_from <= %2$s AND %2$s < d.valid_to) t
            WHERE NOT f.is_deleted""".formatted(DATE_KEY, BOUND_AT);

    private static final String ON_CONFLICT_UPDATE_FACT = """

            ON CONFLICT (invoice_line_id) DO UPDATE
            SET invoice_id = EXCLUDED.invoice_id, billing_country = EXCLUDED.billing_country,
                date_key = EXCLUDED.date_key, customer_key = EXCLUDED.customer_key,
                track_key = EXCLUDED.track_key, quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price,
                extended_amount = EXCLUDED.extended_amount
            WHERE (fact_invoice_line.invoice_id, fact_invoice_line.billing_country, fact_invoice_line.date_key,
                   fact_invoice_line.customer_key, fact_invoice_line.track_key, fact_invoice_line.quantity,
                   fact_invoice_line.unit_price)
                  IS DISTINCT FROM (EXCLUDED.invoice_id, EXCLUDED.billing_country, EXCLUDED.date_key,
                   EXCLUDED.customer_key, EXCLUDED.track_key, EXCLUDED.quantity, EXCLUDED.unit_price)""";

    private static final NewKeys NEW_FACTS = new NewKeys("fact_invoice_line", "invoice_line_id", INSERT_FACTS);

    /*
     * Inferred members no fact needs any more (the fact moved, or the stand-in customer of an
     * invoice that has since arrived): whether one was ever needed depends on delivery order, so
     * they must not outlive the need. An inferred member is the only row of its natural key, and
     * every live line has its fact, so a member is needed exactly while a live line names it; the
     * sources answer that, where the facts would need an index on each dimension key that every
     * fact inserted pays for. A line stops naming a track only by an update or a delete of a line
     * already there, so inferred tracks are looked at only after a batch that changed existing
     * lines (not its plain insert of new keys), and only while there are any: lines have no index
     * by track, and the look scans them (about 0.3 s at scale 1000), rare as tracks that never
     * arrive are.
     */
    private static final String DELETE_UNUSED_INFERRED_TRACKS = """
            DELETE FROM dim_track d WHERE d.is_inferred AND NOT EXISTS (
                SELECT 1 FROM src_invoice_line l WHERE l.track_id = d.track_id AND NOT l.is_deleted)""";

    private static final String ANY_INFERRED_TRACK = "SELECT EXISTS (SELECT 1 FROM dim_track WHERE is_inferred)";

    /**
     * Found through the index of inferred members (OLAP V11), not by reading every version; the
     * live lines of a customer's invoices are their facts, found by invoice (OLAP V13).
     */
    private static final String DELETE_UNUSED_INFERRED_CUSTOMERS = """
            DELETE FROM dim_customer d WHERE d.is_inferred AND d.customer_id <> -1 AND NOT EXISTS (
                SELECT 1 FROM src_invoice i JOIN fact_invoice_line f ON f.invoice_id = i.invoice_id
                WHERE i.customer_id = d.customer_id AND NOT i.is_deleted)""";

    /**
     * The stand-in customer is needed by lines whose invoice is missing or deleted (their facts
     * have no date: the date index finds them) and by lines of an invoice without a customer.
     * Every batch asks, so the invoices without a customer are found through the index by
     * customer: written as a join of invoices and lines, the question was planned as a walk
     * through every invoice by its key whenever none lacked a customer (65 ms a batch with
     * 412,000 invoices, growing with them; 0.5 ms this way).
     */
    private static final String DELETE_UNUSED_UNKNOWN_CUSTOMER = """
            DELETE FROM dim_customer d WHERE d.is_inferred AND d.customer_id = -1
              AND NOT EXISTS (SELECT 1 FROM fact_invoice_line f WHERE f.date_key = -1 AND f.customer_key = d.customer_key)
              AND NOT EXISTS (SELECT 1 FROM src_invoice i WHERE i.customer_id IS NULL AND NOT i.is_deleted
                              AND EXISTS (SELECT 1 FROM fact_invoice_line f WHERE f.invoice_id = i.invoice_id))""";

    private static final String ANY_FACT = "SELECT EXISTS (SELECT 1 FROM fact_invoice_line)";

    /** Whether facts are deferred (OLAP V12); the status asks it too. */
    static final String ANY_DEFERRAL = "SELECT EXISTS (SELECT 1 FROM deferred_facts)";

    private static final String START_DEFERRAL = "INSERT INTO deferred_facts DEFAULT VALUES";

    private static final String END_DEFERRAL = "DELETE FROM deferred_facts";

    /**
     * Every live line with its invoice (nothing of one not received or deleted, as {@link
     * #INVOICE_OF_LINE}), bound to the customer and track versions valid at its date, for the facts
     * deferred while the warehouse caught up: none of them has its fact yet. A line whose member
     * has no version yet (a customer, a track or the stand-in not received) keeps a null key here
     * and is bound as a batch's lines are ({@link #bindFacts}), its member inferred first. A
     * statement that creates a table may read with parallel workers, an insert may not: 2.24
     * million lines were staged in 1.24 s and bound by {@link #INSERT_FACTS} in 3.95 s; bound here
     * in 2.03 s and copied into the facts in 1.72 s, on a machine otherwise idle; in a scale-1000
     * load, where the other loop records beside it, the pass took 3.2 to 3.6 µs a line instead of 3.8.
     */
    private static final String BIND_ALL_FACT_LINES =
            """
            CREATE TEMP TABLE bound_fact_line ON COMMIT DROP AS
            SELECT %1$s, i.customer_id, i.invoice_date, i.billing_country, %2$s AS date_key,
                   c.customer_key, t.track_key, l.quantity * l.unit_price AS extended_amount
            FROM src_invoice_line l
            LEFT JOIN (SELECT invoice_id, customer_id, invoice_date, billing_country FROM src_invoice
                       WHERE NOT is_deleted) i ON i.invoice_id = l.invoice_id
            LEFT JOIN dim_customer c ON c.customer_id = coalesce(i.customer_id, -1)
                 AND c.valid_from <= %3$s AND %3$s < c.valid_to
            LEFT JOIN dim_track t ON t.track_id = l.track_id
                 AND t.valid_from <= %3$s AND %3$s < t.valid_to
            WHERE NOT l.is_deleted""".formatted(SqlText.identifierList("l.", LINE_COLUMNS), DATE_KEY, BOUND_AT);

    /** The lines {@link #BIND_ALL_FACT_LINES} left unbound, staged as a batch's for {@link #bindFacts}. */
    private static final String STAGE_UNBOUND_FACT_LINES = """
            CREATE TEMP TABLE batch_fact_line ON COMMIT DROP AS
            SELECT %1$s, customer_id, invoice_date, billing_country FROM bound_fact_line
            WHERE customer_key IS NULL OR track_key IS NULL""".formatted(SqlText.identifierList("", LINE_COLUMNS));

    /** The facts of the lines {@link #BIND_ALL_FACT_LINES} bound. */
    private static final String INSERT_BOUND_FACTS = """
            INSERT INTO fact_invoice_line (invoice_line_id, invoice_id, billing_country, date_key, customer_key,
                                           track_key, quantity, unit_price, extended_amount)
            SELECT invoice_line_id, invoice_id, billing_country, date_key, customer_key,
                   track_key, quantity, unit_price, extended_amount
            FROM bound_fact_line WHERE customer_key IS NOT NULL AND track_key IS NOT NULL""";

    private static final List<ScdType2Dimension> DIMENSIONS =
            List.of(ScdType2Dimension.CUSTOMER, ScdType2Dimension.TRACK);

    /** Every contract table that is not the source of an SCD2 dimension is kept as its latest image (src_*). */
    private static final List<TableSpec> SOURCES = ChinookTables.ALL.stream()
            .filter(t -> DIMENSIONS.stream().noneMatch(d -> d.sourceTable().equals(t.name())))
            .toList();

    /** How a batch's changes of one source table are written: its insert of new keys, its upsert. */
    private record SourceWrite(String table, NewKeys newKeys, String upsert) {}

    /** Built once: the lines' statements also keep the lines they change (changed_invoice_line). */
    private static final List<SourceWrite> SOURCE_WRITES =
            SOURCES.stream().map(StarSchemaLoader::sourceWrite).toList();

    private StarSchemaLoader() {}

    /**
     * Adds a message's changes to the transaction's batch (batch_change), copied straight from the
     * message; {@link #recordStaged} records the messages of a transaction together.
     */
    public static void stageChanges(Connection c, byte[] batchJson) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(BATCH_TABLE);
        }
        ChangeRows.copy(c, "batch_change", batchJson);
    }

    /** Records the staged changes in change_log; returns how many were new (not applied before). */
    public static int recordStaged(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            Optional<KeyRange> staged = KeyRange.of(st, "SELECT min(change_id), max(change_id) FROM batch_change");
            if (staged.isEmpty()) {
                return 0;
            }
            OptionalLong allNew = RECORD_NEW.tryInsert(st, staged.get());
            if (allNew.isPresent()) {
                return (int) allNew.getAsLong();
            }
        }
        long inserted;
        long staged;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(RECORD_STAGED)) {
            rs.next();
            inserted = rs.getLong(1);
            staged = rs.getLong(2);
        }
        if (inserted < staged) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(FIRST_CONFLICT)) {
                rs.next();
                long conflict = rs.getLong(1);
                if (!rs.wasNull()) {
                    throw new IllegalArgumentException("change " + conflict + " was applied before with other content: "
                            + "refused (a foreign producer, or an OLTP restored to an earlier point?)");
                }
            }
        }
        return (int) inserted;
    }

    /** Restores an archived change set into change_log; returns how many changes were missing. */
    public static int restoreChanges(Connection c, byte[] batchJson) throws SQLException {
        stageChanges(c, batchJson);
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(RESTORE_STAGED);
        }
    }

    /**
     * Applies the changes in batch_change, then empties it. Batches may be applied by several
     * transactions at once: the source upserts commute (the latest image by commit time and change
     * id wins; rows are locked in key order, so two batches never wait on each other in a cycle),
     * and everything derived from history runs under one lock, taken after them, so a batch's
     * statements see every batch that derived before it (READ COMMITTED takes a snapshot per
     * statement) and derive again whatever their own changes touch.
     *
     * @param backlogWaiting more messages wait behind this batch: when the warehouse has no fact
     *     yet, its lines' facts are then deferred ({@link #deriveDeferredFacts}), as they are while
     *     an earlier batch deferred them
     */
    public static void applyBatch(Connection c, boolean backlogWaiting) throws SQLException {
        Map<String, KeyRange> staged;
        boolean existingLinesChanged = false;
        try (Statement st = c.createStatement()) {
            st.execute(BATCH_WORK_MEM);
            st.execute(BATCH_STATISTICS);
            // Plans over the batch need its size: unanalysed, a batch of ten changes and one of
            // 200,000 look alike, and a plan that scans the whole change log grows with history.
            // Only the columns plans filter and join on: sampling the images cost as much again.
            st.execute("ANALYZE batch_change (table_name, row_key)");
            staged = KeyRange.ofStagedTables(st);
            st.execute(CHANGED_LINES_TABLE);
            st.execute(REBOUND_TRACK_LINES_TABLE);
            for (SourceWrite source : SOURCE_WRITES) {
                KeyRange batchKeys = staged.get(source.table());
                if (batchKeys != null && source.newKeys().insertOrUpsert(st, batchKeys, source.upsert())) {
                    existingLinesChanged |= source.table().equals("invoice_line");
                }
            }
            st.execute(DERIVE_LOCK);
        }
        boolean factsDeferred = factsDeferred(c, backlogWaiting && staged.containsKey("invoice_line"));
        boolean invoicesChanged = staged.containsKey("invoice");
        // A dimension's versions depend on its own table's history only: a batch without changes of
        // it leaves them as they are.
        List<ScdType2Dimension> touched = new java.util.ArrayList<>();
        for (ScdType2Dimension dimension : DIMENSIONS) {
            if (staged.containsKey(dimension.sourceTable())) {
                touched.add(dimension);
            }
        }
        try (Statement st = c.createStatement()) {
            for (ScdType2Dimension dimension : DIMENSIONS) {
                st.execute(dimension.createRebindTable());
            }
            for (ScdType2Dimension dimension : touched) {
                for (String statement : dimension.computeDesired()) {
                    st.execute(statement);
                }
                st.execute(dimension.fillRebindTable());
                long changed = st.executeUpdate(dimension.lowerCurrentFlags());
                changed += st.executeUpdate(dimension.updateExisting());
                changed += st.executeUpdate(dimension.insertMissing());
                changed += st.executeUpdate(dimension.deleteObsolete());
                if (changed > analyzeAfter(c, dimension.dimension())) {
                    analyzeKept(st, dimension.dimension());
                }
            }
            if (TRACK_NAME_SOURCES.stream().anyMatch(staged::containsKey)) {
                st.execute(REFRESH_TRACK_NAMES);
            }
            if (invoicesChanged) {
                st.execute(EXTEND_CALENDAR);
            }
            if (!factsDeferred) {
                stageChangedFactLines(c, st);
                bindFacts(st);
            }
            for (ScdType2Dimension dimension : touched) {
                st.execute(dimension.dropDesired());
            }
            if (invoicesChanged) {
                st.execute(TRIM_CALENDAR);
            }
            if (!factsDeferred) {
                st.execute(DELETE_UNUSED_INFERRED_CUSTOMERS);
                st.execute(DELETE_UNUSED_UNKNOWN_CUSTOMER);
                if (existingLinesChanged && scalar(c, ANY_INFERRED_TRACK, Boolean.class)) {
                    st.execute(DELETE_UNUSED_INFERRED_TRACKS);
                }
                st.execute("DROP TABLE batch_fact_line");
            }
            st.execute("TRUNCATE batch_change, changed_invoice_line, rebound_track_line, "
                    + String.join(
                            ", ",
                            DIMENSIONS.stream()
                                    .map(ScdType2Dimension::rebindTable)
                                    .toList()));
        }
    }

    /**
     * Derives the facts of every line, if they were deferred (returns how many lines), in one
     * pass: every line joined to its invoice and bound to the versions valid at its date, as
     * baseline B builds a star schema, the fact table's indexes built after its rows. Run when the
     * backlog is nearly applied; a batch that derives after it finds facts and derives its own
     * lines' as usual.
     */
    public static OptionalLong deriveDeferredFacts(Connection c) throws SQLException {
        // Asked first without the lock: after every batch that nearly emptied the queue, nearly always no.
        if (!scalar(c, ANY_DEFERRAL, Boolean.class)) {
            return OptionalLong.empty();
        }
        try (Statement st = c.createStatement()) {
            st.execute(BATCH_WORK_MEM);
            st.execute(BATCH_STATISTICS);
            st.execute(DERIVE_LOCK);
            if (st.executeUpdate(END_DEFERRAL) == 0) {
                return OptionalLong.empty();
            }
            long lines = st.executeUpdate(BIND_ALL_FACT_LINES);
            st.execute(STAGE_UNBOUND_FACT_LINES);
            st.execute("ANALYZE batch_fact_line");
            // No batch binds facts while they are deferred, so the table is empty; should someone
            // have written facts meanwhile, their upsert needs the key. The unbound lines go
            // first: NEW_FACTS inserts them plainly only while no fact is in their range, and the
            // table without its key could not take their upsert.
            if (scalar(c, ANY_FACT, Boolean.class)) {
                bindFacts(st);
                st.executeUpdate(INSERT_BOUND_FACTS + ON_CONFLICT_UPDATE_FACT);
            } else {
                IndexesBuiltAfter factIndexes = IndexesBuiltAfter.drop(st, "fact_invoice_line");
                bindFacts(st);
                st.executeUpdate(INSERT_BOUND_FACTS);
                factIndexes.build(st);
            }
            st.execute("DROP TABLE batch_fact_line, bound_fact_line");
            analyzeKept(st, "fact_invoice_line");
            return OptionalLong.of(lines);
        }
    }

    /** Whether the facts of lines of the batch under the derivation lock wait, starting the deferral if it may. */
    private static boolean factsDeferred(Connection c, boolean bulkLinesWaiting) throws SQLException {
        if (scalar(c, ANY_DEFERRAL, Boolean.class)) {
            return true;
        }
        if (!bulkLinesWaiting || scalar(c, ANY_FACT, Boolean.class)) {
            return false;
        }
        try (Statement st = c.createStatement()) {
            st.execute(START_DEFERRAL);
        }
        return true;
    }

    /** The lines this batch may have changed the facts of, in batch_fact_line. */
    private static void stageChangedFactLines(Connection c, Statement st) throws SQLException {
        // Unanalysed, even an empty rebind table is planned as thousands of keys, and the lines
        // to derive were then found by scanning every line.
        for (ScdType2Dimension dimension : DIMENSIONS) {
            st.execute("ANALYZE " + dimension.rebindTable());
        }
        st.execute("ANALYZE changed_invoice_line");
        findReboundTrackLines(c);
        st.execute(STAGE_FACT_LINES);
        st.execute("ANALYZE batch_fact_line");
        st.execute(DELETE_FACTS_OF_DELETED_LINES);
    }

    /** The facts of the lines in batch_fact_line, with the members they need. */
    private static void bindFacts(Statement st) throws SQLException {
        st.execute(UNKNOWN_CUSTOMER);
        st.execute(ScdType2Dimension.CUSTOMER.inferMissing("batch_fact_line", "customer_id"));
        st.execute(ScdType2Dimension.TRACK.inferMissing("batch_fact_line", "track_id"));
        Optional<KeyRange> lines = KeyRange.of(
                st, "SELECT min(invoice_line_id), max(invoice_line_id) FROM batch_fact_line WHERE NOT is_deleted");
        if (lines.isPresent()) {
            NEW_FACTS.insertOrUpsert(st, lines.get(), INSERT_FACTS + ON_CONFLICT_UPDATE_FACT);
        }
    }

    /** Empties everything derived, keeping change_log: what a rebuild starts from. */
    public static void clearDerived(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE fact_invoice_line, dim_customer, dim_track, src_artist, src_album, src_genre, "
                    + "src_media_type, src_invoice, src_invoice_line");
            st.execute("DELETE FROM dim_date WHERE date_key <> -1");
        }
    }

    /** Loads the next chunk of change_log (by change id) into batch_change; returns the last id, or -1 if none. */
    public static long stageFromLog(Connection c, long afterChangeId, int limit) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(BATCH_TABLE);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_change SELECT * FROM change_log "
                + "WHERE change_id > ? ORDER BY change_id LIMIT ?")) {
            ps.setLong(1, afterChangeId);
            ps.setInt(2, limit);
            if (ps.executeUpdate() == 0) {
                return -1;
            }
        }
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT max(change_id) FROM batch_change")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void findReboundTrackLines(Connection c) throws SQLException {
        Integer earliestDay = scalar(c, EARLIEST_TRACK_REBIND_DAY, Integer.class);
        if (earliestDay == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(REBOUND_TRACK_LINES)) {
            ps.setInt(1, earliestDay);
            ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.execute("ANALYZE rebound_track_line");
        }
    }

    /** Analyses a table that outlives the batch at the server's statistics target, not the batch's. */
    private static void analyzeKept(Statement st, String table) throws SQLException {
        st.execute("SET LOCAL default_statistics_target TO DEFAULT");
        st.execute("ANALYZE " + table);
        st.execute(BATCH_STATISTICS);
    }

    /**
     * How many changed rows make a table's statistics stale, as autovacuum counts (its analyze
     * threshold and scale factor at their defaults: 50 rows and a tenth of the table). Facts are
     * bound by joins on the type 2 dimensions, and autovacuum looks again only a minute later: with
     * the statistics of a table still empty, a batch of 300,000 lines was planned as 300,000 index
     * lookups into the customer versions (2.8 s where hash joins take 1.8 s). A batch that changed
     * a dimension that much analyses it before binding facts; a small one does not pay for it.
     */
    private static double analyzeAfter(Connection c, String table) throws SQLException {
        return scalar(
                c,
                "SELECT 50 + 0.1 * greatest(reltuples, 0) FROM pg_class WHERE oid = ?::regclass",
                table,
                Double.class);
    }

    /** The one value {@code sql} answers. */
    private static <T> T scalar(Connection c, String sql, Class<T> type) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1, type);
        }
    }

    /** The one value {@code sql} answers for {@code table}. */
    private static <T> T scalar(Connection c, String sql, String table, Class<T> type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, type);
            }
        }
    }

    private static SourceWrite sourceWrite(TableSpec source) {
        String insert = sourceStatement(INSERT_SOURCE, source);
        String upsert = sourceStatement(UPSERT_SOURCE, source);
        if (source.name().equals("invoice_line")) {
            insert = keepingChangedLines(insert);
            upsert = keepingChangedLines(upsert);
        }
        return new SourceWrite(
                source.name(), new NewKeys("src_" + source.name(), source.key().name(), insert), upsert);
    }

    private static String keepingChangedLines(String lineStatement) {
        String columns = SqlText.identifierList("", LINE_COLUMNS);
        return "WITH changed AS (" + lineStatement + " RETURNING " + columns + ") "
                + "INSERT INTO changed_invoice_line SELECT " + columns + " FROM changed";
    }

    /**
     * The image's fields as the source's columns. Taken out one by one, where
     * jsonb_populate_record builds a whole record first: 300,000 lines' images read in 0.36 s
     * instead of 0.49 s, 200,000 invoices' in 0.34 s instead of 0.51 s. Text stays as it is: the
     * source's text columns have no length limit to cast to.
     */
    private static String imageFields(TableSpec source) {
        return String.join(
                ", ",
                source.columns().stream()
                        .map(column -> {
                            String field = SqlText.jsonField("latest.row_image", column.name());
                            return column.type() == ColumnType.TEXT ? field : field + "::" + column.sqlType();
                        })
                        .toList());
    }

    private static String sourceStatement(String template, TableSpec source) {
        List<String> columns = source.columnNames();
        return template.formatted(
                SqlText.identifier(source.name()),
                SqlText.identifierList("", columns),
                imageFields(source),
                SqlText.identifier(source.key().name()),
                SqlText.excludedAssignments(columns.subList(1, columns.size())));
    }
}
