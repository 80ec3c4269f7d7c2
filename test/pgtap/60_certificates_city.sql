-- 60_certificates_city.sql — the seed catalogue (demo/certificates) and its data checks
-- against the synthetic city.
--
-- A city of 2,000 people is generated, every source registered and linked; the four
-- verifications of demo/certificates/verifications.sql are registered and the catalogue of
-- demo/certificates/catalogue.sql loaded.  Checked through the functions: 50 items, 26
-- cancelled, 4 retained, 20 transferred or replaced, for community and village committees;
-- the proof for changing a dwelling to business use goes to the market-supervision branch;
-- admission of community work (21 of 33 inspections, 29 of 40 reports); and each data check
-- against the city's truth (who is registered, who died when, who lives with whom, who is
-- registered unemployed).  Everything is rolled back.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT * FROM no_plan();

\ir ../../demo/city/generate.sql
SET client_min_messages = warning;
SET search_path = public, aidlink;
SELECT count(*) FROM city_gen.generate(2026, 2000) \g /dev/null
SELECT is((SELECT count(*) FROM (
              SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column,
                                             name_column, birth_date_column, sex_column, phone_column,
                                             address_column, household_column, is_reference)
              FROM city_truth.sources ORDER BY NOT is_reference) r), 12::bigint, 'the city''s 12 sources register');
SELECT is((SELECT count(aidlink.link_source(s.source_name))
           FROM (SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name) s),
          12::bigint, 'and are linked');

\o /dev/null
\ir ../../demo/certificates/verifications.sql
\ir ../../demo/certificates/catalogue.sql
\o
SET search_path = public, aidlink;
SELECT is((SELECT array_agg(verification_name ORDER BY verification_name) FROM certificate_verifications),
          '{zs_alive,zs_family,zs_residence,zs_unemployed}', 'four verifications are registered');

------------------------------------------------------------------ the catalogue, through the functions
CREATE TEMP TABLE answers AS
SELECT k.issuer, c.*
FROM (VALUES ('东区街道花苑社区居民委员会'), ('村民委员会')) k(issuer),
     certificate_items i,
     LATERAL check_certificate(i.item_name, k.issuer, '2022-01-01') c
WHERE i.item_kind = 'certificate' AND i.item_code LIKE 'ZS-C%';
SELECT is((SELECT count(*) FROM answers WHERE issuer = '村民委员会'), 50::bigint, 'the catalogue holds 50 certificate items');
SELECT set_eq($$SELECT issuer, status, count(*) FROM answers GROUP BY 1, 2$$,
              $$SELECT k, s, n::bigint FROM (VALUES ('cancelled', 26), ('retained', 4), ('transferred', 10),
                                                   ('replaced_by_commitment', 6), ('replaced_by_data_check', 4)) v(s, n),
                       unnest(ARRAY['东区街道花苑社区居民委员会', '村民委员会']) k$$,
              'for a community and for village committees: 26 cancelled, 4 retained, 10 transferred, 6 replaced by commitment, 4 by a data check');
SELECT is((SELECT count(*) FROM answers WHERE may_issue), 8::bigint, 'only the 4 retained items may be issued (by either)');
SELECT is((SELECT count(*) FROM answers WHERE NOT may_issue AND status IN ('cancelled', 'replaced_by_commitment', 'replaced_by_data_check')
           AND btrim(replacement) <> ''), 72::bigint, 'every cancelled or replaced item says what replaces it');
SELECT results_eq($$SELECT may_issue, status, send_to FROM check_certificate('住改商证明', '东区街道花苑社区居民委员会', '2022-01-01')$$,
                  $$VALUES (false, 'transferred', '市场监督管理分局')$$,
                  'the proof for changing a dwelling to business use: a community may not issue it, the applicant goes to the market-supervision branch');
SELECT results_eq($$SELECT may_issue, status FROM check_certificate('住改商证明', '东区市场监督管理分局', '2022-01-01')$$,
                  $$VALUES (true, 'retained')$$, '... which may');
SELECT is((SELECT count(*) FROM certificate_items i, check_certificate(i.item_code, 'ZS-DQ-XY', '2021-09-30') c
           WHERE i.item_code LIKE 'ZS-C%' AND c.status = 'not_listed' AND c.may_issue IS NULL), 50::bigint,
          'before the list takes effect no item has a status');
CREATE FUNCTION pg_temp.error_hint(statement text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE h text;
BEGIN
    EXECUTE statement;
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END $f$;
SELECT matches(pg_temp.error_hint($$SELECT aidlink.check_certificate('住改商证名', '东区街道花苑社区居民委员会', '2022-01-01')$$),
          '^Closest known: 住改商证明 \(ZS-C05\); ',
          'a mistyped item is an error whose hint names the item meant first');
SELECT matches(pg_temp.error_hint($$SELECT aidlink.check_certificate('住改商证明', '东区街道花园社区居民委员会', '2022-01-01')$$),
          '^Closest known: 东区街道花苑社区居民委员会 \(ZS-DQ-HY\); ',
          'a mistyped issuer is an error whose hint names the community meant first');
SELECT results_eq($$SELECT item_number, status, send_to FROM check_certificates(ARRAY['居住证明', '住改商证明', '人民调解协议证明'], 'ZS-DQ-XY', '2022-01-01')$$,
                  $$VALUES (1, 'replaced_by_commitment', NULL), (2, 'transferred', '市场监督管理分局'), (3, 'retained', NULL)$$,
                  'an application''s items checked together, in order');

-- a year of certificates stamped by the six communities, audited against the list
CREATE TEMP TABLE stamped AS
SELECT g AS no, (SELECT item_name FROM certificate_items WHERE item_code = format('ZS-C%s', lpad((1 + g % 50)::text, 2, '0'))) AS item,
       (ARRAY['ZS-DQ-ZY', 'ZS-DQ-HY', 'ZS-DQ-TY', 'ZS-DQ-QG', 'ZS-DQ-DY', 'ZS-DQ-XY'])[1 + g % 6] AS community,
       date '2021-07-01' + (g * 7) % 365 AS stamped_on
FROM generate_series(1, 3000) g;
SELECT set_eq($$SELECT verdict, count(*) FROM audit_issued_certificates('stamped', 'no', 'item', 'community', 'stamped_on') GROUP BY 1$$,
              $$SELECT CASE WHEN s.stamped_on < '2021-10-01' THEN 'not_listed'
                            WHEN z.n <= 4 THEN 'allowed' ELSE 'not_allowed' END, count(*)
                  FROM stamped s JOIN (SELECT item_name, substr(item_code, 5)::int AS n FROM certificate_items
                                        WHERE item_code LIKE 'ZS-C%') z ON z.item_name = s.item GROUP BY 1$$,
              'a year of stamped certificates audited against the list in force on each date');

-- the example data says which names are illustrative, and loads again to the same catalogue
SELECT is((SELECT count(*) FROM certificate_items WHERE item_code LIKE 'ZS-%' AND note IS NULL), 0::bigint,
          'every item of the example catalogue says whether its name is from the texts or illustrative');
SELECT is((SELECT array_agg(item_code) FROM certificate_items WHERE item_code LIKE 'ZS-%' AND note NOT LIKE 'illustrative%'),
          '{ZS-C05}', 'only 住改商证明 is named in the texts; every other name is marked illustrative');
CREATE TEMP TABLE rules_before AS SELECT * FROM certificate_rules;
\o /dev/null
\ir ../../demo/certificates/catalogue.sql
\o
SELECT set_eq('SELECT * FROM certificate_rules', 'SELECT * FROM rules_before', 'loading the example catalogue again gives the same rules');

------------------------------------------------------------------ admission of community work
SELECT set_eq($$SELECT left(i.item_code, 5), count(*) FILTER (WHERE a.admitted) AS admitted, count(*) AS tasks
                FROM certificate_items i, check_task_admission(i.item_code, '东区街道花苑社区居民委员会', '2022-01-01') a
               WHERE i.item_kind = 'task' GROUP BY 1$$,
              $$VALUES ('ZS-TI', 21::bigint, 33::bigint), ('ZS-TR', 29, 40)$$,
              'Huayuan''s admission list: 21 of 33 routine inspections and 29 of 40 reports are admitted');
SELECT results_eq($$SELECT admitted, status, done_by FROM check_task_admission('ZS-TI33', 'ZS-DQ-HY', '2022-01-01')$$,
                  $$VALUES (false, 'transferred', '街道办事处')$$, 'an inspection not admitted is done by the subdistrict office');

------------------------------------------------------------------ the data checks against the truth
CREATE TEMP TABLE people AS
SELECT p.person_no, p.resident_id, p.household_no, p.in_register, p.death_date, p.birth_date
FROM city_truth.person p WHERE p.birth_date < '2021-10-01';

-- residence: everyone in the register and alive on the date, and nobody outside it
CREATE TEMP TABLE residence AS
SELECT p.*, v.verified, v.answer FROM people p, verify_certificate('户籍居住证明', p.resident_id, '2022-06-01') v;
SELECT is((SELECT count(*) FROM residence WHERE in_register AND (death_date IS NULL OR death_date > '2022-06-01') AND verified IS NOT TRUE),
          0::bigint, 'residence: every living person of the register is verified');
SELECT is((SELECT count(*) FROM residence WHERE NOT in_register AND answer <> 'no_evidence'), 0::bigint,
          'residence: nobody outside the register is');
SELECT cmp_ok((SELECT count(*) FROM residence WHERE NOT in_register), '>', 50::bigint, '... (of whom there are some)');

-- alive: the dead on the day of their death, the living on the same day
CREATE TEMP TABLE alive AS
SELECT p.*, d.on_date, v.verified, v.answer, v.evidence
FROM people p
CROSS JOIN LATERAL (VALUES (p.death_date), (p.death_date - 1)) d(on_date)
CROSS JOIN LATERAL verify_certificate('健在证明(生存证明)', p.resident_id, d.on_date) v
WHERE p.death_date >= '2021-10-02' AND p.in_register;
SELECT cmp_ok((SELECT count(*) FROM alive WHERE on_date = death_date), '>', 10::bigint, 'alive: there are deaths after the list took effect');
SELECT is((SELECT count(*) FROM alive WHERE on_date = death_date AND verified IS NOT FALSE), 0::bigint,
          'alive: nobody is verified alive on the day of their death');
SELECT is((SELECT count(*) FROM alive WHERE on_date < death_date AND verified IS NOT TRUE), 0::bigint,
          'alive: and everyone is, the day before');
SELECT ok((SELECT bool_and(evidence @> '[{"source_name": "ga_deaths", "holds": false}]') FROM alive WHERE on_date = death_date),
          'alive: the evidence of a death is the death registration, with its row key and date');
SELECT is((SELECT count(*) FROM people p, verify_certificate('ZS-C22', p.resident_id, '2022-06-01') v
           WHERE p.in_register AND p.death_date IS NULL AND v.verified IS NOT TRUE), 0::bigint,
          'alive: every living person of the register is verified alive');

-- family: the evidence lists the person's household as the truth has it
CREATE TEMP TABLE family AS
SELECT p.person_no, p.household_no, jsonb_array_length(v.evidence) AS members, v.verified,
       (SELECT count(*) FROM city_truth.person q
         WHERE q.household_no = p.household_no AND q.in_register AND q.birth_date <= '2025-07-15'
           AND (q.death_date IS NULL OR q.death_date > '2025-07-15')) AS truth_members
FROM people p, verify_certificate('亲属关系证明', p.resident_id, '2025-07-15') v
WHERE p.in_register AND p.death_date IS NULL;
SELECT cmp_ok((SELECT count(*) FILTER (WHERE members = truth_members AND verified)::numeric / count(*) FROM family),
              '>=', 0.99, 'family: for at least 99% of the living in the register the evidence lists exactly their household');
SELECT diag(format('family: %s of %s living registered persons get exactly their household', count(*) FILTER (WHERE members = truth_members AND verified), count(*))) FROM family;
SELECT cmp_ok((SELECT count(*) FROM family WHERE truth_members > 1), '>', 500::bigint, '... (most of whom live with others)');

-- no registered employment: the unemployment registrations of the truth's person
CREATE TEMP TABLE unemployment_truth AS
SELECT t.person_no, bool_and(u.status = '失业') AS unemployed
FROM city.rs_unemployment u JOIN city_truth.row_truth t ON t.source = 'rs_unemployment' AND t.row_key = u.reg_no::text
WHERE u.reg_date <= '2025-07-01' GROUP BY 1;
CREATE TEMP TABLE unemployment AS
SELECT p.person_no, v.verified, v.answer, t.unemployed
FROM people p LEFT JOIN unemployment_truth t USING (person_no),
     verify_certificate('失业(无业)证明', p.resident_id, '2025-07-01') v;
SELECT cmp_ok((SELECT count(*) FROM unemployment WHERE unemployed IS NOT NULL), '>', 10::bigint,
              'unemployment: some people registered');
SELECT cmp_ok((SELECT count(*) FILTER (WHERE verified = unemployed)::numeric / count(*) FROM unemployment WHERE unemployed IS NOT NULL),
              '>=', 0.95, 'unemployment: the answer agrees with the truth for at least 95% of those registered (rows whose number is broken may stay unlinked)');
SELECT diag(format('unemployment: %s of %s registered persons get the truth''s answer', count(*) FILTER (WHERE verified = unemployed), count(*))) FROM unemployment WHERE unemployed IS NOT NULL;
SELECT is((SELECT count(*) FROM unemployment WHERE unemployed IS NULL AND answer <> 'no_evidence'), 0::bigint,
          'unemployment: nobody never registered gets an answer other than no_evidence');

-- nobody the city does not know
SELECT is((SELECT array_agg(v.answer ORDER BY i) FROM unnest(ARRAY['ZS-C21', 'ZS-C22', 'ZS-C23', 'ZS-C24']) WITH ORDINALITY AS u(item, i),
                  verify_certificate(u.item, '11010519491231002X', '2024-01-01') v),
          '{no_evidence,no_evidence,no_evidence,no_evidence}', 'a person the city does not know: no evidence from any check');

SELECT * FROM finish();
ROLLBACK;
