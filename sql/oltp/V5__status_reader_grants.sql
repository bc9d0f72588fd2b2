-- The warehouse's status reader (role chinook_status, where the deployment creates it: local-cloud
-- does) reads the ingest's bookkeeping and nothing else of OLTP: business rows only as counts and
-- orphan counts through the SECURITY DEFINER functions of V3. A table added to the bookkeeping
-- later gets its grant in its own migration.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'chinook_status') THEN
        GRANT SELECT ON ingest_file, rejected_row, outbox, message_failure, parked_row TO chinook_status;
    END IF;
END
$$;
