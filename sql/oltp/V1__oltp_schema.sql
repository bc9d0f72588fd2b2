-- OLTP schema of the Chinook contract, owned and migrated by ingest-service.
-- Keys are the Chinook ids carried by the CSV files. References between tables are not
-- enforced by foreign keys: files of one upload arrive as separate S3 events in any order,
-- so a child file may legitimately land before its parent file (see docs/architecture.md).

CREATE TABLE artist (
    artist_id integer PRIMARY KEY,
    name      varchar(120)
);

CREATE TABLE genre (
    genre_id integer PRIMARY KEY,
    name     varchar(120)
);

CREATE TABLE media_type (
    media_type_id integer PRIMARY KEY,
    name          varchar(120)
);

CREATE TABLE album (
    album_id  integer PRIMARY KEY,
    title     varchar(160) NOT NULL,
    artist_id integer      NOT NULL
);
CREATE INDEX album_artist_id_idx ON album (artist_id);

CREATE TABLE track (
    track_id      integer PRIMARY KEY,
    name          varchar(200)   NOT NULL,
    album_id      integer,
    media_type_id integer        NOT NULL,
    genre_id      integer,
    composer      varchar(220),
    milliseconds  integer        NOT NULL,
    bytes         integer,
    unit_price    numeric(10, 2) NOT NULL
);
CREATE INDEX track_album_id_idx ON track (album_id);

CREATE TABLE customer (
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

CREATE TABLE invoice (
    invoice_id          integer PRIMARY KEY,
    customer_id         integer        NOT NULL,
    invoice_date        timestamp      NOT NULL,
    billing_address     varchar(70),
    billing_city        varchar(40),
    billing_state       varchar(40),
    billing_country     varchar(40),
    billing_postal_code varchar(10),
    total               numeric(10, 2) NOT NULL
);
CREATE INDEX invoice_customer_id_idx ON invoice (customer_id);

CREATE TABLE invoice_line (
    invoice_line_id integer PRIMARY KEY,
    invoice_id      integer        NOT NULL,
    track_id        integer        NOT NULL,
    unit_price      numeric(10, 2) NOT NULL,
    quantity        integer        NOT NULL
);
CREATE INDEX invoice_line_invoice_id_idx ON invoice_line (invoice_id);

-- One row per S3 event handled (an object version, identified by its key and the event's
-- sequencer). A redelivered event finds its row and stops; an event older than one already
-- applied to the same key is recorded STALE and not applied; content identical to what the
-- key last loaded is recorded UNCHANGED without being read again.
CREATE TABLE ingest_file (
    file_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bucket        text        NOT NULL,
    object_key    text        NOT NULL,
    sequencer     text        NOT NULL,
    etag          text        NOT NULL,
    version_id    text,
    size_bytes    bigint,
    table_name    text,
    status        text        NOT NULL CHECK (status IN ('LOADING', 'LOADED', 'REJECTED', 'STALE', 'UNCHANGED')),
    rows_in_file  integer     NOT NULL DEFAULT 0,
    rows_loaded   integer     NOT NULL DEFAULT 0,
    rows_rejected integer     NOT NULL DEFAULT 0,
    rows_changed  integer     NOT NULL DEFAULT 0,
    message       text,
    report_key    text,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT ingest_file_event_uq UNIQUE (bucket, object_key, sequencer)
);
CREATE INDEX ingest_file_key_idx ON ingest_file (bucket, object_key);

-- Rows that could not be loaded, with where (1-based line and column of the file) and why.
CREATE TABLE rejected_row (
    file_id       bigint NOT NULL REFERENCES ingest_file (file_id),
    line_number   bigint NOT NULL,
    column_number integer,
    column_name   text,
    value         text,
    reason        text   NOT NULL
);
CREATE INDEX rejected_row_file_id_idx ON rejected_row (file_id);

-- Transactional outbox: one row per real change, written in the transaction that made it,
-- removed once relayed to the oltp-changes queue.
CREATE TABLE outbox (
    change_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name   text        NOT NULL,
    row_key      bigint      NOT NULL,
    operation    text        NOT NULL CHECK (operation IN ('UPSERT', 'DELETE')),
    row_image    jsonb,
    committed_at timestamptz NOT NULL,
    source_file  text        NOT NULL
);
