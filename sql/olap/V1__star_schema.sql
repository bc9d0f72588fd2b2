-- Warehouse (OLAP) schema, owned and migrated by warehouse-service.
-- The warehouse knows the OLTP side only through change messages.

-- Every change message applied, kept whole: the idempotency record (a change id is applied at
-- most once, in the transaction that applies it) and the history a rebuild replays.
CREATE TABLE change_log (
    change_id    bigint PRIMARY KEY,
    table_name   text        NOT NULL,
    row_key      bigint      NOT NULL,
    operation    text        NOT NULL,
    row_image    jsonb,
    committed_at timestamptz NOT NULL,
    source_file  text,
    applied_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX change_log_table_key_idx ON change_log (table_name, row_key, committed_at);

-- Latest image of the tables that are not dimensions of their own; they feed dim_track's
-- denormalised names and the facts. (committed_at, change_id) orders changes, so an older change
-- arriving late never overwrites a newer one; a delete stays as a tombstone (is_deleted) for the
-- same reason.
CREATE TABLE src_artist (
    artist_id    integer PRIMARY KEY,
    name         text,
    committed_at timestamptz NOT NULL,
    change_id    bigint      NOT NULL,
    is_deleted   boolean     NOT NULL DEFAULT false
);
CREATE TABLE src_album (
    album_id     integer PRIMARY KEY,
    title        text,
    artist_id    integer,
    committed_at timestamptz NOT NULL,
    change_id    bigint      NOT NULL,
    is_deleted   boolean     NOT NULL DEFAULT false
);
CREATE TABLE src_genre (
    genre_id     integer PRIMARY KEY,
    name         text,
    committed_at timestamptz NOT NULL,
    change_id    bigint      NOT NULL,
    is_deleted   boolean     NOT NULL DEFAULT false
);
CREATE TABLE src_media_type (
    media_type_id integer PRIMARY KEY,
    name          text,
    committed_at  timestamptz NOT NULL,
    change_id     bigint      NOT NULL,
    is_deleted    boolean     NOT NULL DEFAULT false
);
CREATE TABLE src_invoice (
    invoice_id          integer PRIMARY KEY,
    customer_id         integer,
    invoice_date        timestamp,
    billing_address     text,
    billing_city        text,
    billing_state       text,
    billing_country     text,
    billing_postal_code text,
    total               numeric(10, 2),
    committed_at        timestamptz NOT NULL,
    change_id           bigint      NOT NULL,
    is_deleted          boolean     NOT NULL DEFAULT false
);
CREATE TABLE src_invoice_line (
    invoice_line_id integer PRIMARY KEY,
    invoice_id      integer,
    track_id        integer,
    unit_price      numeric(10, 2),
    quantity        integer,
    committed_at    timestamptz NOT NULL,
    change_id       bigint      NOT NULL,
    is_deleted      boolean     NOT NULL DEFAULT false
);
CREATE INDEX src_invoice_line_invoice_idx ON src_invoice_line (invoice_id);
CREATE INDEX src_invoice_line_track_idx ON src_invoice_line (track_id);
CREATE INDEX src_invoice_customer_idx ON src_invoice (customer_id);

-- date_key -1 is the unknown date of lines whose invoice has not arrived yet.
CREATE TABLE dim_date (
    date_key     integer PRIMARY KEY, -- yyyymmdd
    full_date    date UNIQUE,
    year         smallint,
    quarter      smallint,
    month        smallint,
    month_name   text,
    day_of_month smallint,
    day_of_week  smallint, -- ISO: 1 = Monday
    day_name     text,
    week_of_year smallint, -- ISO week
    is_weekend   boolean
);
INSERT INTO dim_date (date_key, month_name, day_name) VALUES (-1, 'Unknown', 'Unknown');

-- SCD type 2 (which columns are type 2 and which type 1: docs/warehouse.md and
-- ScdType2Dimension). Half-open validity [valid_from, valid_to), no gaps, no overlaps, exactly
-- one current row per key. A delete opens a tombstone version (is_deleted). An inferred member
-- stands in for a key a fact named before the key's row arrived; customer_id -1 stands for the
-- customer of an invoice not yet received.
CREATE TABLE dim_customer (
    customer_key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  integer     NOT NULL,
    first_name   text,
    last_name    text,
    company      text,
    address      text,
    city         text,
    state        text,
    country      text,
    postal_code  text,
    phone        text,
    email        text,
    valid_from   timestamptz NOT NULL,
    valid_to     timestamptz NOT NULL DEFAULT 'infinity',
    is_current   boolean     NOT NULL,
    is_inferred  boolean     NOT NULL DEFAULT false,
    is_deleted   boolean     NOT NULL DEFAULT false,
    change_id    bigint,
    CONSTRAINT dim_customer_interval_ck CHECK (valid_from < valid_to),
    CONSTRAINT dim_customer_version_uq UNIQUE (customer_id, valid_from)
);
CREATE UNIQUE INDEX dim_customer_one_current_uq ON dim_customer (customer_id) WHERE is_current;

CREATE TABLE dim_track (
    track_key       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    track_id        integer     NOT NULL,
    name            text,
    album_id        integer,
    album_title     text,
    artist_id       integer,
    artist_name     text,
    genre_id        integer,
    genre_name      text,
    media_type_id   integer,
    media_type_name text,
    composer        text,
    milliseconds    integer,
    bytes           integer,
    unit_price      numeric(10, 2),
    valid_from      timestamptz NOT NULL,
    valid_to        timestamptz NOT NULL DEFAULT 'infinity',
    is_current      boolean     NOT NULL,
    is_inferred     boolean     NOT NULL DEFAULT false,
    is_deleted      boolean     NOT NULL DEFAULT false,
    change_id       bigint,
    CONSTRAINT dim_track_interval_ck CHECK (valid_from < valid_to),
    CONSTRAINT dim_track_version_uq UNIQUE (track_id, valid_from)
);
CREATE UNIQUE INDEX dim_track_one_current_uq ON dim_track (track_id) WHERE is_current;

-- Grain: one invoice line. Dimension keys are bound once, to the versions valid at the invoice date.
CREATE TABLE fact_invoice_line (
    invoice_line_id integer PRIMARY KEY, -- degenerate dimension
    invoice_id      integer        NOT NULL, -- degenerate dimension
    billing_country text, -- degenerate: the invoice's billing country
    date_key        integer        NOT NULL REFERENCES dim_date (date_key),
    customer_key    bigint         NOT NULL REFERENCES dim_customer (customer_key),
    track_key       bigint         NOT NULL REFERENCES dim_track (track_key),
    quantity        integer        NOT NULL,
    unit_price      numeric(10, 2) NOT NULL,
    extended_amount numeric(12, 2) NOT NULL
);
CREATE INDEX fact_invoice_line_invoice_idx ON fact_invoice_line (invoice_id);
CREATE INDEX fact_invoice_line_date_idx ON fact_invoice_line (date_key);
CREATE INDEX fact_invoice_line_customer_idx ON fact_invoice_line (customer_key);
CREATE INDEX fact_invoice_line_track_idx ON fact_invoice_line (track_key);

-- Invoice-level fact, consistent with its lines by construction.
CREATE VIEW fact_invoice AS
SELECT invoice_id,
       min(date_key)        AS date_key,
       min(customer_key)    AS customer_key,
       count(*)             AS line_count,
       sum(quantity)        AS quantity,
       sum(extended_amount) AS total
FROM fact_invoice_line
GROUP BY invoice_id;

-- Analytics: revenue by calendar month, by billing country and by genre (of the track version
-- sold). Lines whose invoice has not arrived are left out of the month view (unknown date).
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
