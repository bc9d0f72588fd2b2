-- rows_parked counts the rows still waiting for their parent (released rows move to rows_loaded,
-- expired ones to rows_rejected); a file loaded in parts says how many of its rows came before
-- their parent across all its parts, which no other count keeps.
ALTER TABLE ingest_file ADD COLUMN rows_parked_at_load bigint NOT NULL DEFAULT 0;
