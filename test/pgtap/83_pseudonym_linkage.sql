-- 83_pseudonym_linkage.sql — linkage of a department's rows that carry
-- pseudonyms instead of numbers (issue 8), on a small synthetic city (2,000
-- people, seed 11): the medical-insurance claims are sent with a token
-- under a shared key in place of the number (rows whose number is not valid
-- get no token, as a sending department cannot pseudonymise them); the
-- receiving side indexes the tokens of its reference population, gives the
-- table a number column through aidlink.resident_id_of_pseudonym in a view,
-- registers the view and links it, as aidlink_admin (not a superuser) with
-- the key granted.  Every row with a token of a person of the reference gets
-- the link the same row gets when linked on its number (a token of somebody
-- the receiving side does not know cannot be turned into a number); a rotation keeps old tokens matching through
-- the overlap; a retired version and a role without the key match nothing.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(11);

\i demo/city/generate.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(11, 2000) \g /dev/null
SELECT count(*) FROM aidlink.create_roles() \g /dev/null
CREATE ROLE al_tap_linker LOGIN IN ROLE aidlink_admin;
CREATE ROLE al_tap_nokey LOGIN IN ROLE aidlink_admin;
GRANT USAGE ON SCHEMA city, city_truth TO aidlink_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA city, city_truth TO aidlink_admin;
GRANT CREATE ON SCHEMA public TO al_tap_linker;

-- the sending department: its claims with a token in place of the number
SELECT aidlink.pseudonym_key_create('tap_health_exchange', now() - interval '1 day') \g /dev/null
CREATE TABLE public.claims_received AS
SELECT c.claim_id, c.insured_name, c.gender, c.birth, c.visit_date,
       aidlink.pseudonym(aidlink.to_resident_id(c.insured_id), 'tap_health_exchange') AS insured_token
FROM city.yb_claims c;
ALTER TABLE public.claims_received ADD PRIMARY KEY (claim_id);
GRANT SELECT ON public.claims_received TO aidlink_admin;

-- the receiving side, as aidlink_admin: the reference linked, the key granted
SELECT aidlink.pseudonym_key_grant('tap_health_exchange', 'al_tap_linker') \g /dev/null
SET ROLE al_tap_linker;
SET client_min_messages = error;   -- (the linkage's ANALYZE is skipped for a role that does not own the tables)
SELECT count(*) FROM (
    SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                   birth_date_column, sex_column, phone_column, address_column,
                                   household_column, is_reference)
    FROM city_truth.sources WHERE source IN ('household_register', 'yb_claims') ORDER BY NOT is_reference) r \g /dev/null
SELECT count(aidlink.link_source(s)) FROM (VALUES ('household_register'), ('yb_claims')) v(s) \g /dev/null

SELECT cmp_ok(aidlink.pseudonym_index_refresh('tap_health_exchange'), '=', (SELECT count(*) FROM aidlink.persons),
              'the index holds a token for every person of the reference (one version)');
CREATE VIEW public.claims_received_numbers AS
SELECT r.*, aidlink.resident_id_of_pseudonym(r.insured_token, 'tap_health_exchange') AS insured_id
FROM public.claims_received r;
SELECT count(*) FROM (SELECT aidlink.register_source('claims_received', 'public.claims_received_numbers', 'claim_id',
                                                     'insured_id', 'insured_name', 'birth', 'gender', NULL, NULL, NULL, false)) r \g /dev/null
SELECT count(aidlink.link_source('claims_received')) \g /dev/null

CREATE TEMP TABLE compared AS
SELECT t.row_key, n.resident_id AS by_number, t.resident_id AS by_token, n.method AS number_method, t.method AS token_method,
       r.insured_token IS NOT NULL AS has_token, n.in_reference AS number_in_reference
FROM aidlink.links t
JOIN aidlink.links n ON n.source_name = 'yb_claims' AND n.row_key = t.row_key
JOIN public.claims_received r ON r.claim_id::text = t.row_key
WHERE t.source_name = 'claims_received';
SELECT is((SELECT count(*) FROM compared), (SELECT count(*) FROM city.yb_claims), 'every claim was linked both ways');
SELECT cmp_ok((SELECT count(*) FILTER (WHERE has_token)::numeric / count(*) FROM compared), '>', 0.9::numeric,
              'over 90% of the claims carry a token');
SELECT is((SELECT count(*) FROM compared WHERE has_token AND number_in_reference AND by_token IS DISTINCT FROM by_number), 0::bigint,
          'every row with a token of a person of the reference is linked to the person its number is linked to');
SELECT is((SELECT count(*) FROM compared WHERE has_token AND number_in_reference AND token_method <> 'exact'), 0::bigint,
          'and as an exact match');
SELECT is((SELECT count(*) FROM compared WHERE has_token AND NOT coalesce(number_in_reference, false) AND by_token IS NOT NULL),
          0::bigint, 'a token of somebody outside the reference population resolves to nobody (the index knows only persons)');
RESET ROLE;

-- a rotation: tokens of version 1 still match during the overlap
SELECT aidlink.pseudonym_rotate('tap_health_exchange', '30 days', now() - interval '1 hour') \g /dev/null
SET ROLE al_tap_linker;
SELECT cmp_ok(aidlink.pseudonym_index_refresh('tap_health_exchange'), '=', 2 * (SELECT count(*) FROM aidlink.persons),
              'after a rotation the index holds both versions'' tokens');
SELECT is((SELECT count(insured_id) FROM public.claims_received_numbers),
          (SELECT count(*) FROM compared WHERE has_token AND token_method = 'exact'),
          'version 1 tokens still resolve during the overlap');
RESET ROLE;
SELECT aidlink.pseudonym_key_retire('tap_health_exchange', 1) \g /dev/null
SET ROLE al_tap_linker;
SELECT aidlink.pseudonym_index_refresh('tap_health_exchange') \g /dev/null
SELECT is((SELECT count(insured_id) FROM public.claims_received_numbers), 0::bigint,
          'once version 1 is retired its tokens match nobody');
RESET ROLE;

-- a role without the key: the index shows it nothing, so the view gives no number
SET ROLE al_tap_nokey;
SELECT is((SELECT count(*) FROM aidlink.pseudonym_index), 0::bigint, 'a role without the key reads no token of the index');
SELECT throws_ok($$SELECT aidlink.pseudonym_index_refresh('tap_health_exchange')$$, '42501',
                 'permission denied for pseudonym key "tap_health_exchange"', 'nor can it make the index');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
