--
-- Record linkage: reading typed numbers and evidence, registering sources
-- (every error), a run on a small city, its report, review, explanations,
-- households and a re-run.
--
SET search_path = public, aidlink;

-- How a number was typed
SELECT t AS typed, aidlink.resident_id_input_form(t) AS form
FROM (VALUES ('11010519491231002X'), ('11010519491231002x'), (' 110105 19491231 002X '),
             ('１１０１０５１９４９１２３１００２Ｘ'), ('110105491231002'), ('110105-491231-002'),
             ('110105194912310021'), (''), ('garbage')) v(t);
SELECT aidlink.resident_id_input_form(NULL) IS NULL AS null_gives_null;

-- Repair candidates: one wrong character, two swapped, full-width, legacy
SELECT candidate, edit FROM aidlink.resident_id_repair_candidates('110105194912310021');
SELECT candidate, edit FROM aidlink.resident_id_repair_candidates('110105194921310002X') LIMIT 3;
SELECT count(*) AS swapped_birth_day FROM aidlink.resident_id_repair_candidates('11010519491213002X');
SELECT count(*) AS candidates_of_swapped_order
FROM aidlink.resident_id_repair_candidates('11010519491231020X') WHERE candidate = '11010519491231002X';
SELECT count(*) AS full_width FROM aidlink.resident_id_repair_candidates('１１０１０５１９４９１２３１００２１');
SELECT count(*) > 0 AS legacy_has_candidates FROM aidlink.resident_id_repair_candidates('110105491231009');
SELECT count(*) AS letter_o_for_zero FROM aidlink.resident_id_repair_candidates('11O10519491231002X');
SELECT count(*) AS none_for FROM (VALUES (''), ('1234'), ('11010519491231002X0'), ('abc'), ('张伟'))
    v(t), aidlink.resident_id_repair_candidates(t);
-- the valid number itself is never its own candidate
SELECT count(*) AS self FROM aidlink.resident_id_repair_candidates('11010519491231002X')
WHERE candidate = '11010519491231002X';

-- Typed birth dates and sexes
SELECT t AS typed, aidlink.to_birth_date(t) AS birth_date
FROM (VALUES ('19900506'), ('1990-05-06'), ('1990/5/6'), ('1990.05.06'), ('1990年5月6日'),
             ('１９９０－０５－０６'), (' 1990-5-6 '), ('1990-02-29'), ('1992-02-29'), ('19901306'),
             ('1799-12-31'), ('1990-5'), ('90-05-06'), ('1990-05-06 10:00'), ('199005061'),
             (''), ('garbage'), ('1990--05-06'), ('-1990-05-06')) v(t);
SELECT t AS typed, aidlink.to_sex(t) AS sex
FROM (VALUES ('男'), ('女'), ('M'), ('f'), ('Ｍ'), ('1'), ('2'), ('male'), ('Female'), (' 男 '),
             ('0'), ('9'), (''), ('未知')) v(t);

-- A small city: a reference register and one department
CREATE TABLE hukou (id serial PRIMARY KEY, sfzh text, xm text, csrq date, xb text, hh text, dh text);
INSERT INTO hukou (sfzh, xm, csrq, xb, hh, dh) VALUES
 ('442000198003041239', '张伟', '1980-03-04', '男', 'H1', '13800000001'),
 ('442000198205061246', '李娜', '1982-05-06', '女', 'H1', NULL),
 ('442000199001023314', '王芳', '1990-01-02', '男', 'H2', NULL),
 ('442000197007084418', '陈明', '1970-07-08', '男', 'H3', NULL),
 ('442000197007084434', '陈敏', '1970-07-08', '男', 'H3', NULL),
 ('442000197007084450', '陈铭', '1970-07-08', '男', 'H4', NULL),
 ('442000200011112228', '刘洋', '2000-11-11', '女', 'H5', NULL),
 ('442000199001023330', '赵磊', '1990-01-02', '男', 'H6', NULL),
 ('bad number', '错号', NULL, NULL, 'H7', NULL);
CREATE TABLE dept (case_no text, sfzh text, xm text, csrq text, xb text, dh text);
INSERT INTO dept VALUES
 ('a', '442000198003041239', '张伟', '19800304', '男', NULL),          -- exact
 ('b', '442000198205061246 ', '李娜', NULL, NULL, NULL),             -- normalised (space)
 ('c', '442000700708441', '陳明', '1970-07-08', NULL, NULL),          -- legacy, variant name
 ('d', '442000199001023914', '王芳', '1990/1/2', NULL, NULL),         -- repaired (check digit)
 ('e', NULL, '章伟', '1980年3月4日', '男', '13800000001'),            -- probabilistic
 ('f', '', '无名', NULL, NULL, NULL),                                -- unresolved
 ('g', '11010519491231002X', '外来人', '1949-12-31', NULL, NULL),    -- outside the reference
 ('h', '442000198003041239', '李四', NULL, NULL, NULL),              -- the name disagrees
 ('i', '442000197007084419', '陈明', '1970-07-08', NULL, NULL),      -- wrong check character
 ('j', '442000197007084415', '陈铭', NULL, NULL, NULL),              -- wrong check; the name is a namesake's
 ('k', '４４２０００２０００１１１１２２２８', '刘洋', NULL, NULL, NULL), -- normalised (full width)
 ('l', NULL, NULL, NULL, NULL, NULL);                                -- no evidence

-- Registration errors: each names the source and the column; nothing is written
CREATE SEQUENCE not_a_table;
CREATE INDEX dept_case_no ON dept (case_no);
CREATE TABLE with_json (k json, sfzh text);
CREATE TABLE typed_wrong (k int PRIMARY KEY, sfzh int, xm int, csrq boolean, xb date);
SELECT * FROM public.try($$SELECT (aidlink.register_source('seq', 'not_a_table', 'k', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('idx', 'dept_case_no', 'case_no', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'no_such_table', 'case_no', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'dept', 'case_number', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'dept', 'case_no', 'sfzh', name_column => 'name')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('js', 'with_json', 'k', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('tw', 'typed_wrong', 'k', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('tw', 'typed_wrong', 'k', NULL, 'xm')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('tw', 'typed_wrong', 'k', NULL, NULL, 'csrq')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('tw', 'typed_wrong', 'k', NULL, NULL, NULL, 'xb')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('Dept', 'dept', 'case_no', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('', 'dept', 'case_no', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source(NULL, 'dept', 'case_no', 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'dept', NULL, 'sfzh')$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'dept', 'case_no', NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.register_source('dept', 'dept', 'case_no', NULL, 'xm', is_reference => true)$$);
SELECT * FROM public.try($$SELECT aidlink.unregister_source('nobody')$$);
SELECT count(*) AS sources_after_errors FROM aidlink.link_sources;

-- A run before there is a reference, and of an unknown source
SELECT (aidlink.register_source('dept', 'dept', 'case_no', 'sfzh', 'xm', 'csrq', 'xb', 'dh')).source_name AS registered;
SELECT * FROM public.try($$SELECT aidlink.link_source('dept')$$);
SELECT * FROM public.try($$SELECT aidlink.link_source('nobody')$$);

SELECT (aidlink.register_source('hukou', 'hukou', 'id', 'sfzh', 'xm', 'csrq', 'xb', 'dh',
                               household_column => 'hh', is_reference => true)).source_name AS registered;
SELECT * FROM public.try($$SELECT aidlink.register_source('other', 'dept', 'case_no', 'sfzh', is_reference => true)$$);
SELECT source_name, relation, row_key_column, id_column, name_column, birth_date_column,
       sex_column, phone_column, address_column, household_column, is_reference
FROM aidlink.link_sources ORDER BY source_name;
SELECT role, column_name, column_type, read_as FROM aidlink.source_columns(
    (SELECT s FROM aidlink.link_sources s WHERE source_name = 'dept'));

SET client_min_messages = warning;   -- the run's NOTICE lines carry timings
SELECT aidlink.link_source('hukou') AS run;
SELECT aidlink.link_source('dept') AS run;
RESET client_min_messages;

SELECT source_name, row_key, resident_id, method, status, reason, problem, detail, in_reference,
       round(match_probability::numeric, 4) AS probability, candidates
FROM aidlink.links ORDER BY source_name, row_key;
SELECT resident_id, name, birth_date, sex, household_no, phone, reference_row_key, name_folded, name_sound
FROM aidlink.persons ORDER BY resident_id;

-- The report, the review list, explanations, households
SELECT * FROM aidlink.link_report(2);
SELECT source_name, section, item, rows FROM aidlink.link_report() WHERE section IN ('method', 'status');
SELECT source_name, row_key, reason, detail, problem, method, candidates FROM aidlink.links_to_review ORDER BY row_key;
SELECT step, field, row_value, person_value, level, m, u,
       round(partial_weight::numeric, 3) AS partial_weight, round(tf_adjustment::numeric, 3) AS tf,
       round(total_weight::numeric, 3) AS total_weight, round(match_probability::numeric, 6) AS probability
FROM aidlink.explain_link('dept', 'e');
SELECT step, field, row_value, person_value, level FROM aidlink.explain_link('dept', 'd');
SELECT step, field, row_value, person_value, level FROM aidlink.explain_link('dept', 'l');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('dept', 'zz')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('nobody', 'a')$$);
SELECT * FROM aidlink.households ORDER BY household_no;
SELECT aidlink.person_household('442000198003041239') AS household,
       aidlink.person_household('11010519491231002X') AS outside;

-- A re-run with nothing changed links nothing again
SET client_min_messages = warning;
SELECT aidlink.link_source('dept') AS run;
RESET client_min_messages;
SELECT run_id, source_name, full_run, rows_read, rows_linked, rows_unchanged, links_new, links_changed, links_removed
FROM aidlink.link_runs ORDER BY run_id;

-- A month later: a row changed, one removed, one added
UPDATE dept SET sfzh = '442000198205061246', xm = '李娜' WHERE case_no = 'h';
DELETE FROM dept WHERE case_no = 'g';
INSERT INTO dept VALUES ('m', '442000200011112228', '刘洋', NULL, NULL, NULL);
SET client_min_messages = warning;
SELECT aidlink.link_source('dept') AS run;
RESET client_min_messages;
SELECT run_id, source_name, row_key, change, old_resident_id, new_resident_id, old_method, new_method,
       old_status, new_status
FROM aidlink.link_changes ORDER BY run_id, row_key;
SELECT run_id, rows_read, rows_linked, rows_unchanged, links_new, links_changed, links_removed
FROM aidlink.link_runs WHERE run_id = 4;

-- Bad row keys: duplicates and NULLs stop the run, and nothing is written
CREATE VIEW dept_dup AS SELECT * FROM dept UNION ALL SELECT * FROM dept WHERE case_no = 'a';
CREATE VIEW dept_null AS SELECT NULLIF(case_no, 'b') AS case_no, sfzh, xm FROM dept;
SELECT (aidlink.register_source('dup', 'dept_dup', 'case_no', 'sfzh')).source_name AS registered;
SELECT (aidlink.register_source('nul', 'dept_null', 'case_no', 'sfzh', 'xm')).source_name AS registered;
SELECT * FROM public.try($$SELECT aidlink.link_source('dup')$$);
SELECT * FROM public.try($$SELECT aidlink.link_source('nul')$$);
SELECT count(*) AS links_of_bad_sources FROM aidlink.links WHERE source_name IN ('dup', 'nul');
SELECT count(*) AS runs_of_bad_sources FROM aidlink.link_runs WHERE source_name IN ('dup', 'nul');

-- Persons outside the reference, clustered across sources
SELECT aidlink.cluster_outside_persons() AS clusters;
SELECT source_name, row_key, cluster_key FROM aidlink.person_clusters ORDER BY source_name, row_key;
SELECT cluster_key, rows, sources, resident_id, name, birth_date FROM aidlink.outside_persons ORDER BY cluster_key;
SELECT * FROM aidlink.connected_components('{1,2,5,7,9}', '{2,3,6,NULL,9}') ORDER BY node;
SELECT * FROM aidlink.connected_components('{}', '{}');
SELECT * FROM public.try($$SELECT * FROM aidlink.connected_components('{1,2}', '{1}')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.connected_components('{{1,2}}', '{{1,2}}')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.connected_components(NULL, '{1}')$$);

SELECT aidlink.unregister_source('dup'), aidlink.unregister_source('nul');
DROP VIEW dept_dup, dept_null;

-- A re-run reads the source once in C (aidlink.link_stage_changed_rows) and
-- stages only new and changed rows: a key that has become duplicated or NULL
-- since the last run still stops it, and nothing is written
CREATE TABLE dept_later (case_no text, sfzh text, xm text);
INSERT INTO dept_later SELECT case_no, sfzh, xm FROM dept WHERE case_no IN ('a', 'b', 'c');
SELECT (aidlink.register_source('later', 'dept_later', 'case_no', 'sfzh', 'xm')).source_name AS registered;
SET client_min_messages = warning;
SELECT aidlink.link_source('later') > 0 AS first_run;
INSERT INTO dept_later VALUES ('a', '442000198205061246', '李娜');
SELECT * FROM public.try($$SELECT aidlink.link_source('later')$$);
DELETE FROM dept_later WHERE sfzh = '442000198205061246';
INSERT INTO dept_later VALUES (NULL, '442000198205061246', '李娜');
SELECT * FROM public.try($$SELECT aidlink.link_source('later')$$);
DELETE FROM dept_later WHERE case_no IS NULL;
UPDATE dept_later SET xm = '王五' WHERE case_no = 'c';
SELECT aidlink.link_source('later') > 0 AS second_run;
RESET client_min_messages;
SELECT rows_read, rows_linked, rows_unchanged, links_new, links_changed, links_removed
FROM aidlink.link_runs WHERE source_name = 'later' ORDER BY run_id;
SELECT aidlink.unregister_source('later');
DROP TABLE dept_later;
-- The row hash: the values as stored, NULLs and order included; the filter
-- of a re-run's read query works only inside aidlink.link_stage_changed_rows
SELECT aidlink.link_row_hash('张伟'::text, NULL::date) = aidlink.link_row_hash('张伟'::text, NULL::date) AS same,
       aidlink.link_row_hash('张伟'::text, NULL::date) <> aidlink.link_row_hash(NULL::text, '张伟'::text) AS order_counts,
       aidlink.link_row_hash('ab'::text, 'c'::text) <> aidlink.link_row_hash('a'::text, 'bc'::text) AS lengths_count,
       aidlink.link_row_hash(1::smallint) <> aidlink.link_row_hash(2::smallint) AS small_values,
       aidlink.link_row_hash(repeat('长', 5000)) <> aidlink.link_row_hash(repeat('长', 4999) || '短') AS long_values;
SELECT * FROM public.try($$SELECT aidlink.link_row_hash(VARIADIC ARRAY['a', 'b'])$$);
SELECT * FROM public.try($$SELECT aidlink.link_stage_wanted('a', 1)$$);

-- A column dropped after registration is named at the next run
ALTER TABLE dept DROP COLUMN dh;
SELECT * FROM public.try($$SELECT aidlink.link_source('dept')$$);
SELECT source_name FROM aidlink.link_sources ORDER BY 1;

-- The evidence helpers (C): what a wrong number still says, how alike two
-- birth dates and two names are
SELECT t AS typed, aidlink.resident_id_is_number_shaped(t) AS shaped,
       aidlink.resident_id_typed_birth_date(t) AS birth_date, aidlink.resident_id_typed_sex(t) AS sex,
       aidlink.resident_id_typed_distance(t, '11010519491231002X') AS distance
FROM (VALUES ('11010519491231002X'), ('11010519491231002x'), ('１１０１０５１９４９１２３１００２ｘ'),
             ('110105-19491231-002X'), ('''11010519491231002X'), ('11010519491231020X'),
             ('11010591491231002X'), ('11010519491331002X'), ('110105491231002'), ('110105491231003'),
             ('1101051949123100'), ('1101051949123100212'), ('无'), (''), ('１１０１０５１９４９１２３１００２中'),
             ('X1010519491231002X')) v(t);
SELECT aidlink.resident_id_typed_distance('110105000101002', aidlink.resident_id_from_parts('110105', date '2000-01-01', 2)) AS no_legacy_form,
       aidlink.resident_id_typed_birth_date(NULL) IS NULL AS strict;
SELECT a, b, aidlink.birth_date_comparison_level(a, b) AS level
FROM (VALUES (date '1990-05-06', date '1990-05-06'), ('1990-05-06', '1990-05-08'), ('1990-12-03', '1990-12-30'),
             ('1990-05-06', '1909-05-06'), ('1990-05-06', '1990-06-05'), ('1990-05-16', '1990-06-15'),
             ('1990-01-01', '1989-12-31'), ('1990-05-06', 'infinity'), ('-infinity', '-infinity'),
             ('10000-01-01', '10000-01-02'), ('0900-01-01', '0900-01-02'), (NULL, '1990-05-06')) v(a, b);
SELECT a, b, aidlink.link_names_agree(a, b) AS agree, aidlink.link_names_agree(a, b, false) AS without_homophones
FROM (VALUES ('张伟', '张伟'), ('張偉', '张伟'), ('张 伟', '张伟'), ('章伟', '张伟'), ('张玮', '张伟'),
             ('张伟伟', '张伟'), ('买买提·艾力', '买买提艾力'), ('买买提.艾力', '买买提•艾力'),
             ('买买提-艾力', '买买提艾力'), ('（张伟）', '张伟'), ('', '张伟'), ('', ''), (' ', '·'),
             ('张伟', NULL)) v(a, b);

-- The shipped thresholds stay as shipped; later rows override them
SELECT * FROM public.try($$UPDATE aidlink.link_thresholds SET accept_probability = 0.995 WHERE effective_from = '2000-01-01'$$);
SELECT * FROM public.try($$DELETE FROM aidlink.link_thresholds$$);
SELECT effective_from, accept_probability, review_probability FROM aidlink.link_thresholds ORDER BY 1;
-- The shipped match weights are a function; the table holds what runs made of them
SELECT count(*) AS levels, count(DISTINCT field) AS fields FROM aidlink.match_weight_defaults();
SELECT count(*) = 0 AS none_missing FROM aidlink.match_weight_defaults() d
WHERE NOT EXISTS (SELECT 1 FROM aidlink.match_weights w WHERE w.field = d.field AND w.level = d.level);
SELECT a, b, aidlink.address_comparison_level(a, b) AS level
FROM (VALUES ('广东省中山市石岐区孙文中路1号', '广东省中山市石岐区孙文中路1号'), ('广东省中山市 石岐区', '廣東省中山市石岐區'),
             ('广东省中山市石岐区孙文中路1号', '广东省中山市石岐区孙文中路3号'), ('广东省中山市石岐区', '北京市东城区'),
             ('', ''), ('', '北京'), (' ', '　'), (NULL, '北京')) v(a, b);

-- The number step of a first run is written in bulk, in C
-- (aidlink.link_numbers_in_bulk, from the staged rows of pg_temp.al_stage);
-- with an insert trigger on aidlink.links it declines (NULL) and the run uses
-- one INSERT instead.  Both write the same links.
CREATE TEMP TABLE al_stage AS
SELECT case_no AS row_key, sfzh AS typed, xm AS name, aidlink.to_birth_date(csrq) AS birth_date,
       aidlink.to_sex(xb) AS sex, NULL::text AS phone, NULL::text AS address, NULL::text AS household,
       length(case_no)::bigint AS row_hash
FROM dept
UNION ALL
SELECT v.k, v.t, v.n, v.b::date, NULL, NULL, NULL, NULL, 0
FROM (VALUES ('x1', '442000198003041239', '李四', NULL),                -- the name disagrees
             ('x2', '442000198003041239', '张伟', '1950-01-01'),        -- the birth date disagrees
             ('x3', '442000198003041239', '张伟', '1980-03-14'),        -- one digit off: agrees
             ('x4', '11010519491231002X', '外来人', NULL),              -- outside the reference
             ('x5', '4420001980030412', '张伟', NULL),                  -- too short
             ('x6', '   ', NULL, NULL),                                  -- blank
             ('x7', '442000198003041239', NULL, NULL)) v(k, t, n, b);
SELECT aidlink.link_numbers_in_bulk('direct', 0, false, 'direct step', 0) AS written;
SELECT row_key, resident_id, method, status, reason, problem, detail, in_reference,
       match_weight, match_probability, candidates, row_hash, run_id
FROM aidlink.links WHERE source_name = 'direct' ORDER BY row_key;
SELECT * FROM public.try($$SELECT aidlink.link_numbers_in_bulk('direct', 0, false, 'direct step', 0)$$);
DELETE FROM aidlink.links WHERE source_name = 'direct';
CREATE FUNCTION public.links_noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE TRIGGER links_noop AFTER INSERT ON aidlink.links
    FOR EACH STATEMENT EXECUTE FUNCTION public.links_noop();
SELECT aidlink.link_numbers_in_bulk('direct', 0, false, 'direct step', 0) IS NULL AS declined;
DROP TABLE al_stage;
SELECT (aidlink.register_source('dept_bulk', 'dept', 'case_no', 'sfzh', 'xm', 'csrq', 'xb')).source_name AS registered,
       (aidlink.register_source('dept_sql', 'dept', 'case_no', 'sfzh', 'xm', 'csrq', 'xb')).source_name AS registered;
SET client_min_messages = warning;
SELECT aidlink.link_source('dept_sql') > 0 AS linked_by_sql;
DROP TRIGGER links_noop ON aidlink.links;
SELECT aidlink.link_source('dept_bulk') > 0 AS linked_in_bulk;
RESET client_min_messages;
WITH b AS (SELECT row_key, resident_id, method, status, reason, problem, detail, in_reference,
                  match_weight, match_probability, candidates, row_hash
           FROM aidlink.links WHERE source_name = 'dept_bulk'),
     s AS (SELECT row_key, resident_id, method, status, reason, problem, detail, in_reference,
                  match_weight, match_probability, candidates, row_hash
           FROM aidlink.links WHERE source_name = 'dept_sql')
SELECT (SELECT count(*) FROM b) AS bulk_links, (SELECT count(*) FROM s) AS sql_links,
       (SELECT count(*) FROM (TABLE b EXCEPT TABLE s) x) AS only_bulk,
       (SELECT count(*) FROM (TABLE s EXCEPT TABLE b) x) AS only_sql;
SELECT aidlink.unregister_source('dept_bulk'), aidlink.unregister_source('dept_sql');
DROP FUNCTION public.links_noop();
