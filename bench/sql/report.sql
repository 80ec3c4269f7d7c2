-- bench/sql/report.sql — the table of results, with the ratios of this run.
-- Prints tab-separated rows: benchmark, variant, value, other clock, ratio, target,
-- result, notes.  bench/run lays them out as text and as markdown.

CREATE FUNCTION bench.fmt_ms(ms float8) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1 IS NULL THEN 'n/a' ELSE to_char($1, 'FM999,999,990.0') || ' ms' END $$;

CREATE FUNCTION bench.fmt_x(r float8) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1 IS NULL THEN 'n/a'
                      WHEN $1 >= 10 THEN to_char($1, 'FM999,990') || 'x'
                      ELSE to_char($1, 'FM990.00') || 'x' END $$;

CREATE FUNCTION bench.fmt_bytes(b bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char($1 / 1048576.0, 'FM999,990.0') || ' MiB' $$;

-- The best time of the clock the report does not use (wall when it uses the
-- on-CPU time, and the reverse), for the second column.
CREATE FUNCTION bench.other_ms(section text, label text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT bench.fmt_ms(CASE WHEN bench.conf('clock') = 'cpu' THEN wall_ms ELSE cpu_ms END)
          FROM bench.best b WHERE b.section = $1 AND b.label = $2 $$;

CREATE FUNCTION bench.verdict(ok boolean) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1 IS NULL THEN 'n/a' WHEN $1 THEN 'ok' ELSE 'MISSED' END $$;

-- What a plan check found, in a few words.
CREATE FUNCTION bench.plan_note(section text, label text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    plan text := (SELECT value FROM bench.fact f WHERE f.section = $1 AND f.label = $2 AND name = 'plan');
    m    text[];
BEGIN
    IF plan IS NULL THEN
        RETURN NULL;
    ELSIF section LIKE '%join' THEN
        m := regexp_match(plan, 'Batches: (\d+)\s+Memory Usage: (\d+)kB');
        IF plan LIKE '%Hash Join%' AND m[1] = '1' THEN
            RETURN format('Hash Join, 1 batch, hash table %s MiB', round(m[2]::numeric / 1024));
        END IF;
        RETURN 'UNEXPECTED PLAN: ' || regexp_replace(plan, '\s+', ' ', 'g');
    ELSE
        m := regexp_match(plan, 'Sort Method: (\S+)\s+Memory: (\d+)kB');
        IF m[1] = 'quicksort' THEN
            RETURN format('in-memory quicksort, %s MiB', round(m[2]::numeric / 1024));
        END IF;
        RETURN 'UNEXPECTED PLAN: ' || regexp_replace(plan, '\s+', ' ', 'g');
    END IF;
END
$$;

CREATE FUNCTION bench.report()
    RETURNS TABLE (benchmark text, variant text, value text, other text, ratio text, target text, result text, notes text)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
DECLARE
    n       bigint := bench.conf('rows')::bigint;
    m       bigint := bench.conf('plpgsql_rows_used')::bigint;
    sec     text;
    what    text;
    scan    float8;
    parse   float8;
    t       float8;
    b       record;
    base    float8;
    basesz  float8;
    lbl     text;
BEGIN
    -- a. parsing
    FOREACH sec IN ARRAY ARRAY['parse_clean', 'parse_dirty'] LOOP
        what := CASE sec WHEN 'parse_clean' THEN 'a. parse, clean text' ELSE 'a. parse, dirty text' END;
        scan := bench.best_ms(sec, 'scan');
        parse := bench.best_ms(sec, 'to_resident_id');
        IF parse IS NULL THEN
            CONTINUE;
        END IF;
        RETURN QUERY SELECT what, 'bare scan: count(k)', bench.fmt_ms(scan), bench.other_ms(sec, 'scan'), '', '', '',
            (SELECT 'counted ' || answer FROM bench.best WHERE section = sec AND label = 'scan');
        RETURN QUERY SELECT what, 'aidlink.to_resident_id(k)', bench.fmt_ms(parse), bench.other_ms(sec, 'to_resident_id'),
            to_char((parse - scan) / scan, 'FM990.00') || ' added',
            '<= 1.00 added', bench.verdict((parse - scan) / scan <= 1.0),
            format('(t_parse - t_scan) / t_scan; valid: %s',
                   (SELECT answer FROM bench.best WHERE section = sec AND label = 'to_resident_id'));
        t := bench.best_ms(sec, 'cast');
        IF t IS NOT NULL THEN
            RETURN QUERY SELECT what, 'k::aidlink.resident_id (strict)', bench.fmt_ms(t), bench.other_ms(sec, 'cast'),
                to_char((t - scan) / scan, 'FM990.00') || ' added', '', '',
                format('cast, same parser, errors instead of NULL; valid: %s',
                       (SELECT answer FROM bench.best WHERE section = sec AND label = 'cast'));
        END IF;
        t := bench.best_ms(sec, 'regex');
        RETURN QUERY SELECT what, 'regex ^[1-9][0-9]{16}[0-9Xx]$', bench.fmt_ms(t), bench.other_ms(sec, 'regex'),
            bench.fmt_x(t / parse) || ' of to_resident_id', '', '',
            format('shape only, no check digit or date; matches: %s',
                   (SELECT answer FROM bench.best WHERE section = sec AND label = 'regex'));
        SELECT * INTO b FROM bench.best WHERE section = sec AND label = 'plpgsql';
        IF b.ms IS NOT NULL THEN
            t := b.ms * n / b.nrows;
            RETURN QUERY SELECT what, 'PL/pgSQL validator', bench.fmt_ms(t),
                CASE WHEN b.nrows < n THEN '' ELSE bench.other_ms(sec, 'plpgsql') END,
                bench.fmt_x(t / parse) || ' of to_resident_id', '>= 50x',
                bench.verdict(t / parse >= 50),
                CASE WHEN b.nrows < n
                     THEN format('measured on %s rows (%s) and scaled x%s; valid: %s of %s',
                                 b.nrows, bench.fmt_ms(b.ms), round(n::numeric / b.nrows, 2), b.answer, b.nrows)
                     ELSE format('valid: %s', b.answer) END;
            IF b.nrows < n THEN
                t := bench.best_ms(sec, 'to_resident_id@subset');
                RETURN QUERY SELECT what, format('PL/pgSQL / to_resident_id on the %s rows', b.nrows),
                    '', '', bench.fmt_x(b.ms / t), '', '',
                    format('to_resident_id %s, bare scan %s on the same rows',
                           bench.fmt_ms(t), bench.fmt_ms(bench.best_ms(sec, 'scan@subset')));
            END IF;
        END IF;
    END LOOP;

    -- b. index build and size
    base := bench.best_ms('index', 'bigint');
    basesz := (SELECT value::float8 FROM bench.fact WHERE section = 'index' AND label = 'bigint' AND name = 'bytes');
    IF base IS NOT NULL THEN
        FOREACH lbl IN ARRAY ARRAY['resident_id', 'bigint', 'text "C"', 'text default'] LOOP
            t := (SELECT value::float8 FROM bench.fact WHERE section = 'index' AND label = lbl AND name = 'bytes');
            RETURN QUERY SELECT 'b. btree index size', lbl, bench.fmt_bytes(t::bigint), '',
                bench.fmt_x(t / basesz) || ' of bigint',
                CASE lbl WHEN 'resident_id' THEN '<= 1.00x' ELSE '' END,
                CASE lbl WHEN 'resident_id' THEN bench.verdict(t <= basesz) ELSE '' END,
                CASE lbl WHEN 'text default' THEN 'collation ' ||
                    (SELECT value FROM bench.fact WHERE section = 'index' AND label = lbl AND name = 'collation')
                    ELSE '' END;
        END LOOP;
        FOREACH lbl IN ARRAY ARRAY['resident_id', 'bigint', 'text "C"', 'text default'] LOOP
            t := bench.best_ms('index', lbl);
            RETURN QUERY SELECT 'b. btree index build', lbl, bench.fmt_ms(t), bench.other_ms('index', lbl),
                bench.fmt_x(t / base) || ' of bigint', '', '',
                'runs: ' || (SELECT all_ms FROM bench.best WHERE section = 'index' AND label = lbl);
        END LOOP;
    END IF;

    -- c. hash join, d. sort
    FOREACH sec IN ARRAY ARRAY['join', 'sort'] LOOP
        base := bench.best_ms(sec, 'bigint');
        IF base IS NULL THEN
            CONTINUE;
        END IF;
        FOR lbl IN SELECT x FROM unnest(CASE sec WHEN 'join' THEN ARRAY['resident_id', 'bigint', 'text']
                                       ELSE ARRAY['resident_id', 'bigint', 'text "C"', 'text default'] END) AS x LOOP
            t := bench.best_ms(sec, lbl);
            RETURN QUERY SELECT CASE sec WHEN 'join' THEN 'c. N x N hash join' ELSE 'd. sort N values' END,
                lbl, bench.fmt_ms(t), bench.other_ms(sec, lbl), bench.fmt_x(t / base) || ' of bigint',
                CASE lbl WHEN 'resident_id' THEN '<= 1.10x' ELSE '' END,
                CASE lbl WHEN 'resident_id' THEN bench.verdict(t / base <= 1.10) ELSE '' END,
                concat_ws('; ', bench.plan_note(sec, lbl),
                          CASE WHEN sec = 'join' THEN 'rows: ' ||
                              (SELECT answer FROM bench.best bb WHERE bb.section = sec AND bb.label = lbl) END,
                          'runs: ' || (SELECT all_ms FROM bench.best bb WHERE bb.section = sec AND bb.label = lbl));
        END LOOP;
    END LOOP;

    -- e. uscc (bonus)
    scan := bench.best_ms('uscc_parse', 'scan');
    IF scan IS NOT NULL THEN
        parse := bench.best_ms('uscc_parse', 'to_uscc');
        RETURN QUERY SELECT 'e. uscc parse', 'bare scan: count(k)', bench.fmt_ms(scan), bench.other_ms('uscc_parse', 'scan'), '', '', '', '';
        RETURN QUERY SELECT 'e. uscc parse', 'aidlink.to_uscc(k)', bench.fmt_ms(parse), bench.other_ms('uscc_parse', 'to_uscc'),
            to_char((parse - scan) / scan, 'FM990.00') || ' added', '', '',
            'valid: ' || (SELECT answer FROM bench.best WHERE section = 'uscc_parse' AND label = 'to_uscc');
        t := bench.best_ms('uscc_parse', 'cast');
        RETURN QUERY SELECT 'e. uscc parse', 'k::aidlink.uscc (strict)', bench.fmt_ms(t), bench.other_ms('uscc_parse', 'cast'),
            to_char((t - scan) / scan, 'FM990.00') || ' added', '', '', '';
        t := bench.best_ms('uscc_parse', 'regex');
        RETURN QUERY SELECT 'e. uscc parse', 'regex (shape only)', bench.fmt_ms(t), bench.other_ms('uscc_parse', 'regex'),
            bench.fmt_x(t / parse) || ' of to_uscc', '', '',
            'matches: ' || (SELECT answer FROM bench.best WHERE section = 'uscc_parse' AND label = 'regex');
        base := bench.best_ms('uscc_join', 'text');
        FOREACH lbl IN ARRAY ARRAY['uscc', 'text'] LOOP
            t := bench.best_ms('uscc_join', lbl);
            RETURN QUERY SELECT 'e. uscc N x N hash join', lbl, bench.fmt_ms(t), bench.other_ms('uscc_join', lbl),
                bench.fmt_x(t / base) || ' of text', '', '',
                concat_ws('; ', bench.plan_note('uscc_join', lbl),
                          'runs: ' || (SELECT all_ms FROM bench.best bb WHERE bb.section = 'uscc_join' AND bb.label = lbl));
        END LOOP;
    END IF;

    -- f, g. names (bench/sql/names.sql defines bench.report_names)
    IF to_regprocedure('bench.report_names()') IS NOT NULL THEN
        RETURN QUERY EXECUTE 'SELECT * FROM bench.report_names()';
    END IF;

    -- h-k. linkage (bench/sql/linkage_alt.sql defines bench.report_linkage)
    IF to_regprocedure('bench.report_linkage()') IS NOT NULL THEN
        RETURN QUERY EXECUTE 'SELECT * FROM bench.report_linkage()';
    END IF;
    -- l. the monthly re-run (bench/sql/linkage_rerun.sql)
    IF to_regprocedure('bench.report_linkage_rerun()') IS NOT NULL THEN
        RETURN QUERY EXECUTE 'SELECT * FROM bench.report_linkage_rerun()';
    END IF;
END
$$;

\pset format unaligned
\pset fieldsep '\t'
\pset tuples_only on
SELECT * FROM bench.report();
