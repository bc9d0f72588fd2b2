package dev.chinook.warehouse.repository;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL that keeps one SCD type 2 dimension from the change messages of its source table.
 * Versions open at the change's OLTP commit time; the first version of a key opens at the
 * beginning of time so that facts older than the first load still find it.
 *
 * @param tracked the source columns whose change opens a new version
 */
public record ScdType2Dimension(String dimension, String sourceTable, String naturalKey, List<String> tracked) {

    public static final ScdType2Dimension CUSTOMER = new ScdType2Dimension("dim_customer", "customer", "customer_id",
            List.of("first_name", "last_name", "company", "address", "city", "state", "country", "postal_code",
                    "phone", "email"));

    public static final ScdType2Dimension TRACK = new ScdType2Dimension("dim_track", "track", "track_id",
            List.of("name", "album_id", "media_type_id", "genre_id", "composer", "milliseconds", "bytes",
                    "unit_price"));

    /** The newest change per key in the current batch, as a row of the dimension's type. */
    private String latest() {
        return """
                WITH latest AS (
                    SELECT DISTINCT ON (b.row_key) b.change_id AS change_ref, b.committed_at AS changed_at, r.*
                    FROM batch_change b, jsonb_populate_record(NULL::%s, b.row_image) r
                    WHERE b.table_name = '%s' AND b.operation = 'UPSERT'
                    ORDER BY b.row_key, b.committed_at DESC, b.change_id DESC)
                """.formatted(dimension, sourceTable);
    }

    /** An inferred member becomes the real one in place, so facts already bound to it stay right. */
    public String completeInferred() {
        String set = tracked.stream().map(c -> c + " = l." + c).collect(Collectors.joining(", "));
        return latest() + "UPDATE " + dimension + " d SET " + set + ", is_inferred = false, change_id = l.change_ref "
                + "FROM latest l WHERE d." + naturalKey + " = l." + naturalKey + " AND d.is_inferred";
    }

    /** The current version closes at the instant the next opens, when a tracked column differs. */
    public String closeChanged() {
        return latest() + "UPDATE " + dimension + " d SET valid_to = l.changed_at, is_current = false "
                + "FROM latest l WHERE d." + naturalKey + " = l." + naturalKey + " AND d.is_current "
                + "AND d.valid_from < l.changed_at AND (" + columns("d.") + ") IS DISTINCT FROM (" + columns("l.") + ")";
    }

    /** Keys without a current version get one: from the beginning of time for a new key. */
    public String openVersions() {
        return latest() + "INSERT INTO " + dimension + " (" + naturalKey + ", " + columns("")
                + ", valid_from, valid_to, is_current, is_inferred, change_id) "
                + "SELECT l." + naturalKey + ", " + columns("l.") + ", "
                + "CASE WHEN EXISTS (SELECT 1 FROM " + dimension + " o WHERE o." + naturalKey + " = l." + naturalKey
                + ") THEN l.changed_at ELSE '-infinity' END, 'infinity', true, false, l.change_ref FROM latest l "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + dimension + " c WHERE c." + naturalKey + " = l." + naturalKey
                + " AND c.is_current)";
    }

    /** A member with only its natural key, for facts that name a key whose row has not arrived. */
    public String inferMissing(String factSource, String factColumn) {
        return "INSERT INTO " + dimension + " (" + naturalKey + ", valid_from, valid_to, is_current, is_inferred) "
                + "SELECT DISTINCT f." + factColumn + ", '-infinity'::timestamptz, 'infinity'::timestamptz, true, true "
                + "FROM " + factSource + " f WHERE NOT EXISTS (SELECT 1 FROM " + dimension + " d WHERE d." + naturalKey
                + " = f." + factColumn + ")";
    }

    private String columns(String prefix) {
        return tracked.stream().map(c -> prefix + c).collect(Collectors.joining(", "));
    }
}
