-- Every message of oltp-changes the warehouse could not apply, and why (see sql/oltp's table of
-- the same name).
CREATE TABLE message_failure (
    failure_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue        text        NOT NULL,
    message_id   text        NOT NULL,
    permanent    boolean     NOT NULL,
    reason       text        NOT NULL,
    body_excerpt text,
    failed_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_failure_message_idx ON message_failure (message_id);

-- A change of a table outside the contract, or with an unknown operation, is refused instead of
-- stored: the message that carries it fails for good and goes to the dead-letter queue.
ALTER TABLE change_log
    ADD CONSTRAINT change_log_table_in_contract CHECK (table_name IN
        ('artist', 'album', 'genre', 'media_type', 'track', 'customer', 'invoice', 'invoice_line')),
    ADD CONSTRAINT change_log_known_operation CHECK (operation IN ('UPSERT', 'DELETE'));
