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

-- The month's aid input from the city, through the linkage (as
-- demo/aid/city.sql does for one month): households and members from the
-- register (aidlink.persons), categories from the civil-affairs roll
-- (city.mz_dibao.bzlb), school levels (city.jy_students.xd), patients and
-- inpatient costs (city.yb_claims.self_paid); incomes, which the city lacks,
-- from the household number (deterministic; lower on a roll).
CREATE PROCEDURE cycle_demo.fill_aid_input(month date)
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp AS $fn$
DECLARE
    m date := date_trunc('month', month)::date;
BEGIN
    DELETE FROM aidlink.aid_members a WHERE a.month = m;
    DELETE FROM aidlink.aid_households a WHERE a.month = m;
    DELETE FROM aidlink.aid_costs a WHERE a.claim_no LIKE 'yb-%' AND a.claim_date >= m
                                      AND a.claim_date < m + interval '1 month';
    CREATE TEMP TABLE cycle_rolls ON COMMIT DROP AS
    SELECT p.household_no,
           min(CASE d.bzlb WHEN '低保' THEN 'dibao' WHEN '低保边缘' THEN 'marginal'
                           WHEN '低收入' THEN 'low_income' WHEN '特困' THEN 'extreme_poverty' END) AS category
      FROM city.mz_dibao d
      JOIN aidlink.links l ON l.source_name = 'mz_dibao' AND l.row_key = d.id::text AND l.status = 'accepted'
      JOIN aidlink.persons p ON p.resident_id = l.resident_id
     WHERE p.household_no IS NOT NULL
     GROUP BY p.household_no;
    INSERT INTO aidlink.aid_households (household_no, month, region, category, income)
    SELECT h.household_no, m, 'zhongshan', r.category,
           cycle_demo.income(h.household_no, h.members::integer, r.category IS NOT NULL)
      FROM aidlink.households h LEFT JOIN cycle_rolls r USING (household_no);
    INSERT INTO aidlink.aid_members (household_no, month, member_no, attributes)
    SELECT p.household_no, m, p.resident_id::text, coalesce(a.attributes, '{}')
      FROM aidlink.persons p
      LEFT JOIN (SELECT x.resident_id, array_agg(DISTINCT x.attribute ORDER BY x.attribute) AS attributes
                   FROM (SELECT l.resident_id,
                                'school:' || CASE s.xd WHEN '初中' THEN 'junior_high' WHEN '高中' THEN 'senior_high'
                                                      WHEN '中职' THEN 'secondary_vocational' WHEN '大学' THEN 'university' END
                                  AS attribute
                           FROM city.jy_students s
                           JOIN aidlink.links l ON l.source_name = 'jy_students' AND l.row_key = s.xsid::text
                                               AND l.status = 'accepted'
                          WHERE s.xd IN ('初中', '高中', '中职', '大学')
                         UNION ALL
                         SELECT l.resident_id, 'major_illness'
                           FROM city.yb_claims c
                           JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text
                                               AND l.status = 'accepted'
                          WHERE c.claim_type = '住院' AND c.visit_date >= m - interval '1 year' AND c.visit_date < m
                          GROUP BY l.resident_id HAVING sum(c.self_paid) >= 10000) x
                  GROUP BY x.resident_id) a ON a.resident_id = p.resident_id
     WHERE p.household_no IS NOT NULL;
    -- inpatient costs of the month left to patients of households on a roll
    INSERT INTO aidlink.aid_costs (household_no, claim_no, member_no, claim_date, kind, amount)
    SELECT p.household_no, 'yb-' || c.claim_id, p.resident_id::text, c.visit_date, 'major_illness_burden', c.self_paid
      FROM city.yb_claims c
      JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text AND l.status = 'accepted'
      JOIN aidlink.persons p ON p.resident_id = l.resident_id
      JOIN cycle_rolls r ON r.household_no = p.household_no
     WHERE c.claim_type = '住院' AND c.visit_date >= m AND c.visit_date < m + interval '1 month' AND c.self_paid > 0;
    DROP TABLE cycle_rolls;
    -- fresh statistics, so the calculation plans for this month's rows
    ANALYZE aidlink.aid_households, aidlink.aid_members, aidlink.aid_costs;
END
$fn$;
COMMENT ON PROCEDURE cycle_demo.fill_aid_input(date) IS
  'The month''s aid input of the synthetic city (aidlink.aid_households, aid_members, aid_costs) from its tables through the linkage';

-- Incomes the city lacks: per household, from its number (households on a
-- roll mostly below the standard of 1,160 yuan a person)
CREATE FUNCTION cycle_demo.income(household_no text, members integer, on_roll boolean) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN round(members * CASE WHEN on_roll THEN abs(hashtext(household_no)) % 1400
                            ELSE 800 + abs(hashtext(household_no)) % 6000 END, 2);
COMMENT ON FUNCTION cycle_demo.income(text, integer, boolean) IS
  'A household''s monthly income in the demo (the city has none): deterministic from the household number';

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
