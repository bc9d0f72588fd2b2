-- The contract allows unit_price up to 99,999,999.99 and quantity up to 2,147,483,647; their
-- product needs 18 digits before the point. numeric(12, 2) overflowed, and one such line sent its
-- whole change message (thousands of unrelated changes) to the dead-letter queue. The views that
-- read the column are dropped and created again around the type change, unchanged.
DROP VIEW fact_invoice, revenue_by_month, revenue_by_country, revenue_by_genre;

ALTER TABLE fact_invoice_line ALTER COLUMN extended_amount TYPE numeric(20, 2);

CREATE VIEW fact_invoice AS
SELECT invoice_id,
       min(date_key)        AS date_key,
       min(customer_key)    AS customer_key,
       count(*)             AS line_count,
       sum(quantity)        AS quantity,
       sum(extended_amount) AS total
FROM fact_invoice_line
GROUP BY invoice_id;

CREATE VIEW revenue_by_month AS
SELECT d.year, d.month, sum(f.extended_amount) AS revenue, sum(f.quantity) AS quantity, count(*) AS lines
FROM fact_invoice_line f JOIN dim_date d USING (date_key)
WHERE f.date_key <> -1
GROUP BY d.year, d.month;

CREATE VIEW revenue_by_country AS
SELECT f.billing_country AS country, sum(f.extended_amount) AS revenue, count(DISTINCT f.invoice_id) AS invoices
FROM fact_invoice_line f
GROUP BY f.billing_country;

CREATE VIEW revenue_by_genre AS
SELECT t.genre_name AS genre, sum(f.extended_amount) AS revenue, sum(f.quantity) AS quantity
FROM fact_invoice_line f JOIN dim_track t USING (track_key)
GROUP BY t.genre_name;
