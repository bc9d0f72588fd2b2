-- While an empty warehouse catches up with a backlog (an initial load, a rebuild), the facts are
-- not derived batch by batch: sources and dimensions are, and the facts of every line are then
-- derived in one set-based pass once the backlog is applied (StarSchemaLoader). Binding and
-- inserting 300,000 facts a batch, with their index entries, was about half of a batch's work
-- under the derivation lock. A row here means the facts are deferred; it is written and removed
-- under that lock, and outlives a crash: the warehouse completes the facts when it next finds
-- nothing waiting.
CREATE TABLE deferred_facts (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    since     timestamptz NOT NULL DEFAULT clock_timestamp()
);
