-- 50_aid.sql — properties of the aid calculation (issue 5), with the seed
-- policies of demo/aid/policies.sql: bracket schedules against a reference
-- written in SQL, splits that always add up, compute_aid and the bulk run
-- giving the same lines, a failed run writing nothing, check_policy finding
-- what it should.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;
\set QUIET on
\i demo/aid/policies.sql

BEGIN;
SELECT plan(12);

-- 1. Marginal application equals the sum over brackets computed in SQL, and
-- whole application the rate of the amount's bracket, on random schedules.
CREATE TEMP TABLE sched AS
SELECT s, string_agg(format('[%s,%s):%s%%', lo, CASE WHEN k = n AND open THEN '' ELSE hi::text END, rate),
                     ', ' ORDER BY k)::aidlink.bracket_schedule AS schedule,
       array_agg(lo ORDER BY k) AS los, array_agg(CASE WHEN k = n AND open THEN NULL ELSE hi END ORDER BY k) AS his,
       array_agg(rate ORDER BY k) AS rates
FROM (SELECT s, k, n, open, rate,
             coalesce(sum(w) OVER (PARTITION BY s ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) + start AS lo,
             sum(w) OVER (PARTITION BY s ORDER BY k) + start AS hi
        FROM (SELECT s, k, n, open, start, (1 + (s * 7 + k * 13) % 5000) * 1.5 AS w, ((s * 31 + k * 17) % 10001) / 100.0 AS rate
                FROM generate_series(1, 200) s,
                     LATERAL (SELECT 1 + s % 6 AS n, s % 2 = 0 AS open, (s % 3) * 100 AS start) p,
                     generate_series(1, n) k) x) y
GROUP BY s;
SELECT is((SELECT count(*) FROM sched s, generate_series(0, 20) i,
                LATERAL (SELECT round(i * 977.31 + s.s, 2) AS a) am
           WHERE bracket_schedule_apply(s.schedule, am.a, 'marginal') <>
                 (SELECT coalesce(sum(greatest(0, least(am.a, coalesce(s.his[k], am.a)) - s.los[k]) * s.rates[k] / 100), 0)
                    FROM generate_subscripts(s.los, 1) k)),
          0::bigint, 'marginal application = each bracket''s rate on its part (200 random schedules x 21 amounts)');
SELECT is((SELECT count(*) FROM sched s, generate_series(0, 20) i,
                LATERAL (SELECT round(i * 977.31 + s.s, 2) AS a) am
           WHERE bracket_schedule_apply(s.schedule, am.a, 'whole') <>
                 coalesce((SELECT am.a * s.rates[k] / 100 FROM generate_subscripts(s.los, 1) k
                            WHERE am.a >= s.los[k] AND (s.his[k] IS NULL OR am.a < s.his[k])), 0)),
          0::bigint, 'whole application = the rate of the amount''s bracket on the whole amount');
SELECT is((SELECT count(*) FROM sched WHERE schedule::text::bracket_schedule <> schedule), 0::bigint,
          'text output reads back equal');

-- 2. Splits always add up, each part within one unit of its exact share
SELECT is((SELECT count(*) FROM generate_series(0, 3000) i,
                LATERAL (SELECT i * 1.37 AS a) v,
                LATERAL (SELECT sum(share) AS total, bool_and(abs(share - a * ratio / 3.5) < 0.01) AS close
                           FROM split_amount(a, '{city,town,charity}', '{1,0.5,2}')) s
           WHERE total <> a OR NOT close), 0::bigint,
          'split_amount: the parts add up to the amount, each within a fen of its exact share');

-- 3. compute_aid and the bulk run give the same lines
INSERT INTO aid_households
SELECT 'T' || i, m::date, CASE WHEN i % 3 = 0 THEN 'foshan/chancheng/zhangcha' ELSE 'zhongshan/shiqi' END,
       (ARRAY['dibao', 'marginal', 'low_income', NULL, 'double_low'])[1 + i % 5], (i * 373) % 5000
FROM generate_series(1, 300) i, generate_series('2020-07-01'::date, '2020-09-01', '1 month') m;
INSERT INTO aid_members
SELECT 'T' || i, m::date, j::text,
       array_remove(ARRAY[CASE WHEN (i + j) % 7 = 0 THEN 'major_illness' END,
                          (ARRAY['school:junior_high', 'school:university', 'school:senior_high'])[1 + (i + j) % 9]], NULL)
FROM generate_series(1, 300) i, generate_series('2020-07-01'::date, '2020-09-01', '1 month') m, generate_series(1, 1 + i % 4) j;
INSERT INTO aid_costs
SELECT 'T' || i, 'C' || i, '1', '2020-09-05', CASE WHEN i % 2 = 0 THEN 'major_illness_burden' ELSE 'in_limit_medical' END, i * 101.01
FROM generate_series(1, 300) i WHERE i % 10 IN (0, 5);
SELECT lives_ok($$ SELECT compute_aid_month('2020-09-01', 'pgtap') $$, 'a whole month in one statement');
SELECT set_eq($$ SELECT h.household_no, c.policy, c.rule, c.amount FROM aid_households h, compute_aid(h.household_no, h.month) c
                  WHERE h.month = '2020-09-01' $$,
              $$ SELECT household_no, policy, rule, amount FROM aid_payments
                  WHERE run_id = (SELECT max(run_id) FROM aid_runs WHERE note = 'pgtap') $$,
              'compute_aid household by household = the bulk run');
SELECT ok((SELECT total > 0 AND lines > 0 FROM aid_runs WHERE note = 'pgtap'), 'the run records its totals');
SELECT is_empty($$ SELECT 1 FROM aid_payments WHERE run_id = (SELECT max(run_id) FROM aid_runs WHERE note = 'pgtap')
                     AND (trace->'parameters' IS NULL OR trace->>'policy' <> policy OR trace->>'rule' <> rule) $$,
                'every line has a trace naming its policy, rule and parameters');
SELECT is_empty($$ SELECT 1 FROM aid_payments p, jsonb_each(p.trace->'parameters') x
                    WHERE p.run_id = (SELECT max(run_id) FROM aid_runs WHERE note = 'pgtap')
                      AND NOT (x.value ? 'value' AND x.value ? 'in_force_from') $$,
                'every parameter in a trace has its value and the date the value took effect');

-- 4. A failed run writes nothing
UPDATE aid_households SET income = -0.01 WHERE household_no = 'T7' AND month = '2020-08-01';
SELECT throws_ok($$ SELECT compute_aid_month('2020-08-01') $$, '22023', NULL, 'a negative income stops the run');
SELECT is((SELECT count(*) FROM aid_runs WHERE month = '2020-08-01'), 0::bigint, '... and nothing is written');

-- 5. check_policy: the seed policies are sound
SELECT is_empty($$ SELECT * FROM aid_policies p, check_policy(p.policy) $$, 'the seed policies have no gaps and no conflicts');

SELECT * FROM finish();
ROLLBACK;
