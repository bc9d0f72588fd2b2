package dev.chinook.warehouse.repository;

/** The set-based statements for dim_track's denormalised names, dim_date and the facts. */
final class StarSchemaSql {

    private StarSchemaSql() {
    }

    /** Type 1: album, artist, genre and media type names follow their source on every version. */
    static final String REFRESH_TRACK_NAMES = """
            UPDATE dim_track t
            SET album_title = al.title, artist_id = al.artist_id, artist_name = ar.name,
                genre_name = g.name, media_type_name = mt.name
            FROM dim_track x
            LEFT JOIN src_album al ON al.album_id = x.album_id
            LEFT JOIN src_artist ar ON ar.artist_id = al.artist_id
            LEFT JOIN src_genre g ON g.genre_id = x.genre_id
            LEFT JOIN src_media_type mt ON mt.media_type_id = x.media_type_id
            WHERE t.track_key = x.track_key
              AND (x.track_id IN (SELECT row_key FROM batch_change WHERE table_name = 'track')
                   OR x.album_id IN (SELECT row_key FROM batch_change WHERE table_name = 'album')
                   OR al.artist_id IN (SELECT row_key FROM batch_change WHERE table_name = 'artist')
                   OR x.genre_id IN (SELECT row_key FROM batch_change WHERE table_name = 'genre')
                   OR x.media_type_id IN (SELECT row_key FROM batch_change WHERE table_name = 'media_type'))
              AND (t.album_title, t.artist_id, t.artist_name, t.genre_name, t.media_type_name)
                  IS DISTINCT FROM (al.title, al.artist_id, ar.name, g.name, mt.name)""";

    /**
     * Lines to (re)load: those changed in the batch and those of invoices changed in the batch.
     * A line whose invoice has not arrived is not lost: it is loaded when the invoice arrives.
     */
    static final String STAGE_FACT_LINES = """
            CREATE TEMP TABLE batch_fact_line ON COMMIT DROP AS
            SELECT l.invoice_line_id, l.invoice_id, l.track_id, l.unit_price, l.quantity,
                   i.customer_id, i.invoice_date
            FROM src_invoice_line l
            JOIN src_invoice i ON i.invoice_id = l.invoice_id
            WHERE l.invoice_line_id IN (SELECT row_key FROM batch_change WHERE table_name = 'invoice_line')
               OR l.invoice_id IN (SELECT row_key FROM batch_change WHERE table_name = 'invoice')""";

    /** A full calendar from the earliest to the latest invoice date seen. */
    static final String EXTEND_CALENDAR = """
            INSERT INTO dim_date (date_key, full_date, year, quarter, month, month_name, day_of_month,
                                  day_of_week, day_name, week_of_year, is_weekend)
            SELECT to_char(d, 'YYYYMMDD')::integer, d::date, extract(year FROM d), extract(quarter FROM d),
                   extract(month FROM d), trim(to_char(d, 'Month')), extract(day FROM d), extract(isodow FROM d),
                   trim(to_char(d, 'Day')), extract(week FROM d), extract(isodow FROM d) IN (6, 7)
            FROM generate_series(
                (SELECT least(min(invoice_date)::date, (SELECT min(full_date) FROM dim_date)) FROM batch_fact_line),
                (SELECT greatest(max(invoice_date)::date, (SELECT max(full_date) FROM dim_date)) FROM batch_fact_line),
                interval '1 day') AS g(d)
            ON CONFLICT (date_key) DO NOTHING""";

    /**
     * Binds each line to the customer and track versions valid at its invoice date. Keys are bound
     * once: a reload updates the measures but never rebinds to a later version.
     */
    static final String UPSERT_FACTS = """
            INSERT INTO fact_invoice_line (invoice_line_id, invoice_id, date_key, customer_key, track_key,
                                           quantity, unit_price, extended_amount)
            SELECT f.invoice_line_id, f.invoice_id, to_char(f.invoice_date, 'YYYYMMDD')::integer,
                   c.customer_key, t.track_key, f.quantity, f.unit_price, f.quantity * f.unit_price
            FROM batch_fact_line f
            CROSS JOIN LATERAL (
                SELECT customer_key FROM dim_customer d
                WHERE d.customer_id = f.customer_id
                  AND d.valid_from <= f.invoice_date AT TIME ZONE 'UTC'
                  AND f.invoice_date AT TIME ZONE 'UTC' < d.valid_to
                ORDER BY d.valid_from DESC LIMIT 1) c
            CROSS JOIN LATERAL (
                SELECT track_key FROM dim_track d
                WHERE d.track_id = f.track_id
                  AND d.valid_from <= f.invoice_date AT TIME ZONE 'UTC'
                  AND f.invoice_date AT TIME ZONE 'UTC' < d.valid_to
                ORDER BY d.valid_from DESC LIMIT 1) t
            ON CONFLICT (invoice_line_id) DO UPDATE
            SET invoice_id = EXCLUDED.invoice_id, date_key = EXCLUDED.date_key, quantity = EXCLUDED.quantity,
                unit_price = EXCLUDED.unit_price, extended_amount = EXCLUDED.extended_amount""";
}
