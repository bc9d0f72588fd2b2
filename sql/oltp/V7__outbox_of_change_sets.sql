-- The outbox sized for bulk loads. One outbox row per changed row doubled the write volume of an
-- initial load and made the relay read, encode and send every change again. Now a transaction's
-- changes are written as change sets (JSON, the format the warehouse reads) to S3 under
-- staged-changes/ before it commits, and the outbox holds one record per change set, committed
-- with the rows it describes. The relay copies a set into the archive (changes/) and sends a
-- message that refers to it; a set whose transaction rolled back is never referenced and expires.
--
-- Change ids go on from where the per-change outbox left them: the warehouse skips ids it has.
CREATE SEQUENCE change_id_seq AS bigint;
SELECT setval('change_id_seq', s.last_value, s.is_called) FROM outbox_change_id_seq s;

CREATE TABLE outbox_change_set (
    first_change_id bigint      PRIMARY KEY,
    last_change_id  bigint      NOT NULL,
    change_count    integer     NOT NULL CHECK (change_count > 0),
    source_file     text        NOT NULL,
    staged_key      text        NOT NULL,
    committed_at    timestamptz NOT NULL -- of the set's oldest change: the backlog's age
);
CREATE INDEX outbox_change_set_source_file_idx ON outbox_change_set (source_file, first_change_id);

-- Changes an earlier version committed and did not relay must not be lost by the upgrade: they are
-- refused here, and the previous version relays them (docs/operations.md, upgrading).
DO $$
DECLARE
    waiting bigint := (SELECT count(*) FROM outbox);
BEGIN
    IF waiting > 0 THEN
        RAISE EXCEPTION 'the outbox holds % changes not yet relayed: let the previous version relay them '
                        '(outbox empty) before upgrading', waiting;
    END IF;
END
$$;
DROP TABLE outbox;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'chinook_status') THEN
        GRANT SELECT ON outbox_change_set TO chinook_status;
    END IF;
END
$$;
