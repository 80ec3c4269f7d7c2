-- 80_privacy.sql — who may do what with pseudonym keys (issue 8): an
-- ordinary role cannot read the keys nor call the key functions, computes
-- pseudonyms only when granted, and cannot redirect what the SECURITY
-- DEFINER functions run through its search_path.  Run with pg_prove in a
-- fresh database (roles are created and rolled back).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(45);

CREATE ROLE al_tap_clerk NOLOGIN;          -- an ordinary role: nothing granted
CREATE ROLE al_tap_exchange NOLOGIN;       -- may compute pseudonyms
CREATE ROLE al_tap_key_officer NOLOGIN;    -- may make and rotate keys
GRANT EXECUTE ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text),
                          aidlink.pseudonym(aidlink.resident_id, text, integer) TO al_tap_exchange;
GRANT EXECUTE ON FUNCTION aidlink.pseudonym_key_create(text, timestamptz, text),
                          aidlink.pseudonym_rotate(text, interval, timestamptz, text),
                          aidlink.pseudonym_key_retire(text, integer),
                          aidlink.pseudonym_key_grant(text, regrole) TO al_tap_key_officer;
GRANT SELECT ON aidlink.pseudonym_key_versions TO al_tap_key_officer;
GRANT CREATE ON SCHEMA public TO al_tap_clerk, al_tap_exchange;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO al_tap_exchange', current_database()); END $$;

INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret, valid_from)
VALUES ('tap_kat', 1, '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '2020-01-01');
CREATE TEMP TABLE expected_token ON COMMIT DROP AS
SELECT aidlink.pseudonym('11010519491231002X', 'tap_kat') AS token;
GRANT SELECT ON expected_token TO PUBLIC;

-- The catalogue: no privilege of PUBLIC on the keys, the view, the key functions
SELECT table_privs_are('aidlink', 'pseudonym_keys', 'public', '{}', 'PUBLIC has no privilege on aidlink.pseudonym_keys');
SELECT table_privs_are('aidlink', 'pseudonym_key_versions', 'public', '{}', 'PUBLIC has no privilege on aidlink.pseudonym_key_versions');
SELECT function_privs_are('aidlink', 'pseudonym', ARRAY['aidlink.resident_id', 'text'], 'public', '{}',
                          'PUBLIC may not execute aidlink.pseudonym(resident_id, text)');
SELECT function_privs_are('aidlink', 'pseudonym', ARRAY['aidlink.resident_id', 'text', 'integer'], 'public', '{}',
                          'PUBLIC may not execute aidlink.pseudonym(resident_id, text, integer)');
SELECT function_privs_are('aidlink', 'pseudonym_new_secret', ARRAY[]::text[], 'public', '{}',
                          'PUBLIC may not execute aidlink.pseudonym_new_secret()');
SELECT ok(has_function_privilege('public', 'aidlink.pseudonym_key_version(text)', 'EXECUTE'),
          'anyone may read the version of a token');

---------------------------------------------------------------------------
-- An ordinary role
---------------------------------------------------------------------------
SET ROLE al_tap_clerk;
SELECT throws_ok($$SELECT secret FROM aidlink.pseudonym_keys$$, '42501', NULL, 'an ordinary role cannot read the keys');
SELECT throws_ok($$SELECT count(*) FROM aidlink.pseudonym_keys$$, '42501', NULL, 'an ordinary role cannot even count them');
SELECT throws_ok($$SELECT * FROM aidlink.pseudonym_key_versions$$, '42501', NULL, 'an ordinary role cannot list the key versions');
SELECT throws_ok($$INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret) VALUES ('mine', 1, decode(repeat('ab', 32), 'hex'))$$,
                 '42501', NULL, 'an ordinary role cannot plant a key it knows');
SELECT throws_ok($$UPDATE aidlink.pseudonym_keys SET usable_until = now()$$, '42501', NULL, 'an ordinary role cannot retire keys by hand');
SELECT throws_ok($$DELETE FROM aidlink.pseudonym_keys$$, '42501', NULL, 'an ordinary role cannot delete keys');
CREATE VIEW public.al_tap_keys AS SELECT * FROM aidlink.pseudonym_keys;
SELECT throws_ok($$SELECT * FROM public.al_tap_keys$$, '42501', NULL, 'nor through a view of its own');
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'tap_kat')$$, '42501', NULL,
                 'an ordinary role cannot compute pseudonyms');
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'tap_kat', 1)$$, '42501', NULL,
                 'nor with a given key version');
SELECT throws_ok($$SELECT aidlink.pseudonym_key_create('mine')$$, '42501', NULL, 'an ordinary role cannot make keys');
SELECT throws_ok($$SELECT aidlink.pseudonym_rotate('tap_kat')$$, '42501', NULL, 'an ordinary role cannot rotate keys');
SELECT throws_ok($$SELECT aidlink.pseudonym_key_retire('tap_kat', 1)$$, '42501', NULL, 'an ordinary role cannot retire keys');
SELECT throws_ok($$SELECT aidlink.pseudonym_new_secret()$$, '42501', NULL, 'an ordinary role cannot call the key generator');
SELECT throws_ok($$SELECT aidlink.pseudonym_keys_check()$$, '42501', NULL, 'an ordinary role cannot call the key trigger');
SELECT is(aidlink.pseudonym_key_version('v7-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'), 7, 'an ordinary role can read a token''s version');
RESET ROLE;

---------------------------------------------------------------------------
-- A role granted pseudonym(): computes the same tokens, still reads no key,
-- and its search_path cannot change what the function runs
---------------------------------------------------------------------------
SET ROLE al_tap_exchange;
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'tap_kat')$$, '42501',
                 'permission denied for pseudonym key "tap_kat"', 'EXECUTE alone is not enough: the key must be granted');
RESET ROLE;
SELECT ok(aidlink.pseudonym_key_grant('tap_kat', 'al_tap_exchange'), 'the superuser grants the key');
SET ROLE al_tap_exchange;
SELECT is(aidlink.pseudonym('11010519491231002X', 'tap_kat'), (SELECT token FROM expected_token),
          'a granted role computes the same token as the superuser');
SELECT is(aidlink.pseudonym('11010519491231002X', 'tap_kat'), 'v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH',
          'and the token computed outside PostgreSQL for the known key');
SELECT throws_ok($$SELECT secret FROM aidlink.pseudonym_keys$$, '42501', NULL, 'a granted role still cannot read the keys');
SELECT throws_ok($$SELECT aidlink.pseudonym_rotate('tap_kat')$$, '42501', NULL, 'a granted role cannot rotate keys');
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'no_such_key')$$, '42704',
                 'pseudonym key "no_such_key" does not exist', 'an unknown key name is a plain error naming the key only');
-- an operator = on text and a table pseudonym_keys of its own, first on its
-- search_path: a function that ran them would be fooled or leak
CREATE SCHEMA al_tap_trap;
CREATE TABLE al_tap_trap.caught (what text);
CREATE TABLE al_tap_trap.pseudonym_keys (key_name text, key_version integer, secret bytea, valid_from timestamptz,
                                         usable_until timestamptz, created_at timestamptz, note text);
INSERT INTO al_tap_trap.pseudonym_keys VALUES ('tap_kat', 1, decode(repeat('ab', 32), 'hex'), '2020-01-01', NULL, now(), NULL);
CREATE FUNCTION al_tap_trap.text_eq(a text, b text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN INSERT INTO al_tap_trap.caught VALUES (a || ' = ' || b); RETURN a OPERATOR(pg_catalog.=) b; END $$;
CREATE OPERATOR al_tap_trap.= (LEFTARG = text, RIGHTARG = text, FUNCTION = al_tap_trap.text_eq);
SET search_path = al_tap_trap, pg_catalog, public, aidlink;
SELECT is(aidlink.pseudonym('11010519491231002X', 'tap_kat'), 'v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH',
          'a search_path with its own operator = and table pseudonym_keys first gives the same token');
-- the trap is real: a plain query of this role on the same path calls it
SELECT count(*) FROM (VALUES ('tap_kat')) v(k) WHERE k = 'tap_kat';
SET search_path = public, aidlink;
SELECT ok((SELECT count(*) FROM al_tap_trap.caught WHERE what = 'tap_kat = tap_kat') > 0,
          'the trap works: the role''s own query on that search_path calls its operator');
-- (pgTAP's own functions do call the operator: only a call on the key name would be ours)
SELECT is((SELECT count(*) FROM al_tap_trap.caught WHERE what LIKE '%tap_kat%' AND what <> 'tap_kat = tap_kat'), 0::bigint,
          'and the role''s operator was never called on the key name');
-- in parallel workers, for this role: the same tokens
CREATE TEMP TABLE par AS SELECT aidlink.resident_id_from_parts('442000', date '1960-01-01' + g, 2 * (g % 400)) AS id
FROM generate_series(1, 3000) g;
RESET ROLE;
CREATE TEMP TABLE par_expected AS SELECT id, aidlink.pseudonym(id, 'tap_kat') AS token FROM par;
GRANT SELECT ON par_expected TO al_tap_exchange;
SET ROLE al_tap_exchange;
ANALYZE par;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET force_parallel_mode = on;
SELECT is((SELECT count(*) FROM par p JOIN par_expected e USING (id) WHERE aidlink.pseudonym(p.id, 'tap_kat') = e.token),
          3000::bigint, 'in parallel workers a granted role gets the superuser''s tokens');
RESET force_parallel_mode; RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET ROLE;
SELECT ok(aidlink.pseudonym_key_revoke('tap_kat', 'al_tap_exchange'), 'the superuser revokes the key');
SET ROLE al_tap_exchange;
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'tap_kat')$$, '42501', NULL,
                 'and the role can no longer use it');
RESET ROLE;

---------------------------------------------------------------------------
-- A key officer: makes and rotates keys, never sees a secret
---------------------------------------------------------------------------
SET ROLE al_tap_key_officer;
SELECT is(aidlink.pseudonym_key_create('tap_officer'), 1, 'a key officer makes a key');
SELECT is(aidlink.pseudonym_rotate('tap_officer', '10 days'), 2, 'and rotates it');
SELECT is((SELECT array_agg(status ORDER BY key_version) FROM aidlink.pseudonym_key_versions WHERE key_name = 'tap_officer'),
          ARRAY['overlap', 'current'], 'and lists the versions with their status');
SELECT throws_ok($$SELECT secret FROM aidlink.pseudonym_keys$$, '42501', NULL, 'but cannot read the secrets');
SELECT throws_ok($$SELECT aidlink.pseudonym('11010519491231002X', 'tap_officer')$$, '42501', NULL,
                 'nor compute pseudonyms without that grant');
SELECT ok(aidlink.pseudonym_key_grant('tap_officer', 'al_tap_exchange'), 'a key officer grants a key to a role');
SELECT throws_ok($$SELECT * FROM aidlink.pseudonym_key_users$$, '42501', NULL, 'but cannot read the list of grants');
RESET ROLE;
SET ROLE al_tap_exchange;
SELECT is(aidlink.pseudonym_key_version(aidlink.pseudonym('11010519491231002X', 'tap_officer')), 2,
          'the role granted by the officer uses the key''s current version');
SELECT is((SELECT array_agg(DISTINCT key_name) FROM aidlink.my_pseudonym_keys), ARRAY['tap_officer'],
          'and sees that key (only) in my_pseudonym_keys');
RESET ROLE;

SELECT is((SELECT count(DISTINCT secret) FROM aidlink.pseudonym_keys WHERE key_name = 'tap_officer'), 2::bigint,
          'each version got its own secret');
SELECT is((SELECT min(octet_length(secret)) FROM aidlink.pseudonym_keys WHERE key_name = 'tap_officer'), 32,
          'of 32 bytes');

SELECT * FROM finish();
ROLLBACK;
