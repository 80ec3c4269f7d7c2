
-- Sharded runs (issue 10): which foreign servers a run reads, and a check
-- that they answer before anything is written.  A source may be a foreign
-- table, or a table partitioned (at any depth) into foreign tables, as when a
-- province's departmental tables are hash-partitioned by person over
-- postgres_fdw shards (test/shard/run).

CREATE FUNCTION aidlink.source_servers(source_names text[] DEFAULT NULL)
RETURNS TABLE (source_name text, foreign_table regclass, server_name name)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.source_name, t.relid::regclass, fs.srvname
    FROM aidlink.link_sources s
    CROSS JOIN LATERAL pg_catalog.pg_partition_tree(s.relation) t
    JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = t.relid
    JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
    WHERE source_names IS NULL OR s.source_name = ANY (source_names)
    ORDER BY 1, 2::text;
END;
COMMENT ON FUNCTION aidlink.source_servers(text[]) IS
  'The foreign tables the registered sources read (the source itself, or its partitions at any depth) and the foreign server of each: every registered source, or those named';

CREATE FUNCTION aidlink.check_sources_reachable(source_names text[] DEFAULT NULL)
RETURNS TABLE (server_name name, foreign_tables integer, sources text[])
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    r       record;
    failed  text[] := '{}';
    details text[] := '{}';
    msg     text;
    det     text;
BEGIN
    FOR r IN
        SELECT s.server_name AS srv, count(*)::int AS n, array_agg(DISTINCT s.source_name ORDER BY s.source_name) AS srcs,
               (array_agg(s.foreign_table ORDER BY s.foreign_table::text))[1] AS probe
        FROM aidlink.source_servers(source_names) s
        GROUP BY s.server_name ORDER BY s.server_name
    LOOP
        BEGIN
            -- one row of one of its tables: opens the connection, reads nothing more
            EXECUTE format('SELECT 1 FROM %s LIMIT 1', r.probe);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
            failed := failed || format('"%s"', r.srv);
            details := details || format('server "%s" (%s of source%s %s): %s%s', r.srv, r.probe,
                                         CASE WHEN cardinality(r.srcs) > 1 THEN 's' ELSE '' END,
                                         array_to_string(r.srcs, ', '), msg,
                                         CASE WHEN det IS NOT NULL AND det <> '' THEN ' (' || replace(det, E'\n', ' ') || ')' ELSE '' END);
            CONTINUE;
        END;
        server_name := r.srv;
        foreign_tables := r.n;
        sources := r.srcs;
        RETURN NEXT;
    END LOOP;
    IF cardinality(failed) > 0 THEN
        RAISE EXCEPTION 'shard server% % cannot be reached', CASE WHEN cardinality(failed) > 1 THEN 's' ELSE '' END,
                        array_to_string(failed, ', ')
            USING ERRCODE = 'sqlclient_unable_to_establish_sqlconnection',
                  DETAIL = array_to_string(details, E'\n') || E'\nNothing was read or written.',
                  HINT = 'Start the server (or repair its foreign server and user mapping), then run again.';
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.check_sources_reachable(text[]) IS
  'Check, before a run writes anything, that every foreign server the registered sources (or those named) read answers: one row read from one table of each. Returns the servers checked; when any does not answer, fails (08001) naming every such server, the table tried, the sources that need it and the error. CALL aidlink.link_all() checks first';

-- A per-shard pass: a statement run once per leaf partition of a table, so
-- that when the partitions are postgres_fdw foreign tables each shard runs
-- its own part (a GROUP BY over one foreign table is shipped whole; over the
-- partitioned parent PostgreSQL 15 ships no partial aggregate, and every row
-- travels), and the parts are merged on the coordinator.
CREATE FUNCTION aidlink.leaf_partitions(rel regclass)
RETURNS SETOF regclass
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT t.relid::regclass FROM pg_catalog.pg_partition_tree(rel) t WHERE t.isleaf
    UNION ALL
    SELECT rel WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_partition_tree(rel) t WHERE t.isleaf);
END;
COMMENT ON FUNCTION aidlink.leaf_partitions(regclass) IS
  'The leaf partitions of a table, at any depth (foreign tables, on a sharded layout); the relation itself when it has none (a plain table, a view). aidlink''s per-shard passes run one statement per leaf and merge the results';
