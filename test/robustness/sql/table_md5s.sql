-- One line per table of schemas aidlink, city, city_truth and public:
-- name|rows|md5 of its rows as text, ordered by all its columns (by name).
-- With -v without_runs=1 the columns that say which run wrote a row or when
-- (run_id, started_at, finished_at, registered_at, linked_at, updated_at, counted_at) are left out,
-- and aidlink.link_runs, aidlink.link_changes are skipped: that is the
-- content of the linkage, whatever runs made it.
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.table_md5s(without_runs boolean)
RETURNS TABLE (tab text, n bigint, md5 text) LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.oid::regclass::text AS rel,
               string_agg(quote_ident(a.attname), ', ' ORDER BY a.attname) AS cols
        FROM pg_class c
        JOIN pg_namespace s ON s.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE s.nspname IN ('aidlink', 'city', 'city_truth', 'public')
          AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND NOT (without_runs AND (a.attname IN ('run_id', 'started_at', 'finished_at', 'registered_at', 'linked_at', 'updated_at', 'counted_at')
                                     OR c.oid::regclass::text IN ('aidlink.link_runs', 'aidlink.link_changes')))
        GROUP BY c.oid
        ORDER BY 1
    LOOP
        tab := r.rel;
        EXECUTE format('SELECT count(*), md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM (SELECT %s FROM %s) x',
                       r.cols, r.rel) INTO n, md5;
        RETURN NEXT;
    END LOOP;
END $$;
SELECT tab || '|' || n || '|' || md5 FROM pg_temp.table_md5s(:'without_runs' = '1');
