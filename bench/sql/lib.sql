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
    ms      float8 NOT NULL, -- wall-clock time
    cpu_ms  float8,          -- on-CPU time of the backend (NULL where unknown)
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

-- On-CPU time of this backend so far, in nanoseconds (Linux schedstat:
-- time actually running, not time waiting for a CPU), or NULL where the
-- kernel does not provide it or the file cannot be read.
CREATE FUNCTION bench.cpu_ns() RETURNS bigint
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Wall-clock and on-CPU time of one execution of q inside the server, in
-- milliseconds: no client round trip, no result transfer.  On a machine
-- shared with other work the wall clock also counts the time the backend
-- waited for a CPU; the on-CPU time does not.  A SELECT's first value is
-- kept in answer (so that a result can be checked); other statements just run.
CREATE FUNCTION bench.time_ms(q text, OUT ms float8, OUT cpu_ms float8, OUT answer text)
    LANGUAGE plpgsql
    AS $$
DECLARE
    t0 timestamptz;
    c0 bigint;
    c1 bigint;
BEGIN
    IF q ~* '^\s*(select|with)\M' THEN
        c0 := bench.cpu_ns();
        t0 := clock_timestamp();
        EXECUTE q INTO answer;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        c1 := bench.cpu_ns();
    ELSE
        c0 := bench.cpu_ns();
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        c1 := bench.cpu_ns();
    END IF;
    cpu_ms := (c1 - c0) / 1e6;
END
$$;

-- Time each query `runs` times in a row, after one untimed warm-up run
-- (the first execution of a query in a session pays for things the next ones
-- do not: catalogue lookups, the backend's memory growing to the size the
-- query needs, buffers).  pre[i], when given, runs untimed before each
-- execution of queries[i] (say, a DROP INDEX and a CHECKPOINT before a
-- CREATE INDEX).  Every execution commits.  warmup => false skips the warm-up
-- run, for queries so slow per row that it cannot matter.
CREATE PROCEDURE bench.measure(section text, labels text[], queries text[],
                               nrows bigint, runs int DEFAULT NULL, pre text[] DEFAULT NULL,
                               warmup boolean DEFAULT true)
    LANGUAGE plpgsql
    AS $$
DECLARE
    r  int;
    i  int;
    t  record;
BEGIN
    runs := coalesce(runs, bench.conf('runs')::int, 3);
    FOR i IN 1 .. array_length(queries, 1) LOOP
        FOR r IN CASE WHEN warmup THEN 0 ELSE 1 END .. runs LOOP
            IF pre IS NOT NULL AND pre[i] IS NOT NULL THEN
                EXECUTE pre[i];
                COMMIT;
            END IF;
            t := bench.time_ms(queries[i]);
            IF r > 0 THEN
                INSERT INTO bench.result (section, label, run, ms, cpu_ms, nrows, answer)
                    VALUES (section, labels[i], r, t.ms, t.cpu_ms, nrows, t.answer);
            END IF;
            COMMIT;
            RAISE NOTICE '  % / % %: % ms wall, % ms on CPU', section, labels[i],
                CASE WHEN r = 0 THEN 'warm-up' ELSE 'run ' || r END,
                round(t.ms::numeric, 1), coalesce(round(t.cpu_ms::numeric, 1)::text, '?');
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
-- (all runs must agree).  ms is the clock the report uses (config 'clock':
-- 'cpu' or 'wall'); wall_ms and cpu_ms are both kept.
CREATE VIEW bench.best AS
SELECT section, label,
       CASE WHEN bench.conf('clock') = 'cpu' THEN min(cpu_ms) ELSE min(ms) END AS ms,
       min(ms) AS wall_ms,
       min(cpu_ms) AS cpu_ms,
       count(*) AS runs,
       max(nrows) AS nrows,
       string_agg(round((CASE WHEN bench.conf('clock') = 'cpu' THEN cpu_ms ELSE ms END)::numeric)::text,
                  ' / ' ORDER BY run) AS all_ms,
       CASE WHEN count(DISTINCT answer) <= 1 THEN max(answer) ELSE 'differs between runs' END AS answer
FROM bench.result
GROUP BY section, label;

CREATE FUNCTION bench.best_ms(section text, label text) RETURNS float8
    LANGUAGE sql STABLE
    AS $$ SELECT ms FROM bench.best b WHERE b.section = $1 AND b.label = $2 $$;
