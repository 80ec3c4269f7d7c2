-- 40_scoring_city.sql — acceptance test of weighted data-overlap scoring
-- (issue 4) on the synthetic city: 100,000 people, seed 2026, linked from
-- the truth (the subject here is scoring; 40_scoring_linked.sql scores a
-- small city on real links).  The example signals of demo/scoring are the
-- ones the city's features and past visits were made with.
--   * every household's signal intensities equal the truth's features
--     (city_truth.household_features, computed by hand-written SQL);
--   * the candidate list is exactly the households on no guaranteed roll
--     whose score from the truth is at or above the threshold: every planted
--     overlap household above it is on the list, no household on a
--     guaranteed roll is;
--   * explanations add up to the score and point at the rows behind it;
--   * alerts and month-over-month changes agree with the stored scores;
--   * calibration on the planted visits recovers the planted weights.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(29);

\i demo/city/generate.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(2026, 100000) \g /dev/null
\o /dev/null
\i demo/scoring/link_from_truth.sql
\o
\o /dev/null
\i demo/scoring/city_signals.sql
\o
SET client_min_messages = warning;
CALL aidlink.score_month('2025-05-01');
CALL aidlink.score_month('2025-06-01');

SELECT is((SELECT count(*)::int FROM aidlink.score_runs), 2, 'May and June 2025 are scored');

-- the sources' step in C (aidlink.score_hits) gives the same rows, to the
-- last bit, as by SQL, and as in C in batches (maintenance_work_mem of 1 MB:
-- a batch per source, each one more scan of the links)
CREATE TEMP TABLE june_hh AS SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01';
CREATE TEMP TABLE june_p AS SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01';
CREATE FUNCTION pg_temp.june_differs() RETURNS bigint LANGUAGE sql AS $$
    SELECT (SELECT count(*) FROM ((TABLE june_hh EXCEPT SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01')
                                  UNION ALL (SELECT * FROM aidlink.household_scores WHERE month = '2025-06-01' EXCEPT TABLE june_hh)) d)
         + (SELECT count(*) FROM ((TABLE june_p EXCEPT SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01')
                                  UNION ALL (SELECT * FROM aidlink.person_scores WHERE month = '2025-06-01' EXCEPT TABLE june_p)) d)
$$;
SET aidlink.score_links_by_sql = on;
CALL aidlink.score_month('2025-06-01');
RESET aidlink.score_links_by_sql;
SELECT is(pg_temp.june_differs(), 0::bigint, 'June scored by SQL: the same persons and households, to the last bit, as in C');
SET maintenance_work_mem = '1MB';
CALL aidlink.score_month('2025-06-01');
RESET maintenance_work_mem;
SELECT is(pg_temp.june_differs(), 0::bigint, 'June scored in C in batches of 1 MB: the same persons and households');

---------------------------------------------------------------- intensities
CREATE TEMP TABLE got AS
SELECT h.household_no, u.s AS feature, u.x AS intensity
FROM aidlink.household_scores h CROSS JOIN LATERAL unnest(h.signals, h.intensities) u(s, x)
WHERE h.month = '2025-06-01';
CREATE TEMP TABLE truth AS
SELECT hh.hh AS household_no, f.feature, f.intensity
FROM city_truth.household_features f JOIN city_truth.household hh USING (household_no);
SELECT cmp_ok((SELECT count(*) FROM truth), '>', 5000::bigint, 'the truth has features for thousands of households');
SELECT is((SELECT count(*) FROM got g FULL JOIN truth t USING (household_no, feature)
           WHERE g.intensity IS NULL OR t.intensity IS NULL OR abs(g.intensity - t.intensity) > 1e-9), 0::bigint,
          'every household''s intensity of every signal equals the truth''s (hand-written SQL over the truth)');

---------------------------------------------------------------- the list
-- the truth's score (features x the weights in effect), and who is on a
-- guaranteed roll: a guaranteed category and a living member (the roll lists
-- living members only)
CREATE TEMP TABLE weights AS
SELECT (e.signal).signal_name AS feature, e.weight FROM aidlink.score_signals_in_effect('2025-06-30') e;
CREATE INDEX ON truth (household_no);
ANALYZE truth;
CREATE TEMP TABLE oracle AS
SELECT h.hh, h.planted, h.roll_category,
       coalesce((SELECT sum(t.intensity * w.weight) FROM truth t JOIN weights w USING (feature)
                 WHERE t.household_no = h.hh), 0) AS score,
       coalesce((SELECT c.guaranteed FROM aidlink.assistance_categories c
                 WHERE c.category = CASE h.roll_category WHEN 'dibao' THEN 'minimum_allowance'
                                        WHEN 'tekun' THEN 'extreme_poverty' ELSE h.roll_category END), false)
         AND EXISTS (SELECT 1 FROM city_truth.person p
                     WHERE p.household_no = h.household_no AND p.in_register AND p.death_date IS NULL) AS on_roll,
       EXISTS (SELECT 1 FROM city.household_register r WHERE r.hh = h.hh AND r.hkzt = '正常') AS has_current_member
FROM city_truth.household h WHERE h.in_register;
CREATE TEMP TABLE listed AS
SELECT household_no AS hh, score, list_rank FROM aidlink.household_scores WHERE month = '2025-06-01' AND listed;
\set thr '(SELECT list_threshold FROM aidlink.score_runs WHERE month = ''2025-06-01'')'

SELECT cmp_ok((SELECT count(*) FROM listed), '>', 200::bigint, 'the June list holds hundreds of households');
SELECT cmp_ok((SELECT count(*) FROM oracle WHERE planted AND NOT on_roll AND score >= :thr + 1e-9), '>', 300::bigint,
              'hundreds of planted overlap households score above the threshold');
SELECT is((SELECT count(*) FROM oracle o WHERE o.planted AND NOT o.on_roll AND o.score >= :thr + 1e-9
           AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.hh = o.hh)), 0::bigint,
          'every planted overlap household whose score is above the threshold is on the list');
SELECT is((SELECT count(*) FROM oracle o WHERE NOT o.on_roll AND o.score >= :thr + 1e-9 AND o.has_current_member
           AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.hh = o.hh)), 0::bigint,
          'every household on no guaranteed roll scoring above the threshold with a living member is on the list');
-- (the truth's features count living members only: a household of the dead
-- scores 0 there, but its members' rows still fire signals)
CREATE TEMP TABLE dead_households AS
SELECT h.household_no FROM aidlink.household_scores h
WHERE h.month = '2025-06-01' AND NOT h.on_roll AND h.score >= :thr
  AND NOT EXISTS (SELECT 1 FROM city.household_register r WHERE r.hh = h.household_no AND r.hkzt = '正常');
SELECT cmp_ok((SELECT count(*) FROM dead_households), '>', 0::bigint,
              'some households whose members are all registered dead score above the threshold');
SELECT is((SELECT count(*) FROM listed l JOIN dead_households d ON d.household_no = l.hh), 0::bigint,
          'none of them is on the list');
SELECT set_eq($$ SELECT household_no FROM aidlink.household_scores WHERE month = '2025-06-01' AND no_current_member $$,
              $$ SELECT household_no FROM dead_households $$,
              'they are reported apart (no_current_member)');
SELECT is((SELECT households_no_current_member FROM aidlink.score_runs WHERE month = '2025-06-01'),
          (SELECT count(*) FROM aidlink.household_scores WHERE month = '2025-06-01' AND no_current_member),
          'and counted in score_runs');
SELECT is((SELECT count(*) FROM listed l JOIN oracle o USING (hh) WHERE o.on_roll), 0::bigint,
          'no household on a guaranteed roll is on the list');
SELECT is((SELECT count(*) FROM listed l JOIN oracle o USING (hh) WHERE o.score < :thr - 1e-9), 0::bigint,
          'no household below the threshold is on the list');
SELECT is((SELECT count(*) FROM oracle o WHERE o.on_roll
           AND NOT EXISTS (SELECT 1 FROM aidlink.household_scores h
                           WHERE h.month = '2025-06-01' AND h.household_no = o.hh AND h.on_roll)), 0::bigint,
          'every household on a guaranteed roll is reported apart (on_roll)');
SELECT is((SELECT count(*) FROM aidlink.household_scores h WHERE h.month = '2025-06-01' AND h.on_roll
           AND NOT EXISTS (SELECT 1 FROM oracle o WHERE o.hh = h.household_no AND o.on_roll)), 0::bigint,
          'and no other household is');
SELECT is((SELECT array_agg(list_rank ORDER BY list_rank) FROM listed),
          (SELECT array_agg(hh_rank ORDER BY hh_rank) FROM (SELECT row_number() OVER ()::int AS hh_rank FROM listed) z),
          'ranks run 1, 2, 3 ...');
SELECT is((SELECT count(*) FROM listed a JOIN listed b ON a.list_rank < b.list_rank AND a.score < b.score), 0::bigint,
          'a higher rank never has a lower score');
-- the planted households are the ones no single department would flag
SELECT cmp_ok((SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(s.contributions) c WHERE c >= :thr))::numeric
                      / count(*)
               FROM city_truth.household h
               JOIN aidlink.household_scores s ON s.household_no = h.hh AND s.month = '2025-06-01'
               WHERE h.planted AND s.listed), '<', 0.05,
              'planted households on the list are there by several signals: in fewer than 5% one signal reaches the threshold alone');

---------------------------------------------------------------- explanations
CREATE TEMP TABLE ex AS
SELECT l.hh, e.*
FROM (SELECT hh FROM listed ORDER BY list_rank LIMIT 20) l
CROSS JOIN LATERAL aidlink.explain_score(l.hh, '2025-06-01') e;
SELECT is((SELECT count(*) FROM (SELECT e.hh, sum(e.contribution) AS s FROM ex e GROUP BY e.hh) x
           JOIN listed l USING (hh) WHERE abs(x.s - l.score) > 1e-9), 0::bigint,
          'the top 20: the counted contributions of explain_score add up to the score');
SELECT is((SELECT count(*) FROM ex e CROSS JOIN LATERAL unnest(e.row_keys) k
           JOIN city_truth.row_truth t ON t.source = e.source_name AND t.row_key = k
           JOIN city_truth.person p USING (person_no)
           JOIN city_truth.household h ON h.household_no = p.household_no
           WHERE h.hh <> e.hh), 0::bigint,
          'every row key explain_score gives is a row of a member of the household');
SELECT cmp_ok((SELECT count(*) FROM ex e, unnest(e.row_keys) k), '>=', 40::bigint, 'and there are such rows');

---------------------------------------------------------------- alerts, changes
SELECT is((SELECT array_agg(household_no ORDER BY household_no) FROM aidlink.score_alerts('2025-06-01')),
          (SELECT array_agg(hh ORDER BY hh) FROM truth t JOIN oracle o ON o.hh = t.household_no
           WHERE t.feature = 'medical_bill_alert'),
          'alerts: the households with a claim of 30,000 yuan out of pocket in June');
CREATE TEMP TABLE ch AS SELECT * FROM aidlink.score_changes('2025-06-01');
SELECT is((SELECT count(*) FROM ch WHERE change = 'new'),
          (SELECT count(*) FROM aidlink.household_scores j WHERE j.month = '2025-06-01' AND j.listed
           AND NOT EXISTS (SELECT 1 FROM aidlink.household_scores m WHERE m.month = '2025-05-01' AND m.listed
                           AND m.household_no = j.household_no)),
          'changes: new on the list are the June households not listed in May');
SELECT is((SELECT count(*) FROM ch WHERE change = 'new' AND cardinality(signals_added) = 0 AND previous_score >= score), 0::bigint,
          'a household new on the list gained a signal or a higher score');

---------------------------------------------------------------- calibration
INSERT INTO aidlink.score_outcomes (household_no, month, confirmed, visited_on)
SELECT hh, '2025-06-01', confirmed, visited_on FROM city_truth.visit_outcomes;
CREATE TEMP TABLE cal AS SELECT c.*, w.weight AS planted FROM aidlink.calibrate_weights(0.3, '2025-07-01') c
LEFT JOIN city_truth.outcome_weights w ON w.feature = c.term;
SELECT is((SELECT string_agg(format('%s fitted %s planted %s (se %s)', term, round(fitted_weight::numeric, 2),
                                    planted, round(std_error::numeric, 2)), '; ' ORDER BY term)
           FROM cal WHERE households_with >= 100
             AND (abs(fitted_weight - planted) > 3 * std_error + 0.05 OR std_error > 0.35)), NULL,
          'calibration recovers every planted weight with 100 households or more within three standard errors (each below 0.35)');
SELECT ok((SELECT bool_and(holdout_auc_fitted > 0.6 AND holdout_auc_fitted >= holdout_auc_current - 0.005) FROM cal),
          'the fitted weights separate confirmed from unconfirmed held-out visits (AUC above 0.6, no worse than the guesses)');
SELECT is((SELECT count(*) FROM aidlink.score_signal_weights w JOIN cal ON cal.term = w.signal_name
           WHERE w.effective_from = '2025-07-01' AND w.weight = cal.fitted_weight), (SELECT count(*) FROM cal WHERE term <> '(intercept)' AND fitted_weight IS NOT NULL),
          'apply_from sets every fitted weight from that day');

SELECT * FROM finish();
ROLLBACK;
