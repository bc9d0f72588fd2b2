-- Every replay and purge of a dead-letter queue (and other state changes operators make): who,
-- when, what, and how it ended. Listed by GET /api/operator-actions.
CREATE TABLE operator_action (
    action_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action      text        NOT NULL,
    target      text        NOT NULL,
    selection   text,
    caller      text        NOT NULL,
    outcome     text        NOT NULL,
    messages    integer     NOT NULL DEFAULT 0,
    acted_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
