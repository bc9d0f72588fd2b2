-- The analyses the warehouse exists for, as functions of a period: p_from and p_to are invoice
-- dates (p_from inclusive, p_to exclusive; NULL leaves that side open), never a fixed year.
-- Revenue is what was paid: the invoice line's unit price times its quantity (extended_amount).
-- Lines whose invoice has not arrived yet (date_key -1) have no date and are in no period.

CREATE FUNCTION analysis_lines(p_from date, p_to date)
    RETURNS SETOF fact_invoice_line
    LANGUAGE sql STABLE
AS $$
    SELECT f.*
    FROM fact_invoice_line f
    JOIN dim_date d USING (date_key)
    WHERE f.date_key <> -1
      AND (p_from IS NULL OR d.full_date >= p_from)
      AND (p_to IS NULL OR d.full_date < p_to)
$$;

-- Revenue per calendar month, with the change on the month before and on the same month a year
-- before (compared over all months, so the first month of a period has its predecessors too).
CREATE FUNCTION analysis_revenue_by_month(p_from date, p_to date)
    RETURNS TABLE (month date, revenue numeric, invoices bigint, quantity bigint,
                   previous_month_revenue numeric, month_over_month numeric,
                   previous_year_revenue numeric, year_over_year numeric)
    LANGUAGE sql STABLE
AS $$
    WITH monthly AS (
        SELECT date_trunc('month', d.full_date)::date AS month, sum(f.extended_amount) AS revenue,
               count(DISTINCT f.invoice_id) AS invoices, sum(f.quantity) AS quantity
        FROM fact_invoice_line f JOIN dim_date d USING (date_key)
        WHERE f.date_key <> -1
        GROUP BY 1
    ), calendar AS (
        SELECT generate_series(min(month), max(month), interval '1 month')::date AS month FROM monthly
    ), filled AS (
        SELECT c.month, coalesce(m.revenue, 0) AS revenue, coalesce(m.invoices, 0) AS invoices,
               coalesce(m.quantity, 0) AS quantity
        FROM calendar c LEFT JOIN monthly m USING (month)
    ), compared AS (
        SELECT month, revenue, invoices, quantity,
               lag(revenue) OVER (ORDER BY month) AS previous_month_revenue,
               (SELECT p.revenue FROM filled p WHERE p.month = (f.month - interval '1 year')::date) AS previous_year_revenue
        FROM filled f
    )
    SELECT month, revenue, invoices, quantity,
           previous_month_revenue,
           round((revenue - previous_month_revenue) / nullif(previous_month_revenue, 0), 4),
           previous_year_revenue,
           round((revenue - previous_year_revenue) / nullif(previous_year_revenue, 0), 4)
    FROM compared
    WHERE (p_from IS NULL OR month >= date_trunc('month', p_from)::date)
      AND (p_to IS NULL OR month < p_to)
    ORDER BY month
$$;

-- Revenue by the invoice's billing country.
CREATE FUNCTION analysis_revenue_by_billing_country(p_from date, p_to date)
    RETURNS TABLE (country text, revenue numeric, invoices bigint, share numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(billing_country, '(none)'), sum(extended_amount), count(DISTINCT invoice_id),
           round(sum(extended_amount) / nullif(sum(sum(extended_amount)) OVER (), 0), 4)
    FROM analysis_lines(p_from, p_to)
    GROUP BY 1
    ORDER BY 2 DESC, 1
$$;

-- Revenue by the customer's country as it was when they bought (the customer version the fact
-- is bound to).
CREATE FUNCTION analysis_revenue_by_customer_country(p_from date, p_to date)
    RETURNS TABLE (country text, revenue numeric, customers bigint, share numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(c.country, '(none)'), sum(f.extended_amount), count(DISTINCT c.customer_id),
           round(sum(f.extended_amount) / nullif(sum(sum(f.extended_amount)) OVER (), 0), 4)
    FROM analysis_lines(p_from, p_to) f JOIN dim_customer c USING (customer_key)
    GROUP BY 1
    ORDER BY 2 DESC, 1
$$;

-- Units and revenue by genre and by media type, of the track version sold.
CREATE FUNCTION analysis_sales_by_genre(p_from date, p_to date)
    RETURNS TABLE (genre text, quantity bigint, revenue numeric, share numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(t.genre_name, '(none)'), sum(f.quantity), sum(f.extended_amount),
           round(sum(f.extended_amount) / nullif(sum(sum(f.extended_amount)) OVER (), 0), 4)
    FROM analysis_lines(p_from, p_to) f JOIN dim_track t USING (track_key)
    GROUP BY 1
    ORDER BY 3 DESC, 1
$$;

CREATE FUNCTION analysis_sales_by_media_type(p_from date, p_to date)
    RETURNS TABLE (media_type text, quantity bigint, revenue numeric, share numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(t.media_type_name, '(none)'), sum(f.quantity), sum(f.extended_amount),
           round(sum(f.extended_amount) / nullif(sum(sum(f.extended_amount)) OVER (), 0), 4)
    FROM analysis_lines(p_from, p_to) f JOIN dim_track t USING (track_key)
    GROUP BY 1
    ORDER BY 3 DESC, 1
$$;

-- The best sellers: artists and albums by revenue, tracks by units.
CREATE FUNCTION analysis_top_artists(p_from date, p_to date, p_limit integer)
    RETURNS TABLE (artist text, revenue numeric, quantity bigint)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(t.artist_name, '(unknown)'), sum(f.extended_amount), sum(f.quantity)
    FROM analysis_lines(p_from, p_to) f JOIN dim_track t USING (track_key)
    GROUP BY t.artist_id, 1
    ORDER BY 2 DESC, 1
    LIMIT p_limit
$$;

CREATE FUNCTION analysis_top_albums(p_from date, p_to date, p_limit integer)
    RETURNS TABLE (album text, artist text, revenue numeric, quantity bigint)
    LANGUAGE sql STABLE
AS $$
    SELECT coalesce(t.album_title, '(unknown)'), coalesce(t.artist_name, '(unknown)'), sum(f.extended_amount),
           sum(f.quantity)
    FROM analysis_lines(p_from, p_to) f JOIN dim_track t USING (track_key)
    GROUP BY t.album_id, 1, 2
    ORDER BY 3 DESC, 1
    LIMIT p_limit
$$;

CREATE FUNCTION analysis_top_tracks(p_from date, p_to date, p_limit integer)
    RETURNS TABLE (track_id integer, track text, artist text, quantity bigint, revenue numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT t.track_id, max(t.name), max(t.artist_name), sum(f.quantity), sum(f.extended_amount)
    FROM analysis_lines(p_from, p_to) f JOIN dim_track t USING (track_key)
    GROUP BY t.track_id
    ORDER BY 4 DESC, 5 DESC, 1
    LIMIT p_limit
$$;

-- Per customer: what they spent in the period (lifetime value when the period is open), how
-- often they bought, and the mean days between purchases.
CREATE FUNCTION analysis_customer_value(p_from date, p_to date, p_limit integer)
    RETURNS TABLE (customer_id integer, customer text, country text, invoices bigint, revenue numeric,
                   average_invoice numeric, first_purchase date, last_purchase date,
                   days_between_purchases numeric)
    LANGUAGE sql STABLE
AS $$
    WITH invoices AS (
        SELECT c.customer_id, f.invoice_id, min(d.full_date) AS invoice_date, sum(f.extended_amount) AS total
        FROM analysis_lines(p_from, p_to) f
        JOIN dim_customer c USING (customer_key)
        JOIN dim_date d USING (date_key)
        GROUP BY 1, 2
    )
    SELECT i.customer_id, concat_ws(' ', cur.first_name, cur.last_name), cur.country, count(*), sum(i.total),
           round(sum(i.total) / count(*), 2), min(i.invoice_date), max(i.invoice_date),
           CASE WHEN count(*) > 1
                THEN round((max(i.invoice_date) - min(i.invoice_date))::numeric / (count(*) - 1), 1) END
    FROM invoices i
    LEFT JOIN dim_customer cur ON cur.customer_id = i.customer_id AND cur.is_current
    GROUP BY i.customer_id, cur.first_name, cur.last_name, cur.country
    ORDER BY 5 DESC, 1
    LIMIT p_limit
$$;

-- Cohorts by the month of the customer's first purchase ever: how many of them bought again
-- N months later, within the period.
CREATE FUNCTION analysis_cohorts(p_from date, p_to date)
    RETURNS TABLE (cohort date, months_after integer, customers bigint, cohort_size bigint, retention numeric)
    LANGUAGE sql STABLE
AS $$
    WITH purchases AS (
        SELECT DISTINCT c.customer_id, date_trunc('month', d.full_date)::date AS month
        FROM fact_invoice_line f
        JOIN dim_customer c USING (customer_key)
        JOIN dim_date d USING (date_key)
        WHERE f.date_key <> -1
    ), firsts AS (
        SELECT customer_id, min(month) AS cohort FROM purchases GROUP BY 1
    ), sizes AS (
        SELECT cohort, count(*) AS cohort_size FROM firsts GROUP BY 1
    )
    SELECT f.cohort,
           ((extract(year FROM p.month) - extract(year FROM f.cohort)) * 12
             + extract(month FROM p.month) - extract(month FROM f.cohort))::integer,
           count(*), s.cohort_size, round(count(*)::numeric / s.cohort_size, 4)
    FROM purchases p
    JOIN firsts f USING (customer_id)
    JOIN sizes s USING (cohort)
    WHERE (p_from IS NULL OR f.cohort >= date_trunc('month', p_from)::date)
      AND (p_to IS NULL OR p.month < p_to)
    GROUP BY f.cohort, 2, s.cohort_size
    ORDER BY 1, 2
$$;

-- Invoices of the period: how many, their mean value, and the mean basket (lines, units).
CREATE FUNCTION analysis_invoice_summary(p_from date, p_to date)
    RETURNS TABLE (invoices bigint, customers bigint, revenue numeric, average_invoice numeric,
                   average_lines numeric, average_quantity numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT count(DISTINCT invoice_id), count(DISTINCT c.customer_id), coalesce(sum(extended_amount), 0),
           round(sum(extended_amount) / nullif(count(DISTINCT invoice_id), 0), 2),
           round(count(*)::numeric / nullif(count(DISTINCT invoice_id), 0), 2),
           round(sum(quantity)::numeric / nullif(count(DISTINCT invoice_id), 0), 2)
    FROM analysis_lines(p_from, p_to) f JOIN dim_customer c USING (customer_key)
$$;

-- History only a warehouse keeps: revenue by where the customer lived when they bought, against
-- where they live today (a customer who moved shifts revenue between places in the second view).
CREATE FUNCTION analysis_revenue_by_customer_location_then_and_now(p_from date, p_to date, p_level text)
    RETURNS TABLE (location text, revenue_then numeric, revenue_now numeric, difference numeric)
    LANGUAGE sql STABLE
AS $$
    WITH sold AS (
        SELECT f.extended_amount,
               CASE WHEN p_level = 'city' THEN concat_ws(', ', sale.city, sale.country) ELSE sale.country END AS then_at,
               CASE WHEN p_level = 'city' THEN concat_ws(', ', now_.city, now_.country) ELSE now_.country END AS now_at
        FROM analysis_lines(p_from, p_to) f
        JOIN dim_customer sale USING (customer_key)
        LEFT JOIN dim_customer now_ ON now_.customer_id = sale.customer_id AND now_.is_current
    ), places AS (
        SELECT then_at AS location, extended_amount AS then_amount, 0::numeric AS now_amount FROM sold
        UNION ALL
        SELECT now_at, 0, extended_amount FROM sold
    )
    SELECT coalesce(location, '(none)'), sum(then_amount), sum(now_amount), sum(now_amount) - sum(then_amount)
    FROM places
    GROUP BY 1
    ORDER BY 2 DESC, 1
$$;

-- History only a warehouse keeps: for tracks whose price changed, the units sold and the revenue
-- at the track's list price when sold against its current list price (what price changes did).
CREATE FUNCTION analysis_price_changes(p_from date, p_to date)
    RETURNS TABLE (track_id integer, track text, quantity bigint, price_then_min numeric, price_then_max numeric,
                   price_now numeric, revenue_at_price_then numeric, revenue_at_price_now numeric, difference numeric)
    LANGUAGE sql STABLE
AS $$
    SELECT sale.track_id, max(now_.name), sum(f.quantity), min(sale.unit_price), max(sale.unit_price),
           max(now_.unit_price), sum(f.quantity * sale.unit_price), sum(f.quantity * now_.unit_price),
           sum(f.quantity * now_.unit_price) - sum(f.quantity * sale.unit_price)
    FROM analysis_lines(p_from, p_to) f
    JOIN dim_track sale USING (track_key)
    JOIN dim_track now_ ON now_.track_id = sale.track_id AND now_.is_current
    WHERE sale.track_id IN (SELECT track_id FROM dim_track GROUP BY track_id
                            HAVING count(DISTINCT unit_price) > 1)
    GROUP BY sale.track_id
    ORDER BY abs(sum(f.quantity * now_.unit_price) - sum(f.quantity * sale.unit_price)) DESC, 1
$$;
