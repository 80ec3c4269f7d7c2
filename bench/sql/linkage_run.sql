-- bench/sql/linkage_run.sql — the linkage phase, part 2: aidlink's linkage.
-- psql variables: link_timeout (seconds per source, 0 = none), link_steps
-- (on/off), server_log (path of the server's log file).
--
-- Runs in a session of its own (application_name bench_linkage, so that
-- bench/run can sample the backend's memory from outside).  Registers the
-- city's 12 sources, then links each one in its own transaction with
-- aidlink.link_source(name), the reference first, the others in name order,
-- then aidlink.cluster_outside_persons() (what CALL aidlink.link_all() does),
-- timing each: wall clock and on-CPU
-- time.  With link_steps on, auto_explain logs every statement of the run that
-- takes 50 ms or more (no ANALYZE, no timing of plan nodes), and part 3 reads
-- the log to split each source's time into its steps (numbers, repair,
-- probabilistic ...).  At the end, the backend's peak resident set (VmHWM of
-- /proc/self/status) is kept.

CREATE TABLE bench.lk_source (
    ord       int,
    source    text PRIMARY KEY,
    run_id    bigint,
    rows_read bigint,
    ms        float8,
    cpu_ms    float8,
    status    text,
    started   timestamptz,
    finished  timestamptz
);

DO $$
DECLARE
    t0 timestamptz := clock_timestamp();
BEGIN
    PERFORM aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                    birth_date_column, sex_column, phone_column, address_column,
                                    household_column, is_reference)
    FROM city_truth.sources ORDER BY NOT is_reference;
    PERFORM bench.set_fact('linkage', 'register_sources', 'ms',
                           (extract(epoch FROM clock_timestamp() - t0) * 1000)::text);
END
$$;

-- Link one source, timed; a statement timeout (bench/run --link-timeout) or
-- an error is recorded, not raised, so that the next sources still run.
CREATE FUNCTION bench.link_one(ord int, src text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz;
    c0  bigint;
    run bigint;
    msg text;
BEGIN
    t0 := clock_timestamp();
    c0 := bench.cpu_ns();
    BEGIN
        run := aidlink.link_source(src);
    EXCEPTION
        WHEN query_canceled THEN
            msg := format('timed out after %s', current_setting('statement_timeout'));
        WHEN others THEN
            msg := 'error: ' || SQLERRM;
    END;
    INSERT INTO bench.lk_source VALUES (ord, src, run,
        (SELECT rows_read FROM aidlink.link_runs WHERE run_id = run),
        extract(epoch FROM clock_timestamp() - t0) * 1000, (bench.cpu_ns() - c0) / 1e6,
        coalesce(msg, 'ok'), t0, clock_timestamp());
    RAISE NOTICE '  linkage / %: % ms wall, % ms on CPU, % rows%', src,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000),
        round((bench.cpu_ns() - c0) / 1e6), (SELECT rows_read FROM aidlink.link_runs WHERE run_id = run),
        coalesce(' — ' || msg, '');
    RETURN coalesce(msg, 'ok');
END
$$;

-- Then the persons outside the reference are clustered (what CALL
-- aidlink.link_all() does last), timed the same way.
CREATE FUNCTION bench.link_clusters(ord int) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz;
    c0  bigint;
    msg text;
BEGIN
    t0 := clock_timestamp();
    c0 := bench.cpu_ns();
    BEGIN
        PERFORM aidlink.cluster_outside_persons();
    EXCEPTION
        WHEN query_canceled THEN
            msg := format('timed out after %s', current_setting('statement_timeout'));
        WHEN others THEN
            msg := 'error: ' || SQLERRM;
    END;
    INSERT INTO bench.lk_source VALUES (ord, 'cluster_outside_persons', NULL, NULL,
        extract(epoch FROM clock_timestamp() - t0) * 1000, (bench.cpu_ns() - c0) / 1e6,
        coalesce(msg, 'ok'), t0, clock_timestamp());
    RAISE NOTICE '  linkage / cluster_outside_persons: % ms wall, % ms on CPU%',
        round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000), round((bench.cpu_ns() - c0) / 1e6),
        coalesce(' — ' || msg, '');
    RETURN coalesce(msg, 'ok');
END
$$;

SELECT bench.set_fact('linkage', 'log', 'path', :'server_log');
SELECT bench.set_fact('linkage', 'log', 'offset', (pg_stat_file(:'server_log')).size::text);
SELECT bench.set_fact('linkage', 'backend', 'pid', pg_backend_pid()::text);
SELECT bench.set_fact('linkage', 'steps', 'logged', :'link_steps');

SELECT :'link_steps' = 'on' AS link_steps \gset
\if :link_steps
LOAD 'auto_explain';
SET auto_explain.log_min_duration = '50ms';
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = off;
\endif

SELECT set_config('statement_timeout', (:link_timeout * 1000)::text, false);
SELECT format('SELECT bench.link_one(%s, %L)', row_number() OVER (ORDER BY NOT is_reference, source), source)
FROM city_truth.sources ORDER BY NOT is_reference, source
\gexec
SELECT format('SELECT bench.link_clusters(%s)', (SELECT count(*) + 1 FROM city_truth.sources))
WHERE to_regprocedure('aidlink.cluster_outside_persons()') IS NOT NULL
\gexec
RESET statement_timeout;

-- The peak resident set of this backend: its private memory and every page of
-- shared buffers it touched.
SELECT bench.set_fact('linkage', 'backend', 'VmHWM_kB',
                      (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+) kB'))[1]);
