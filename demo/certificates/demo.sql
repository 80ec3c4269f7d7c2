-- demo/certificates/demo.sql — certificate items against a linked synthetic city.
-- Expects schemas city and city_truth and a linked city (demo/run, or make-city and
-- CALL aidlink.link_all()).  Registers the four example verifications, loads the seed
-- catalogue, and shows the answers.  Run: psql -X -f demo/certificates/demo.sql
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
SET search_path = public, aidlink;
BEGIN;
\o /dev/null
\ir verifications.sql
\ir catalogue.sql
\o
COMMIT;

\echo
\echo '1. The catalogue: 50 items communities were asked to issue, by status (through check_certificate)'
SELECT c.status, count(*) AS items, count(*) FILTER (WHERE c.may_issue) AS may_issue
FROM aidlink.certificate_items i,
     aidlink.check_certificate(i.item_code, '东区街道花苑社区居民委员会', '2022-01-01') c
WHERE i.item_code LIKE 'ZS-C%' GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo '2. May Huayuan community stamp the proof for changing a dwelling to business use?'
\x on
SELECT item_name, may_issue, status, send_to, reason FROM aidlink.check_certificate('住改商证明', ' 东区街道花苑社区居民委员会', '2022-03-01');
\x off

\echo
\echo '3. A typo is caught, with the closest names (the error and its hint):'
\set ON_ERROR_STOP 0
SELECT * FROM aidlink.check_certificate('住改商证名', '花园社区', '2022-03-01');
\set ON_ERROR_STOP 1

\echo
\echo '4. An application with four items, checked together'
SELECT item_number, item, status, coalesce(send_to, replacement) AS instead
FROM aidlink.check_certificates(ARRAY['居住证明', '无犯罪记录证明', '健在证明(生存证明)', '人民调解协议证明'],
                                'ZS-DQ-DY', '2023-05-01');

\echo
\echo '5. The proof of being alive, replaced by a check of the linked death and household records'
SELECT p.name, p.death_date, v.answer, v.evidence
FROM (SELECT * FROM city_truth.person WHERE in_register AND death_date > '2022-01-01' ORDER BY person_no LIMIT 1) p,
     aidlink.verify_certificate('健在证明(生存证明)', p.resident_id, p.death_date) v;
SELECT p.name, v.answer, jsonb_array_length(v.evidence) AS members, v.evidence -> 0 ->> 'detail' AS first
FROM (SELECT * FROM city_truth.person WHERE in_register AND death_date IS NULL ORDER BY person_no LIMIT 1) p,
     aidlink.verify_certificate('亲属关系证明', p.resident_id, '2024-01-01') v;

\echo
\echo '6. Admission of community work (Huayuan): admitted tasks by kind'
SELECT CASE WHEN i.item_code LIKE 'ZS-TI%' THEN 'routine inspections' ELSE 'reports' END AS kind,
       count(*) AS tasks, count(*) FILTER (WHERE a.admitted) AS admitted
FROM aidlink.certificate_items i, aidlink.check_task_admission(i.item_code, 'ZS-DQ-HY', '2022-01-01') a
WHERE i.item_kind = 'task' GROUP BY 1;

\echo
\echo '7. A year of certificates a community stamped, audited against the list in force on each date'
CREATE TEMP TABLE stamped AS
SELECT g AS no, (SELECT item_name FROM aidlink.certificate_items WHERE item_code = format('ZS-C%s', lpad((1 + g % 50)::text, 2, '0'))) AS item,
       '东区街道花苑社区居民委员会' AS community, date '2021-07-01' + (g * 7) % 365 AS stamped_on
FROM generate_series(1, 1000) g;
SELECT verdict, status, sum(certificates) AS certificates
FROM aidlink.summarise_issued_certificates('stamped', 'item', 'community', 'stamped_on') GROUP BY 1, 2 ORDER BY 1, 2;
