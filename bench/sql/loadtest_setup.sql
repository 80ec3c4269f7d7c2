-- bench/sql/loadtest_setup.sql — the database of bench/load-test: the
-- synthetic city linked, scored (two months), paid (one month) and a
-- certificate catalogue, then the tables pgbench draws its arguments from.
-- psql variables: people, seed.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, aidlink;
\i demo/city/generate.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(:seed, :people) \g /dev/null
SELECT count(*) AS registered FROM (
    SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                   birth_date_column, sex_column, phone_column, address_column,
                                   household_column, is_reference)
    FROM city_truth.sources ORDER BY NOT is_reference) r \g /dev/null
SELECT count(aidlink.link_source(s.source_name)) AS runs
FROM (SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name) s \g /dev/null
\o /dev/null
\i demo/scoring/city_signals.sql
\i demo/aid/policies.sql
\i demo/aid/city.sql
\i demo/certificates/catalogue.sql
\o
SET client_min_messages = warning;
CALL aidlink.score_month('2025-05-01');
CALL aidlink.score_month('2025-06-01');

-- the roles, and the login role pgbench connects as
SELECT count(*) FROM aidlink.create_roles() \g /dev/null
CREATE ROLE bench_admin LOGIN IN ROLE aidlink_admin;
GRANT USAGE ON SCHEMA city TO aidlink_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA city TO aidlink_admin;

-- what pgbench draws from: numbered rows of each kind
CREATE SCHEMA bench_load;
CREATE TABLE bench_load.link_rows AS
SELECT row_number() OVER (ORDER BY l.source_name, l.row_key)::int AS i, l.source_name, l.row_key
FROM aidlink.links l WHERE l.resident_id IS NOT NULL AND l.source_name <> 'household_register';
CREATE TABLE bench_load.scored AS
SELECT row_number() OVER (ORDER BY s.household_no)::int AS i, s.household_no
FROM aidlink.household_scores s WHERE s.month = '2025-06-01';
CREATE TABLE bench_load.aid_households AS
SELECT row_number() OVER (ORDER BY h.household_no)::int AS i, h.household_no
FROM aidlink.aid_households h WHERE h.month = '2024-09-01';
CREATE TABLE bench_load.certificate_questions AS
SELECT row_number() OVER (ORDER BY s.item_code, i.issuer_code)::int AS i, s.item_code, i.issuer_code
FROM aidlink.certificate_item_statuses s
JOIN aidlink.certificate_items c ON c.item_code = s.item_code AND c.item_kind = 'certificate'   -- (tasks are asked otherwise)
JOIN aidlink.certificate_issuers i ON i.issuer_kind = s.issuer_kind;
ALTER TABLE bench_load.link_rows ADD PRIMARY KEY (i);
ALTER TABLE bench_load.scored ADD PRIMARY KEY (i);
ALTER TABLE bench_load.aid_households ADD PRIMARY KEY (i);
ALTER TABLE bench_load.certificate_questions ADD PRIMARY KEY (i);
GRANT USAGE ON SCHEMA bench_load TO bench_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA bench_load TO bench_admin;
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM bench_load.link_rows) AS link_rows, (SELECT count(*) FROM bench_load.scored) AS scored,
       (SELECT count(*) FROM bench_load.aid_households) AS aid_households,
       (SELECT count(*) FROM bench_load.certificate_questions) AS certificate_questions;
