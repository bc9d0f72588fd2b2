-- Baseline B: the star schema from OLTP in set-based SQL, one transaction. The same script is the
-- full load (empty star) and the incremental run after a change set: a dimension row whose
-- content differs from its current version closes that version and opens a new one (SCD type 2),
-- a new key opens its first, and invoice lines without a fact get one, bound to the current
-- versions. With full_load set (psql -v full_load=true), the fact table's keys and indexes are
-- dropped before the insert and built once after it, as one would for a bulk load.
BEGIN;

INSERT INTO star.dim_date (date_key, full_date, year, quarter, month, month_name, day_of_month,
                           day_of_week, day_name, week_of_year, is_weekend)
SELECT DISTINCT to_char(d, 'YYYYMMDD')::integer, d, extract(year FROM d), extract(quarter FROM d),
       extract(month FROM d), to_char(d, 'FMMonth'), extract(day FROM d), extract(isodow FROM d),
       to_char(d, 'FMDay'), extract(week FROM d), extract(isodow FROM d) >= 6
FROM (SELECT DISTINCT invoice_date::date AS d FROM oltp.invoice) dates
ON CONFLICT (date_key) DO NOTHING;

CREATE TEMP TABLE changed_customer ON COMMIT DROP AS
SELECT c.*
FROM oltp.customer c
LEFT JOIN star.dim_customer d ON d.customer_id = c.customer_id AND d.is_current
WHERE d.customer_id IS NULL
   OR (c.first_name, c.last_name, c.company, c.address, c.city, c.state, c.country, c.postal_code,
       c.phone, c.email)
      IS DISTINCT FROM
      (d.first_name, d.last_name, d.company, d.address, d.city, d.state, d.country, d.postal_code,
       d.phone, d.email);

UPDATE star.dim_customer d SET valid_to = now(), is_current = false
FROM changed_customer c
WHERE d.customer_id = c.customer_id AND d.is_current;

INSERT INTO star.dim_customer (customer_id, first_name, last_name, company, address, city, state,
                               country, postal_code, phone, email, valid_from, is_current)
SELECT customer_id, first_name, last_name, company, address, city, state, country, postal_code,
       phone, email, now(), true
FROM changed_customer;

CREATE TEMP TABLE changed_track ON COMMIT DROP AS
SELECT t.track_id, t.name, t.album_id, al.title AS album_title, al.artist_id, ar.name AS artist_name,
       t.genre_id, g.name AS genre_name, t.media_type_id, m.name AS media_type_name, t.composer,
       t.milliseconds, t.bytes, t.unit_price
FROM oltp.track t
LEFT JOIN oltp.album al ON al.album_id = t.album_id
LEFT JOIN oltp.artist ar ON ar.artist_id = al.artist_id
LEFT JOIN oltp.genre g ON g.genre_id = t.genre_id
LEFT JOIN oltp.media_type m ON m.media_type_id = t.media_type_id
LEFT JOIN star.dim_track d ON d.track_id = t.track_id AND d.is_current
WHERE d.track_id IS NULL
   OR (t.name, t.album_id, al.title, al.artist_id, ar.name, t.genre_id, g.name, t.media_type_id,
       m.name, t.composer, t.milliseconds, t.bytes, t.unit_price)
      IS DISTINCT FROM
      (d.name, d.album_id, d.album_title, d.artist_id, d.artist_name, d.genre_id, d.genre_name,
       d.media_type_id, d.media_type_name, d.composer, d.milliseconds, d.bytes, d.unit_price);

UPDATE star.dim_track d SET valid_to = now(), is_current = false
FROM changed_track t
WHERE d.track_id = t.track_id AND d.is_current;

INSERT INTO star.dim_track (track_id, name, album_id, album_title, artist_id, artist_name, genre_id,
                            genre_name, media_type_id, media_type_name, composer, milliseconds,
                            bytes, unit_price, valid_from, is_current)
SELECT track_id, name, album_id, album_title, artist_id, artist_name, genre_id, genre_name,
       media_type_id, media_type_name, composer, milliseconds, bytes, unit_price, now(), true
FROM changed_track;

\if :full_load
ALTER TABLE star.fact_invoice_line DROP CONSTRAINT fact_pk;
DROP INDEX star.fact_date_idx;
DROP INDEX star.fact_invoice_idx;
\endif

INSERT INTO star.fact_invoice_line (invoice_line_id, invoice_id, billing_country, date_key,
                                    customer_key, track_key, quantity, unit_price, extended_amount)
SELECT il.invoice_line_id, il.invoice_id, i.billing_country,
       to_char(i.invoice_date, 'YYYYMMDD')::integer, c.customer_key, t.track_key, il.quantity,
       il.unit_price, il.unit_price * il.quantity
FROM oltp.invoice_line il
JOIN oltp.invoice i ON i.invoice_id = il.invoice_id
JOIN star.dim_customer c ON c.customer_id = i.customer_id AND c.is_current
JOIN star.dim_track t ON t.track_id = il.track_id AND t.is_current
WHERE NOT EXISTS (SELECT 1 FROM star.fact_invoice_line f WHERE f.invoice_line_id = il.invoice_line_id);

\if :full_load
ALTER TABLE star.fact_invoice_line ADD CONSTRAINT fact_pk PRIMARY KEY (invoice_line_id);
CREATE INDEX fact_date_idx ON star.fact_invoice_line (date_key);
CREATE INDEX fact_invoice_idx ON star.fact_invoice_line (invoice_id);
\endif

COMMIT;
ANALYZE star.dim_customer, star.dim_track, star.fact_invoice_line;
