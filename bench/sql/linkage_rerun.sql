-- bench/sql/linkage_rerun.sql — the linkage phase, part 4: the monthly re-run.
-- psql variables: demo_dir (where demo/city/next_month.sql is).
--
-- After parts 2 and 3 (the first run and the hand-written SQL on month 1),
-- the city gets a month of changes (demo/city/next_month.sql,
-- city_gen.next_month(2): rows removed, changed, numbers corrected, rows
-- added; births, deaths and moves in the register; not timed as part of the
-- run), then every source is linked again with aidlink.link_source(name), in
-- its own transaction, the register first, then the clusters, each timed
-- (wall and on-CPU), as a monthly CALL aidlink.link_all() does.  The DBA's
-- hand-written SQL has no incremental mode: its monthly re-run is the whole
-- of (a), (b) and (c) again, which part 3 timed.  Quality after the re-run:
-- accepted links to the right person / accepted links, against the truth
-- the generator kept in step.

\set ON_ERROR_STOP 1
\i :demo_dir/city/next_month.sql

CREATE TABLE bench.lk_rerun (
    ord       int,
    source    text PRIMARY KEY,
    run_id    bigint,
    rows_read bigint,
    rows_linked bigint,
    links_new bigint,
    links_changed bigint,
    links_removed bigint,
    ms        float8,
    cpu_ms    float8
);

DO $$
DECLARE
    t0 timestamptz := clock_timestamp();
    c0 bigint := bench.cpu_ns();
    n  numeric;
BEGIN
    SELECT sum(added + removed + changed + corrected) INTO n FROM city_gen.next_month(2);
    PERFORM bench.set_fact('linkage_rerun', 'month2', 'ms', (extract(epoch FROM clock_timestamp() - t0) * 1000)::text);
    PERFORM bench.set_fact('linkage_rerun', 'month2', 'rows_touched', n::text);
    PERFORM bench.set_fact('linkage_rerun', 'month2', 'summary',
        (SELECT format('%s rows removed, %s changed, %s numbers corrected, %s added; %s births, %s deaths, %s moves',
                       removed, changed, corrected, added, births, deaths, moves) FROM city_truth.months WHERE month = 2));
END
$$;
CHECKPOINT;

CREATE FUNCTION bench.relink_one(ord int, src text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    t0  timestamptz := clock_timestamp();
    c0  bigint := bench.cpu_ns();
    run bigint;
BEGIN
    IF src = 'cluster_outside_persons' THEN
        PERFORM aidlink.cluster_outside_persons();
    ELSE
        run := aidlink.link_source(src);
    END IF;
    INSERT INTO bench.lk_rerun
    SELECT ord, src, run, r.rows_read, r.rows_linked, r.links_new, r.links_changed, r.links_removed,
           extract(epoch FROM clock_timestamp() - t0) * 1000, (bench.cpu_ns() - c0) / 1e6
    FROM (SELECT 1) x LEFT JOIN aidlink.link_runs r ON r.run_id = run;
    RAISE NOTICE '  linkage re-run / %: % ms wall, % ms on CPU', src,
        round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000), round((bench.cpu_ns() - c0) / 1e6);
END
$$;

SELECT format('SELECT bench.relink_one(%s, %L)', row_number() OVER (ORDER BY NOT is_reference, source), source)
FROM city_truth.sources ORDER BY NOT is_reference, source
\gexec
SELECT bench.relink_one((SELECT count(*)::int + 1 FROM city_truth.sources), 'cluster_outside_persons');
SELECT bench.set_fact('linkage_rerun', 'backend', 'VmHWM_kB',
                      (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+) kB'))[1]);

-- quality after the re-run, against the truth of month 2
DO $$
DECLARE
    r record;
BEGIN
    SELECT count(*) FILTER (WHERE l.status = 'accepted') AS links,
           count(*) FILTER (WHERE l.status = 'accepted' AND l.resident_id::text = p.resident_id::text) AS correct,
           count(*) FILTER (WHERE p.in_register AND t.linkable) AS class_rows,
           count(*) FILTER (WHERE p.in_register AND t.linkable AND l.status = 'accepted'
                              AND l.resident_id::text = p.resident_id::text) AS class_correct,
           count(*) FILTER (WHERE l.status = 'accepted' AND l.resident_id::text IS DISTINCT FROM p.resident_id::text
                              AND 'valid_but_wrong' = ANY (t.dirt_kinds)) AS wrong_vbw
    INTO r
    FROM aidlink.links l
    JOIN city_truth.row_truth t ON t.source = l.source_name AND t.row_key = l.row_key
    JOIN city_truth.person p ON p.person_no = t.person_no
    WHERE l.source_name <> 'household_register';
    INSERT INTO bench.lk_quality VALUES ('aidlink all, month 2 re-run', 'linkable', r.links, r.correct, r.wrong_vbw,
                                         r.class_rows, r.class_correct);
END
$$;

-- The rows of the report (bench/sql/report.sql calls this when it exists).
CREATE FUNCTION bench.report_linkage_rerun()
    RETURNS TABLE (benchmark text, variant text, value text, other text, ratio text, target text, result text, notes text)
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    cpu boolean := bench.conf('clock') = 'cpu';
    s record;
    t float8;
    tot record;
    dba float8;
    people bigint := bench.conf('people')::bigint;
    x float8;
BEGIN
    RETURN QUERY SELECT 'l. monthly re-run', 'month 2 (demo/city/next_month.sql)',
        bench.fmt_ms(bench.fact_of('linkage_rerun', 'month2', 'ms')::float8), '', '', '', '',
        bench.fact_of('linkage_rerun', 'month2', 'summary') || '; not part of the run';
    FOR s IN SELECT * FROM bench.lk_rerun ORDER BY ord LOOP
        t := CASE WHEN cpu THEN s.cpu_ms ELSE s.ms END;
        RETURN QUERY SELECT 'l. monthly re-run', s.source, bench.fmt_ms(t),
            bench.fmt_ms(CASE WHEN cpu THEN s.ms ELSE s.cpu_ms END),
            CASE WHEN s.rows_read > 0 THEN bench.fmt_n((s.rows_read / (t / 1000))::numeric) || ' rows/s' ELSE '' END,
            '', '',
            CASE WHEN s.rows_read IS NOT NULL
                 THEN format('%s rows read, %s linked again; %s new, %s changed, %s removed links',
                             bench.fmt_n(s.rows_read), bench.fmt_n(s.rows_linked), bench.fmt_n(s.links_new),
                             bench.fmt_n(s.links_changed), bench.fmt_n(s.links_removed)) ELSE '' END;
    END LOOP;
    SELECT sum(CASE WHEN cpu THEN cpu_ms ELSE ms END) AS ms, sum(ms) AS wall, sum(cpu_ms) AS cpu_ms,
           sum(rows_read) AS rows_read, sum(rows_linked) AS rows_linked
    INTO tot FROM bench.lk_rerun;
    -- the DBA's monthly re-run: (a), (b) and (c) again, on the report's clock
    SELECT sum(CASE WHEN cpu THEN b.cpu_ms ELSE b.wall_ms END) INTO dba FROM bench.best b
    WHERE b.section = 'linkage_alt' AND b.label IN ('a_exact', 'b_normalised', 'c_legacy');
    x := tot.cpu_ms / 1000 * 4500000 / people;
    RETURN QUERY SELECT 'l. monthly re-run', 'the whole re-run (12 sources and the clusters)',
        bench.fmt_ms(tot.ms), bench.fmt_ms(CASE WHEN cpu THEN tot.wall ELSE tot.cpu_ms END),
        CASE WHEN dba > 0 THEN CASE WHEN dba >= tot.ms THEN bench.fmt_x(dba / tot.ms) || ' (DBA slower)'
                                    ELSE bench.fmt_x(tot.ms / dba) || ' (aidlink slower)' END ELSE '' END,
        '<= 60 s at 4.5M people', bench.verdict(x <= 60),
        format('%s rows read (%s rows/s), %s linked again; scaled linearly to 4,500,000 people: %s s on CPU; the DBA''s (a) + (b) + (c) again: %s, exact, normalised and legacy only; %s',
               bench.fmt_n(tot.rows_read), bench.fmt_n((tot.rows_read / (tot.ms / 1000))::numeric),
               bench.fmt_n(tot.rows_linked), bench.fmt_n(round(x::numeric)), bench.fmt_ms(dba),
               bench.lk_pr('aidlink all, month 2 re-run'));
    RETURN QUERY SELECT 'l. monthly re-run', 'peak memory of the backend',
        bench.fmt_bytes(bench.fact_of('linkage_rerun', 'backend', 'VmHWM_kB')::bigint * 1024), '', '', '', '',
        'VmHWM of the session of the re-run (its private memory and the shared buffers it touched)';
END
$$;
