-- bench/sql/linkage_city.sql — the linkage phase, part 1: the synthetic city.
-- psql variables: people, city_seed, city_sql (path of demo/city/generate.sql).
--
-- Generates the city of demo/city (household register + 11 departmental
-- tables, and the truth apart in city_truth), timed, and prepares what the
-- other two parts need and must not time:
--   bench.lk_truth   every departmental row: the right person's number, whether
--                    that person is in the register, and the kind of number
--                    typed (from the generator's dirt kinds): exact, normalised
--                    (format dirt only), legacy (15 digits), mistyped (one
--                    wrong digit or two swapped), valid_but_wrong (a valid
--                    number of someone else, or of nobody), no_number
--   bench.dba_reg    the register as a DBA holds it: the number as text
--   bench.dba_rows   a view over the 11 departmental tables as a DBA would
--                    write it: source, row key, typed number, name, birth date
--                    (each table's own format read with to_date)

\set QUIET on
SET client_min_messages = warning;
\i :city_sql
RESET client_min_messages;

CREATE FUNCTION bench.fact_of(section text, label text, name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT value FROM bench.fact f WHERE f.section = $1 AND f.label = $2 AND f.name = $3 $$;

CREATE TABLE bench.lk_city (relation text, row_count bigint, seconds numeric);

DO $$
DECLARE
    t0 timestamptz := clock_timestamp();
    c0 bigint := bench.cpu_ns();
    n  bigint;
BEGIN
    INSERT INTO bench.lk_city
    SELECT * FROM city_gen.generate(bench.conf('city_seed')::int, bench.conf('people')::int);
    SELECT sum(row_count) INTO n FROM bench.lk_city WHERE relation LIKE 'city.%';
    INSERT INTO bench.result (section, label, run, ms, cpu_ms, nrows, answer)
    VALUES ('linkage_city', 'generate', 1, extract(epoch FROM clock_timestamp() - t0) * 1000,
            (bench.cpu_ns() - c0) / 1e6, n, n::text);
END
$$;
SELECT bench.set_fact('linkage', 'city', 'rows', sum(row_count)::text) FROM bench.lk_city WHERE relation LIKE 'city.%';
SELECT bench.set_fact('linkage', 'city', 'departmental_rows', sum(row_count)::text)
FROM bench.lk_city WHERE relation LIKE 'city.%' AND relation <> 'city.household_register';
SELECT bench.set_fact('linkage', 'city', 'register_rows', row_count::text)
FROM bench.lk_city WHERE relation = 'city.household_register';
SELECT bench.set_fact('linkage', 'city', 'tables',
                      string_agg(format('%s %s', replace(relation, 'city.', ''), row_count), ', ' ORDER BY row_count DESC))
FROM bench.lk_city WHERE relation LIKE 'city.%';

-- The truth, one row per departmental row.
CREATE UNLOGGED TABLE bench.lk_truth AS
SELECT rt.source, rt.row_key, p.resident_id::text AS rid, p.in_register, rt.linkable,
       CASE WHEN 'missing' = ANY (rt.dirt_kinds) THEN 'no_number'
            WHEN rt.dirt_kinds && '{wrong_digit,swap}' THEN 'mistyped'
            WHEN 'valid_but_wrong' = ANY (rt.dirt_kinds) THEN 'valid_but_wrong'
            WHEN 'legacy15' = ANY (rt.dirt_kinds) THEN 'legacy'
            WHEN rt.dirt_kinds && '{lower_x,full_width,separators,apostrophe}' THEN 'normalised'
            ELSE 'exact' END AS kind
FROM city_truth.row_truth rt JOIN city_truth.person p USING (person_no)
WHERE rt.source <> 'household_register';
ALTER TABLE bench.lk_truth ADD PRIMARY KEY (source, row_key);
ANALYZE bench.lk_truth;
INSERT INTO bench.fact
SELECT 'linkage', 'truth_kind', kind, count(*)::text FROM bench.lk_truth GROUP BY kind;

-- The register as a DBA has it: numbers as text, an index on them.
CREATE TABLE bench.dba_reg AS
SELECT id, gmsfhm::text AS num, xm AS name, csrq AS birth FROM city.household_register;
CREATE INDEX ON bench.dba_reg (num);
CREATE INDEX ON bench.dba_reg (birth);
ANALYZE bench.dba_reg;

-- The departmental tables in one view, read as a DBA would (birth dates in
-- each table's own text format through to_date).
DO $$
DECLARE
    q text;
BEGIN
    SELECT string_agg(format('SELECT %L::text AS source, %I::text AS row_key, %I::text AS typed, %s AS name, %s AS birth FROM %s',
                             s.source, s.row_key_column, s.id_column,
                             CASE WHEN s.name_column IS NULL THEN 'NULL::text' ELSE format('%I::text', s.name_column) END,
                             CASE s.birth_date_format
                                 WHEN 'date' THEN format('%I::date', s.birth_date_column)
                                 WHEN 'YYYYMMDD' THEN format('to_date(%I, ''YYYYMMDD'')', s.birth_date_column)
                                 WHEN 'YYYY-MM-DD' THEN format('to_date(%I, ''YYYY-MM-DD'')', s.birth_date_column)
                                 WHEN 'YYYY年M月D日' THEN format('to_date(%I, ''YYYY"年"MM"月"DD"日"'')', s.birth_date_column)
                                 ELSE 'NULL::date' END,
                             s.relation),
                      E'\nUNION ALL ' ORDER BY s.source)
    INTO q FROM city_truth.sources s WHERE NOT s.is_reference;
    EXECUTE 'CREATE VIEW bench.dba_rows AS ' || q;
END
$$;

-- The to_date formats must read every birth date the tables hold.
DO $$
DECLARE
    bad bigint;
BEGIN
    SELECT count(*) INTO bad FROM bench.dba_rows d JOIN city_truth.row_truth rt USING (source, row_key)
    JOIN city_truth.person p USING (person_no)
    WHERE d.birth IS NULL AND NOT rt.dirt_kinds && '{birth_missing}'
      AND d.source IN (SELECT source FROM city_truth.sources WHERE birth_date_column IS NOT NULL AND NOT is_reference);
    IF bad > 0 THEN
        RAISE EXCEPTION 'bench.dba_rows reads no birth date in % rows that have one', bad;
    END IF;
END
$$;

VACUUM ANALYZE;
CHECKPOINT;
