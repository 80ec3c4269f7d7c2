--
-- Pseudonyms (issue 8): keyed HMAC-SHA256 tokens, key versions and rotation,
-- and every error, none of which may show a secret.
--
SET search_path = public, aidlink;
SET client_min_messages = warning;

-- A key with a known secret (bytes 0..31), as a key received from another
-- department would be loaded by the superuser.  The expected tokens were
-- computed outside PostgreSQL (Python: hmac.new(key, b'11010519491231002X',
-- hashlib.sha256), first 20 bytes, base64.b32encode).
INSERT INTO pseudonym_keys (key_name, key_version, secret, valid_from)
VALUES ('test_kat', 1, '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '2020-01-01');
SELECT v AS number, pseudonym(v::resident_id, 'test_kat') AS token,
       pseudonym(v::resident_id, 'test_kat') = t AS as_computed_outside
FROM (VALUES ('11010519491231002X', 'v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'),
             ('440103199005061230', 'v1-7GURKZ4I7PX7EWYOGEDBVAU5WAEWRGBI')) s(v, t);
-- the input form does not matter: the canonical number is what is keyed
SELECT pseudonym('110105491231002'::resident_id, 'test_kat') AS from_legacy15,
       pseudonym('11010519491231002x'::resident_id, 'test_kat', 1) AS lower_x_version_1;
SELECT pseudonym(NULL::resident_id, 'test_kat') IS NULL AS null_number,
       pseudonym('11010519491231002X', NULL) IS NULL AS null_key;

-- Generated keys: tokens are fixed-width, distinct per number and per key
SELECT pseudonym_key_create('exchange_a', note => 'with the health commission') AS a,
       pseudonym_key_create('exchange_b') AS b;
CREATE TEMP TABLE people AS
SELECT resident_id_from_parts('440103', date '1950-01-01' + i, i % 1000) AS id FROM generate_series(1, 2000) i;
CREATE TEMP TABLE tokens AS
SELECT id, pseudonym(id, 'exchange_a') AS a, pseudonym(id, 'exchange_b') AS b FROM people;
SELECT count(*) AS numbers, count(DISTINCT a) AS tokens_a, count(DISTINCT b) AS tokens_b,
       count(*) FILTER (WHERE a = b) AS same_under_both_keys,
       bool_and(a ~ '^v1-[A-Z2-7]{32}$' AND b ~ '^v1-[A-Z2-7]{32}$') AS all_well_formed,
       bool_and(a = pseudonym(id, 'exchange_a', 1)) AS version_1_is_current
FROM tokens;

-- Rotation: version 2 is current at once, version 1 still matches its old
-- tokens during the overlap; tokens of the two versions differ
SELECT pseudonym_rotate('exchange_a', overlap => '30 days') AS new_version;
SELECT count(*) FILTER (WHERE pseudonym(id, 'exchange_a') ~ '^v2-') AS now_version_2,
       count(*) FILTER (WHERE pseudonym(id, 'exchange_a', 1) = a) AS old_tokens_still_match,
       count(*) FILTER (WHERE pseudonym(id, 'exchange_a') = a) AS same_as_before
FROM tokens;
SELECT key_name, key_version, status,
       usable_until - now() BETWEEN '29 days 23:59' AND '30 days' AS usable_for_30_more_days, note
FROM pseudonym_key_versions WHERE key_name LIKE 'exchange%' ORDER BY 1, 2;
-- a received file of old and new tokens: which version, then a hash join
SELECT pseudonym_key_version(t) AS version, count(*)
FROM (SELECT a AS t FROM tokens UNION ALL SELECT pseudonym(id, 'exchange_a') FROM tokens LIMIT 3000) r
GROUP BY 1 ORDER BY 1;
WITH received AS (SELECT a AS token FROM tokens WHERE id::text LIKE '%1_'
                  UNION ALL SELECT pseudonym(id, 'exchange_a') FROM tokens WHERE id::text LIKE '%2_'),
     versions AS (SELECT DISTINCT pseudonym_key_version(token) AS v FROM received)
SELECT count(*) AS received, count(p.id) AS matched
FROM received r
LEFT JOIN (SELECT id, pseudonym(id, 'exchange_a', v) AS token FROM people, versions) p USING (token);

-- An overlap that has ended, a version not valid yet, a retired key
INSERT INTO pseudonym_keys (key_name, key_version, secret, valid_from)
VALUES ('test_dates', 1, '\x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '2020-01-01');
SELECT pseudonym_rotate('test_dates', '1 day', '2021-01-01') AS v2,
       pseudonym_rotate('test_dates', '1 day', '2099-01-01') AS v3;
SELECT key_version, valid_from, usable_until, status FROM pseudonym_key_versions
WHERE key_name = 'test_dates' ORDER BY 1;
SELECT pseudonym('11010519491231002X', 'test_dates') ~ '^v2-' AS current_is_2;
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'test_dates', 1)$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'test_dates', 3)$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'test_dates', 4)$$);
SELECT pseudonym_key_retire('test_dates', 2) <= now() AS retired_now;
-- (the time of the transaction shown as <now>)
SELECT state, regexp_replace(message, '20\d\d-\d\d-\d\d [0-9:.]+[+-]\d\d', '<now>') AS message,
       regexp_replace(detail, '20\d\d-\d\d-\d\d [0-9:.]+[+-]\d\d', '<now>') AS detail, hint FROM try($$SELECT pseudonym('11010519491231002X', 'test_dates')$$);
SELECT state, regexp_replace(message, '20\d\d-\d\d-\d\d [0-9:.]+[+-]\d\d', '<now>') AS message,
       regexp_replace(detail, '20\d\d-\d\d-\d\d [0-9:.]+[+-]\d\d', '<now>') AS detail, hint FROM try($$SELECT pseudonym('11010519491231002X', 'test_dates', 2)$$);
SELECT key_version, status FROM pseudonym_key_versions WHERE key_name = 'test_dates' ORDER BY 1;

-- Errors of the functions: none shows a secret
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'no_such_key')$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'no_such_key', 1)$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'test_kat', 0)$$);
SELECT * FROM try($$SELECT pseudonym_key_create('exchange_a')$$);
SELECT * FROM try($$SELECT pseudonym_key_create('Exchange C')$$);
SELECT * FROM try($$SELECT pseudonym_rotate('no_such_key')$$);
SELECT * FROM try($$SELECT pseudonym_rotate('exchange_b', '-1 day')$$);
SELECT * FROM try($$SELECT pseudonym_rotate('exchange_b', NULL)$$);
SELECT * FROM try($$SELECT pseudonym_rotate('test_dates', '1 day', '2098-01-01')$$);
SELECT * FROM try($$SELECT pseudonym_key_retire('exchange_b', 9)$$);

-- Rows written by hand are checked by the trigger, whose errors never print
-- the row (a constraint's "Failing row contains" would show the secret)
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('short_key', 1, '\xdeadbeefdeadbeefdeadbeef')$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('long_key', 1, decode(repeat('deadbeef', 17), 'hex'))$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('no_secret', 1, NULL)$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('Bad Name', 1, decode(repeat('deadbeef', 8), 'hex'))$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('bad_version', 0, decode(repeat('deadbeef', 8), 'hex'))$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret, valid_from)
                    VALUES ('no_date', 1, decode(repeat('deadbeef', 8), 'hex'), NULL)$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret, valid_from, usable_until)
                    VALUES ('bad_dates', 1, decode(repeat('deadbeef', 8), 'hex'), '2022-01-01', '2021-01-01')$$);
SELECT * FROM try($$INSERT INTO pseudonym_keys (key_name, key_version, secret)
                    VALUES ('test_kat', 1, decode(repeat('deadbeef', 8), 'hex'))$$);
SELECT * FROM try($$UPDATE pseudonym_keys SET secret = decode(repeat('deadbeef', 8), 'hex')
                    WHERE key_name = 'exchange_b'$$);
SELECT * FROM try($$UPDATE pseudonym_keys SET key_version = 5 WHERE key_name = 'exchange_b'$$);
-- notes and dates may change
UPDATE pseudonym_keys SET note = 'agreed 2026-11' WHERE key_name = 'exchange_b';
-- no message above contains a byte of a secret (the ones tried included)
SELECT count(*) AS messages_with_a_secret
FROM (VALUES ($$SELECT pseudonym('11010519491231002X', 'no_such_key')$$),
             ($$INSERT INTO pseudonym_keys (key_name, key_version, secret) VALUES ('short_key', 1, '\xdeadbeefdeadbeefdeadbeef')$$),
             ($$INSERT INTO pseudonym_keys (key_name, key_version, secret) VALUES ('test_kat', 1, decode(repeat('deadbeef', 8), 'hex'))$$),
             ($$INSERT INTO pseudonym_keys (key_name, key_version, secret, valid_from) VALUES ('no_date', 1, decode(repeat('deadbeef', 8), 'hex'), NULL)$$),
             ($$UPDATE pseudonym_keys SET secret = decode(repeat('deadbeef', 8), 'hex') WHERE key_name = 'exchange_b'$$)) s(stmt),
     LATERAL try(stmt) e,
     pseudonym_keys k,
     LATERAL (SELECT lower(concat_ws(' ', e.message, e.detail, e.hint)) AS said) m
WHERE strpos(m.said, 'deadbeef') > 0 OR strpos(m.said, encode(k.secret, 'hex')) > 0
   OR strpos(m.said, lower(encode(k.secret, 'base64'))) > 0;

-- Reading tokens
SELECT t, pseudonym_key_version(t)
FROM (VALUES ('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'), ('v999999999-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')) s(t);
SELECT t, (try(format('SELECT pseudonym_key_version(%L)', t))).*
FROM (VALUES (''), ('1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'), ('V1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'),
             ('v-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'), ('v01-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'),
             ('v1234567890-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'), ('v1UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'),
             ('v1'), ('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD'), ('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDHH'),
             ('v1-uztvkrj3cbw45igpujsccsxft7y6rmdh'), ('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD1'),
             ('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD='), (' v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH'),
             ('v1-ＵZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD'), (repeat('v1-', 40))) s(t);

-- In parallel workers (PARALLEL SAFE: the switch to the owner's rights and
-- the key lookup work there) the tokens are the same
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET force_parallel_mode = on;
CREATE TABLE public.people_par AS SELECT id, b FROM tokens;
ANALYZE public.people_par;
EXPLAIN (COSTS OFF) SELECT count(*) FROM public.people_par p WHERE pseudonym(p.id, 'exchange_b') = p.b;
SELECT count(*) AS rows_matching_in_workers FROM public.people_par p WHERE pseudonym(p.id, 'exchange_b') = p.b;
RESET force_parallel_mode; RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
DROP TABLE public.people_par;

-- Per-key grants: EXECUTE on pseudonym() is not enough, the key must be
-- granted to the role (or to a role whose rights it has)
CREATE ROLE regress_al_exchange;
CREATE ROLE regress_al_clerk IN ROLE regress_al_exchange;
GRANT USAGE ON SCHEMA aidlink TO regress_al_exchange;
GRANT EXECUTE ON FUNCTION pseudonym(resident_id, text), pseudonym(resident_id, text, integer) TO regress_al_exchange;
SET ROLE regress_al_clerk;
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'exchange_a')$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'exchange_a', 1)$$);
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'no_such_key')$$);
SELECT count(*) AS keys_it_may_use FROM my_pseudonym_keys;
SELECT * FROM try($$SELECT pseudonym_key_grant('exchange_a', 'regress_al_clerk')$$);
RESET ROLE;
SELECT pseudonym('11010519491231002X', 'exchange_a') AS token_a \gset
SELECT pseudonym_key_grant('exchange_a', 'regress_al_exchange') AS granted,
       pseudonym_key_grant('exchange_a', 'regress_al_exchange') AS granted_again;
SELECT * FROM try($$SELECT pseudonym_key_grant('no_such_key', 'regress_al_exchange')$$);
SELECT * FROM try($$SELECT pseudonym_key_grant(NULL, 'regress_al_exchange')$$);
SELECT * FROM try($$SELECT pseudonym_key_grant('exchange_a', 'no_such_role')$$);
SET ROLE regress_al_clerk;
SELECT pseudonym('11010519491231002X', 'exchange_a') = :'token_a' AS same_token_as_superuser;
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'exchange_b')$$);   -- another key: not granted
SELECT key_name, key_version, status FROM my_pseudonym_keys ORDER BY 1, 2;
SELECT * FROM try($$SELECT * FROM pseudonym_key_users$$);
RESET ROLE;
SELECT pseudonym_key_revoke('exchange_a', 'regress_al_exchange') AS revoked,
       pseudonym_key_revoke('exchange_a', 'regress_al_exchange') AS revoked_again;
SET ROLE regress_al_clerk;
SELECT * FROM try($$SELECT pseudonym('11010519491231002X', 'exchange_a')$$);
RESET ROLE;

-- Linkage on pseudonyms: the index of tokens of the reference population
BEGIN;
SET LOCAL client_min_messages = warning;
TRUNCATE aidlink.persons CASCADE;
SELECT * FROM try($$SELECT pseudonym_index_refresh('exchange_a')$$);          -- nobody linked
ROLLBACK;
SELECT * FROM try($$SELECT pseudonym_index_refresh(NULL)$$);
SELECT * FROM try($$SELECT pseudonym_index_refresh('no_such_key')$$);
SELECT resident_id_of_pseudonym('v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH', 'exchange_a') AS nobody_indexed;
DROP ROLE regress_al_clerk;
REVOKE ALL ON FUNCTION pseudonym(resident_id, text), pseudonym(resident_id, text, integer) FROM regress_al_exchange;
REVOKE USAGE ON SCHEMA aidlink FROM regress_al_exchange;
DROP ROLE regress_al_exchange;

-- Who may do what: no grants to PUBLIC on keys, key functions, pseudonym()
SELECT p.oid::regprocedure AS function, p.prosecdef AS security_definer, p.proconfig AS settings,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_may_execute
FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proname LIKE 'pseudonym%'
ORDER BY p.oid::regprocedure::text;
SELECT c.relname, c.relacl IS NULL OR NOT EXISTS (
           SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 0) AS public_has_nothing
FROM pg_class c WHERE c.relnamespace = 'aidlink'::regnamespace AND c.relname LIKE 'pseudonym%' AND c.relkind IN ('r', 'v')
ORDER BY 1;
DELETE FROM pseudonym_keys WHERE key_name LIKE 'test%' OR key_name LIKE 'exchange%';
