-- Baselines of `chinook benchmark`: what a data engineer would write by hand, on the same server.
-- Baseline A loads the files into `oltp` (the pipeline's OLTP tables, with primary and foreign
-- keys) with psql's \copy; baseline B builds `star` (the warehouse's star schema) from it with
-- set-based SQL.
DROP SCHEMA IF EXISTS oltp CASCADE;
DROP SCHEMA IF EXISTS star CASCADE;
CREATE SCHEMA oltp;
CREATE SCHEMA star;

CREATE TABLE oltp.artist (artist_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE oltp.genre (genre_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE oltp.media_type (media_type_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE oltp.album (
    album_id  integer PRIMARY KEY,
    title     varchar(160) NOT NULL,
    artist_id integer      NOT NULL REFERENCES oltp.artist
);
CREATE INDEX ON oltp.album (artist_id);
CREATE TABLE oltp.track (
    track_id      integer PRIMARY KEY,
    name          varchar(200)   NOT NULL,
    album_id      integer REFERENCES oltp.album,
    media_type_id integer        NOT NULL REFERENCES oltp.media_type,
    genre_id      integer REFERENCES oltp.genre,
    composer      varchar(220),
    milliseconds  integer        NOT NULL,
    bytes         integer,
    unit_price    numeric(10, 2) NOT NULL
);
CREATE INDEX ON oltp.track (album_id);
CREATE TABLE oltp.customer (
    customer_id integer PRIMARY KEY,
    first_name  varchar(40) NOT NULL,
    last_name   varchar(20) NOT NULL,
    company     varchar(80),
    address     varchar(70),
    city        varchar(40),
    state       varchar(40),
    country     varchar(40),
    postal_code varchar(10),
    phone       varchar(24),
    email       varchar(60) NOT NULL
);
CREATE TABLE oltp.invoice (
    invoice_id          integer PRIMARY KEY,
    customer_id         integer        NOT NULL REFERENCES oltp.customer,
    invoice_date        timestamp      NOT NULL,
    billing_address     varchar(70),
    billing_city        varchar(40),
    billing_state       varchar(40),
    billing_country     varchar(40),
    billing_postal_code varchar(10),
    total               numeric(10, 2) NOT NULL
);
CREATE INDEX ON oltp.invoice (customer_id);
CREATE TABLE oltp.invoice_line (
    invoice_line_id integer PRIMARY KEY,
    invoice_id      integer        NOT NULL REFERENCES oltp.invoice,
    track_id        integer        NOT NULL REFERENCES oltp.track,
    unit_price      numeric(10, 2) NOT NULL,
    quantity        integer        NOT NULL
);
CREATE INDEX ON oltp.invoice_line (invoice_id);

CREATE TABLE star.dim_date (
    date_key     integer PRIMARY KEY,
    full_date    date UNIQUE,
    year         smallint,
    quarter      smallint,
    month        smallint,
    month_name   text,
    day_of_month smallint,
    day_of_week  smallint,
    day_name     text,
    week_of_year smallint,
    is_weekend   boolean
);
INSERT INTO star.dim_date (date_key, month_name, day_name) VALUES (-1, 'Unknown', 'Unknown');
CREATE TABLE star.dim_customer (
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
    CHECK (valid_from < valid_to),
    UNIQUE (customer_id, valid_from)
);
CREATE UNIQUE INDEX ON star.dim_customer (customer_id) WHERE is_current;
CREATE TABLE star.dim_track (
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
    CHECK (valid_from < valid_to),
    UNIQUE (track_id, valid_from)
);
CREATE UNIQUE INDEX ON star.dim_track (track_id) WHERE is_current;
CREATE TABLE star.fact_invoice_line (
    invoice_line_id integer        NOT NULL,
    invoice_id      integer        NOT NULL,
    billing_country text,
    date_key        integer        NOT NULL,
    customer_key    bigint         NOT NULL,
    track_key       bigint         NOT NULL,
    quantity        integer        NOT NULL,
    unit_price      numeric(10, 2) NOT NULL,
    extended_amount numeric(20, 2) NOT NULL
);
-- The key and indexes of the warehouse's fact table (OLAP V6, V8, V9, V13: no foreign keys, no
-- index by dimension key), named so that baseline-star.sql can drop them around a full load and
-- build them once, set-based.
ALTER TABLE star.fact_invoice_line ADD CONSTRAINT fact_pk PRIMARY KEY (invoice_line_id);
CREATE INDEX fact_date_idx ON star.fact_invoice_line (date_key);
CREATE INDEX fact_invoice_idx ON star.fact_invoice_line (invoice_id);
