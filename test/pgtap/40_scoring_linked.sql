-- 40_scoring_linked.sql — weighted data-overlap scoring on real links: a
-- small synthetic city (4,000 people, seed 11) linked by aidlink's linkage
-- (not from the truth), scored with the example signals of demo/scoring, and
-- compared with the truth.  Linkage errors may move a few households; the
-- test bounds how many.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(6);

\i demo/city/generate.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(11, 4000) \g /dev/null
SELECT count(*) AS registered FROM (
    SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                   birth_date_column, sex_column, phone_column, address_column,
                                   household_column, is_reference)
    FROM city_truth.sources
    WHERE source NOT IN ('zw_yichuang', 'wj_health_decl')     -- (no signal reads them)
    ORDER BY NOT is_reference) r \g /dev/null
SELECT count(aidlink.link_source(s.source_name)) AS runs
FROM (SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name) s \g /dev/null
\o /dev/null
\i demo/scoring/city_signals.sql
\o
SET client_min_messages = warning;
CALL aidlink.score_month('2025-06-01');

SELECT cmp_ok((SELECT count(*) FROM aidlink.links WHERE status = 'accepted')::numeric
              / (SELECT count(*) FROM aidlink.links), '>', 0.98, 'the city is linked (over 98% of rows accepted)');

CREATE TEMP TABLE got AS
SELECT h.household_no, u.s AS feature, u.x AS intensity
FROM aidlink.household_scores h CROSS JOIN LATERAL unnest(h.signals, h.intensities) u(s, x)
WHERE h.month = '2025-06-01';
CREATE TEMP TABLE truth AS
SELECT hh.hh AS household_no, f.feature, f.intensity
FROM city_truth.household_features f JOIN city_truth.household hh USING (household_no);
SELECT cmp_ok((SELECT count(*) FROM truth), '>', 200::bigint, 'the truth has features for hundreds of households');
SELECT cmp_ok((SELECT count(*) FILTER (WHERE g.intensity IS NULL OR t.intensity IS NULL OR abs(g.intensity - t.intensity) > 1e-9)::numeric
               / count(*) FROM got g FULL JOIN truth t USING (household_no, feature)), '<', 0.02,
              'on real links, fewer than 2% of household signals differ from the truth');

CREATE TEMP TABLE weights AS
SELECT (e.signal).signal_name AS feature, e.weight FROM aidlink.score_signals_in_effect('2025-06-30') e;
CREATE INDEX ON truth (household_no);
ANALYZE truth;
CREATE TEMP TABLE oracle AS
SELECT h.hh, coalesce((SELECT sum(t.intensity * w.weight) FROM truth t JOIN weights w USING (feature)
                 WHERE t.household_no = h.hh), 0) AS score,
       coalesce(h.roll_category IN ('dibao', 'tekun', 'marginal'), false)
         AND EXISTS (SELECT 1 FROM city_truth.person p
                     WHERE p.household_no = h.household_no AND p.in_register AND p.death_date IS NULL) AS on_roll
FROM city_truth.household h WHERE h.in_register;
CREATE TEMP TABLE expected_list AS
SELECT hh FROM oracle WHERE NOT on_roll AND score >= (SELECT list_threshold FROM aidlink.score_runs) - 1e-9;
CREATE TEMP TABLE listed AS
SELECT household_no AS hh FROM aidlink.household_scores WHERE month = '2025-06-01' AND listed;
SELECT cmp_ok((SELECT count(*) FROM expected_list), '>', 10::bigint, 'the truth lists more than ten households');
SELECT cmp_ok((SELECT count(*) FROM (SELECT hh FROM expected_list EXCEPT SELECT hh FROM listed) x)::numeric
              / (SELECT count(*) FROM expected_list), '<=', 0.05,
              'on real links the list holds at least 95% of the households the truth lists');
SELECT is((SELECT count(*) FROM listed l JOIN oracle o USING (hh) WHERE o.on_roll), 0::bigint,
          'and no household on a guaranteed roll');

SELECT * FROM finish();
ROLLBACK;
