-- demo/types_demo.sql — aidlink's identifier types on a department's dirty data.
\pset footer off
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS aidlink;
DROP SCHEMA IF EXISTS aidlink_demo CASCADE;
CREATE SCHEMA aidlink_demo;
SET search_path = aidlink_demo, aidlink, public;
RESET client_min_messages;

\echo
\echo '1. A population register of 10,000 synthetic residents, keyed by resident_id'
CREATE TABLE population AS
SELECT aidlink.resident_id_from_parts(
           (ARRAY['442000','440103','440604','441900'])[1 + i % 4],  -- Zhongshan, Guangzhou, Foshan, Dongguan
           date '1935-01-01' + (i * 7919) % 30000, (i * 37) % 1000) AS id,
       'resident ' || i AS name
FROM generate_series(1, 10000) i;
ALTER TABLE population ADD PRIMARY KEY (id);
SELECT id, aidlink.resident_id_mask(id) AS masked, aidlink.resident_id_birth_date(id) AS born,
       aidlink.resident_id_sex(id) AS sex, aidlink.resident_id_age(id, current_date) AS age,
       aidlink.resident_id_region(id) AS region
FROM population ORDER BY id LIMIT 5;

\echo
\echo '2. A department (medical insurance) typed its numbers by hand: every kind of dirt'
CREATE TABLE medical_claims (claim_no int PRIMARY KEY, sfzh text, amount numeric(12,2));
INSERT INTO medical_claims
SELECT i, CASE i % 10
          WHEN 0 THEN lower(id::text)                                     -- lower-case x
          WHEN 1 THEN ' ' || id::text || ' '                              -- surrounding spaces
          WHEN 2 THEN substr(id::text, 1, 6) || '-' || substr(id::text, 7) -- hyphen inside
          WHEN 3 THEN translate(id::text, '0123456789X', '０１２３４５６７８９Ｘ')  -- full-width
          WHEN 4 THEN '''' || id::text                                      -- spreadsheet apostrophe
          WHEN 5 THEN COALESCE(aidlink.resident_id_legacy15(id), id::text)  -- legacy 15 digits
          WHEN 6 THEN overlay(id::text placing '0' from 18)                  -- wrong check character
          WHEN 7 THEN substr(id::text, 1, 17)                                -- a character lost
          ELSE id::text END,
       (i % 97) * 100.50
FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM population) p;
SELECT claim_no, sfzh, aidlink.to_resident_id(sfzh) AS resident_id, aidlink.resident_id_problem(sfzh) AS problem
FROM medical_claims ORDER BY claim_no LIMIT 10;

\echo
\echo '3. Why rows do not link: one stable code per rejected value'
SELECT coalesce(aidlink.resident_id_problem(sfzh), 'valid') AS problem, count(*)
FROM medical_claims GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo '4. Link without copying or rewriting the department table: an expression index'
CREATE INDEX medical_claims_person ON medical_claims (aidlink.to_resident_id(sfzh));
ANALYZE medical_claims;
SELECT count(*) AS claims_linked_to_register
FROM medical_claims c JOIN population p ON p.id = aidlink.to_resident_id(c.sfzh);
\echo 'Residents with no claim at all (anti-join):'
SELECT count(*) AS residents_without_claims
FROM population p
WHERE NOT EXISTS (SELECT 1 FROM medical_claims c WHERE aidlink.to_resident_id(c.sfzh) = p.id);

\echo
\echo '5. Strict input says exactly what is wrong (SQLSTATE 22P02):'
\set ON_ERROR_STOP 0
SELECT '44200019900229123X'::aidlink.resident_id;
SELECT '11010519491231002'::aidlink.resident_id;
SELECT '110105194912310021'::aidlink.resident_id;
SELECT '91350100M000100Y44'::aidlink.uscc;
\set ON_ERROR_STOP 1

\echo
\echo '6. Organisations: unified social credit codes join tables still keyed by the old organisation code'
CREATE TABLE charities (code aidlink.uscc PRIMARY KEY, name text);
INSERT INTO charities VALUES ('91350100M000100Y43', 'A charity'), ('N2440103MA5F00018H', 'A village collective');
CREATE TABLE old_grants (org aidlink.org_code, amount numeric);
INSERT INTO old_grants VALUES ('M000100Y-4', 5000), (aidlink.to_org_code('ma5f0001 8'), 1200);
SELECT c.code, c.name, e.name_en AS kind, g.org AS old_code, g.amount
FROM charities c
JOIN old_grants g ON g.org = aidlink.uscc_org_code(c.code)
JOIN aidlink.uscc_entity_types e ON e.entity_type = aidlink.uscc_entity_type(c.code);

\echo
\echo 'Storage: the register with resident_id, and the same numbers stored as text'
CREATE TABLE population_text AS SELECT id::text AS id, name FROM population;
CREATE INDEX ON population_text (id);
SELECT 'resident_id' AS key_type, pg_column_size(p.id) AS bytes_per_key,
       pg_size_pretty(pg_relation_size('population')) AS table_size,
       pg_size_pretty(pg_relation_size('population_pkey')) AS index_size
FROM population p LIMIT 1;
SELECT 'text' AS key_type, pg_column_size(p.id) AS bytes_per_key,
       pg_size_pretty(pg_relation_size('population_text')) AS table_size,
       pg_size_pretty(pg_relation_size('population_text_id_idx')) AS index_size
FROM population_text p LIMIT 1;

SET client_min_messages = warning;
DROP SCHEMA aidlink_demo CASCADE;
