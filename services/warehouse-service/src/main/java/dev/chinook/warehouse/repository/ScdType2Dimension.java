package dev.chinook.warehouse.repository;

import dev.chinook.common.sql.SqlText;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One SCD type 2 dimension and the SQL that keeps it. This is the one place that declares which
 * columns are type 2 (a change opens a new version) and which are type 1 (every version shows the
 * latest value); docs/warehouse.md gives the reasons.
 *
 * <p>History is derived, not patched: for every key a batch touches, the versions are recomputed
 * from the key's whole change history in {@code change_log}, ordered by (commit time, change id).
 * That is why any delivery order, with any duplicates, ends in the same dimension.
 */
public record ScdType2Dimension(
        String dimension, String sourceTable, String naturalKey, List<String> type2, List<String> type1) {

    /** Where a customer lived and bought from is history; names and contact details are corrections. */
    public static final ScdType2Dimension CUSTOMER = new ScdType2Dimension(
            "dim_customer",
            "customer",
            "customer_id",
            List.of("company", "address", "city", "state", "country", "postal_code"),
            List.of("first_name", "last_name", "phone", "email"));

    /** Price and classification change what a sale meant; name and technical data are corrections. */
    public static final ScdType2Dimension TRACK = new ScdType2Dimension(
            "dim_track",
            "track",
            "track_id",
            List.of("album_id", "media_type_id", "genre_id", "unit_price"),
            List.of("name", "composer", "milliseconds", "bytes"));

    private String desiredTable() {
        return "desired_" + dimension;
    }

    private String historyTable() {
        return "history_" + dimension;
    }

    /** Per touched key, from when its facts may bind to another version: {@link #fillRebindTable}. */
    public String rebindTable() {
        return "rebind_" + dimension;
    }

    /**
     * The versions every touched key should have, in three statements. First the touched keys'
     * states from the whole change history, key by key through the history index: states sharing
     * a commit instant collapse to the one with the highest change id. That table is analysed
     * before the versions are derived from it. Both steps keep plans off the change log's
     * statistics, which autovacuum refreshes a minute or more after a load began: with plans chosen
     * from them, a first load's batch of every customer ran until its transaction timed out
     * (docs/performance.md). Then consecutive states with
     * equal type 2 values (NULLs equal) make one version; the first version opens at -infinity; a
     * delete is a version of its own (a tombstone) so that a key that comes back opens a new one.
     */
    public List<String> computeDesired() {
        String history = "CREATE TEMP TABLE " + historyTable() + " ON COMMIT DROP AS "
                + "SELECT DISTINCT ON (l.row_key, l.committed_at) l.row_key AS nk, l.committed_at, l.change_id, "
                + "l.operation = 'DELETE' AS deleted, l.row_image AS img "
                + "FROM (SELECT DISTINCT row_key FROM batch_change WHERE table_name = " + SqlText.literal(sourceTable)
                + ") touched CROSS JOIN LATERAL (SELECT * FROM change_log l WHERE l.table_name = "
                + SqlText.literal(sourceTable) + " AND l.row_key = touched.row_key) l "
                + "ORDER BY l.row_key, l.committed_at, l.change_id DESC";
        String signature = Stream.concat(type2.stream().map(c -> "img -> '" + c + "'"), Stream.of("deleted"))
                .collect(Collectors.joining(", "));
        // Each image is expanded once (LATERAL): (f(x)).col per column would call f once per column.
        String typed = Stream.concat(
                        type2.stream().map(c -> "own." + c), type1.stream().map(c -> "latest_values." + c))
                .collect(Collectors.joining(", "));
        String desired = "CREATE TEMP TABLE " + desiredTable() + " ON COMMIT DROP AS "
                + "WITH marked AS (SELECT *, jsonb_build_array(" + signature + ") IS DISTINCT FROM "
                + "lag(jsonb_build_array(" + signature + ")) OVER (PARTITION BY nk ORDER BY committed_at) AS opens "
                + "FROM " + historyTable() + "), "
                + "versions AS (SELECT nk, committed_at, change_id, deleted, img, "
                + "row_number() OVER w AS n, lead(committed_at) OVER w AS next_at FROM marked WHERE opens "
                + "WINDOW w AS (PARTITION BY nk ORDER BY committed_at)), "
                + "latest AS (SELECT DISTINCT ON (nk) nk, img FROM " + historyTable() + " WHERE NOT deleted "
                + "ORDER BY nk, committed_at DESC) "
                + "SELECT v.nk::integer AS " + naturalKey + ", "
                + "CASE WHEN v.n = 1 THEN '-infinity'::timestamptz ELSE v.committed_at END AS valid_from, "
                + "coalesce(v.next_at, 'infinity'::timestamptz) AS valid_to, v.next_at IS NULL AS is_current, "
                + "v.deleted AS is_deleted, v.change_id, " + typed + " "
                + "FROM versions v LEFT JOIN latest t USING (nk), "
                + "LATERAL jsonb_populate_record(NULL::" + dimension + ", v.img) own, "
                + "LATERAL jsonb_populate_record(NULL::" + dimension + ", coalesce(t.img, v.img)) latest_values";
        return List.of(history, "ANALYZE " + historyTable(), desired);
    }

    /**
     * The rebind table, kept for the session like batch_change and emptied after each batch: a
     * batch that does not touch this dimension leaves it empty, and no fact rebinds through it.
     */
    public String createRebindTable() {
        return "CREATE TEMP TABLE IF NOT EXISTS " + rebindTable() + " (" + naturalKey
                + " integer, rebind_from timestamptz) ON COMMIT DELETE ROWS";
    }

    /**
     * For each touched key, the earliest instant from which a date may fall in another version
     * after this batch than before it; facts dated earlier keep their binding and are not derived
     * again. A version keeps its surrogate key while its start stays (updateExisting), and its end
     * is the next version's start, so a date changes version only from the start of a version
     * that is new or that goes. Run after the desired versions are known and before the
     * dimension changes. A key met for the first time gets -infinity: all its facts.
     */
    public String fillRebindTable() {
        String nk = naturalKey;
        return "INSERT INTO " + rebindTable() + " SELECT " + nk + ", min(valid_from) FROM ("
                + "SELECT x." + nk + ", x.valid_from FROM " + desiredTable() + " x WHERE NOT EXISTS (SELECT 1 FROM "
                + dimension + " d WHERE d." + nk + " = x." + nk + " AND d.valid_from = x.valid_from) "
                + "UNION ALL SELECT d." + nk + ", d.valid_from FROM " + dimension + " d WHERE d." + nk + " IN (SELECT "
                + nk + " FROM " + desiredTable() + ") AND NOT EXISTS (SELECT 1 FROM " + desiredTable() + " x WHERE x."
                + nk + " = d." + nk + " AND x.valid_from = d.valid_from)"
                + ") changed GROUP BY " + nk;
    }

    /** Every current flag of the touched keys goes down first, so the one-current index holds throughout. */
    public String lowerCurrentFlags() {
        return "UPDATE " + dimension + " d SET is_current = false WHERE d.is_current AND d." + naturalKey
                + " IN (SELECT " + naturalKey + " FROM " + desiredTable() + ")";
    }

    /** Versions that exist keep their surrogate key (an inferred member is completed in place). */
    public String updateExisting() {
        String set = columns().stream().map(c -> c + " = x." + c).collect(Collectors.joining(", "));
        return "UPDATE " + dimension + " d SET " + set + ", valid_to = x.valid_to, is_current = x.is_current, "
                + "is_deleted = x.is_deleted, is_inferred = false, change_id = x.change_id FROM " + desiredTable()
                + " x "
                + "WHERE d." + naturalKey + " = x." + naturalKey + " AND d.valid_from = x.valid_from";
    }

    public String insertMissing() {
        String cols = String.join(", ", columns());
        return "INSERT INTO " + dimension + " (" + naturalKey + ", " + cols
                + ", valid_from, valid_to, is_current, is_deleted, is_inferred, change_id) "
                + "SELECT x." + naturalKey + ", "
                + columns().stream().map(c -> "x." + c).collect(Collectors.joining(", "))
                + ", x.valid_from, x.valid_to, x.is_current, x.is_deleted, false, x.change_id FROM " + desiredTable()
                + " x "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + dimension + " d WHERE d." + naturalKey + " = x." + naturalKey
                + " AND d.valid_from = x.valid_from)";
    }

    /**
     * Versions the history no longer implies. Run before facts are bound: a version that goes
     * overlaps the one that now covers its dates, and a fact would match both. Its facts are
     * rebound in the same transaction (its start is a rebind instant).
     */
    public String deleteObsolete() {
        return "DELETE FROM " + dimension + " d WHERE d." + naturalKey + " IN (SELECT " + naturalKey + " FROM "
                + desiredTable() + ") AND NOT EXISTS (SELECT 1 FROM " + desiredTable() + " x WHERE x." + naturalKey
                + " = d." + naturalKey + " AND x.valid_from = d.valid_from)";
    }

    public String dropDesired() {
        return "DROP TABLE " + desiredTable() + ", " + historyTable();
    }

    /**
     * A member with only its natural key, for facts that name a key whose row has not arrived. A
     * deleted line has no fact and needs none: a member inferred for it would outlive it until
     * some later batch asked whether it is still needed.
     */
    public String inferMissing(String factSource, String factColumn) {
        return "INSERT INTO " + dimension + " (" + naturalKey + ", valid_from, valid_to, is_current, is_inferred) "
                + "SELECT DISTINCT f." + factColumn + ", '-infinity'::timestamptz, 'infinity'::timestamptz, true, true "
                + "FROM " + factSource + " f WHERE NOT f.is_deleted AND f." + factColumn
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                + dimension + " d WHERE d." + naturalKey + " = f." + factColumn + ")";
    }

    private List<String> columns() {
        return Stream.concat(type2.stream(), type1.stream()).toList();
    }
}
