--
-- Tiered aid calculation from dated policy tables: the seed policies of
-- demo/aid/policies.sql reproduce every figure of DOMAIN.md item 3, exact
-- to the fen; then the checks of policies and every bad input.
--
SET search_path = public, aidlink;
\set SHOW_CONTEXT never
\set QUIET on
\i demo/aid/policies.sql
\set QUIET off

-- The seed policies are sound: no gaps, no conflicts
SELECT p.policy, c.* FROM aid_policies p, check_policy(p.policy) c;
SELECT policy, region, categories, effective_from, effective_to, rounding, rounding_mode FROM aid_policies ORDER BY 1;

-- Facts: a few households, month by month
CREATE FUNCTION pg_temp.household(no text, region text, category text, income numeric, first date, last date,
                                  VARIADIC members text[]) RETURNS text LANGUAGE sql AS $$
    INSERT INTO aidlink.aid_households
    SELECT no, m::date, region, category, income FROM generate_series(first, last, '1 month') m;
    INSERT INTO aidlink.aid_members
    SELECT no, m::date, i::text, CASE WHEN a = '' THEN '{}' ELSE string_to_array(a, ',') END
      FROM generate_series(first, last, '1 month') m, unnest(members) WITH ORDINALITY AS x(a, i);
    SELECT format('%s: %s members, %s to %s', no, cardinality(members), first, last);
$$;

-- 1. Zhangcha: a minimum-allowance household of 3 with one patient and one
-- university student: 200 x 3 = 600 a month, 13,200 in a year
-- (7,200 + 3,000 for the patient + 3,000 for the student)
SELECT pg_temp.household('ZC-1', 'foshan/chancheng/zhangcha', 'dibao', 0, '2017-01-01', '2017-12-01',
                         'major_illness', 'school:university', '');
SELECT * FROM compute_aid('ZC-1', '2017-03-01');
SELECT benefit, rule, quantity, rate_or_amount, amount FROM compute_aid('ZC-1', '2017-07-01');
SELECT benefit, rule, quantity, rate_or_amount, amount FROM compute_aid('ZC-1', '2017-09-01');
SELECT sum(amount) AS year_2017, sum(amount) FILTER (WHERE benefit = 'living supplement') AS living,
       count(DISTINCT m) FILTER (WHERE benefit = 'living supplement' AND amount = 600) AS months_of_600
FROM generate_series('2017-01-01'::date, '2017-12-01', '1 month') m, compute_aid('ZC-1', m::date);
-- The trace of a line names every parameter with the date of its value
SELECT jsonb_pretty(trace) FROM compute_aid('ZC-1', '2017-07-01') WHERE rule = 'patient_per_year';

-- Marginal (150) and low-income (100) households; students of senior high
-- and vocational school 2,000
SELECT pg_temp.household('ZC-2', 'foshan/chancheng/zhangcha', 'marginal', 0, '2017-09-01', '2017-09-01',
                         'school:senior_high', '', '', '');
SELECT pg_temp.household('ZC-3', 'foshan/chancheng/zhangcha', 'low_income', 500, '2017-09-01', '2017-09-01',
                         'school:secondary_vocational', 'school:college');
SELECT h, benefit, rule, quantity, rate_or_amount, amount FROM unnest('{ZC-2,ZC-3}'::text[]) h, compute_aid(h, '2017-09-01');

-- The Zhangcha rolls: 61 minimum-allowance households of 144 people, 18
-- marginal of 73, 63 low-income of 211 (the text says 152 households "over
-- 400 people"; its three counts add up to 142 households and 428 people),
-- a whole month in one statement
CREATE TEMP TABLE rolls AS
SELECT 'ZR-' || c.category || '-' || i AS no, c.category,
       CASE WHEN i <= c.big THEN c.size + 1 ELSE c.size END AS size
FROM (VALUES ('dibao', 61, 2, 22), ('marginal', 18, 4, 1), ('low_income', 63, 3, 22)) c(category, households, size, big),
     generate_series(1, c.households) i;
SELECT count(pg_temp.household(no, 'foshan/chancheng/zhangcha', category, 0, '2017-03-01', '2017-03-01',
                               VARIADIC array_fill(''::text, ARRAY[size]))) AS households, sum(size) AS people
FROM rolls;
SELECT compute_aid_month('2017-03-01', 'Zhangcha rolls') AS run \gset
SELECT h.category, count(DISTINCT p.household_no) AS households, sum(p.quantity) AS people, sum(p.amount) AS month_total
FROM aid_payments p JOIN aid_households h ON h.household_no = p.household_no AND h.month = '2017-03-01'
WHERE p.run_id = :run AND p.household_no LIKE 'ZR-%' GROUP BY ROLLUP (h.category) ORDER BY 1;
SELECT month, households, lines, total, note FROM aid_runs WHERE run_id = :run;

-- 2. Zhongshan: the standard rose from 629 to 1,160.  A household of 3 with
-- 2,200 yuan of income a month: 3 x 1,160 - 2,200 = 1,280; under the old
-- standard (3 x 629 = 1,887 < 2,200) it did not qualify.
SELECT pg_temp.household('ZS-1', 'zhongshan/shiqi', NULL, 2200, '2020-06-01', '2020-07-01', '', '', '');
SELECT * FROM compute_aid('ZS-1', '2020-07-01');
SELECT count(*) AS lines_june FROM compute_aid('ZS-1', '2020-06-01');
-- Income exactly at the standard, and one fen below it
SELECT pg_temp.household('ZS-2', 'zhongshan/shiqi', NULL, 3480, '2020-07-01', '2020-07-01', '', '', '');
SELECT pg_temp.household('ZS-3', 'zhongshan/shiqi', NULL, 3479.99, '2020-07-01', '2020-07-01', '', '', '');
SELECT h, amount FROM unnest('{ZS-2,ZS-3}'::text[]) h LEFT JOIN LATERAL compute_aid(h, '2020-07-01') ON true ORDER BY 1;

-- 3. Zhongshan staged major-illness aid: 50% of a 74,600 burden (37,300),
-- then 80% of what remains (29,840); the patient pays 7,460
SELECT pg_temp.household('ZS-4', 'zhongshan/xiaolan', 'dibao', 4000, '2020-08-01', '2020-08-01', 'major_illness', '', '');
INSERT INTO aid_costs VALUES ('ZS-4', 'C-1', '1', '2020-08-12', 'major_illness_burden', 74600);
SELECT benefit, rule, quantity, rate_or_amount, amount, trace->'stage' AS stage,
       trace->'remaining_before' AS remaining_before, trace->'remaining_after' AS remaining_after
FROM compute_aid('ZS-4', '2020-08-01');
SELECT 74600 - sum(amount) AS left_to_the_patient, round((74600 - sum(amount)) / 10000, 2) AS in_ten_thousands
FROM compute_aid('ZS-4', '2020-08-01') WHERE rule = 'staged_burden';

-- At least 95% of the in-limit out-of-pocket cost for double-low
-- households, 80% for other expenditure-type patients
SELECT pg_temp.household('ZS-5', 'zhongshan/xiaolan', 'double_low', 5000, '2020-08-01', '2020-08-01', 'major_illness', '', '');
SELECT pg_temp.household('ZS-6', 'zhongshan/xiaolan', 'expenditure_hardship', 5000, '2020-08-01', '2020-08-01', 'major_illness', '');
INSERT INTO aid_costs VALUES ('ZS-5', 'C-1', '1', '2020-08-03', 'in_limit_medical', 12345.67),
                             ('ZS-6', 'C-1', '1', '2020-08-03', 'in_limit_medical', 12345.67);
SELECT h, rule, quantity, rate_or_amount, amount FROM unnest('{ZS-5,ZS-6}'::text[]) h, compute_aid(h, '2020-08-01')
WHERE benefit = 'in-limit medical cost aid' ORDER BY 1;

-- 4. Zhongshan education aid on top of the government's: 1,500 (junior
-- high), 3,000 (senior high), 4,000 (university); a university student gets
-- 8,000 a year in all
SELECT pg_temp.household('ZS-7', 'zhongshan/dongqu', 'dibao', 0, '2020-01-01', '2020-12-01',
                         'school:junior_high', 'school:senior_high', 'school:university', '');
SELECT policy, rule, quantity, rate_or_amount, amount FROM compute_aid('ZS-7', '2020-09-01') WHERE benefit <> 'minimum living allowance';
SELECT sum(amount) FILTER (WHERE rule = 'university') AS university_student_year
FROM generate_series('2020-01-01'::date, '2020-12-01', '1 month') m, compute_aid('ZS-7', m::date);

-- 5. Co-funding: Dongguan towns match city money 1:1 or 1:0.5; Chancheng's
-- charity matches community mutual-aid funds 1:2; the parts always add up
SELECT * FROM split_amount(1000, '{city,town}', '{1,1}');
SELECT * FROM split_amount(1000, '{city,town}', '{1,0.5}');
SELECT * FROM split_amount(1000, '{community_fund,charity}', '{1,2}');
SELECT * FROM split_amount(0.01, '{city,town}', '{1,1}');
SELECT * FROM split_amount(100, '{a,b,c}', '{1,1,1}');
SELECT * FROM split_amount(100, '{a,b,c}', '{1,1,1}', 1);
SELECT bool_and((SELECT sum(share) FROM split_amount(a, '{x,y,z}', '{1,0.5,2}')) = a) AS always_adds_up
FROM generate_series(0, 2000) i, LATERAL (SELECT i * 0.37::numeric AS a) v;
INSERT INTO aid_funders VALUES ('zhangcha_supplement', 'community_fund', 1, 1, '2016-07-01', NULL),
                               ('zhangcha_supplement', 'charity', 2, 2, '2016-07-01', NULL);
SELECT * FROM aid_cofunding(:run);

-- 6. A policy change, and a second run of the same month: the differences
-- per household (arrears).  Zhangcha raises the low-income supplement from
-- 100 to 120 from March 2017 (a change made afterwards, for the example).
UPDATE aid_parameters SET effective_to = '2017-02-28'
 WHERE policy = 'zhangcha_supplement' AND rule = 'low_income_per_person' AND parameter = 'amount';
INSERT INTO aid_parameters VALUES ('zhangcha_supplement', 'low_income_per_person', 'amount', 120, NULL, '2017-03-01', NULL);
SELECT compute_aid_month('2017-03-01', 'low-income supplement 120') AS run2 \gset
SELECT kind, count(*) AS households, sum(difference) AS total FROM aid_differences('2017-03-01') GROUP BY kind;
SELECT * FROM aid_differences('2017-03-01') LIMIT 3;
-- ...and back to 100: overpayments, against the first run the same
UPDATE aid_parameters SET value = 100 WHERE policy = 'zhangcha_supplement' AND rule = 'low_income_per_person' AND effective_from = '2017-03-01';
SELECT compute_aid_month('2017-03-01', 'correction') AS run3 \gset
SELECT kind, count(*) AS households, sum(difference) AS total FROM aid_differences('2017-03-01') GROUP BY kind;
SELECT count(*) AS unchanged_from_first_run FROM aid_differences('2017-03-01', :run, :run3);
SELECT jsonb_pretty(trace->'parameters') FROM aid_payments WHERE run_id = :run3 AND household_no = 'ZR-low_income-1';

-- 7. Bracket schedules as a rule: a cost on a schedule, marginally
INSERT INTO aid_policies VALUES ('demo_schedule', 'zhongshan/dongqu', 'A schedule on medical costs (made up for the test)',
                                 NULL, '2020-01-01', NULL, 'yuan', 'half_up', NULL);
INSERT INTO aid_rules VALUES ('demo_schedule', 'sliding', 'sliding medical aid', 'schedule', '{dibao}', 'outpatient', 'marginal', '2020-01-01', NULL);
INSERT INTO aid_parameters VALUES ('demo_schedule', 'sliding', 'schedule', NULL, '[0,20000):60%, [20000,):80%, cap 50000', '2020-01-01', NULL);
INSERT INTO aid_costs VALUES ('ZS-7', 'O-1', '4', '2020-10-05', 'outpatient', 30000.50), ('ZS-7', 'O-2', '4', '2020-10-20', 'outpatient', 100);
SELECT rule, quantity, rate_or_amount, amount, trace->'facts'->'bracket' AS bracket, trace->'rounding' AS rounding
FROM compute_aid('ZS-7', '2020-10-01') WHERE policy = 'demo_schedule';
-- A schedule rule without how (marginal or whole): check_policy says so;
-- compute_aid gives its lines without an amount; a bulk run refuses them as
-- an INSERT would (the engine writes its lines itself and builds the same
-- message: the second run below inserts by SQL, through a DBA's trigger),
-- and nothing is written
UPDATE aid_rules SET how = NULL WHERE policy = 'demo_schedule';
SELECT * FROM check_policy('demo_schedule');
SELECT rule, quantity, rate_or_amount, amount, trace->'formula' AS formula
FROM compute_aid('ZS-7', '2020-10-01') WHERE policy = 'demo_schedule';
SELECT count(*) AS runs_before_how FROM aid_runs \gset
SELECT compute_aid_month('2020-10-01');
CREATE FUNCTION pg_temp.dba_trigger() RETURNS trigger LANGUAGE plpgsql AS $t$ BEGIN RETURN NEW; END $t$;
CREATE TRIGGER dba_trigger BEFORE INSERT ON aid_payments FOR EACH ROW EXECUTE FUNCTION pg_temp.dba_trigger();
SELECT compute_aid_month('2020-10-01');
DROP TRIGGER dba_trigger ON aid_payments;
SELECT count(*) = :runs_before_how AS nothing_written FROM aid_runs;
UPDATE aid_rules SET how = 'marginal' WHERE policy = 'demo_schedule';

-- 8. Cost share with caps per claim and per year: the year cap counts what
-- was paid in the earlier months of the year (the ledger, aid_ledger: the
-- latest run of each month), not the earlier claims recomputed under the
-- rule in force now.  Tuition: 50% until June, 80% from July (a policy
-- change), at most 1,000 a claim and 1,500 a year.
INSERT INTO aid_policies VALUES ('demo_caps', 'zhongshan/dongqu', 'Cost share with caps (made up for the test)',
                                 NULL, '2020-01-01', NULL, 'fen', 'down', NULL);
INSERT INTO aid_rules VALUES ('demo_caps', 'tuition', 'tuition aid', 'cost_share', NULL, 'tuition', NULL, '2020-01-01', NULL);
INSERT INTO aid_parameters VALUES ('demo_caps', 'tuition', 'rate', 50, NULL, '2020-01-01', '2020-06-30'),
                                  ('demo_caps', 'tuition', 'rate', 80, NULL, '2020-07-01', NULL),
                                  ('demo_caps', 'tuition', 'claim_cap', 1000, NULL, '2020-01-01', NULL),
                                  ('demo_caps', 'tuition', 'year_cap', 1500, NULL, '2020-01-01', NULL);
INSERT INTO aid_costs VALUES ('ZS-7', 'T-1', '3', '2020-02-10', 'tuition', 1500),
                             ('ZS-7', 'T-2', '3', '2020-09-01', 'tuition', 1000),
                             ('ZS-7', 'T-3', '3', '2020-09-02', 'tuition', 1000);
CREATE FUNCTION pg_temp.tuition(m date) RETURNS TABLE (claim text, cost numeric, rate numeric, paid numeric,
                                                      paid_in_months jsonb, this_month numeric, this_year numeric)
LANGUAGE sql AS $$
    SELECT trace->'facts'->>'claim', quantity, rate_or_amount, amount,
           trace->'facts'->'paid_in_earlier_months',
           (trace->'facts'->>'paid_earlier_this_month')::numeric, (trace->'facts'->>'paid_earlier_this_year')::numeric
      FROM aidlink.compute_aid('ZS-7', m) WHERE policy = 'demo_caps' ORDER BY 1
$$;
-- Before February is run, nothing was paid for it: September's claims get
-- 800 and what the cap leaves, 700
SELECT claim, cost, rate, paid, jsonb_array_length(paid_in_months) AS months_paid, this_month, this_year
FROM pg_temp.tuition('2020-09-01');
-- February is run: 50% of 1,500 = 750 paid
SELECT compute_aid_month('2020-02-01', 'caps: February') AS feb \gset
SELECT claim, cost, rate, paid FROM pg_temp.tuition('2020-02-01');
SELECT month, household_no, policy, benefit, rule, kind, attribute, amount, run_id = :feb AS february_run
FROM aid_ledger WHERE policy = 'demo_caps';
-- September: the cap counts the 750 paid (1,500 - 750 leaves 750); the
-- earlier claim recomputed at today's 80% would be 1,000 and leave 500
SELECT compute_aid_month('2020-09-01', 'caps: September') AS sep \gset
SELECT claim, cost, rate, paid, paid_in_months #- '{0,run_id}' AS paid_in_months,
       (paid_in_months->0->>'run_id')::bigint = :feb AS from_february_run, this_month, this_year
FROM pg_temp.tuition('2020-09-01');
SELECT household_no, rule, quantity, rate_or_amount, amount, trace->'facts'->'paid_earlier_this_year' AS earlier
FROM aid_payments WHERE run_id = :sep AND policy = 'demo_caps' ORDER BY trace->'facts'->>'claim';
-- A correction: February's rate should have been 60%.  February run again:
-- 900, arrears of 150; September run again: the cap now leaves 600, an
-- overpayment of 150; the year paid stays 1,500
UPDATE aid_parameters SET value = 60 WHERE policy = 'demo_caps' AND parameter = 'rate' AND effective_from = '2020-01-01';
SELECT compute_aid_month('2020-02-01', 'caps: February corrected') AS feb2 \gset
SELECT household_no, paid_before, due_now, difference, kind FROM aid_differences('2020-02-01');
SELECT compute_aid_month('2020-09-01', 'caps: September after the correction') AS sep2 \gset
SELECT household_no, paid_before, due_now, difference, kind FROM aid_differences('2020-09-01');
SELECT claim, cost, rate, paid, paid_in_months #- '{0,run_id}' AS paid_in_months,
       (paid_in_months->0->>'run_id')::bigint = :feb2 AS from_corrected_run, this_month, this_year
FROM pg_temp.tuition('2020-09-01');
SELECT sum(amount) AS tuition_paid_in_2020 FROM aid_ledger WHERE policy = 'demo_caps' AND month >= '2020-01-01';
DELETE FROM aid_runs WHERE note LIKE 'caps:%';
DELETE FROM aid_costs WHERE claim_no LIKE 'T-%' OR claim_no LIKE 'O-%';
DELETE FROM aid_parameters WHERE policy IN ('demo_caps', 'demo_schedule');
DELETE FROM aid_rules WHERE policy IN ('demo_caps', 'demo_schedule');
DELETE FROM aid_policies WHERE policy IN ('demo_caps', 'demo_schedule');

-- 8b. Members who join or leave during the year.  A yearly amount is paid
-- whole in its payment month to the members who have the attribute then
-- (the seed policies' reading), or, when the rule says how = 'twelfths', a
-- twelfth every month to the members who have it that month, the year
-- counted from the payment month; the twelfths are rounded so that a whole
-- year adds up to the amount.  The Zhangcha senior-high grant (2,000 a
-- school year from September) in twelfths: a student there all school year
-- gets 2,000.00; one who joins in January and leaves after March gets the 5th
-- to 7th twelfths, 500.00 (paid whole in September, he would get nothing).
SELECT pg_temp.household('ZC-5', 'foshan/chancheng/zhangcha', 'dibao', 0, '2017-09-01', '2018-08-01', 'school:senior_high', '');
SELECT pg_temp.household('ZC-6', 'foshan/chancheng/zhangcha', 'dibao', 0, '2017-09-01', '2017-12-01', '');
SELECT pg_temp.household('ZC-6', 'foshan/chancheng/zhangcha', 'dibao', 0, '2018-01-01', '2018-03-01', '', 'school:senior_high');
SELECT pg_temp.household('ZC-6', 'foshan/chancheng/zhangcha', 'dibao', 0, '2018-04-01', '2018-08-01', '');
SELECT h, sum(amount) AS grant_in_school_year
FROM unnest('{ZC-5,ZC-6}'::text[]) h, generate_series('2017-09-01'::date, '2018-08-01', '1 month') m, compute_aid(h, m::date)
WHERE rule = 'senior_high_grant' GROUP BY 1 ORDER BY 1;
UPDATE aid_rules SET how = 'twelfths' WHERE policy = 'zhangcha_supplement' AND rule = 'senior_high_grant';
SELECT h, m::date, quantity, rate_or_amount, amount, trace->'facts'->'twelfth' AS twelfth
FROM unnest('{ZC-5,ZC-6}'::text[]) h, generate_series('2017-09-01'::date, '2018-08-01', '1 month') m, compute_aid(h, m::date)
WHERE rule = 'senior_high_grant' ORDER BY 1, 2;
SELECT h, sum(amount) AS grant_in_school_year
FROM unnest('{ZC-5,ZC-6}'::text[]) h, generate_series('2017-09-01'::date, '2018-08-01', '1 month') m, compute_aid(h, m::date)
WHERE rule = 'senior_high_grant' GROUP BY 1 ORDER BY 1;
SELECT jsonb_pretty(trace) FROM compute_aid('ZC-6', '2018-01-01') WHERE rule = 'senior_high_grant';
UPDATE aid_rules SET how = NULL WHERE policy = 'zhangcha_supplement' AND rule = 'senior_high_grant';
DELETE FROM aid_members WHERE household_no IN ('ZC-5', 'ZC-6');
DELETE FROM aid_households WHERE household_no IN ('ZC-5', 'ZC-6');

-- 9. check_policy finds gaps and conflicts before anything is paid
INSERT INTO aid_policies VALUES ('broken', 'zhongshan/dongqu', 'A policy with every problem', '{dibao,marginal}', '2021-01-01', '2021-12-31', 'fen', 'half_up', NULL);
INSERT INTO aid_rules VALUES ('broken', 'a', 'supplement', 'per_person_month', '{dibao}', NULL, NULL, '2021-01-01', NULL),
                             ('broken', 'b', 'supplement', 'per_household_month', NULL, NULL, NULL, '2021-06-01', '2021-12-31'),
                             ('broken', 'c', 'grant', 'per_member_year', NULL, NULL, NULL, '2021-01-01', '2021-12-31'),
                             ('broken', 'd', 'staged', 'staged', NULL, 'x', NULL, '2021-01-01', '2021-12-31'),
                             ('broken', 'e', 'sched', 'schedule', NULL, 'y', NULL, '2021-01-01', '2021-12-31');
INSERT INTO aid_parameters VALUES ('broken', 'a', 'amount', 10, NULL, '2021-01-01', '2021-03-31'),
                                  ('broken', 'a', 'amount', 12, NULL, '2021-05-01', NULL),
                                  ('broken', 'b', 'amount', 5, NULL, '2021-06-01', NULL),
                                  ('broken', 'c', 'amount', 5, NULL, '2021-01-01', NULL);
SELECT * FROM check_policy('broken');
SELECT * FROM check_policy('no such policy');

-- 10. Uncovered and ambiguous cases are distinct errors, and nothing is written
DELETE FROM aid_parameters WHERE policy = 'broken' AND rule IN ('c', 'd', 'e');
DELETE FROM aid_rules WHERE policy = 'broken' AND rule IN ('c', 'd', 'e');
SELECT pg_temp.household('ZS-8', 'zhongshan/dongqu', 'dibao', 0, '2021-04-01', '2021-07-01', '', '');
SELECT pg_temp.household('ZS-9', 'zhongshan/dongqu', 'marginal', 0, '2021-02-01', '2021-02-01', '');
SELECT count(*) AS runs_before FROM aid_runs \gset
SELECT * FROM compute_aid('ZS-8', '2021-04-01');   -- parameter a.amount has no value in April
SELECT * FROM compute_aid('ZS-9', '2021-02-01');   -- marginal is served, no rule covers it
SELECT * FROM compute_aid('ZS-8', '2021-07-01');   -- a and b both pay the supplement
SELECT compute_aid_month('2021-07-01');
-- the two errors have their own SQLSTATEs: AL501 uncovered, AL502 ambiguous
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT * FROM (VALUES ('ZS-8', date '2021-04-01'), ('ZS-9', '2021-02-01'), ('ZS-8', '2021-07-01')) v(h, m) LOOP
        BEGIN
            PERFORM * FROM aidlink.compute_aid(c.h, c.m);
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE '% %: SQLSTATE %', c.h, c.m, SQLSTATE;
        END;
    END LOOP;
END
$$;
SELECT count(*) = :runs_before AS nothing_written FROM aid_runs;
DELETE FROM aid_members WHERE household_no IN ('ZS-8', 'ZS-9');
DELETE FROM aid_households WHERE household_no IN ('ZS-8', 'ZS-9');
DELETE FROM aid_parameters WHERE policy = 'broken';
DELETE FROM aid_rules WHERE policy = 'broken';
DELETE FROM aid_policies WHERE policy = 'broken';

-- 11. Bad input: each a clear error naming the household, policy or rule
SELECT * FROM compute_aid('ZS-1', '2019-01-01');    -- no facts that month
INSERT INTO aid_households VALUES ('OLD-1', '2010-01-01', 'zhongshan', 'dibao', 0);
INSERT INTO aid_members VALUES ('OLD-1', '2010-01-01', '1', '{}');
SELECT * FROM compute_aid('OLD-1', '2010-01-01');   -- no policy in force
SELECT compute_aid_month('2010-01-01');
INSERT INTO aid_households VALUES ('FAR-1', '2020-07-01', 'beijing', NULL, 0);
INSERT INTO aid_members VALUES ('FAR-1', '2020-07-01', '1', '{}');
SELECT * FROM compute_aid('FAR-1', '2020-07-01');   -- no policy for its region
DELETE FROM aid_members WHERE household_no = 'FAR-1';
DELETE FROM aid_households WHERE household_no = 'FAR-1';
UPDATE aid_households SET income = -1 WHERE household_no = 'ZS-1' AND month = '2020-07-01';
SELECT * FROM compute_aid('ZS-1', '2020-07-01');    -- negative income
SELECT compute_aid_month('2020-07-01');
UPDATE aid_households SET income = 2200 WHERE household_no = 'ZS-1';
INSERT INTO aid_costs VALUES ('ZS-1', 'NEG', '1', '2020-07-03', 'in_limit_medical', -5);
SELECT * FROM compute_aid('ZS-1', '2020-07-01');    -- negative cost
DELETE FROM aid_costs WHERE claim_no = 'NEG';
INSERT INTO aid_households VALUES ('EMPTY-1', '2020-07-01', 'zhongshan', NULL, 0);
SELECT * FROM compute_aid('EMPTY-1', '2020-07-01'); -- no members
SELECT compute_aid_month('2020-07-01');
DELETE FROM aid_households WHERE household_no = 'EMPTY-1';
SELECT count(*) = :runs_before AS nothing_written FROM aid_runs;
-- dates and parameters of the policy tables
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'standard', 1200, NULL, '2021-01-01', '2020-12-31');
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'standard', 1200, NULL, '2021-01-01', NULL);
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'rate', 50, NULL, '2021-01-01', NULL);
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'floor', -1, NULL, '2021-01-01', NULL);
INSERT INTO aid_parameters VALUES ('zhongshan_major_illness', 'staged_burden', 'stage_3_rate', 101, NULL, '2021-01-01', NULL);
UPDATE aid_parameters SET value = 13 WHERE policy = 'zhangcha_supplement' AND rule = 'patient_per_year' AND parameter = 'payment_month';
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'floor', NULL, '[0,):1%', '2021-01-01', NULL);
INSERT INTO aid_parameters VALUES ('zhongshan_dibao', 'top_up', 'floor', 1, '[0,):1%', '2021-01-01', NULL);
INSERT INTO aid_rules VALUES ('zhongshan_dibao', 'late', 'x', 'top_up', NULL, NULL, NULL, '2021-01-01', '2020-01-01');
INSERT INTO aid_rules VALUES ('zhongshan_dibao', 'odd', 'x', 'per_decade', NULL, NULL, NULL, '2021-01-01', NULL);
INSERT INTO aid_rules VALUES ('zhongshan_dibao', 'odd', 'x', 'per_member_year', NULL, 'major_illness', 'marginal', '2021-01-01', NULL);
INSERT INTO aid_rules VALUES ('zhongshan_dibao', 'odd', 'x', 'top_up', NULL, NULL, 'twelfths', '2021-01-01', NULL);
UPDATE aid_policies SET effective_to = '2000-01-01' WHERE policy = 'zhongshan_dibao';
SELECT * FROM split_amount(10, '{a,b}', '{1}');
SELECT * FROM split_amount(10, '{a,b}', '{1,0}');
SELECT * FROM split_amount(10.001, '{a,b}', '{1,1}');
SELECT * FROM aid_cofunding(:run2);
SELECT * FROM aid_cofunding(-1);
SELECT compute_aid_month('2020-08-01') AS run_zs \gset
SELECT * FROM aid_cofunding(:run_zs);
SELECT * FROM aid_differences('2016-01-01');
