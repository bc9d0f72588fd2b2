-- Every message of ingest-events the function could not handle, and why: a dead-letter queue
-- keeps the message, this keeps the reason. Written in a transaction of its own, so a failure is
-- recorded even when the work it failed was rolled back.
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
