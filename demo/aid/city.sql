-- demo/aid/city.sql — the aid calculation on the synthetic city: the
-- departments' tables mapped onto aidlink's aid input, through the linkage
-- (aidlink.persons, aidlink.links), then a whole month computed.
-- Expects demo/city/make-city and the linkage (demo/linkage_demo.sql) in this
-- database, and the seed policies (demo/aid/policies.sql).
--
-- What the city has: the household register (households, members), the
-- civil-affairs rolls city.mz_dibao (category bzlb), the students
-- city.jy_students (school level xd), the medical claims city.yb_claims
-- (self_paid).  What it lacks, incomes, comes from a deterministic table of
-- this demo (aid_demo.incomes): lower for households on a roll.
\set ON_ERROR_STOP 1
SET search_path = public, aidlink;
\set month '2024-09-01'

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS aid_demo CASCADE;
RESET client_min_messages;
CREATE SCHEMA aid_demo;

-- The roll each household is on (from any linked member's row), in the
-- categories the policies use
CREATE TABLE aid_demo.rolls AS
SELECT p.household_no,
       min(CASE d.bzlb WHEN '低保' THEN 'dibao' WHEN '低保边缘' THEN 'marginal'
                       WHEN '低收入' THEN 'low_income' WHEN '特困' THEN 'extreme_poverty' END) AS category
FROM city.mz_dibao d
JOIN aidlink.links l ON l.source_name = 'mz_dibao' AND l.row_key = d.id::text AND l.status = 'accepted'
JOIN aidlink.persons p ON p.resident_id = l.resident_id
WHERE p.household_no IS NOT NULL
GROUP BY p.household_no;

-- Incomes the city lacks: deterministic, per household and month, from the
-- household number; households on a roll mostly below 1,160 per person
CREATE TABLE aid_demo.incomes AS
SELECT h.household_no,
       round(h.members * CASE WHEN r.category IS NOT NULL THEN abs(hashtext(h.household_no)) % 1400
                              ELSE 800 + abs(hashtext(h.household_no)) % 6000 END, 2) AS income
FROM aidlink.households h LEFT JOIN aid_demo.rolls r USING (household_no);

-- School levels and patients, per person
CREATE TABLE aid_demo.attributes AS
SELECT l.resident_id, 'school:' || CASE s.xd WHEN '初中' THEN 'junior_high' WHEN '高中' THEN 'senior_high'
                                            WHEN '中职' THEN 'secondary_vocational' WHEN '大学' THEN 'university' END AS attribute
FROM city.jy_students s
JOIN aidlink.links l ON l.source_name = 'jy_students' AND l.row_key = s.xsid::text AND l.status = 'accepted'
WHERE s.xd IN ('初中', '高中', '中职', '大学')
UNION
SELECT l.resident_id, 'major_illness'
FROM city.yb_claims c
JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text AND l.status = 'accepted'
WHERE c.claim_type = '住院' AND c.visit_date >= date :'month' - interval '1 year' AND c.visit_date < date :'month'
GROUP BY l.resident_id HAVING sum(c.self_paid) >= 10000;

-- The aid input of the month
DELETE FROM aidlink.aid_members WHERE month = :'month';
DELETE FROM aidlink.aid_households WHERE month = :'month';
DELETE FROM aidlink.aid_costs WHERE claim_no LIKE 'yb-%';
INSERT INTO aidlink.aid_households (household_no, month, region, category, income)
SELECT h.household_no, :'month', 'zhongshan', r.category, i.income
FROM aidlink.households h
JOIN aid_demo.incomes i USING (household_no)
LEFT JOIN aid_demo.rolls r USING (household_no);
INSERT INTO aidlink.aid_members (household_no, month, member_no, attributes)
SELECT p.household_no, :'month', p.resident_id::text,
       coalesce((SELECT array_agg(a.attribute ORDER BY a.attribute) FROM aid_demo.attributes a
                  WHERE a.resident_id = p.resident_id), '{}')
FROM aidlink.persons p WHERE p.household_no IS NOT NULL;
-- Inpatient costs of the month left to patients of households on a roll: the
-- staged major-illness aid
INSERT INTO aidlink.aid_costs (household_no, claim_no, member_no, claim_date, kind, amount)
SELECT p.household_no, 'yb-' || c.claim_id, p.resident_id::text, c.visit_date, 'major_illness_burden', c.self_paid
FROM city.yb_claims c
JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text AND l.status = 'accepted'
JOIN aidlink.persons p ON p.resident_id = l.resident_id
JOIN aid_demo.rolls r ON r.household_no = p.household_no
WHERE c.claim_type = '住院' AND c.visit_date >= date :'month' AND c.visit_date < date :'month' + interval '1 month'
  AND c.self_paid > 0;

\echo 'The month computed for every household of the register'
SELECT aidlink.compute_aid_month(:'month', 'demo: synthetic city') AS run \gset
SELECT households, lines, total FROM aidlink.aid_runs WHERE run_id = :run;
SELECT policy, benefit, count(DISTINCT household_no) AS households, sum(amount) AS total
FROM aidlink.aid_payments WHERE run_id = :run GROUP BY 1, 2 ORDER BY 1, 2;
\echo 'One household''s lines, with the trace a caseworker reads'
SELECT benefit, rule, quantity, rate_or_amount, amount, jsonb_pretty(trace) AS trace
FROM aidlink.aid_payments
WHERE run_id = :run AND household_no = (SELECT household_no FROM aidlink.aid_payments WHERE run_id = :run
                                         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1);
