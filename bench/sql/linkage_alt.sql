-- bench/sql/linkage_alt.sql — the linkage phase, part 3: what a DBA would
-- write instead, on the same data, and the quality of both.
-- psql variables: link_budget (seconds an alternative may take before it runs
-- on a sample and is scaled).
--
-- 1. aidlink's steps: the server log (auto_explain, part 2) gives the time of
--    each statement of the run that took 50 ms or more; a source's time is
--    split into read (al_stage), numbers (aidlink.link_numbers_in_bulk on a first run, else the one INSERT, that do exact,
--    normalised and legacy), repair (al_cand and its UPDATE), probabilistic
--    (aidlink.link_by_evidence), persons (the reference's), and the rest.
-- 2. The alternatives, each over the 11 departmental tables (bench.dba_rows)
--    against the register as text (bench.dba_reg):
--      a. exact        JOIN ON upper(trim(sfzh)) = register number
--      b. normalised   JOIN ON regexp_replace(upper(translate(sfzh, full-width
--                      digits and X -> ASCII)), '[^0-9X]', '', 'g')
--      c. legacy       a 15-digit number upgraded in SQL ('19' inserted, the
--                      check character recomputed), joined
--      d1. repair      rows whose cleaned number has 18 characters and names
--                      nobody: fuzzystrmatch levenshtein(number, register
--                      number) <= 1 within the block of the same first 6
--                      digits, the nearest kept
--      d2. repair      the same rows: pg_trgm number % register number (GIN
--                      index), the most similar kept
--      e1. no number   rows with no digit typed: same birth date and pg_trgm
--                      similarity(name) > 0.5, the most similar kept
--      e2. no number   same birth date and levenshtein(name) <= 1, the nearest
-- d and e run on a sample (hash order) when the whole would take longer than
-- link_budget seconds, and their time is scaled to all their rows; their
-- quality is that of the sample.
-- 3. Quality against city_truth: precision (links to the right person / links
--    made) and recall (rows of that kind, whose person is in the register,
--    linked to the right person / such rows) of every alternative and of
--    aidlink's method for the same kind of row.

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

---------------------------------------------------------------------------
-- 1. aidlink's steps, from the log
---------------------------------------------------------------------------
CREATE TABLE bench.lk_log AS
WITH f AS (
    SELECT bench.fact_of('linkage', 'log', 'path') AS path,
           bench.fact_of('linkage', 'log', 'offset')::bigint AS off,
           bench.fact_of('linkage', 'backend', 'pid') AS pid),
txt AS (
    SELECT f.pid, pg_read_file(f.path, f.off, (pg_stat_file(f.path)).size - f.off) AS t FROM f
    WHERE bench.fact_of('linkage', 'steps', 'logged') = 'on'),
e AS (
    SELECT txt.pid, x.e, x.ord
    FROM txt, regexp_split_to_table(txt.t, E'\\n(?=\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)') WITH ORDINALITY AS x(e, ord)),
m AS (
    SELECT e.ord, regexp_match(e.e, '^\S+ \S+ \S+ \[(\d+)\] LOG:  duration: ([0-9.]+) ms  plan:\s*Query Text:\s*(.*)$') AS m, e.pid
    FROM e)
SELECT m.ord, (m.m)[2]::float8 AS ms,
       left(regexp_replace(regexp_replace((m.m)[3], '\s+', ' ', 'g'),   -- the query text, without its plan
                           ' (Result|Insert|Update|Delete|Hash|Seq|Index|Nested|Merge|Sort|Aggregate|HashAggregate|GroupAggregate|Unique|Limit|WindowAgg|Subquery|Append|Function|ProjectSet|CTE|Materialize|Bitmap)[^()]* \(cost=.*$', ''),
            400) AS q
FROM m WHERE (m.m)[1] = m.pid;

-- Each statement belongs to the first bench.link_one() logged after it.
CREATE TABLE bench.lk_step AS
WITH s AS (
    SELECT l.*, (regexp_match(l.q, '^SELECT bench\.link_one\(\d+, ''([a-z0-9_]+)''\)'))[1] AS top
    FROM bench.lk_log l),
a AS (
    SELECT s.*, (SELECT s2.top FROM s s2 WHERE s2.ord >= s.ord AND s2.top IS NOT NULL ORDER BY s2.ord LIMIT 1) AS source
    FROM s)
SELECT source,
       CASE WHEN q ~ '^CREATE TEMP TABLE al_stage' THEN 'read'
            WHEN q ~ '^INSERT INTO aidlink\.links AS l' OR q ~ '^SELECT aidlink\.link_numbers_in_bulk' THEN 'numbers'
            WHEN q ~ '^CREATE TEMP TABLE al_cand' OR (q ~ '^UPDATE aidlink\.links' AND q ~ 'n_agree') THEN 'repair'
            WHEN q ~ '^SELECT aidlink\.link_by_evidence' THEN 'probabilistic'
            WHEN q ~ '^INSERT INTO aidlink\.persons' THEN 'persons'
       END AS step,
       sum(ms) AS ms, count(*) AS statements
FROM a WHERE top IS NULL AND source IS NOT NULL
GROUP BY 1, 2;
-- The statements inside the steps (and the unclassified ones), for whoever
-- makes the run faster: the biggest, by their first words.
CREATE TABLE bench.lk_nested AS
WITH s AS (
    SELECT l.*, (regexp_match(l.q, '^SELECT bench\.link_(one|clusters)\(')) IS NOT NULL AS top
    FROM bench.lk_log l)
SELECT left(q, 70) AS q, sum(ms) AS ms, count(*) AS statements
FROM s WHERE NOT top AND q !~ '^SELECT aidlink\.link_source\('
GROUP BY 1;
DELETE FROM bench.lk_step WHERE step IS NULL;

-- Rows each step worked on (from what the run wrote).
CREATE TABLE bench.lk_method AS
SELECT source_name AS source, method, status, count(*) AS n
FROM aidlink.links GROUP BY 1, 2, 3;

SELECT bench.set_fact('linkage', 'aidlink', 'rows_repair_step',
       count(*) FILTER (WHERE nullif(btrim(typed), '') IS NOT NULL AND
                              (aidlink.to_resident_id(typed) IS NULL OR
                               NOT EXISTS (SELECT 1 FROM aidlink.persons p WHERE p.resident_id = aidlink.to_resident_id(typed))))::text)
FROM bench.dba_rows;
SELECT bench.set_fact('linkage', 'aidlink', 'rows_probabilistic_step',
       count(*) FILTER (WHERE method IN ('probabilistic', 'unresolved')
                           OR (status = 'accepted' AND NOT in_reference))::text)
FROM aidlink.links WHERE source_name <> (SELECT source_name FROM aidlink.link_sources WHERE is_reference);

---------------------------------------------------------------------------
-- 2. The alternatives
---------------------------------------------------------------------------
-- The 15 -> 18 upgrade as a DBA writes it: '19' after the region, then the
-- ISO 7064 MOD 11-2 check character, the weighted sum spelled out.
CREATE FUNCTION bench.dba_check_char(b text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN substr('10X98765432',
        (substr(b, 1, 1)::int * 7 + substr(b, 2, 1)::int * 9 + substr(b, 3, 1)::int * 10 +
         substr(b, 4, 1)::int * 5 + substr(b, 5, 1)::int * 8 + substr(b, 6, 1)::int * 4 +
         substr(b, 7, 1)::int * 2 + substr(b, 8, 1)::int * 1 + substr(b, 9, 1)::int * 6 +
         substr(b, 10, 1)::int * 3 + substr(b, 11, 1)::int * 7 + substr(b, 12, 1)::int * 9 +
         substr(b, 13, 1)::int * 10 + substr(b, 14, 1)::int * 5 + substr(b, 15, 1)::int * 8 +
         substr(b, 16, 1)::int * 4 + substr(b, 17, 1)::int * 2) % 11 + 1, 1);
CREATE FUNCTION bench.dba_upgrade15(d text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN left(d, 6) || '19' || substr(d, 7, 9) || bench.dba_check_char(left(d, 6) || '19' || substr(d, 7, 9));
-- The cleaning of (b): full-width digits and X to ASCII, upper case, then
-- everything but digits and X dropped.
CREATE FUNCTION bench.dba_clean(typed text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN regexp_replace(upper(translate(typed, '０１２３４５６７８９Ｘｘ', '0123456789XX')), '[^0-9X]', '', 'g');

DO $$
BEGIN
    IF bench.dba_upgrade15('110105491231002') <> '11010519491231002X' THEN
        RAISE EXCEPTION 'bench.dba_upgrade15 is wrong: %', bench.dba_upgrade15('110105491231002');
    END IF;
    IF bench.dba_clean('''１１０１０５-1949 1231-002x') <> '11010519491231002X' THEN
        RAISE EXCEPTION 'bench.dba_clean is wrong';
    END IF;
END
$$;

-- Time one statement once (like aidlink's run: one run, data in shared
-- buffers) into bench.result.
CREATE PROCEDURE bench.lk_time(label text, q text, nrows bigint)
    LANGUAGE plpgsql AS $$
DECLARE
    t record;
BEGIN
    t := bench.time_ms(q);
    INSERT INTO bench.result (section, label, run, ms, cpu_ms, nrows) VALUES ('linkage_alt', label, 1, t.ms, t.cpu_ms, nrows);
    RAISE NOTICE '  linkage / %: % ms wall, % ms on CPU, % rows', label, round(t.ms::numeric), round(t.cpu_ms::numeric), nrows;
END
$$;

SELECT count(*) AS dept_rows FROM bench.lk_truth \gset

CALL bench.lk_time('a_exact', $q$
    CREATE UNLOGGED TABLE bench.alt_a_exact AS
    SELECT d.source, d.row_key, r.num AS rid
    FROM bench.dba_rows d JOIN bench.dba_reg r ON r.num = upper(trim(d.typed))$q$, :dept_rows);
CALL bench.lk_time('b_normalised', $q$
    CREATE UNLOGGED TABLE bench.alt_b_normalised AS
    SELECT d.source, d.row_key, r.num AS rid
    FROM bench.dba_rows d
    JOIN bench.dba_reg r ON r.num = regexp_replace(upper(translate(d.typed, '０１２３４５６７８９Ｘｘ', '0123456789XX')), '[^0-9X]', '', 'g')$q$,
    :dept_rows);
CALL bench.lk_time('c_legacy', $q$
    CREATE UNLOGGED TABLE bench.alt_c_legacy AS
    SELECT d.source, d.row_key, r.num AS rid
    FROM (SELECT source, row_key, bench.dba_clean(typed) AS num FROM bench.dba_rows) d
    JOIN bench.dba_reg r ON r.num = bench.dba_upgrade15(d.num)
    WHERE d.num ~ '^[0-9]{15}$'$q$, :dept_rows);

-- What (d) and (e) work on: the rows (b) and (c) leave, as a DBA finds them.
CREATE UNLOGGED TABLE bench.dba_repair_todo AS
SELECT d.source, d.row_key, bench.dba_clean(d.typed) AS num, hashtext(d.source || d.row_key) AS h
FROM bench.dba_rows d
WHERE length(bench.dba_clean(d.typed)) = 18
  AND NOT EXISTS (SELECT 1 FROM bench.dba_reg r WHERE r.num = bench.dba_clean(d.typed));
CREATE UNLOGGED TABLE bench.dba_prob_todo AS
SELECT d.source, d.row_key, d.name, d.birth, hashtext(d.source || d.row_key) AS h
FROM bench.dba_rows d
WHERE coalesce(bench.dba_clean(d.typed), '') = '' AND nullif(trim(d.name), '') IS NOT NULL;
ANALYZE bench.dba_repair_todo, bench.dba_prob_todo;

-- The pg_trgm index (d2) needs, built as a DBA would; its build is not
-- counted in (d2)'s time, only reported.
DO $$
DECLARE
    t record;
BEGIN
    t := bench.time_ms('CREATE INDEX dba_reg_num_trgm ON bench.dba_reg USING gin (num gin_trgm_ops)');
    PERFORM bench.set_fact('linkage', 'd2_repair_trgm', 'index_ms', t.ms::text);
    PERFORM bench.set_fact('linkage', 'd2_repair_trgm', 'index_bytes', pg_relation_size('bench.dba_reg_num_trgm')::text);
END
$$;
ANALYZE bench.dba_reg;

-- Run q (a CREATE TABLE bench.alt_<label> AS ... over {T}) on the todo rows:
-- on 20 rows first; when all would take longer than the budget, on as many
-- as fit in it (hash order), and scale.  The rows it ran on stay in
-- bench.alt_<label>_rows.
CREATE PROCEDURE bench.lk_sampled(label text, todo text, q text)
    LANGUAGE plpgsql AS $$
DECLARE
    budget float8 := bench.conf('link_budget')::float8;
    n      bigint;
    k      bigint;
    m      bigint;
    t      record;
    est_s  float8;
    rows_t text := format('bench.%I', 'alt_' || label || '_rows');
    res_t  text := format('bench.%I', 'alt_' || label);
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', todo) INTO n;
    k := least(n, 20);
    EXECUTE format('CREATE UNLOGGED TABLE %s AS SELECT * FROM %s ORDER BY h, source, row_key LIMIT %s', rows_t, todo, k);
    EXECUTE format('ANALYZE %s', rows_t);
    t := bench.time_ms(replace(q, '{T}', rows_t));
    est_s := t.ms / 1000 * n / greatest(k, 1);
    m := CASE WHEN est_s <= budget THEN n ELSE greatest(k, floor(n * budget / est_s)::bigint) END;
    RAISE NOTICE '  linkage / %: % ms for % of % rows, ~% s for all; running on % rows', label,
        round(t.ms::numeric), k, n, round(est_s::numeric), m;
    PERFORM bench.set_fact('linkage', label, 'rows_todo', n::text);
    PERFORM bench.set_fact('linkage', label, 'rows_measured', m::text);
    PERFORM bench.set_fact('linkage', label, 'estimated_s_for_all', est_s::text);
    IF m > k THEN
        EXECUTE format('DROP TABLE %s, %s', rows_t, res_t);
        EXECUTE format('CREATE UNLOGGED TABLE %s AS SELECT * FROM %s ORDER BY h, source, row_key LIMIT %s', rows_t, todo, m);
        EXECUTE format('ANALYZE %s', rows_t);
        CHECKPOINT;
        t := bench.time_ms(replace(q, '{T}', rows_t));
    END IF;
    INSERT INTO bench.result (section, label, run, ms, cpu_ms, nrows) VALUES ('linkage_alt', label, 1, t.ms, t.cpu_ms, m);
    RAISE NOTICE '  linkage / %: % ms wall, % ms on CPU, % rows', label, round(t.ms::numeric), round(t.cpu_ms::numeric), m;
END
$$;

CALL bench.lk_sampled('d1_repair_levenshtein', 'bench.dba_repair_todo', $q$
    CREATE UNLOGGED TABLE bench.alt_d1_repair_levenshtein AS
    SELECT DISTINCT ON (t.source, t.row_key) t.source, t.row_key, r.num AS rid
    FROM {T} t JOIN bench.dba_reg r ON left(r.num, 6) = left(t.num, 6)
    WHERE levenshtein(t.num, r.num) <= 1
    ORDER BY t.source, t.row_key, levenshtein(t.num, r.num), r.num$q$);
CALL bench.lk_sampled('d2_repair_trgm', 'bench.dba_repair_todo', $q$
    CREATE UNLOGGED TABLE bench.alt_d2_repair_trgm AS
    SELECT DISTINCT ON (t.source, t.row_key) t.source, t.row_key, r.num AS rid
    FROM {T} t JOIN bench.dba_reg r ON r.num % t.num
    ORDER BY t.source, t.row_key, similarity(t.num, r.num) DESC, r.num$q$);
CALL bench.lk_sampled('e1_prob_trgm', 'bench.dba_prob_todo', $q$
    CREATE UNLOGGED TABLE bench.alt_e1_prob_trgm AS
    SELECT DISTINCT ON (t.source, t.row_key) t.source, t.row_key, r.num AS rid
    FROM {T} t JOIN bench.dba_reg r ON r.birth = t.birth
    WHERE similarity(t.name, r.name) > 0.5
    ORDER BY t.source, t.row_key, similarity(t.name, r.name) DESC, r.num$q$);
CALL bench.lk_sampled('e2_prob_levenshtein', 'bench.dba_prob_todo', $q$
    CREATE UNLOGGED TABLE bench.alt_e2_prob_levenshtein AS
    SELECT DISTINCT ON (t.source, t.row_key) t.source, t.row_key, r.num AS rid
    FROM {T} t JOIN bench.dba_reg r ON r.birth = t.birth
    WHERE levenshtein(t.name, r.name) <= 1
    ORDER BY t.source, t.row_key, levenshtein(t.name, r.name), r.num$q$);

---------------------------------------------------------------------------
-- 3. Quality
---------------------------------------------------------------------------
-- links: (source, row_key, rid) made; scope: the rows it ran on (NULL: all);
-- kind: the kind of row the method is for.  Precision = right / links made;
-- recall = rows of that kind (person in the register, row linkable) linked
-- right / such rows.  For aidlink, recall_links are all its accepted links
-- (any method).
CREATE TABLE bench.lk_quality (
    label text PRIMARY KEY, kind text, links bigint, correct bigint, wrong_on_valid_but_wrong bigint,
    class_rows bigint, class_correct bigint);

CREATE PROCEDURE bench.lk_quality_of(label text, kind text, links text, scope text, recall_links text DEFAULT NULL)
    LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    EXECUTE format($q$
        WITH l AS (%1$s), rl AS (%2$s), sc AS (%3$s),
        t AS (SELECT t.* FROM bench.lk_truth t JOIN sc USING (source, row_key))
        SELECT (SELECT count(*) FROM l) AS links,
               (SELECT count(*) FROM l JOIN t USING (source, row_key) WHERE l.rid = t.rid) AS correct,
               (SELECT count(*) FROM l JOIN t USING (source, row_key) WHERE l.rid IS DISTINCT FROM t.rid
                                                                     AND t.kind = 'valid_but_wrong') AS wrong_vbw,
               (SELECT count(*) FROM t WHERE t.kind = %4$L AND t.in_register AND t.linkable) AS class_rows,
               (SELECT count(*) FROM rl JOIN t USING (source, row_key)
                 WHERE rl.rid = t.rid AND t.kind = %4$L AND t.in_register AND t.linkable) AS class_correct$q$,
        links, coalesce(recall_links, links),
        coalesce(scope, 'SELECT source, row_key FROM bench.lk_truth'), kind) INTO r;
    INSERT INTO bench.lk_quality VALUES (label, kind, r.links, r.correct, r.wrong_vbw, r.class_rows, r.class_correct);
END
$$;

CALL bench.lk_quality_of('a_exact', 'exact', 'SELECT * FROM bench.alt_a_exact', NULL);
CALL bench.lk_quality_of('b_normalised', 'normalised', 'SELECT * FROM bench.alt_b_normalised', NULL);
CALL bench.lk_quality_of('c_legacy', 'legacy', 'SELECT * FROM bench.alt_c_legacy', NULL);
CALL bench.lk_quality_of('d1_repair_levenshtein', 'mistyped', 'SELECT * FROM bench.alt_d1_repair_levenshtein',
                         'SELECT source, row_key FROM bench.alt_d1_repair_levenshtein_rows');
CALL bench.lk_quality_of('d2_repair_trgm', 'mistyped', 'SELECT * FROM bench.alt_d2_repair_trgm',
                         'SELECT source, row_key FROM bench.alt_d2_repair_trgm_rows');
CALL bench.lk_quality_of('e1_prob_trgm', 'no_number', 'SELECT * FROM bench.alt_e1_prob_trgm',
                         'SELECT source, row_key FROM bench.alt_e1_prob_trgm_rows');
CALL bench.lk_quality_of('e2_prob_levenshtein', 'no_number', 'SELECT * FROM bench.alt_e2_prob_levenshtein',
                         'SELECT source, row_key FROM bench.alt_e2_prob_levenshtein_rows');
-- aidlink, per method (precision), and any accepted link (recall); also on the
-- very rows each sampled alternative ran on.
CREATE VIEW bench.lk_aidlink_links AS
SELECT l.source_name AS source, l.row_key, l.resident_id::text AS rid, l.method
FROM aidlink.links l
WHERE l.status = 'accepted' AND l.source_name <> (SELECT source_name FROM aidlink.link_sources WHERE is_reference);
CALL bench.lk_quality_of('aidlink exact', 'exact', $$SELECT source, row_key, rid FROM bench.lk_aidlink_links WHERE method = 'exact'$$,
                         NULL, 'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink normalised', 'normalised', $$SELECT source, row_key, rid FROM bench.lk_aidlink_links WHERE method = 'normalised'$$,
                         NULL, 'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink legacy', 'legacy', $$SELECT source, row_key, rid FROM bench.lk_aidlink_links WHERE method = 'legacy'$$,
                         NULL, 'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink repaired', 'mistyped', $$SELECT source, row_key, rid FROM bench.lk_aidlink_links WHERE method = 'repaired'$$,
                         NULL, 'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink probabilistic', 'no_number', $$SELECT source, row_key, rid FROM bench.lk_aidlink_links WHERE method = 'probabilistic'$$,
                         NULL, 'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink repaired@d1', 'mistyped',
                         $$SELECT a.source, a.row_key, a.rid FROM bench.lk_aidlink_links a JOIN bench.alt_d1_repair_levenshtein_rows s USING (source, row_key) WHERE a.method = 'repaired'$$,
                         'SELECT source, row_key FROM bench.alt_d1_repair_levenshtein_rows',
                         'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
CALL bench.lk_quality_of('aidlink probabilistic@e1', 'no_number',
                         $$SELECT a.source, a.row_key, a.rid FROM bench.lk_aidlink_links a JOIN bench.alt_e1_prob_trgm_rows s USING (source, row_key) WHERE a.method = 'probabilistic'$$,
                         'SELECT source, row_key FROM bench.alt_e1_prob_trgm_rows',
                         'SELECT source, row_key, rid FROM bench.lk_aidlink_links');
-- (e) can only find rows that have a birth date: the same, on those rows.
CALL bench.lk_quality_of('e1_prob_trgm@birth', 'no_number', 'SELECT * FROM bench.alt_e1_prob_trgm',
                         'SELECT source, row_key FROM bench.alt_e1_prob_trgm_rows WHERE birth IS NOT NULL');
CALL bench.lk_quality_of('e2_prob_levenshtein@birth', 'no_number', 'SELECT * FROM bench.alt_e2_prob_levenshtein',
                         'SELECT source, row_key FROM bench.alt_e2_prob_levenshtein_rows WHERE birth IS NOT NULL');
CALL bench.lk_quality_of('aidlink probabilistic@birth', 'no_number',
                         $$SELECT a.source, a.row_key, a.rid FROM bench.lk_aidlink_links a JOIN bench.alt_e1_prob_trgm_rows s USING (source, row_key) WHERE a.method = 'probabilistic' AND s.birth IS NOT NULL$$,
                         'SELECT source, row_key FROM bench.alt_e1_prob_trgm_rows WHERE birth IS NOT NULL',
                         'SELECT source, row_key, rid FROM bench.lk_aidlink_links');

-- All of aidlink's accepted links: recall over every linkable row of a person
-- in the register (kind NULL: all kinds).
DO $$
DECLARE
    r record;
BEGIN
    SELECT (SELECT count(*) FROM bench.lk_aidlink_links) AS links,
           (SELECT count(*) FROM bench.lk_aidlink_links l JOIN bench.lk_truth t USING (source, row_key) WHERE l.rid = t.rid) AS correct,
           (SELECT count(*) FROM bench.lk_aidlink_links l JOIN bench.lk_truth t USING (source, row_key)
             WHERE l.rid IS DISTINCT FROM t.rid AND t.kind = 'valid_but_wrong') AS wrong_vbw,
           (SELECT count(*) FROM bench.lk_truth t WHERE t.in_register AND t.linkable) AS class_rows,
           (SELECT count(*) FROM bench.lk_aidlink_links l JOIN bench.lk_truth t USING (source, row_key)
             WHERE l.rid = t.rid AND t.in_register AND t.linkable) AS class_correct
    INTO r;
    INSERT INTO bench.lk_quality VALUES ('aidlink all', 'linkable', r.links, r.correct, r.wrong_vbw, r.class_rows, r.class_correct);
END
$$;

---------------------------------------------------------------------------
-- The rows of the report (bench/sql/report.sql calls this when it exists)
---------------------------------------------------------------------------
CREATE FUNCTION bench.fmt_n(n numeric) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN $1 IS NULL THEN 'n/a' ELSE to_char($1, 'FM999,999,999,990') END $$;
CREATE FUNCTION bench.fmt_pct(a bigint, b bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN coalesce($2, 0) = 0 THEN 'n/a' ELSE to_char(100.0 * $1 / $2, 'FM990.000') || '%' END $$;
-- precision and recall of a label of bench.lk_quality, in words
CREATE FUNCTION bench.lk_pr(label text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT format('precision %s (%s of %s links right), recall %s (%s of %s %s rows)',
                        bench.fmt_pct(correct, links), bench.fmt_n(correct), bench.fmt_n(links),
                        bench.fmt_pct(class_correct, class_rows), bench.fmt_n(class_correct), bench.fmt_n(class_rows),
                        replace(kind, '_', ' '))
                 || CASE WHEN wrong_on_valid_but_wrong > 0
                         THEN format('; %s wrong links from valid numbers of someone else', bench.fmt_n(wrong_on_valid_but_wrong)) ELSE '' END
          FROM bench.lk_quality q WHERE q.label = $1 $$;

-- recall of a label in a few words
CREATE FUNCTION bench.lk_r(label text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT format('recall %s (%s of %s)', bench.fmt_pct(class_correct, class_rows), bench.fmt_n(class_correct), bench.fmt_n(class_rows))
          FROM bench.lk_quality q WHERE q.label = $1 $$;

CREATE FUNCTION bench.report_linkage()
    RETURNS TABLE (benchmark text, variant text, value text, other text, ratio text, target text, result text, notes text)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
DECLARE
    people   bigint := bench.conf('people')::bigint;
    target_people constant bigint := 4500000;
    cpu      boolean := bench.conf('clock') = 'cpu';
    b        record;
    s        record;
    tot_ms   float8;
    tot_wall float8;
    tot_rows bigint;
    dept     bigint := (SELECT count(*) FROM bench.lk_truth);
    ref      text := (SELECT source_name FROM aidlink.link_sources WHERE is_reference);
    tot_cpu  float8;
    xc       float8;
    st_wall  float8;
    x        float8;
    t        float8;
    lbl      text;
    step_ms  float8;
    rows_in  bigint;
BEGIN
    -- h. the city
    SELECT * INTO b FROM bench.best WHERE section = 'linkage_city' AND label = 'generate';
    RETURN QUERY SELECT 'h. synthetic city (demo/city)', format('city_gen.generate(%s, %s)', bench.conf('city_seed'), people),
        bench.fmt_ms(b.ms), bench.other_ms('linkage_city', 'generate'), '', '', '',
        format('%s rows: %s', bench.fmt_n(b.nrows), bench.fact_of('linkage', 'city', 'tables'));

    -- i. aidlink's linkage, source by source
    FOR s IN SELECT * FROM bench.lk_source ORDER BY ord LOOP
        t := CASE WHEN cpu THEN s.cpu_ms ELSE s.ms END;
        RETURN QUERY SELECT 'i. aidlink.link_source, one run',
            CASE WHEN s.rows_read IS NULL AND s.source = 'cluster_outside_persons' THEN 'then aidlink.cluster_outside_persons()' ELSE s.source END,
            bench.fmt_ms(t),
            bench.fmt_ms(CASE WHEN cpu THEN s.ms ELSE s.cpu_ms END),
            CASE WHEN s.rows_read > 0 THEN bench.fmt_n((s.rows_read / (t / 1000))::numeric) || ' rows/s' ELSE '' END,
            '', CASE WHEN s.status = 'ok' THEN '' ELSE 'FAILED' END,
            concat_ws('; ', CASE WHEN s.rows_read IS NOT NULL THEN bench.fmt_n(s.rows_read) || ' rows' END,
                      CASE WHEN s.status <> 'ok' THEN s.status END,
                      (SELECT string_agg(format('%s%s %s', m.method, CASE WHEN m.status = 'accepted' OR m.method = 'unresolved' THEN '' ELSE ' (' || m.status || ')' END,
                                                bench.fmt_n(m.n)), ', '
                                         ORDER BY array_position(ARRAY['exact', 'normalised', 'legacy', 'repaired', 'probabilistic', 'unresolved'], m.method), m.status)
                       FROM bench.lk_method m WHERE m.source = s.source));
    END LOOP;
    SELECT sum(CASE WHEN cpu THEN cpu_ms ELSE ms END), sum(ms), sum(cpu_ms), sum(rows_read)
    INTO tot_ms, tot_wall, tot_cpu, tot_rows FROM bench.lk_source;
    -- linear in people: a lower bound when the run grows faster than its rows
    x := tot_wall / 1000 * target_people / people;
    xc := tot_cpu / 1000 * target_people / people;
    RETURN QUERY SELECT 'i. aidlink.link_source, one run',
        format('the whole linkage (%s sources%s)', (SELECT count(*) FROM bench.lk_source WHERE source <> 'cluster_outside_persons'),
               CASE WHEN EXISTS (SELECT 1 FROM bench.lk_source WHERE source = 'cluster_outside_persons') THEN ' and the clusters' ELSE '' END),
        bench.fmt_ms(tot_ms), bench.fmt_ms(CASE WHEN cpu THEN tot_wall ELSE tot_cpu END),
        bench.fmt_n((tot_rows / (tot_ms / 1000))::numeric) || ' rows/s',
        '<= 60 s at 4.5M people', bench.verdict(CASE WHEN cpu THEN xc ELSE x END <= 60),
        format('%s rows of %s people; scaled linearly to %s people (~%s rows): %s s on CPU, %s s wall (%s the target)%s',
               bench.fmt_n(tot_rows), bench.fmt_n(people), bench.fmt_n(target_people),
               bench.fmt_n(round(tot_rows::numeric * target_people / people, -5)),
               bench.fmt_n(round(xc::numeric)), bench.fmt_n(round(x::numeric)),
               CASE WHEN least(x, xc) <= 60 THEN 'within' ELSE bench.fmt_x(least(x, xc) / 60) || ' to ' || bench.fmt_x(greatest(x, xc) / 60) END,
               CASE WHEN (SELECT bool_and(status = 'ok') FROM bench.lk_source) THEN '' ELSE '; SOME SOURCES FAILED' END);
    RETURN QUERY SELECT 'i. aidlink.link_source, one run', 'peak memory of the backend',
        bench.fmt_bytes(bench.fact_of('linkage', 'backend', 'VmHWM_kB')::bigint * 1024), '', '', '', '',
        format('VmHWM of /proc/<pid>/status: every page the backend touched, shared buffers included; its private memory (RssAnon, sampled every 0.1 s from outside) peaked at %s, shared pages at %s',
               coalesce(bench.fmt_bytes(bench.fact_of('linkage', 'backend', 'RssAnon_peak_kB')::bigint * 1024), 'n/a'),
               coalesce(bench.fmt_bytes(bench.fact_of('linkage', 'backend', 'RssShmem_peak_kB')::bigint * 1024), 'n/a'));

    -- aidlink's steps (wall clock, from the server log), over all sources
    IF EXISTS (SELECT 1 FROM bench.lk_step) THEN
        FOR s IN SELECT x.step, coalesce(sum(st.ms), 0) AS ms
                 FROM unnest(ARRAY['read', 'numbers', 'repair', 'probabilistic', 'persons']) WITH ORDINALITY x(step, o)
                 LEFT JOIN bench.lk_step st ON st.step = x.step
                 GROUP BY x.step, x.o ORDER BY x.o LOOP
            rows_in := CASE s.step WHEN 'read' THEN tot_rows WHEN 'numbers' THEN tot_rows
                                   WHEN 'repair' THEN bench.fact_of('linkage', 'aidlink', 'rows_repair_step')::bigint
                                   WHEN 'probabilistic' THEN bench.fact_of('linkage', 'aidlink', 'rows_probabilistic_step')::bigint
                                   WHEN 'persons' THEN bench.fact_of('linkage', 'city', 'register_rows')::bigint END;
            RETURN QUERY SELECT 'i. aidlink steps, all sources (wall)', s.step, bench.fmt_ms(s.ms), '',
                to_char(100 * s.ms / tot_wall, 'FM990.0') || '% of the run', '', '',
                CASE WHEN s.ms > 0 THEN format('%s rows in, %s rows/s', bench.fmt_n(rows_in), bench.fmt_n((rows_in / (s.ms / 1000))::numeric)) ELSE '' END
                || CASE s.step WHEN 'read' THEN ' (the row key and linked columns of each table into a work table)'
                               WHEN 'numbers' THEN ' (exact, normalised and legacy in one INSERT, with the name and birth-date check)'
                               WHEN 'repair' THEN ' (rows with an invalid number or one outside the reference)'
                               WHEN 'probabilistic' THEN ' (rows that reach aidlink.link_by_evidence, with m and u estimation)'
                               WHEN 'persons' THEN ' (the reference: aidlink.persons with folded names and readings)' ELSE '' END;
        END LOOP;
        st_wall := (SELECT sum(ms) FROM bench.lk_step) + coalesce((SELECT ms FROM bench.lk_source WHERE source = 'cluster_outside_persons'), 0);
        IF EXISTS (SELECT 1 FROM bench.lk_source WHERE source = 'cluster_outside_persons') THEN
            RETURN QUERY SELECT 'i. aidlink steps, all sources (wall)', 'clusters', bench.fmt_ms(c.ms), '',
                to_char(100 * c.ms / tot_wall, 'FM990.0') || '% of the run', '', '',
                'aidlink.cluster_outside_persons(): persons outside the reference, connected components'
            FROM bench.lk_source c WHERE c.source = 'cluster_outside_persons';
        END IF;
        RETURN QUERY SELECT 'i. aidlink steps, all sources (wall)', 'everything else', bench.fmt_ms(tot_wall - st_wall), '',
            to_char(100 * (tot_wall - st_wall) / tot_wall, 'FM990.0') || '% of the run', '', '',
            'statements under 50 ms, checks, ANALYZE, link history, households and contacts';
    END IF;

    -- the biggest statements inside the run (nested ones are part of their step)
    RETURN QUERY SELECT 'i. biggest statements of the run (wall)', n.q, bench.fmt_ms(n.ms), '',
        to_char(100 * n.ms / tot_wall, 'FM990.0') || '% of the run', '', '',
        format('%s executions of 50 ms or more', n.statements)
    FROM bench.lk_nested n ORDER BY n.ms DESC LIMIT 8;

    -- j. each method against what a DBA would write (wall clock both sides)
    FOR s IN SELECT * FROM (VALUES
            (1, 'j. exact / normalised / legacy (wall)', 'numbers', 'a_exact', 'upper(trim(sfzh)) = register number', 'aidlink exact'),
            (2, 'j. exact / normalised / legacy (wall)', 'numbers', 'b_normalised', 'regexp_replace(upper(translate(sfzh, full-width)), ''[^0-9X]'', '''') = register number', 'aidlink normalised'),
            (3, 'j. exact / normalised / legacy (wall)', 'numbers', 'c_legacy', '15 -> 18 digits in SQL (''19'' + check character), joined', 'aidlink legacy'),
            (4, 'j. repair (wall)', 'repair', 'd1_repair_levenshtein', 'levenshtein(number, register) <= 1 in the block of the first 6 digits', 'aidlink repaired@d1'),
            (5, 'j. repair (wall)', 'repair', 'd2_repair_trgm', 'pg_trgm number % register number (GIN), most similar', NULL),
            (6, 'j. no number (wall)', 'probabilistic', 'e1_prob_trgm', 'same birth date, pg_trgm similarity(name) > 0.5, most similar', 'aidlink probabilistic@e1'),
            (7, 'j. no number (wall)', 'probabilistic', 'e2_prob_levenshtein', 'same birth date, levenshtein(name) <= 1, nearest', NULL)
        ) v(o, grp, step, alt, what, aid) ORDER BY o LOOP
        step_ms := (SELECT sum(ms) FROM bench.lk_step st WHERE st.step = s.step AND st.source <> ref);
        IF s.o IN (1, 4, 6) AND step_ms IS NULL THEN
            RETURN QUERY SELECT s.grp, format('aidlink %s step (inside link_source, 11 sources)', s.step), 'n/a', '', '', '', '',
                'not timed: the run was made with --no-link-steps; quality: ' ||
                CASE s.step WHEN 'numbers' THEN 'exact ' || bench.lk_pr('aidlink exact')
                            WHEN 'repair' THEN 'repaired ' || bench.lk_pr('aidlink repaired')
                            ELSE 'probabilistic ' || bench.lk_pr('aidlink probabilistic') END;
        ELSIF s.o IN (1, 4, 6) THEN
            rows_in := CASE s.step WHEN 'numbers' THEN dept
                                   WHEN 'repair' THEN bench.fact_of('linkage', 'aidlink', 'rows_repair_step')::bigint
                                   ELSE bench.fact_of('linkage', 'aidlink', 'rows_probabilistic_step')::bigint END;
            RETURN QUERY SELECT s.grp, format('aidlink %s step (inside link_source, 11 sources)', s.step), bench.fmt_ms(step_ms), '', '1.00x', '', '',
                concat_ws('; ', CASE WHEN step_ms > 0 THEN format('%s rows in, %s rows/s', bench.fmt_n(rows_in), bench.fmt_n((rows_in / (step_ms / 1000))::numeric)) END,
                          CASE s.step WHEN 'numbers' THEN concat_ws('; ', 'exact: ' || bench.lk_pr('aidlink exact'),
                                                                   'normalised: ' || bench.lk_pr('aidlink normalised'),
                                                                   'legacy: ' || bench.lk_pr('aidlink legacy'))
                                      WHEN 'repair' THEN 'repaired: ' || bench.lk_pr('aidlink repaired') || '; on the rows of the DBA''s sample: ' || bench.lk_pr('aidlink repaired@d1')
                                      ELSE 'probabilistic: ' || bench.lk_pr('aidlink probabilistic') || '; on the rows of the DBA''s sample: ' || bench.lk_pr('aidlink probabilistic@e1')
                                           || '; of those, the rows with a birth date: ' || bench.lk_r('aidlink probabilistic@birth') END);
        END IF;
        SELECT * INTO b FROM bench.best WHERE section = 'linkage_alt' AND label = s.alt;
        CONTINUE WHEN b.label IS NULL;
        rows_in := coalesce(bench.fact_of('linkage', s.alt, 'rows_todo')::bigint, dept);
        t := b.wall_ms * rows_in / b.nrows;
        RETURN QUERY SELECT s.grp, s.alt || ': ' || s.what, bench.fmt_ms(t),
            CASE WHEN b.nrows < rows_in THEN '' ELSE bench.fmt_ms(b.cpu_ms) END,
            CASE WHEN NOT step_ms > 0 THEN ''
                 WHEN t >= step_ms THEN bench.fmt_x(t / step_ms) || ' (DBA slower)'
                 ELSE bench.fmt_x(step_ms / t) || ' (aidlink slower)' END, '', '',
            concat_ws('; ',
                format('%s rows in, %s rows/s', bench.fmt_n(rows_in), bench.fmt_n((b.nrows / (b.wall_ms / 1000))::numeric)),
                CASE WHEN b.nrows < rows_in THEN format('measured on %s of the rows (%s, %s on CPU) and scaled', bench.fmt_n(b.nrows),
                                                        bench.fmt_ms(b.wall_ms), bench.fmt_ms(b.cpu_ms)) END,
                bench.lk_pr(s.alt) || CASE WHEN b.nrows < rows_in THEN ' (on those rows)' ELSE '' END,
                CASE WHEN s.step = 'probabilistic' THEN 'on the rows with a birth date: ' || bench.lk_r(s.alt || '@birth') END);
    END LOOP;
    IF bench.fact_of('linkage', 'd2_repair_trgm', 'index_ms') IS NOT NULL THEN
        RETURN QUERY SELECT 'j. repair (wall)', 'd2 needs: GIN (num gin_trgm_ops) on the register',
            bench.fmt_ms(bench.fact_of('linkage', 'd2_repair_trgm', 'index_ms')::float8), '', '', '', '',
            'build time, not counted above; ' || bench.fmt_bytes(bench.fact_of('linkage', 'd2_repair_trgm', 'index_bytes')::bigint);
    END IF;

    -- k. overall quality
    RETURN QUERY SELECT 'k. quality, all departmental rows', 'aidlink, all accepted links', '', '', '', '', '',
        bench.lk_pr('aidlink all') || format('; %s rows in review, %s unresolved',
            bench.fmt_n((SELECT sum(n) FROM bench.lk_method WHERE status = 'review')),
            bench.fmt_n((SELECT sum(n) FROM bench.lk_method WHERE status = 'unresolved')));
END
$$;
