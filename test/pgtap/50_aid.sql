-- 50_aid.sql — properties of the aid calculation (issue 5), with the seed
-- policies of demo/aid/policies.sql: bracket schedules against a reference
-- written in SQL, splits that always add up, compute_aid and the bulk run
-- giving the same lines, a failed run writing nothing, check_policy finding
-- what it should, and the C engine giving exactly the lines of the SQL
-- formulas it replaced.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;
\set QUIET on
\i demo/aid/policies.sql

BEGIN;
SELECT plan(29);

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

-- 6. The C engine (aid_lines) gives exactly the lines of the SQL formulas it
-- replaced (kept here as the reference): every column as text, so that the
-- scale of every number counts too, and every trace.  Made-up policies cover
-- every kind of rule, the three roundings half up and down, floors, minimum
-- payments, caps per claim and per year counting earlier claims, staged and
-- schedule rules (marginal and whole), duplicate attributes, and a region
-- written with LIKE's '_' (which reaches 'testxland').
CREATE FUNCTION pg_temp.ref_aid_lines(month date, household text DEFAULT NULL)
RETURNS TABLE (household_no text, policy text, benefit text, rule text, quantity numeric,
               rate_or_amount numeric, amount numeric, trace jsonb)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $ref$
    WITH hh AS (
        SELECT h.household_no, h.region, h.category, h.income, n.members
          FROM aidlink.aid_households h
          JOIN (SELECT x.household_no, count(*) AS members
                  FROM aidlink.aid_members x
                 WHERE x.month = $1 AND ($2 IS NULL OR x.household_no = $2)
                 GROUP BY x.household_no) n ON n.household_no = h.household_no
         WHERE h.month = $1 AND ($2 IS NULL OR h.household_no = $2)
    ), r AS (
        SELECT * FROM aidlink.aid_rules_in_force($1)
    ), regions AS (          -- each region of the month's households with the rules that reach it
        SELECT g.region AS household_region, r.*
          FROM (SELECT DISTINCT hh.region FROM hh) g
          JOIN r ON g.region = r.region OR g.region LIKE r.region || '/%'
    ), hr AS (               -- households with the category rules that apply to them
        SELECT hh.*, g.policy, g.rounding, g.rounding_mode, g.rule, g.benefit, g.kind,
               g.amount AS p_amount, g.standard, g.floor_amount, g.minimum_payment, g.params
          FROM hh JOIN regions g ON g.household_region = hh.region
         WHERE g.kind IN ('per_person_month', 'per_household_month', 'top_up')
           AND (g.categories IS NULL OR hh.category = ANY (g.categories))
    ), attrs AS (            -- members by attribute, only for attributes the rules ask for
        SELECT x.household_no, a.attribute, count(*) AS n
          FROM aidlink.aid_members x, unnest(x.attributes) a(attribute)
         WHERE x.month = $1 AND ($2 IS NULL OR x.household_no = $2)
           AND a.attribute IN (SELECT r.attribute FROM r WHERE r.kind = 'per_member_year')
         GROUP BY 1, 2
    ), hm AS (               -- households with members of an attribute and the yearly rules paid this month
                             -- (in the payment month, or a twelfth every month)
        SELECT hh.household_no, hh.category, a.attribute, a.n, g.policy, g.rounding, g.rounding_mode, g.rule,
               g.benefit, g.kind, g.params, g.how = 'twelfths' AS twelfths, k.k,
               CASE WHEN g.how = 'twelfths'
                    THEN aidlink.aid_round(g.amount * k.k / 12, g.rounding, g.rounding_mode)
                         - aidlink.aid_round(g.amount * (k.k - 1) / 12, g.rounding, g.rounding_mode)
                    ELSE g.amount END AS p_amount
          FROM attrs a
          JOIN hh ON hh.household_no = a.household_no
          JOIN regions g ON g.household_region = hh.region AND g.kind = 'per_member_year' AND g.attribute = a.attribute
          CROSS JOIN LATERAL (SELECT (extract(month FROM $1)::int - g.payment_month::int + 12) % 12 + 1 AS k) k
         WHERE (g.how = 'twelfths' OR extract(month FROM $1) = g.payment_month)
           AND (g.categories IS NULL OR hh.category = ANY (g.categories))
    ), claims AS (           -- the month's claims with the rules of their kind
        SELECT hh.household_no, g.policy, g.rounding, g.rounding_mode, g.rule, g.benefit, g.kind, g.how, g.attribute,
               g.rate, g.claim_cap, g.year_cap, g.schedule, g.stages, g.params,
               c.claim_no, c.claim_date, c.amount AS cost
          FROM aidlink.aid_costs c
          JOIN hh ON hh.household_no = c.household_no
          JOIN regions g ON g.household_region = hh.region AND g.attribute = c.kind
                        AND g.kind IN ('cost_share', 'staged', 'schedule')
         WHERE c.claim_date >= $1 AND c.claim_date < ($1 + interval '1 month')::date
           AND ($2 IS NULL OR c.household_no = $2)
           AND (g.categories IS NULL OR hh.category = ANY (g.categories))
    )
    -- an amount per person per month
    SELECT hr.household_no, hr.policy, hr.benefit, hr.rule, hr.members::numeric, hr.p_amount,
           aidlink.aid_round(hr.members * hr.p_amount, hr.rounding, hr.rounding_mode),
           jsonb_build_object('kind', hr.kind, 'policy', hr.policy, 'rule', hr.rule, 'parameters', hr.params,
                              'facts', jsonb_build_object('category', hr.category, 'members', hr.members),
                              'formula', 'members x amount', 'rounding', hr.rounding || ' ' || hr.rounding_mode)
      FROM hr WHERE hr.kind = 'per_person_month'
    UNION ALL
    -- an amount per household per month
    SELECT hr.household_no, hr.policy, hr.benefit, hr.rule, 1, hr.p_amount,
           aidlink.aid_round(hr.p_amount, hr.rounding, hr.rounding_mode),
           jsonb_build_object('kind', hr.kind, 'policy', hr.policy, 'rule', hr.rule, 'parameters', hr.params,
                              'facts', jsonb_build_object('category', hr.category),
                              'formula', 'amount', 'rounding', hr.rounding || ' ' || hr.rounding_mode)
      FROM hr WHERE hr.kind = 'per_household_month'
    UNION ALL
    -- an amount per member with an attribute per year, paid in the payment month
    SELECT hm.household_no, hm.policy, hm.benefit, hm.rule, hm.n::numeric, hm.p_amount,
           aidlink.aid_round(hm.n * hm.p_amount, hm.rounding, hm.rounding_mode),
           jsonb_build_object('kind', hm.kind, 'policy', hm.policy, 'rule', hm.rule, 'parameters', hm.params,
                              'facts', jsonb_build_object('category', hm.category, 'attribute', hm.attribute,
                                                          'members_with_attribute', hm.n)
                                       || CASE WHEN hm.twelfths THEN jsonb_build_object('twelfth', hm.k) ELSE '{}' END,
                              'formula', CASE WHEN hm.twelfths
                                              THEN 'members with the attribute x (amount x twelfth / 12 - amount x (twelfth - 1) / 12, each rounded): a twelfth of the yearly amount a month'
                                              ELSE 'members with the attribute x yearly amount, paid in the payment month' END,
                              'rounding', hm.rounding || ' ' || hm.rounding_mode)
      FROM hm
    UNION ALL
    -- top-up to a standard: standard x members - income, at least the floor,
    -- nothing below the minimum payment
    SELECT t.household_no, t.policy, t.benefit, t.rule, t.members::numeric, t.standard, t.paid,
           jsonb_build_object('kind', t.kind, 'policy', t.policy, 'rule', t.rule, 'parameters', t.params,
                              'facts', jsonb_build_object('category', t.category, 'members', t.members,
                                                          'income', t.income,
                                                          'income_per_person', round(t.income / t.members, 2)),
                              'formula', 'standard x members - income, at least floor, none below minimum_payment',
                              'rounding', t.rounding || ' ' || t.rounding_mode)
      FROM (SELECT hr.*, aidlink.aid_round(greatest(hr.standard * hr.members - hr.income, hr.floor_amount),
                                           hr.rounding, hr.rounding_mode) AS paid
              FROM hr WHERE hr.kind = 'top_up' AND hr.income < hr.standard * hr.members) t
     WHERE t.paid >= t.minimum_payment AND t.paid > 0
    UNION ALL
    -- a percentage of each claimed cost, capped per claim and per year: the
    -- year cap counts what the ledger says was paid in the earlier months of
    -- the year, and this month's earlier claims paid until the cap
    SELECT c.household_no, c.policy, c.benefit, c.rule, c.cost, c.rate, c.paid,
           jsonb_build_object('kind', c.kind, 'policy', c.policy, 'rule', c.rule, 'parameters', c.params,
                              'facts', jsonb_build_object('claim', c.claim_no, 'claim_date', c.claim_date, 'cost', c.cost)
                                       || CASE WHEN c.year_cap IS NULL THEN '{}'::jsonb
                                               ELSE jsonb_build_object('paid_in_earlier_months', c.months,
                                                                       'paid_earlier_this_month', c.this_month,
                                                                       'paid_earlier_this_year', c.earlier) END,
                              'formula', 'cost x rate, at most claim_cap, at most what year_cap leaves after what was paid earlier in the year',
                              'rounding', c.rounding || ' ' || c.rounding_mode)
      FROM (SELECT c.*, y.months, y.this_month, y.ledger + y.this_month AS earlier,
                   greatest(0, least(aidlink.aid_round(least(c.cost * c.rate / 100, coalesce(c.claim_cap, c.cost)),
                                                       c.rounding, c.rounding_mode),
                                     coalesce(c.year_cap - (y.ledger + y.this_month), c.cost))) AS paid
              FROM claims c
              CROSS JOIN LATERAL (
                  SELECT l.ledger, l.months, least(b.shares_before, greatest(0, c.year_cap - l.ledger)) AS this_month
                    FROM (-- what the ledger says was paid in the earlier months of the year
                          SELECT coalesce(sum(m.paid), 0) AS ledger,
                                 coalesce(jsonb_agg(jsonb_build_object('month', to_char(m.month, 'YYYY-MM'), 'run_id', m.run_id,
                                                                       'paid', m.paid) ORDER BY m.month), '[]') AS months
                            FROM (SELECT x.month, x.run_id, sum(x.amount) AS paid
                                    FROM aidlink.aid_ledger x
                                   WHERE x.household_no = c.household_no AND x.policy = c.policy AND x.benefit = c.benefit
                                     AND x.kind = 'cost_share' AND x.attribute = c.attribute
                                     AND x.month >= date_trunc('year', $1) AND x.month < $1
                                   GROUP BY 1, 2) m) l,
                         (-- this month's earlier claims
                          SELECT coalesce(sum(aidlink.aid_round(least(e.amount * c.rate / 100, coalesce(c.claim_cap, e.amount)),
                                                                c.rounding, c.rounding_mode)), 0) AS shares_before
                            FROM aidlink.aid_costs e
                           WHERE e.household_no = c.household_no AND e.kind = c.attribute
                             AND e.claim_date >= $1 AND (e.claim_date, e.claim_no) < (c.claim_date, c.claim_no)) b
              ) y
             WHERE c.kind = 'cost_share') c
    UNION ALL
    -- staged: each stage's rate on what remains after the earlier stages
    SELECT c.household_no, c.policy, c.benefit, c.rule, s.base, s.rate, s.paid,
           jsonb_build_object('kind', c.kind, 'policy', c.policy, 'rule', c.rule, 'parameters', c.params,
                              'facts', jsonb_build_object('claim', c.claim_no, 'claim_date', c.claim_date, 'cost', c.cost),
                              'stage', s.stage, 'remaining_before', s.base, 'remaining_after', s.base - s.paid,
                              'formula', 'stage rate x what remains after the earlier stages',
                              'rounding', c.rounding || ' ' || c.rounding_mode)
      FROM claims c
      CROSS JOIN LATERAL (
          WITH RECURSIVE st(stage, base, rate, paid) AS (
              SELECT 1, c.cost, c.stages[1], aidlink.aid_round(c.cost * c.stages[1] / 100, c.rounding, c.rounding_mode)
              UNION ALL
              SELECT st.stage + 1, st.base - st.paid, c.stages[st.stage + 1],
                     aidlink.aid_round((st.base - st.paid) * c.stages[st.stage + 1] / 100, c.rounding, c.rounding_mode)
                FROM st WHERE st.stage < cardinality(c.stages)
          ) SELECT * FROM st
      ) s
     WHERE c.kind = 'staged'
    UNION ALL
    -- a bracket schedule on each claimed cost
    SELECT c.household_no, c.policy, c.benefit, c.rule, c.cost, aidlink.bracket_schedule_rate(c.schedule, c.cost),
           aidlink.aid_round(aidlink.bracket_schedule_apply(c.schedule, c.cost, c.how), c.rounding, c.rounding_mode),
           jsonb_build_object('kind', c.kind, 'policy', c.policy, 'rule', c.rule, 'parameters', c.params,
                              'facts', jsonb_build_object('claim', c.claim_no, 'claim_date', c.claim_date, 'cost', c.cost,
                                                          'bracket', aidlink.bracket_schedule_bracket(c.schedule, c.cost)),
                              'formula', 'schedule applied ' || c.how,
                              'rounding', c.rounding || ' ' || c.rounding_mode)
      FROM claims c WHERE c.kind = 'schedule'
$ref$;

INSERT INTO aid_policies (policy, region, title, categories, effective_from, rounding, rounding_mode) VALUES
  ('t_monthly', 'testland', 'monthly amounts (test)', '{dibao,marginal}', '2020-01-01', 'jiao', 'half_up'),
  ('t_topup', 'testland/b', 'top-up (test)', NULL, '2020-01-01', 'yuan', 'down'),
  ('t_year', 'test_land', 'yearly grant (test)', NULL, '2020-01-01', 'fen', 'down'),
  ('t_claims', 'testland', 'claims (test)', NULL, '2020-01-01', 'fen', 'half_up');
INSERT INTO aid_rules (policy, rule, benefit, kind, categories, attribute, how, effective_from) VALUES
  ('t_monthly', 'pp', 'per person', 'per_person_month', '{dibao}', NULL, NULL, '2020-01-01'),
  ('t_monthly', 'ph', 'per household', 'per_household_month', '{marginal}', NULL, NULL, '2020-01-01'),
  ('t_topup', 'tu', 'top-up', 'top_up', NULL, NULL, NULL, '2020-01-01'),
  ('t_year', 'uni', 'grant', 'per_member_year', NULL, 'school:university', NULL, '2020-01-01'),
  ('t_year', 'ill', 'patient grant', 'per_member_year', NULL, 'major_illness', 'twelfths', '2020-01-01'),
  ('t_claims', 'cs', 'tuition share', 'cost_share', NULL, 'tuition', NULL, '2020-01-01'),
  ('t_claims', 'st', 'burden stages', 'staged', NULL, 'burden', NULL, '2020-01-01'),
  ('t_claims', 'sm', 'outpatient schedule', 'schedule', NULL, 'outpatient', 'marginal', '2020-01-01'),
  ('t_claims', 'sw', 'dental schedule', 'schedule', NULL, 'dental', 'whole', '2020-01-01');
INSERT INTO aid_parameters (policy, rule, parameter, value, schedule, effective_from, effective_to) VALUES
  ('t_monthly', 'pp', 'amount', 123.456, NULL, '2020-01-01', '2021-01-31'),
  ('t_monthly', 'pp', 'amount', 130, NULL, '2021-02-01', NULL),
  ('t_monthly', 'ph', 'amount', 50.05, NULL, '2020-01-01', NULL),
  ('t_topup', 'tu', 'standard', 777.77, NULL, '2020-01-01', NULL),
  ('t_topup', 'tu', 'floor', 30, NULL, '2020-01-01', NULL),
  ('t_topup', 'tu', 'minimum_payment', 45.5, NULL, '2020-01-01', NULL),
  ('t_year', 'uni', 'amount', 1000.555, NULL, '2020-01-01', NULL),
  ('t_year', 'uni', 'payment_month', 3, NULL, '2020-01-01', NULL),
  ('t_year', 'ill', 'amount', 1000.01, NULL, '2020-01-01', NULL),
  ('t_year', 'ill', 'payment_month', 2, NULL, '2020-01-01', NULL),
  ('t_claims', 'cs', 'rate', 33.333, NULL, '2020-01-01', '2021-01-31'),
  ('t_claims', 'cs', 'rate', 45, NULL, '2021-02-01', NULL),
  ('t_claims', 'cs', 'claim_cap', 1000, NULL, '2020-01-01', NULL),
  ('t_claims', 'cs', 'year_cap', 1500.00, NULL, '2020-01-01', NULL),
  ('t_claims', 'st', 'stage_1_rate', 50, NULL, '2020-01-01', NULL),
  ('t_claims', 'st', 'stage_2_rate', 80, NULL, '2020-01-01', NULL),
  ('t_claims', 'st', 'stage_3_rate', 33.3, NULL, '2020-01-01', NULL),
  ('t_claims', 'sm', 'schedule', NULL, '[0,2000):60%, [2000,):80%, cap 5000', '2020-01-01', NULL),
  ('t_claims', 'sw', 'schedule', NULL, '[0,1000):10%, [1000,5000):20%, [5000,):30.5%', '2020-01-01', NULL);
INSERT INTO aid_households
SELECT 'X' || i, m::date, (ARRAY['testland/a', 'testland/b/c', 'testxland/q', 'testland'])[1 + i % 4],
       (ARRAY['dibao', 'marginal', NULL])[1 + i % 3], (i * 373) % 3000 + (i % 7) * 0.001
FROM generate_series(1, 400) i, generate_series('2021-01-01'::date, '2021-03-01', '1 month') m;
INSERT INTO aid_members
SELECT 'X' || i, m::date, j::text,
       CASE WHEN i % 37 = 0 THEN '{school:university,school:university}'
            WHEN (i + j) % 5 = 0 THEN '{school:university}'
            WHEN (i + j + extract(month FROM m)::int) % 7 = 0 THEN '{major_illness}' ELSE '{}' END::text[]
FROM generate_series(1, 400) i, generate_series('2021-01-01'::date, '2021-03-01', '1 month') m, generate_series(1, 1 + i % 5) j;
INSERT INTO aid_costs
SELECT 'X' || i, 'C' || i || '-' || k || '-' || mo, '1', make_date(2021, mo, 1 + (i + k) % 3),
       (ARRAY['tuition', 'burden', 'outpatient', 'dental'])[1 + (i + k) % 4], round((i * 97.31 + k * 1234.5) % 9000, 2)
FROM generate_series(1, 400) i, generate_series(1, 12) k, generate_series(1, 3) mo
WHERE (i + k + mo) % 5 = 0
UNION ALL  -- a second tuition claim in a month
SELECT 'X' || i, 'D' || i || '-' || mo, '1', make_date(2021, mo, 2 + i % 5), 'tuition', round((i * 53.7) % 4000, 2)
FROM generate_series(1, 400) i, generate_series(1, 3) mo
WHERE i % 3 = 0;
-- What was paid: January and February are run (February twice, the first
-- run made by hand with a line the second does not have), so that the year
-- cap of March reads the ledger; the rate changed in February, so what was
-- paid in January differs from what January's claims would get now.
SELECT compute_aid_month('2021-01-01', 'pgtap ledger') \g /dev/null
INSERT INTO aid_runs (month, note) VALUES ('2021-02-01', 'pgtap ledger, superseded');
INSERT INTO aid_payments (run_id, household_no, policy, benefit, rule, amount)
SELECT max(run_id), 'X5', 't_claims', 'tuition share', 'cs', 999 FROM aid_runs WHERE note = 'pgtap ledger, superseded';
SELECT compute_aid_month('2021-02-01', 'pgtap ledger') \g /dev/null
SELECT is((SELECT array_agg(DISTINCT l.run_id ORDER BY l.run_id) FROM aid_ledger l WHERE l.month IN ('2021-01-01', '2021-02-01')),
          (SELECT array_agg(r.run_id ORDER BY r.run_id) FROM aid_runs r WHERE r.note = 'pgtap ledger'),
          'the ledger holds the lines of the latest run of each month only');
SELECT bag_eq($$ SELECT m, l.household_no, l.policy, l.benefit, l.rule, l.quantity::text, l.rate_or_amount::text,
                        l.amount::text, l.trace::text
                   FROM generate_series('2021-01-01'::date, '2021-03-01', '1 month') m, aid_lines(m::date) l $$,
              $$ SELECT m, l.household_no, l.policy, l.benefit, l.rule, l.quantity::text, l.rate_or_amount::text,
                        l.amount::text, l.trace::text
                   FROM generate_series('2021-01-01'::date, '2021-03-01', '1 month') m, pg_temp.ref_aid_lines(m::date) l $$,
              'the C engine = the SQL formulas, every column and trace, three months of made-up policies of every kind');
SELECT is((SELECT array_agg(DISTINCT l.trace->>'kind' ORDER BY l.trace->>'kind')
             FROM generate_series('2021-01-01'::date, '2021-03-01', '1 month') m, aid_lines(m::date) l
            WHERE l.policy LIKE 't\_%'),
          '{cost_share,per_household_month,per_member_year,per_person_month,schedule,staged,top_up}',
          '... with lines of every kind of rule');
-- Twelfths: every month to the members who have the attribute then (their
-- sum over a year: sql/52_aid_calc.sql)
SELECT is((SELECT array_agg(DISTINCT (l.trace->'facts'->>'twelfth')::int ORDER BY (l.trace->'facts'->>'twelfth')::int)
             FROM generate_series('2021-01-01'::date, '2021-03-01', '1 month') m, aid_lines(m::date) l WHERE l.rule = 'ill'),
          '{1,2,12}', '... yearly amounts in twelfths, every month (the 12th, 1st and 2nd of a year from February)');

SELECT ok((SELECT count(*) FILTER (WHERE jsonb_array_length(l.trace->'facts'->'paid_in_earlier_months') = 2) > 0
              AND count(*) FILTER (WHERE (l.trace->'facts'->>'paid_earlier_this_month')::numeric > 0) > 0
              AND count(*) FILTER (WHERE l.amount = 0) > 0
             FROM aid_lines('2021-03-01') l WHERE l.rule = 'cs'),
          '... including claims whose year cap counts what two earlier months paid and earlier claims of the month, some of them left nothing');
-- The cap counts what was paid, not the earlier claims recomputed at the
-- rate in force now: on these data the two give other amounts
SELECT ok((SELECT count(*) FROM aid_lines('2021-03-01', NULL, false) l
             JOIN aid_costs c ON c.household_no = l.household_no AND c.kind = 'tuition' AND c.amount = l.quantity
                             AND c.claim_date >= '2021-03-01'
            CROSS JOIN LATERAL (SELECT coalesce(sum(round(least(e.amount * 45 / 100, 1000), 2)), 0) AS recomputed
                                  FROM aid_costs e
                                 WHERE e.household_no = c.household_no AND e.kind = 'tuition' AND e.claim_date >= '2021-01-01'
                                   AND (e.claim_date, e.claim_no) < (c.claim_date, c.claim_no)) y
            WHERE l.rule = 'cs' AND l.amount <> greatest(0, least(round(least(c.amount * 45 / 100, 1000), 2), 1500 - y.recomputed))) > 0,
          '... which differs from the earlier claims recomputed under the rule in force now');
SELECT bag_eq($$ SELECT household_no, policy, rule, amount::text, trace FROM aid_lines('2021-03-01', NULL, false) $$,
              $$ SELECT household_no, policy, rule, amount::text, NULL::jsonb FROM pg_temp.ref_aid_lines('2021-03-01') $$,
              'without traces: the same lines, no trace');
SELECT bag_eq($$ SELECT h.household_no, c.policy, c.rule, c.amount::text, c.trace::text
                   FROM aid_households h, compute_aid(h.household_no, h.month) c WHERE h.month = '2021-03-01' $$,
              $$ SELECT household_no, policy, rule, amount::text, trace::text FROM pg_temp.ref_aid_lines('2021-03-01') $$,
              'compute_aid household by household = the SQL formulas');

-- 7. Every line belongs to a run, and deleting a run deletes its lines
SELECT throws_ok($$ INSERT INTO aid_payments (run_id, household_no, policy, benefit, rule, amount)
                    VALUES (-1, 'T1', 'p', 'b', 'r', 1) $$, '23503', NULL, 'a line of a run that does not exist is refused');
SELECT lives_ok($$ DELETE FROM aid_runs WHERE note = 'pgtap' $$, 'a run can be deleted');
SELECT is((SELECT count(*) FROM aid_payments p WHERE NOT EXISTS (SELECT 1 FROM aid_runs r WHERE r.run_id = p.run_id)),
          0::bigint, '... and its lines go with it');

-- 8. The bulk run writes its lines straight into aid_payments; with a
-- trigger of a DBA's on the table it inserts them by SQL instead: the same
-- lines and totals either way, equal to the SQL formulas
SELECT compute_aid_month('2021-03-01', 'direct') AS run_direct \gset
CREATE TEMP TABLE audited (household_no text);
CREATE FUNCTION pg_temp.dba_audit() RETURNS trigger LANGUAGE plpgsql
AS $t$ BEGIN INSERT INTO pg_temp.audited VALUES (NEW.household_no); RETURN NEW; END $t$;
CREATE TRIGGER dba_audit BEFORE INSERT ON aid_payments FOR EACH ROW EXECUTE FUNCTION pg_temp.dba_audit();
SELECT compute_aid_month('2021-03-01', 'by sql') AS run_sql \gset
DROP TRIGGER dba_audit ON aid_payments;
SELECT bag_eq(format($$ SELECT household_no, policy, benefit, rule, quantity::text, rate_or_amount::text, amount::text, trace::text
                         FROM aid_payments WHERE run_id = %s $$, :run_direct),
              $$ SELECT household_no, policy, benefit, rule, quantity::text, rate_or_amount::text, amount::text, trace::text
                   FROM pg_temp.ref_aid_lines('2021-03-01') $$,
              'the lines written straight = the SQL formulas');
SELECT bag_eq(format($$ SELECT household_no, policy, benefit, rule, quantity::text, rate_or_amount::text, amount::text, trace::text
                         FROM aid_payments WHERE run_id = %s $$, :run_direct),
              format($$ SELECT household_no, policy, benefit, rule, quantity::text, rate_or_amount::text, amount::text, trace::text
                         FROM aid_payments WHERE run_id = %s $$, :run_sql),
              '... = the lines inserted by SQL');
SELECT is((SELECT array_agg(ROW(households, lines, total)::text ORDER BY run_id) FROM aid_runs WHERE run_id IN (:run_direct, :run_sql)),
          (SELECT array_agg(t ORDER BY run_id)
             FROM (SELECT run_id, ROW(count(DISTINCT household_no), count(*), sum(amount))::text AS t
                     FROM aid_payments WHERE run_id IN (:run_direct, :run_sql) GROUP BY run_id) x),
          'the totals of both runs are those of their lines');
SELECT is((SELECT count(*) FROM pg_temp.audited), (SELECT lines FROM aid_runs WHERE run_id = :run_direct),
          '... and the same; the DBA''s trigger saw every line of the run inserted by SQL');

SELECT throws_ok(format($$ SELECT * FROM aid_write_lines(%s, '2021-02-01') $$, :run_direct), '22023',
                 format('aid run %s is a run of 2021-03, not of 2021-02', :run_direct),
                 'lines are written only under a run of their month');
SELECT throws_ok($$ SELECT * FROM aid_write_lines(-1, '2021-02-01') $$, '23503', 'there is no aid run -1',
                 '... and only under a run that exists');

SELECT * FROM finish();
ROLLBACK;
