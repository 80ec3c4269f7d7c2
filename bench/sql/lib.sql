-- bench/sql/lib.sql — the measuring machinery of the benchmark suite.
-- Loaded once into a fresh database by bench/run; everything lives in the
-- schema "bench" so that it never mixes with the extension's own objects.

CREATE SCHEMA bench;

-- Settings of the run (rows, runs, ...), written by bench/run.
CREATE TABLE bench.config (
    name  text PRIMARY KEY,
    value text NOT NULL
);

CREATE FUNCTION bench.conf(name text) RETURNS text
    LANGUAGE sql STABLE STRICT
    AS $$ SELECT value FROM bench.config WHERE name = $1 $$;

-- One row per timed execution.
CREATE TABLE bench.result (
    seq     bigserial PRIMARY KEY,
    section text NOT NULL,
    label   text NOT NULL,
    run     int NOT NULL,
    ms      float8 NOT NULL,
    nrows   bigint,          -- rows the query went over
    answer  text             -- what the query returned (first column of the first row)
);

-- Facts that are not timings: index sizes, plan checks, subset factors.
CREATE TABLE bench.fact (
    section text NOT NULL,
    label   text NOT NULL,
    name    text NOT NULL,
    value   text,
    PRIMARY KEY (section, label, name)
);

CREATE FUNCTION bench.set_fact(section text, label text, name text, value text) RETURNS void
    LANGUAGE sql
    AS $$ INSERT INTO bench.fact VALUES ($1, $2, $3, $4)
          ON CONFLICT ON CONSTRAINT fact_pkey DO UPDATE SET value = excluded.value $$;

-- Wall-clock time of one execution of q inside the server, in milliseconds:
-- no client round trip, no result transfer.  A SELECT's first value is kept
-- in answer (so that a result can be checked); other statements just run.
CREATE FUNCTION bench.time_ms(q text, OUT ms float8, OUT answer text)
    LANGUAGE plpgsql
    AS $$
DECLARE
    t0 timestamptz;
BEGIN
    IF q ~* '^\s*(select|with)\M' THEN
        t0 := clock_timestamp();
        EXECUTE q INTO answer;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    ELSE
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    END IF;
END
$$;

-- Time each query of a group `runs` times, round-robin (run 1 of every
-- query, then run 2 of every query, ...), so that a disturbance on the
-- machine spreads over the group instead of hitting one query's runs.
-- pre[i], when given, runs untimed before each timing of queries[i] (say, a
-- DROP INDEX and a CHECKPOINT before a CREATE INDEX).  Each timing commits.
CREATE PROCEDURE bench.measure(section text, labels text[], queries text[],
                               nrows bigint, runs int DEFAULT NULL, pre text[] DEFAULT NULL)
    LANGUAGE plpgsql
    AS $$
DECLARE
    r  int;
    i  int;
    t  record;
BEGIN
    runs := coalesce(runs, bench.conf('runs')::int, 3);
    FOR r IN 1 .. runs LOOP
        FOR i IN 1 .. array_length(queries, 1) LOOP
            IF pre IS NOT NULL AND pre[i] IS NOT NULL THEN
                EXECUTE pre[i];
                COMMIT;
            END IF;
            t := bench.time_ms(queries[i]);
            INSERT INTO bench.result (section, label, run, ms, nrows, answer)
                VALUES (section, labels[i], r, t.ms, nrows, t.answer);
            COMMIT;
            RAISE NOTICE '  % / % run %: % ms', section, labels[i], r, round(t.ms::numeric, 1);
        END LOOP;
    END LOOP;
END
$$;

-- Run q once under EXPLAIN (ANALYZE, TIMING OFF) and return the plan text,
-- to check that the plan is the one being measured (Hash Join in one batch,
-- Sort in memory).
CREATE FUNCTION bench.plan_of(q text) RETURNS text
    LANGUAGE plpgsql
    AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) ' || q LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END
$$;

-- The best (smallest) time of a measurement, and the answer of its runs
-- (all runs must agree).
CREATE VIEW bench.best AS
SELECT section, label,
       min(ms) AS ms,
       count(*) AS runs,
       max(nrows) AS nrows,
       string_agg(round(ms::numeric, 1)::text, ' / ' ORDER BY run) AS all_ms,
       CASE WHEN count(DISTINCT answer) <= 1 THEN max(answer) ELSE 'differs between runs' END AS answer
FROM bench.result
GROUP BY section, label;

CREATE FUNCTION bench.best_ms(section text, label text) RETURNS float8
    LANGUAGE sql STABLE
    AS $$ SELECT ms FROM bench.best b WHERE b.section = $1 AND b.label = $2 $$;
