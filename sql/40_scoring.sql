--
-- Weighted data-overlap scoring: signals as data (every error, nothing
-- changed), conditions that cannot inject, a month's scores on real links,
-- the candidate list, alerts, explanations and month-over-month changes.
-- All in one transaction, rolled back: the other files' sources stay as they
-- were.
--
SET search_path = public, aidlink;
BEGIN;
SET client_min_messages = warning;
SELECT aidlink.unregister_source(source_name) FROM aidlink.link_sources ORDER BY is_reference, source_name;
RESET client_min_messages;
-- current members need a reference source
SELECT * FROM public.try($$SELECT aidlink.define_current_members('zt = ''x''')$$);

-- A small town: six households in the register, medical claims, dangerous
-- houses and the civil-affairs roll.
CREATE TABLE sc_register (id int PRIMARY KEY, sfzh text, xm text, csrq date, hh text);
INSERT INTO sc_register
SELECT i, aidlink.resident_id_from_parts('442000', d, 10 + 2 * i)::text, n, d, h
FROM (VALUES (1, '张伟', '1970-01-05'::date, 'A'), (2, '李娜', '1972-03-04', 'A'), (3, '张浩', '2005-06-07', 'A'),
             (4, '陈明', '1950-02-02', 'B'), (5, '陈芳', '1952-08-08', 'B'),
             (6, '王强', '1960-09-09', 'C'),
             (7, '刘洋', '1985-10-10', 'D'), (8, '刘丽', '1987-11-11', 'D'),
             (9, '赵磊', '1990-12-12', 'E'),
             (10, '黄敏', '1975-04-04', 'F')) v(i, n, d, h);
CREATE TABLE sc_claims (claim_id bigint PRIMARY KEY, sfzh text, xm text, visit_date date, self_paid numeric(12,2), note text);
INSERT INTO sc_claims
SELECT c, (SELECT sfzh FROM sc_register WHERE id = p), (SELECT xm FROM sc_register WHERE id = p), d, amt, 'ward 3'
FROM (VALUES (1, 1, '2025-06-03'::date, 6000), (2, 1, '2025-01-10', 5000),   -- A: 11,000 in 12 months
             (3, 2, '2025-05-20', 3500),                                    -- A: 3,500
             (4, 3, '2023-01-01', 90000),                                   -- A: too long ago
             (5, 4, '2025-06-15', 60000),                                   -- B: a big bill in June
             (6, 6, '2025-03-03', 30000),                                   -- C: on the roll
             (7, 7, '2025-06-28', 1500),                                    -- D: below the threshold amount
             (8, 9, '2024-07-15', 25000)) v(c, p, d, amt);                   -- E: out of June's window
CREATE TABLE sc_houses (fwbh bigint PRIMARY KEY, hzsfzh text, hzxm text, jddj text, jdrq date);
INSERT INTO sc_houses
SELECT f, (SELECT sfzh FROM sc_register WHERE id = p), (SELECT xm FROM sc_register WHERE id = p), g, '2024-05-05'
FROM (VALUES (1, 1, 'D级'), (2, 4, 'C级'), (3, 7, 'B级'), (4, 9, 'D级')) v(f, p, g);
CREATE TABLE sc_roll (id bigint PRIMARY KEY, sfzh text, xm text, bzlb text, zt text);
INSERT INTO sc_roll
SELECT r, (SELECT sfzh FROM sc_register WHERE id = p), (SELECT xm FROM sc_register WHERE id = p), b, z
FROM (VALUES (1, 6, '特困', '在保'), (2, 9, '低收入', '在保'), (3, 10, '低保', '停保')) v(r, p, b, z);

SET client_min_messages = warning;
SELECT count(*) AS registered FROM (VALUES
    (aidlink.register_source('sc_register', 'sc_register', 'id', 'sfzh', 'xm', 'csrq', household_column => 'hh', is_reference => true)),
    (aidlink.register_source('sc_claims', 'sc_claims', 'claim_id', 'sfzh', 'xm')),
    (aidlink.register_source('sc_houses', 'sc_houses', 'fwbh', 'hzsfzh', 'hzxm')),
    (aidlink.register_source('sc_roll', 'sc_roll', 'id', 'sfzh', 'xm'))) v(s);
SELECT count(aidlink.link_source(s)) AS runs FROM unnest('{sc_register,sc_claims,sc_houses,sc_roll}'::text[]) s;
RESET client_min_messages;
SELECT source_name, status, count(*) FROM aidlink.links GROUP BY 1, 2 ORDER BY 1, 2;

-- Conditions: parsed into clauses, checked against the columns and types
SELECT aidlink.parse_signal_condition('sc_houses', $$jddj IN ('C级', 'D级')$$) AS clauses;
SELECT aidlink.parse_signal_condition('sc_claims', $$self_paid >= 2000 and note <> 'it''s' AND visit_date is not null$$) AS clauses;
SELECT aidlink.parse_signal_condition('sc_claims', '') AS every_row;
SELECT aidlink.parse_signal_condition('sc_claims', 'self_paid>=2000') AS no_spaces;
-- a value that looks like SQL stays a value, and reaches the query as a parameter
SELECT aidlink.parse_signal_condition('sc_houses', $$jddj = 'x'' OR true --'$$) AS clauses;
SELECT fragment, values_out FROM aidlink.signal_condition_sql('sc_houses',
    aidlink.parse_signal_condition('sc_houses', $$jddj = 'x'' OR true --' AND fwbh NOT IN (1, 2) AND jdrq IS NULL$$), 1, '{}');
-- what does not parse, and what the source does not have
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', 'jddj ~ 1')$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', 'jddj IN C级')$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', $q$jddj IN ('C级', 'D级'$q$)$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', $q$jddj = 'D级' OR jddj = 'C级'$q$)$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', 'jddj =')$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', $q$jddj = 'D级' AND$q$)$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_houses', 'rating = 1')$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_claims', 'self_paid >= lots')$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_claims', $q$visit_date > '2025-02-30'$q$)$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_claims', NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('sc_claims', repeat('a = 1 AND ', 500))$$);
SELECT * FROM public.try($$SELECT aidlink.parse_signal_condition('nobody', 'a = 1')$$);

-- Signals
SELECT signal_name, level, household_rule, conditions, date_column, look_back, intensity_column, alert
FROM (VALUES
    (aidlink.define_signal('medical_cost', 'sc_claims', '', 2.0, 'Out-of-pocket medical cost over 12 months, 2,000 to 20,000 yuan',
                           household_rule => 'max', date_column => 'visit_date', look_back => '12 months',
                           intensity_column => 'self_paid', intensity_from => 2000, intensity_to => 20000)),
    (aidlink.define_signal('dangerous_house', 'sc_houses', $$jddj IN ('C级', 'D级')$$, 1.5,
                           'Dangerous house appraised C or D', level => 'household')),
    (aidlink.define_signal('big_bill', 'sc_claims', 'self_paid >= 50000', 0,
                           'A single medical bill of 50,000 yuan or more this month', date_column => 'visit_date',
                           look_back => '1 month', alert => true))) v(s),
    LATERAL (SELECT (v.s).*) x;
SELECT * FROM aidlink.score_signal_weights ORDER BY signal_name;

-- Bad signals: each a clear error, and nothing changed
CREATE TEMP TABLE before AS SELECT (SELECT count(*) FROM aidlink.score_signals) AS signals,
                                   (SELECT count(*) FROM aidlink.score_signal_weights) AS weights;
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'nobody', '', 1, 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', 'jddj >> 1', 1, 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', 'grade = 1', 1, 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 'NaN', 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 'Infinity', 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', '-Infinity', 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', NULL, 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('dangerous_house', 'sc_houses', '', 1, 'again')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('Bad Name', 'sc_houses', '', 1, 'x')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, '  ')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', level => 'street')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', household_rule => 'avg')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', date_column => 'jdrq')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', date_column => 'jddj', look_back => '1 year')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', date_column => 'jdrq', look_back => '-1 year')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_houses', '', 1, 'x', date_column => 'jdrq', look_back => 'infinity')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_claims', '', 1, 'x', intensity_column => 'note', intensity_from => 0, intensity_to => 1)$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_claims', '', 1, 'x', intensity_column => 'self_paid', intensity_from => 5, intensity_to => 5)$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_claims', '', 1, 'x', intensity_column => 'self_paid')$$);
SELECT * FROM public.try($$SELECT aidlink.define_signal('x', 'sc_claims', '', 1, 'x', effective_from => 'infinity')$$);
SELECT * FROM public.try($$SELECT aidlink.set_signal_weight('nobody', 1, '2025-01-01')$$);
SELECT * FROM public.try($$SELECT aidlink.set_signal_weight('big_bill', 'NaN', '2025-01-01')$$);
SELECT * FROM public.try($$SELECT aidlink.drop_signal('nobody')$$);
SELECT (SELECT count(*) FROM aidlink.score_signals) = signals AND (SELECT count(*) FROM aidlink.score_signal_weights) = weights
       AS nothing_changed FROM before;

-- The roll: its values mapped to categories
SELECT * FROM public.try($$SELECT aidlink.define_assistance_roll('sc_roll', 'bzlb', '{"低保": "dibao"}')$$);
SELECT * FROM public.try($$SELECT aidlink.define_assistance_roll('sc_roll', 'category', '{"低保": "minimum_allowance"}')$$);
SELECT * FROM public.try($$SELECT aidlink.define_assistance_roll('sc_roll', 'bzlb', '[]')$$);
SELECT (aidlink.define_assistance_roll('sc_roll', 'bzlb',
        '{"低保": "minimum_allowance", "特困": "extreme_poverty", "低保边缘": "marginal", "低收入": "low_income"}',
        $$zt = '在保'$$)).condition_text;

-- Scoring May and June (a weight changed from June on)
SELECT (aidlink.set_signal_weight('dangerous_house', 1.0, '2025-06-01', 'lowered')).weight;
SELECT * FROM public.try($$CALL aidlink.score_month(NULL)$$);
SET client_min_messages = warning;
CALL aidlink.score_month('2025-05-17');
CALL aidlink.score_month('2025-06-01');
RESET client_min_messages;
SELECT month, as_of, settings, list_threshold, signals, weights, persons_signalled, households_scored,
       households_on_roll, households_listed, households_alerted
FROM aidlink.score_runs ORDER BY month;
SELECT month, resident_id, household_no, round(score::numeric, 3) AS score, signals, intensities
FROM aidlink.person_scores ORDER BY month, household_no, resident_id;
SELECT month, household_no, round(score::numeric, 3) AS score, signals,
       (SELECT array_agg(round(x::numeric, 3)) FROM unnest(intensities) x) AS intensities,
       alerts, category, on_roll, listed, list_rank
FROM aidlink.household_scores ORDER BY month, household_no;
SELECT * FROM aidlink.score_candidates('2025-06-30');
SELECT * FROM aidlink.score_alerts('2025-06-01');
SELECT signal_name, level, resident_id, source_name, row_keys, rows_counted, amount, weight,
       round(intensity::numeric, 4) AS intensity, round(contribution::numeric, 4) AS contribution, counted
FROM aidlink.explain_score('A', '2025-06-01');
SELECT signal_name, row_keys, round(contribution::numeric, 4) AS contribution FROM aidlink.explain_score('B', '2025-06-01');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_score('A', '2024-01-01')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_score('Z', '2025-06-01')$$);
SELECT * FROM aidlink.score_changes('2025-06-01');
SELECT * FROM aidlink.score_changes('2025-06-01', rise => 0.05);
SELECT * FROM public.try($$SELECT * FROM aidlink.score_changes('2025-05-01')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.score_changes('2025-06-01', rise => -1)$$);
-- a re-run replaces the month
SET client_min_messages = warning;
CALL aidlink.score_month('2025-06-01');
RESET client_min_messages;
SELECT count(*) AS households_in_june FROM aidlink.household_scores WHERE month = '2025-06-01';
-- The sources' step in C (aidlink.score_hits, the default) and by SQL
-- (aidlink.score_links_by_sql) give the same rows to the last bit
CREATE TEMP TABLE june_c AS SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01';
CREATE TEMP TABLE june_c_persons AS SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01';
SET aidlink.score_links_by_sql = on;
SET client_min_messages = warning;
CALL aidlink.score_month('2025-06-01');
RESET client_min_messages;
RESET aidlink.score_links_by_sql;
SELECT (SELECT count(*) FROM june_c) AS households, (SELECT count(*) FROM june_c_persons) AS persons,
       (SELECT count(*) FROM ((TABLE june_c EXCEPT SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01')
                              UNION ALL (SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01' EXCEPT TABLE june_c)) d)
         AS households_differ,
       (SELECT count(*) FROM ((TABLE june_c_persons EXCEPT SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01')
                              UNION ALL (SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01' EXCEPT TABLE june_c_persons)) d)
         AS persons_differ;
-- Links in review do not count (only accepted links do, in C and by SQL):
-- B's big bill, once its link waits for a person's decision, is no signal
UPDATE aidlink.links SET status = 'review', reason = 'name_disagrees' WHERE source_name = 'sc_claims' AND row_key = '5';
SET client_min_messages = warning;
CALL aidlink.score_month('2025-06-01');
SELECT 'C' AS way, household_no, round(score::numeric, 3) AS score, signals FROM aidlink.household_scores
WHERE month = '2025-06-01' AND household_no = 'B';
SET aidlink.score_links_by_sql = on;
CALL aidlink.score_month('2025-06-01');
RESET aidlink.score_links_by_sql;
SELECT 'SQL' AS way, household_no, round(score::numeric, 3) AS score, signals FROM aidlink.household_scores
WHERE month = '2025-06-01' AND household_no = 'B';
UPDATE aidlink.links SET status = 'accepted', reason = NULL WHERE source_name = 'sc_claims' AND row_key = '5';
CALL aidlink.score_month('2025-06-01');
RESET client_min_messages;
SELECT 'accepted again' AS way, household_no, round(score::numeric, 3) AS score, signals FROM aidlink.household_scores
WHERE month = '2025-06-01' AND household_no = 'B';
-- aidlink.score_hits is internal: not for PUBLIC, and it checks its arguments
SELECT NOT aclcontains(coalesce(p.proacl, acldefault('f', p.proowner)), makeaclitem(0, p.proowner, 'EXECUTE', false))
       AS public_cannot_execute_score_hits
FROM pg_proc p WHERE p.oid = 'aidlink.score_hits(text[], text[], text[])'::regprocedure;
SELECT * FROM public.try($$SELECT * FROM aidlink.score_hits('{sc_claims}', '{}', '{}')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.score_hits('{sc_claims}', ARRAY['SELECT 1'], '{}')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.score_hits(NULL, '{}', '{}')$$);
-- Current members: household A's members are all registered dead; once the
-- register status says which rows are current, A is reported apart, not listed
ALTER TABLE sc_register ADD COLUMN zt text NOT NULL DEFAULT '正常';
UPDATE sc_register SET zt = '死亡注销' WHERE hh = 'A';
SELECT * FROM public.try($$SELECT aidlink.define_current_members('')$$);
SELECT * FROM public.try($$SELECT aidlink.define_current_members(NULL)$$);
SELECT * FROM public.try($$SELECT aidlink.define_current_members('status = ''正常''')$$);
SELECT * FROM public.try($$SELECT aidlink.define_current_members('zt = ''正常'' OR true')$$);
SELECT count(*) AS conditions_after_errors FROM aidlink.current_member_conditions;
SELECT source_name, condition_text, conditions FROM aidlink.define_current_members($$zt = '正常'$$);
SET client_min_messages = warning;
CALL aidlink.score_month('2025-06-01');
RESET client_min_messages;
SELECT household_no, round(score::numeric, 3) AS score, on_roll, listed, list_rank, no_current_member
FROM aidlink.household_scores WHERE month = '2025-06-01' ORDER BY household_no;
SELECT households_listed, households_no_current_member FROM aidlink.score_runs WHERE month = '2025-06-01';
SELECT list_rank, household_no FROM aidlink.score_candidates('2025-06-01');
-- Calibration: its linear algebra, the ROC area, and what it refuses
SELECT aidlink.solve_linear_system('{2,1,1,3}', '{3,5}') AS x;
SELECT aidlink.solve_linear_system('{0,1,1,0}', '{2,3}') AS pivoted;
SELECT aidlink.solve_linear_system('{1,2,2,4}', '{1,2}') IS NULL AS singular;
SELECT * FROM public.try($$SELECT aidlink.solve_linear_system('{1,2,3}', '{1,2}')$$);
SELECT aidlink.roc_auc('{1,2,3,4}', '{f,f,t,t}') AS perfect, aidlink.roc_auc('{4,3,2,1}', '{f,f,t,t}') AS reversed,
       aidlink.roc_auc('{1,1,1,1}', '{f,t,f,t}') AS ties, aidlink.roc_auc('{1,2}', '{t,t}') IS NULL AS one_class;
SELECT * FROM public.try($$SELECT * FROM aidlink.calibrate_weights()$$);
INSERT INTO aidlink.score_outcomes VALUES ('A', '2025-06-01', true, '2025-06-10', 'visited'),
                                          ('B', '2025-06-01', false, '2025-06-11', 'visited');
SELECT * FROM public.try($$SELECT * FROM aidlink.calibrate_weights()$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.calibrate_weights(1)$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.calibrate_weights('NaN')$$);
SELECT * FROM public.try($$INSERT INTO aidlink.score_outcomes VALUES ('C', '2025-06-15', true)$$);
-- a source with signals cannot be unregistered
SELECT * FROM public.try($$SELECT aidlink.unregister_source('sc_houses')$$);
-- the shipped categories and settings stay as shipped (a dump leaves them to
-- CREATE EXTENSION); a DBA adds rows of their own
SELECT * FROM public.try($$UPDATE aidlink.assistance_categories SET label = 'x' WHERE category = 'orphan'$$);
SELECT * FROM public.try($$DELETE FROM aidlink.score_settings$$);
SELECT * FROM public.try($$INSERT INTO aidlink.assistance_categories VALUES ('disabled_poor', 'a local category', false, 9)$$);
ROLLBACK;
