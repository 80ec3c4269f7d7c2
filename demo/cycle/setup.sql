-- demo/cycle/setup.sql — the synthetic city (demo/city) made ready for the
-- monthly cycle (aidlink.run_monthly_cycle): its 12 tables registered as
-- linkage sources, the example scoring signals and roll, the seed texts' aid
-- policies, the example certificate catalogue, and what the cycle's settings
-- name: a procedure filling the month's aid input from the city's tables
-- (cycle_demo.fill_aid_input) and a table of certificates the communities
-- issued (cycle_demo.issued_certificates).  Example data, not part of the
-- extension.  Idempotent: what is already there is kept.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

-- 1. The city's tables, registered where they are (nothing is copied)
SELECT count(*) AS sources_registered
FROM city_truth.sources s
CROSS JOIN LATERAL aidlink.register_source(s.source, s.relation::regclass, s.row_key_column, s.id_column,
           s.name_column, s.birth_date_column, s.sex_column, s.phone_column, s.address_column,
           s.household_column, s.is_reference) r
WHERE NOT EXISTS (SELECT 1 FROM aidlink.link_sources l WHERE l.source_name = s.source) \g /dev/null

-- 2. Scoring: nine example signals and the civil-affairs roll
SELECT NOT EXISTS (SELECT 1 FROM aidlink.score_signals WHERE signal_name = 'medical_cost') AS need_signals \gset
\if :need_signals
\o /dev/null
\ir ../scoring/city_signals.sql
\o
\endif
SET client_min_messages = warning;

-- 3. The seed texts' aid policies (replaced if loaded before)
\o /dev/null
\ir ../aid/policies.sql
-- 4. The example certificate catalogue and its verifications
BEGIN;
\ir ../certificates/verifications.sql
\ir ../certificates/catalogue.sql
COMMIT;
\o
SET client_min_messages = warning;

-- 5. What the cycle's settings name
DROP SCHEMA IF EXISTS cycle_demo CASCADE;
CREATE SCHEMA cycle_demo;
COMMENT ON SCHEMA cycle_demo IS 'demo/cycle: the aid input procedure and issued certificates of the synthetic city';

-- The month's aid input from the city, through the linkage: the households
-- on a civil-affairs roll in force that month (city.mz_dibao rows 在保,
-- approved by the month's end, linked to a person; the category from bzlb),
-- each with its members in the register at the start of the month
-- (aidlink.persons, less those the register cancelled, 死亡注销, before it),
-- their school levels (city.jy_students.xd) and major illnesses, and the
-- month's inpatient costs (city.yb_claims.self_paid).  Only households on a
-- roll: aid is paid to households the civil-affairs office has approved,
-- and only they have declared incomes; a household on no roll is a
-- candidate to visit (the score stage), not a household to pay.  Incomes,
-- which the city lacks: cycle_demo.income, relative to the standard in force.
CREATE FUNCTION cycle_demo.roll_category(bzlb text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE bzlb WHEN '低保' THEN 'dibao' WHEN '低保边缘' THEN 'marginal'
                 WHEN '低收入' THEN 'low_income' WHEN '特困' THEN 'extreme_poverty' END;
COMMENT ON FUNCTION cycle_demo.roll_category(text) IS
  'The aid category of a civil-affairs roll (city.mz_dibao.bzlb): dibao, marginal, low_income, extreme_poverty';

CREATE FUNCTION cycle_demo.standard(month date) RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $fn$
    SELECT p.value FROM aidlink.aid_parameters p
     WHERE p.policy = 'zhongshan_dibao' AND p.rule = 'top_up' AND p.parameter = 'standard'
       AND p.effective_from <= month AND (p.effective_to IS NULL OR p.effective_to >= month)
$fn$;
COMMENT ON FUNCTION cycle_demo.standard(date) IS
  'The Zhongshan minimum living standard (yuan a person a month) in force on a day, from the policy''s parameters (NULL: none)';

-- Incomes the city lacks: per household, from its number, relative to the
-- standard: minimum-allowance and extreme-poverty households below it (0 to
-- 94% of it a person), marginal households above it (up to 1.5 times),
-- low-income households up to twice it, as the categories are defined
CREATE FUNCTION cycle_demo.income(household_no text, members integer, category text, standard numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN round(members * standard * CASE WHEN category IN ('dibao', 'extreme_poverty') THEN abs(hashtext(household_no)) % 95
                                       WHEN category = 'marginal' THEN 100 + abs(hashtext(household_no)) % 50
                                       ELSE 100 + abs(hashtext(household_no)) % 100 END / 100.0, 2);
COMMENT ON FUNCTION cycle_demo.income(text, integer, text, numeric) IS
  'A household''s monthly income in the demo (the city has none): deterministic from the household number, below the standard for dibao and extreme_poverty, above it for marginal and low_income';

-- What the truth says the minimum living allowance of a month is, household
-- by household, for demo/cycle/truth.sql and test/cycle/run: households on a
-- roll in force that month by the truth of who each roll row is (not by the
-- linkage), their members registered at the month's start, the demo's
-- incomes, the standard in force (the top-up: standard x members - income)
CREATE FUNCTION cycle_demo.allowance_due_by_truth(month date)
RETURNS TABLE (household_no text, category text, members bigint, income numeric, amount numeric)
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $fn$
    WITH m AS (SELECT date_trunc('month', month)::date AS m, cycle_demo.standard(date_trunc('month', month)::date) AS s),
    rolls AS (
        SELECT p.household_no, min(cycle_demo.roll_category(d.bzlb)) AS category
          FROM city.mz_dibao d
          JOIN city_truth.row_truth t ON t.source = 'mz_dibao' AND t.row_key = d.id::text
          JOIN city_truth.person p ON p.person_no = t.person_no, m
         WHERE d.zt = '在保' AND d.pzrq < m.m + interval '1 month'
         GROUP BY p.household_no),
    hh AS (
        SELECT h.hh, r.category, count(*) AS members
          FROM rolls r
          JOIN city_truth.household h ON h.household_no = r.household_no AND h.in_register
          JOIN city_truth.person p ON p.household_no = h.household_no AND p.in_register
          JOIN city_truth.row_truth t ON t.source = 'household_register' AND t.person_no = p.person_no
          JOIN city.household_register g ON g.id::text = t.row_key, m
         WHERE g.hkzt = '正常' OR g.zxrq >= m.m
         GROUP BY h.hh, r.category)
    SELECT hh.hh, hh.category, hh.members, x.income, greatest(m.s * hh.members - x.income, 0)
      FROM hh, m, LATERAL (SELECT cycle_demo.income(hh.hh, hh.members::integer, hh.category, m.s) AS income) x
$fn$;
COMMENT ON FUNCTION cycle_demo.allowance_due_by_truth(date) IS
  'The minimum living allowance each household is due in a month by the city''s truth (rolls by who each roll row really is, members registered at the month''s start, the demo''s incomes, the standard in force), to check the cycle''s aid against';

CREATE PROCEDURE cycle_demo.fill_aid_input(month date)
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp AS $fn$
DECLARE
    m date := date_trunc('month', month)::date;
    standard numeric := cycle_demo.standard(date_trunc('month', month)::date);
BEGIN
    IF standard IS NULL THEN
        RAISE EXCEPTION 'no minimum living standard of zhongshan_dibao is in force in %', to_char(m, 'YYYY-MM')
            USING ERRCODE = 'no_data_found', HINT = 'The demo''s incomes are made relative to it: load demo/aid/policies.sql.';
    END IF;
    DELETE FROM aidlink.aid_members a WHERE a.month = m;
    DELETE FROM aidlink.aid_households a WHERE a.month = m;
    DELETE FROM aidlink.aid_costs a WHERE a.claim_no LIKE 'yb-%' AND a.claim_date >= m
                                      AND a.claim_date < m + interval '1 month';
    -- households on a roll in force, and their members registered at the month's start
    CREATE TEMP TABLE cycle_rolls ON COMMIT DROP AS
    SELECT p.household_no, min(cycle_demo.roll_category(d.bzlb)) AS category
      FROM city.mz_dibao d
      JOIN aidlink.links l ON l.source_name = 'mz_dibao' AND l.row_key = d.id::text AND l.status = 'accepted'
      JOIN aidlink.persons p ON p.resident_id = l.resident_id
     WHERE p.household_no IS NOT NULL AND d.zt = '在保' AND d.pzrq < m + interval '1 month'
     GROUP BY p.household_no;
    ANALYZE cycle_rolls;
    CREATE TEMP TABLE cycle_members ON COMMIT DROP AS
    SELECT p.household_no, p.resident_id
      FROM cycle_rolls r
      CROSS JOIN LATERAL (SELECT p.household_no, p.resident_id, p.reference_row_key FROM aidlink.persons p
                           WHERE p.household_no = r.household_no OFFSET 0) p
      JOIN city.household_register g ON g.id = p.reference_row_key::bigint
     WHERE g.hkzt = '正常' OR g.zxrq >= m;
    ANALYZE cycle_members;
    INSERT INTO aidlink.aid_households (household_no, month, region, category, income)
    SELECT r.household_no, m, 'zhongshan', r.category,
           cycle_demo.income(r.household_no, c.members::integer, r.category, standard)
      FROM cycle_rolls r
      JOIN (SELECT household_no, count(*) AS members FROM cycle_members GROUP BY 1) c USING (household_no);
    -- the members' rows of education and medical insurance, found from the
    -- members (a few percent of the city) through the links' index: the
    -- subquery (OFFSET 0 keeps it one) looks each member up, where a join
    -- would read the whole links table
    CREATE TEMP TABLE cycle_member_rows ON COMMIT DROP AS
    SELECT mb.household_no, mb.resident_id, l.source_name, l.row_key::bigint AS row_key
      FROM cycle_members mb
      CROSS JOIN LATERAL (SELECT l.source_name, l.row_key FROM aidlink.links l
                           WHERE l.resident_id = mb.resident_id AND l.source_name IN ('jy_students', 'yb_claims')
                             AND l.status = 'accepted' OFFSET 0) l;
    ANALYZE cycle_member_rows;
    INSERT INTO aidlink.aid_members (household_no, month, member_no, attributes)
    SELECT c.household_no, m, c.resident_id::text, coalesce(a.attributes, '{}')
      FROM cycle_members c
      LEFT JOIN (SELECT x.resident_id, array_agg(DISTINCT x.attribute ORDER BY x.attribute) AS attributes
                   FROM (SELECT r.resident_id,
                                'school:' || CASE s.xd WHEN '初中' THEN 'junior_high' WHEN '高中' THEN 'senior_high'
                                                      WHEN '中职' THEN 'secondary_vocational' WHEN '大学' THEN 'university' END
                                  AS attribute
                           FROM cycle_member_rows r
                           JOIN city.jy_students s ON s.xsid = r.row_key
                          WHERE r.source_name = 'jy_students' AND s.xd IN ('初中', '高中', '中职', '大学')
                         UNION ALL
                         SELECT r.resident_id, 'major_illness'
                           FROM cycle_member_rows r
                           JOIN city.yb_claims c ON c.claim_id = r.row_key
                          WHERE r.source_name = 'yb_claims'
                            AND c.claim_type = '住院' AND c.visit_date >= m - interval '1 year' AND c.visit_date < m
                          GROUP BY r.resident_id HAVING sum(c.self_paid) >= 10000) x
                  GROUP BY x.resident_id) a ON a.resident_id = c.resident_id;
    -- inpatient costs of the month left to these members
    INSERT INTO aidlink.aid_costs (household_no, claim_no, member_no, claim_date, kind, amount)
    SELECT r.household_no, 'yb-' || c.claim_id, r.resident_id::text, c.visit_date, 'major_illness_burden', c.self_paid
      FROM cycle_member_rows r
      JOIN city.yb_claims c ON c.claim_id = r.row_key
     WHERE r.source_name = 'yb_claims'
       AND c.claim_type = '住院' AND c.visit_date >= m AND c.visit_date < m + interval '1 month' AND c.self_paid > 0;
    DROP TABLE cycle_member_rows;
    DROP TABLE cycle_members;
    DROP TABLE cycle_rolls;
    -- fresh statistics, so the calculation plans for this month's rows
    ANALYZE aidlink.aid_households, aidlink.aid_members, aidlink.aid_costs;
END
$fn$;
COMMENT ON PROCEDURE cycle_demo.fill_aid_input(date) IS
  'The month''s aid input of the synthetic city (aidlink.aid_households, aid_members, aid_costs): the households on a civil-affairs roll in force, through the linkage, with their members registered at the month''s start';

-- Certificates the communities stamped: for one household in 15, one a
-- month in 2024-2025, an item of the example catalogue (some of them
-- cancelled since 2021-10), stamped by one of the six communities of the
-- texts, a village committee or, now and then, a department
CREATE TABLE cycle_demo.issued_certificates AS
SELECT row_number() OVER (ORDER BY h.hh, mo.mo) AS certificate_no, h.hh AS household_no,
       i.item_name AS item,
       (ARRAY['东区街道竹苑社区居民委员会', '东区街道花苑社区居民委员会', '东区街道桃苑社区居民委员会',
              '东区街道桥岗社区居民委员会', '东区街道东裕社区居民委员会', '东区街道夏洋社区居民委员会',
              '三角镇光明村民委员会', '东区派出所'])[1 + abs(hashtext(h.hh || 'issuer')) % 8] AS issuer,
       (mo.mo + (abs(hashtext(h.hh || mo.mo::text)) % 28))::date AS issued_on
FROM city.household_register h
CROSS JOIN (SELECT g::date FROM generate_series(date '2024-01-01', date '2025-12-01', interval '1 month') g) mo(mo)
JOIN aidlink.certificate_items i
  ON i.item_code = format('ZS-C%s', lpad((1 + abs(hashtext(h.hh || mo.mo::text || 'item')) % 50)::text, 2, '0'))
WHERE h.yhzgx = '户主' AND abs(hashtext(h.hh || mo.mo::text)) % 15 = 0;
ALTER TABLE cycle_demo.issued_certificates ADD PRIMARY KEY (certificate_no);
CREATE INDEX ON cycle_demo.issued_certificates (issued_on);
ANALYZE cycle_demo.issued_certificates;

-- 6. The cycle's settings
INSERT INTO aidlink.cycle_settings (aid_input_procedure, certificates_table, certificates_item_column,
                                    certificates_issuer_column, certificates_date_column)
VALUES ('cycle_demo.fill_aid_input(date)', 'cycle_demo.issued_certificates', 'item', 'issuer', 'issued_on')
ON CONFLICT (only_row) DO UPDATE
   SET aid_input_procedure = excluded.aid_input_procedure, certificates_table = excluded.certificates_table,
       certificates_item_column = excluded.certificates_item_column,
       certificates_issuer_column = excluded.certificates_issuer_column,
       certificates_date_column = excluded.certificates_date_column;
RESET client_min_messages;
