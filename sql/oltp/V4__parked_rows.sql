-- Rows whose parent has not arrived yet (files of one upload copied in parallel arrive in any
-- order): kept whole until the parent loads, then applied as rows of their own file; rejected
-- only when it has not come within the parking window. A file's rows are loaded, rejected or
-- parked: rows_loaded + rows_rejected + rows_parked = rows_in_file.
CREATE TABLE parked_row (
    file_id       bigint      NOT NULL REFERENCES ingest_file (file_id),
    table_name    text        NOT NULL,
    line_number   bigint      NOT NULL,
    row_key       bigint      NOT NULL,
    row_image     jsonb       NOT NULL,
    column_number integer     NOT NULL,
    column_name   text        NOT NULL,
    value         text,
    parent_table  text        NOT NULL,
    parked_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (file_id, line_number)
);
CREATE INDEX parked_row_table_key_idx ON parked_row (table_name, row_key);
CREATE INDEX parked_row_parked_at_idx ON parked_row (parked_at);

ALTER TABLE ingest_file ADD COLUMN rows_parked integer NOT NULL DEFAULT 0;
