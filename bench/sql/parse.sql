-- bench/sql/parse.sql — parsing and validating text identity numbers.
-- psql variables: rows.
--
-- Over the N-row text column (clean, then dirty), each query counts what it
-- accepts:
--   scan            count(k)                          the bare scan, the floor
--   to_resident_id  count(aidlink.to_resident_id(k))  the lenient C parser
--   cast            count(k::aidlink.resident_id)     the strict conversion (clean only)
--   regex           count(*) FILTER (WHERE k ~ '^[1-9][0-9]{16}[0-9Xx]$')
--   plpgsql         count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k))
-- The regular expression checks the shape only (no check digit, no date).

CHECKPOINT;

-- A validator as a user would write it without the extension: trim and
-- upper-case, length and digit checks, the ISO 7064 MOD 11-2 check digit in a
-- loop, and the birth date through make_date in an exception block.
CREATE FUNCTION bench.is_valid_id_plpgsql(id text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    weights int[] := ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    checks  text := '10X98765432';
    s       text;
    total   int := 0;
    birth   date;
BEGIN
    IF id IS NULL THEN
        RETURN false;
    END IF;
    s := upper(trim(id));
    IF length(s) <> 18 THEN
        RETURN false;
    END IF;
    IF s !~ '^[0-9]{17}[0-9X]$' THEN
        RETURN false;
    END IF;
    FOR i IN 1 .. 17 LOOP
        total := total + substr(s, i, 1)::int * weights[i];
    END LOOP;
    IF substr(checks, total % 11 + 1, 1) <> substr(s, 18, 1) THEN
        RETURN false;
    END IF;
    BEGIN
        birth := make_date(substr(s, 7, 4)::int, substr(s, 11, 2)::int, substr(s, 13, 2)::int);
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    RETURN true;
END
$$;

-- The validator must agree with the extension on what it can judge: every
-- clean value is valid, and among dirty values it accepts exactly those that
-- to_resident_id accepts without any cleaning beyond trim/upper.
DO $$
DECLARE
    bad bigint;
BEGIN
    SELECT count(*) INTO bad FROM (SELECT k FROM bench.a_txt LIMIT 20000) s
    WHERE NOT bench.is_valid_id_plpgsql(k);
    IF bad > 0 THEN
        RAISE EXCEPTION 'the PL/pgSQL validator rejects % clean numbers', bad;
    END IF;
    SELECT count(*) INTO bad FROM (SELECT k FROM bench.a_dirty LIMIT 50000) s
    WHERE bench.is_valid_id_plpgsql(k) IS DISTINCT FROM
          (k ~ '^[0-9]{17}[0-9Xx]$' AND aidlink.to_resident_id(k) IS NOT NULL);
    IF bad > 0 THEN
        RAISE EXCEPTION 'the PL/pgSQL validator and to_resident_id disagree on % dirty values', bad;
    END IF;
END
$$;

CALL bench.measure('parse_clean',
    ARRAY['scan', 'to_resident_id', 'cast', 'regex'],
    ARRAY['SELECT count(k) FROM bench.a_txt',
          'SELECT count(aidlink.to_resident_id(k)) FROM bench.a_txt',
          'SELECT count(k::aidlink.resident_id) FROM bench.a_txt',
          $q$SELECT count(*) FILTER (WHERE k ~ '^[1-9][0-9]{16}[0-9Xx]$') FROM bench.a_txt$q$],
    :rows);

CALL bench.measure('parse_dirty',
    ARRAY['scan', 'to_resident_id', 'regex'],
    ARRAY['SELECT count(k) FROM bench.a_dirty',
          'SELECT count(aidlink.to_resident_id(k)) FROM bench.a_dirty',
          $q$SELECT count(*) FILTER (WHERE k ~ '^[1-9][0-9]{16}[0-9Xx]$') FROM bench.a_dirty$q$],
    :rows);

-- The PL/pgSQL validator: estimate one run over all N rows from 20,000 rows;
-- above the budget (bench/run --plpgsql-budget, seconds per run) it runs on
-- the first 500,000 rows instead and its time is scaled linearly to N.
CHECKPOINT;
CREATE TABLE bench.p_cal AS SELECT k FROM bench.a_txt LIMIT 20000;
VACUUM ANALYZE bench.p_cal;
DO $$
DECLARE
    n      bigint := bench.conf('rows')::bigint;
    forced bigint := coalesce(bench.conf('plpgsql_rows')::bigint, 0);
    budget float8 := coalesce(bench.conf('plpgsql_budget')::float8, 120);
    ms     float8;
    est_s  float8;
    m      bigint;
BEGIN
    PERFORM bench.time_ms('SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.p_cal');
    ms := least((bench.time_ms('SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.p_cal')).ms,
                (bench.time_ms('SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.p_cal')).ms);
    est_s := ms / 1000 * n / (SELECT count(*) FROM bench.p_cal);
    IF forced > 0 THEN
        m := least(forced, n);
    ELSIF est_s > budget THEN
        m := least(500000, n);
    ELSE
        m := n;
    END IF;
    PERFORM bench.set_fact('parse', 'plpgsql', 'estimated_s_per_run_at_n', round(est_s::numeric, 1)::text);
    PERFORM bench.set_fact('parse', 'plpgsql', 'rows_measured', m::text);
    INSERT INTO bench.config VALUES ('plpgsql_rows_used', m::text)
        ON CONFLICT (name) DO UPDATE SET value = excluded.value;
    RAISE NOTICE 'PL/pgSQL validator: % ms for 20,000 rows, ~% s per run at % rows; measuring on % rows',
        round(ms::numeric), round(est_s::numeric), n, m;
END
$$;
DROP TABLE bench.p_cal;

SELECT bench.conf('plpgsql_rows_used')::bigint AS plrows,
       bench.conf('plpgsql_rows_used')::bigint < :rows AS plsubset \gset

\if :plsubset
-- On the subset, the other queries are timed too, so that the ratio can also
-- be read on the very same rows.
CREATE TABLE bench.p_clean AS SELECT k FROM bench.a_txt LIMIT :plrows;
CREATE TABLE bench.p_dirty AS SELECT k FROM bench.a_dirty LIMIT :plrows;
VACUUM ANALYZE bench.p_clean, bench.p_dirty;
CALL bench.measure('parse_clean', ARRAY['plpgsql'],
    ARRAY['SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.p_clean'],
    :plrows, warmup => false);
CALL bench.measure('parse_clean',
    ARRAY['scan@subset', 'to_resident_id@subset'],
    ARRAY['SELECT count(k) FROM bench.p_clean',
          'SELECT count(aidlink.to_resident_id(k)) FROM bench.p_clean'],
    :plrows);
CALL bench.measure('parse_dirty', ARRAY['plpgsql'],
    ARRAY['SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.p_dirty'],
    :plrows, warmup => false);
CALL bench.measure('parse_dirty',
    ARRAY['scan@subset', 'to_resident_id@subset'],
    ARRAY['SELECT count(k) FROM bench.p_dirty',
          'SELECT count(aidlink.to_resident_id(k)) FROM bench.p_dirty'],
    :plrows);
DROP TABLE bench.p_clean, bench.p_dirty;
\else
CALL bench.measure('parse_clean', ARRAY['plpgsql'],
    ARRAY['SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.a_txt'], :rows,
    warmup => false);
CALL bench.measure('parse_dirty', ARRAY['plpgsql'],
    ARRAY['SELECT count(*) FILTER (WHERE bench.is_valid_id_plpgsql(k)) FROM bench.a_dirty'], :rows,
    warmup => false);
\endif
