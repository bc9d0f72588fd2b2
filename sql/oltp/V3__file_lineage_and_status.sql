-- What status reads from OLTP: the changes each file version wrote, the ingest's backlog, and
-- figures of the business tables without reading their rows.

-- The outbox change ids a file version's transaction wrote (ids of other files may lie between
-- them: a file's changes are those of the range whose source_file is the file's). The warehouse's
-- change_log keeps change id and source file, so how many of them were applied is a range scan.
ALTER TABLE ingest_file
    ADD COLUMN first_change_id bigint,
    ADD COLUMN last_change_id  bigint;

CREATE INDEX ingest_file_finished_at_idx ON ingest_file (finished_at);
CREATE INDEX outbox_committed_at_idx ON outbox (committed_at);

-- Rows per table of the contract. SECURITY DEFINER: a status reader needs no right on the rows.
CREATE FUNCTION pipeline_table_rows()
    RETURNS TABLE (table_name text, row_count bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT 'artist', count(*) FROM artist
    UNION ALL SELECT 'genre', count(*) FROM genre
    UNION ALL SELECT 'media_type', count(*) FROM media_type
    UNION ALL SELECT 'album', count(*) FROM album
    UNION ALL SELECT 'track', count(*) FROM track
    UNION ALL SELECT 'customer', count(*) FROM customer
    UNION ALL SELECT 'invoice', count(*) FROM invoice
    UNION ALL SELECT 'invoice_line', count(*) FROM invoice_line
$$;

-- Rows whose reference names a parent row that does not exist. OLTP has no foreign keys (files of
-- one upload arrive in any order), so this is the integrity check: every count must be 0.
CREATE FUNCTION pipeline_orphan_rows()
    RETURNS TABLE (table_name text, column_name text, parent_table text, orphan_rows bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT 'album', 'artist_id', 'artist', count(*) FROM album c
        WHERE NOT EXISTS (SELECT 1 FROM artist p WHERE p.artist_id = c.artist_id)
    UNION ALL SELECT 'track', 'album_id', 'album', count(*) FROM track c
        WHERE c.album_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM album p WHERE p.album_id = c.album_id)
    UNION ALL SELECT 'track', 'media_type_id', 'media_type', count(*) FROM track c
        WHERE NOT EXISTS (SELECT 1 FROM media_type p WHERE p.media_type_id = c.media_type_id)
    UNION ALL SELECT 'track', 'genre_id', 'genre', count(*) FROM track c
        WHERE c.genre_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM genre p WHERE p.genre_id = c.genre_id)
    UNION ALL SELECT 'invoice', 'customer_id', 'customer', count(*) FROM invoice c
        WHERE NOT EXISTS (SELECT 1 FROM customer p WHERE p.customer_id = c.customer_id)
    UNION ALL SELECT 'invoice_line', 'invoice_id', 'invoice', count(*) FROM invoice_line c
        WHERE NOT EXISTS (SELECT 1 FROM invoice p WHERE p.invoice_id = c.invoice_id)
    UNION ALL SELECT 'invoice_line', 'track_id', 'track', count(*) FROM invoice_line c
        WHERE NOT EXISTS (SELECT 1 FROM track p WHERE p.track_id = c.track_id)
$$;
