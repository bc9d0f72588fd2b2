-- A file longer than chinook.ingest.rows-per-transaction loads in parts, one transaction each,
-- continued by later invocations when one runs out of time. The part's rows and this checkpoint
-- commit together, so a crash, a timeout or a redelivery resumes after the last committed part
-- and never applies a row twice. While parts remain the file stays LOADING, its counts those of
-- the parts so far.
ALTER TABLE ingest_file
    ADD COLUMN records_done bigint NOT NULL DEFAULT 0, -- data records consumed (header aside)
    ADD COLUMN lines_done   bigint NOT NULL DEFAULT 1, -- physical line the last part ended on
    ADD COLUMN parts_done   integer NOT NULL DEFAULT 0;
