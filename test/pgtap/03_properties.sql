-- 03_properties.sql — property tests over many generated identifiers.
--
-- 100,000 resident identity numbers, 20,000 organisation codes and 20,000
-- unified social credit codes are generated deterministically (arithmetic on
-- generate_series and md5 of the row number; no random()), so every run tests
-- the same values.  For each:
--   * text -> type -> text is the identity, and the check characters are the
--     ones independent SQL implementations of the standards compute;
--   * every single-character substitution and every adjacent swap of two
--     different characters is either rejected by the lenient parser or yields
--     a different valid identifier (never the original one, never something
--     other than what the text says);
--   * and, stronger, the mutants accepted are exactly those the check-character
--     arithmetic predicts: none at all for resident_id (ISO 7064 MOD 11-2
--     catches every single substitution and adjacent transposition) and for
--     uscc (the MOD 31 character catches them too: the weights 3^(i-1) mod 31
--     are distinct and non-zero, and 31 is prime); for org_code, whose MOD 11
--     over 36 symbols cannot tell apart characters whose values differ by 11
--     or 22, exactly those.
-- Substitutions and swaps run on all 100,000 resident_ids (18 million and
-- 1.5 million mutants); the whole file takes some 30 s on 2 cores.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(34);

-- The generated sets are ordinary tables (dropped by the ROLLBACK at the
-- end), not temporary ones, so that the mutation queries can use parallel
-- workers.
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 4;

-- Independent check characters (see 02_behaviour.sql).
CREATE FUNCTION pg_temp.rid_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substr('10X98765432', 1 + (SELECT sum((ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k]
                                                 * substr(b, k, 1)::int)::int % 11
                                        FROM generate_series(1, 17) k), 1) $$;
CREATE FUNCTION pg_temp.orgc_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE 11 - s % 11 WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE (11 - s % 11)::text END
      FROM (SELECT sum((ARRAY[3,7,9,10,5,8,4,2])[k]
                       * (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(b, k, 1)) - 1))::int AS s
              FROM generate_series(1, 8) k) x $$;
CREATE FUNCTION pg_temp.uscc_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (31 - s % 31) % 31, 1)
      FROM (SELECT sum((ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k]
                       * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1))::int AS s
              FROM generate_series(1, 17) k) x $$;
-- Value of an organisation-code character: 0-9, then A=10 … Z=35.
CREATE FUNCTION pg_temp.orgc_val(c text) RETURNS int LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', c) - 1 $$;

---------------------------------------------------------------------------
-- resident_id: 100,000 numbers
---------------------------------------------------------------------------
-- Province-level regions (all 35 accepted codes) with varied county digits;
-- birth dates 1800-01-01 … 2099-12-31 (104729 is prime, so the 100,000 dates
-- are distinct and so are the numbers); order codes 0 … 999.
CREATE TABLE pgtap_03_rp AS
SELECT i, region, birth, ord, id, id::text AS t
  FROM (SELECT i, region, birth, ord, aidlink.resident_id_from_parts(region, birth, ord) AS id
          FROM (SELECT i,
                       (ARRAY['11','12','13','14','15','21','22','23','31','32','33','34','35','36','37',
                              '41','42','43','44','45','46','50','51','52','53','54','61','62','63','64',
                              '65','71','81','82','83'])[1 + i % 35]
                           || lpad(((i * 7919) % 10000)::text, 4, '0') AS region,
                       date '1800-01-01' + (i::bigint * 104729 % (date '2100-01-01' - date '1800-01-01'))::int AS birth,
                       (i * 7907) % 1000 AS ord
                  FROM generate_series(1, 100000) i) g) h;

SELECT is((SELECT count(DISTINCT id) || ' numbers, ' || count(DISTINCT left(region, 2)) || ' provinces, '
                  || min(extract(year FROM birth)) || '-' || max(extract(year FROM birth)) || ', '
                  || count(DISTINCT ord) || ' order codes, '
                  || (count(*) FILTER (WHERE t LIKE '%X') > 5000)::text
             FROM pgtap_03_rp),
          '100000 numbers, 35 provinces, 1800-2099, 1000 order codes, true',
          'the generated numbers cover every province, the years 1800-2099, every order code, and check character X');

SELECT is((SELECT count(*) FROM pgtap_03_rp WHERE right(t, 1) <> pg_temp.rid_check(left(t, 17))), 0::bigint,
          'every check character is the ISO 7064 MOD 11-2 one');

SELECT is((SELECT count(*) FROM pgtap_03_rp
            WHERE t::aidlink.resident_id::text IS DISTINCT FROM t
               OR aidlink.to_resident_id(t)::text IS DISTINCT FROM t
               OR aidlink.to_resident_id(lower(t)) IS DISTINCT FROM id
               OR aidlink.resident_id_problem(t) IS NOT NULL
               OR id::bigint::aidlink.resident_id IS DISTINCT FROM id
               OR aidlink.to_resident_id(left(t, 6) || '-' || substr(t, 7, 8) || ' ' || right(t, 4)) IS DISTINCT FROM id),
          0::bigint,
          'text -> resident_id -> text is the identity (also through to_resident_id, lower case, bigint and separators)');

SELECT is((SELECT count(*) FROM pgtap_03_rp
            WHERE aidlink.resident_id_birth_date(id) <> birth
               OR aidlink.resident_id_region(id) <> region
               OR aidlink.resident_id_sex(id) <> CASE ord % 2 WHEN 1 THEN 'M' ELSE 'F' END),
          0::bigint, 'birth date, region and sex read back the parts');

-- Single-character substitutions: each of the 18 positions replaced by each
-- of 0-9 and X other than the character there, 180 mutants per number.
CREATE TEMP TABLE rid_subst ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = id OR r::text <> m)) AS violations
  FROM (SELECT id, m, aidlink.to_resident_id(m) AS r
          FROM (SELECT id, overlay(t PLACING c FROM p FOR 1) AS m
                  FROM pgtap_03_rp, generate_series(1, 18) p,
                       unnest('{0,1,2,3,4,5,6,7,8,9,X}'::text[]) c
                 WHERE c <> substr(t, p, 1)) s) x;
SELECT is((SELECT mutants FROM rid_subst), 18000000::bigint, 'resident_id: 18,000,000 substitutions tried');
SELECT is((SELECT violations FROM rid_subst), 0::bigint,
          'resident_id: every substitution is rejected or yields a different valid number');
SELECT is((SELECT accepted FROM rid_subst), 0::bigint,
          'resident_id: every substitution is rejected (MOD 11-2 detects all single-character errors)');

-- Adjacent swaps of two different characters.
CREATE TEMP TABLE rid_swap ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = id OR r::text <> m)) AS violations
  FROM (SELECT id, m, aidlink.to_resident_id(m) AS r
          FROM (SELECT id, left(t, p - 1) || substr(t, p + 1, 1) || substr(t, p, 1) || substr(t, p + 2) AS m
                  FROM pgtap_03_rp, generate_series(1, 17) p
                 WHERE substr(t, p, 1) <> substr(t, p + 1, 1)) s) x;
SELECT ok((SELECT mutants FROM rid_swap) > 1200000, 'resident_id: over 1,200,000 adjacent swaps tried');
SELECT is((SELECT violations FROM rid_swap), 0::bigint,
          'resident_id: every adjacent swap is rejected or yields a different valid number');
SELECT is((SELECT accepted FROM rid_swap), 0::bigint,
          'resident_id: every adjacent swap is rejected (MOD 11-2 detects all adjacent transpositions)');

-- The 15-digit legacy form round-trips wherever there is one.
SELECT is((SELECT count(*) FROM pgtap_03_rp
            WHERE aidlink.resident_id_legacy15(id) IS NOT NULL
              AND aidlink.to_resident_id(aidlink.resident_id_legacy15(id)) IS DISTINCT FROM id),
          0::bigint, 'resident_id_legacy15 -> to_resident_id is the identity');
SELECT ok((SELECT count(*) FROM pgtap_03_rp WHERE aidlink.resident_id_legacy15(id) IS NOT NULL) > 30000,
          'over 30,000 numbers have a legacy form');

---------------------------------------------------------------------------
-- org_code: 20,000 codes
---------------------------------------------------------------------------
CREATE TABLE pgtap_03_oc AS
SELECT i, body, body || pg_temp.orgc_check(body) AS t
  FROM (SELECT i, string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                    1 + get_byte(decode(md5('org' || i), 'hex'), k) % 36, 1), '' ORDER BY k) AS body
          FROM generate_series(1, 20000) i, generate_series(0, 7) k
         GROUP BY i) g;

SELECT ok((SELECT count(DISTINCT t) = 20000 AND count(*) FILTER (WHERE right(t, 1) = 'X') > 1000
                  AND count(*) FILTER (WHERE right(t, 1) = '0') > 1000
                  AND count(DISTINCT substr(body, 1, 1)) = 36
             FROM pgtap_03_oc),
          'org_code: 20,000 distinct codes, every body character, check characters X and 0');

SELECT is((SELECT count(*) FROM pgtap_03_oc
            WHERE aidlink.to_org_code(t)::text IS DISTINCT FROM body || '-' || right(t, 1)
               OR (body || '-' || right(t, 1))::aidlink.org_code::text IS DISTINCT FROM body || '-' || right(t, 1)
               OR t::aidlink.org_code IS DISTINCT FROM aidlink.to_org_code(lower(t))
               OR aidlink.org_code_problem(t) IS NOT NULL),
          0::bigint, 'org_code: text -> org_code -> text is the identity (with and without the hyphen, any case)');

-- Substitutions: positions 1-8 by each of the 36 body characters, position 9
-- by 0-9 and X.  A substitution in the body is accepted exactly when the two
-- characters' values differ by a multiple of 11 (the weights are non-zero
-- mod 11); one of the check character never is.
CREATE TEMP TABLE org_subst ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = o OR replace(r::text, '-', '') <> m)) AS violations,
       count(*) FILTER (WHERE (r IS NOT NULL) <> predicted) AS mispredicted
  FROM (SELECT o, m, aidlink.to_org_code(m) AS r,
               p <= 8 AND (pg_temp.orgc_val(c) - pg_temp.orgc_val(substr(t, p, 1))) % 11 = 0 AS predicted
          FROM (SELECT t, t::aidlink.org_code AS o, p, c, overlay(t PLACING c FROM p FOR 1) AS m
                  FROM pgtap_03_oc, generate_series(1, 9) p,
                       unnest(string_to_array('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', NULL)) c
                 WHERE c <> substr(t, p, 1) AND (p <= 8 OR c ~ '^[0-9X]$')) s) x;
SELECT is((SELECT mutants FROM org_subst), (20000 * (8 * 35 + 10))::bigint, 'org_code: 5,800,000 substitutions tried');
SELECT is((SELECT violations FROM org_subst), 0::bigint,
          'org_code: every substitution is rejected or yields a different valid code');
SELECT is((SELECT mispredicted FROM org_subst), 0::bigint,
          'org_code: the substitutions accepted are exactly those whose values differ by 11 or 22');
SELECT ok((SELECT accepted FROM org_subst) > 0, 'org_code: (so some substitutions are accepted: 0/B/M, 1/C/N, …)');

-- Adjacent swaps, predicted by the independent check-character computation.
CREATE TEMP TABLE org_swap ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = o OR replace(r::text, '-', '') <> m)) AS violations,
       count(*) FILTER (WHERE (r IS NOT NULL)
                              <> (right(m, 1) ~ '^[0-9X]$' AND pg_temp.orgc_check(left(m, 8)) = right(m, 1))) AS mispredicted,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted
  FROM (SELECT o, m, aidlink.to_org_code(m) AS r
          FROM (SELECT t::aidlink.org_code AS o,
                       left(t, p - 1) || substr(t, p + 1, 1) || substr(t, p, 1) || substr(t, p + 2) AS m
                  FROM pgtap_03_oc, generate_series(1, 8) p
                 WHERE substr(t, p, 1) <> substr(t, p + 1, 1)) s) x;
SELECT ok((SELECT mutants FROM org_swap) > 150000, 'org_code: over 150,000 adjacent swaps tried');
SELECT is((SELECT violations FROM org_swap), 0::bigint,
          'org_code: every adjacent swap is rejected or yields a different valid code');
SELECT is((SELECT mispredicted FROM org_swap), 0::bigint,
          'org_code: the swaps accepted are exactly those the GB 11714 check computation accepts');

---------------------------------------------------------------------------
-- uscc: 20,000 codes
---------------------------------------------------------------------------
CREATE TABLE pgtap_03_uc AS
SELECT i, b17 || pg_temp.uscc_check(b17) AS t
  FROM (SELECT i, b16 || pg_temp.orgc_check(substr(b16, 9, 8)) AS b17
          FROM (SELECT i, substr('123456789ANY', 1 + i % 12, 1)
                          || substr('123456789', 1 + (i / 12) % 9, 1)
                          || lpad(((i::bigint * 7919) % 1000000)::text, 6, '0')
                          || string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                                               1 + get_byte(decode(md5('uscc' || i), 'hex'), k) % 31, 1), '' ORDER BY k) AS b16
                  FROM generate_series(1, 20000) i, generate_series(0, 7) k
                 GROUP BY i) g) h;

SELECT ok((SELECT count(DISTINCT t) = 20000 AND count(DISTINCT left(t, 1)) = 12
                  AND count(*) FILTER (WHERE right(t, 1) = '0') > 300
                  AND count(*) FILTER (WHERE substr(t, 17, 1) = 'X') > 1000
             FROM pgtap_03_uc),
          'uscc: 20,000 distinct codes, all 12 authorities (A, N, Y too), final check 0, organisation check X');

SELECT is((SELECT count(*) FROM pgtap_03_uc
            WHERE aidlink.to_uscc(t)::text IS DISTINCT FROM t
               OR t::aidlink.uscc::text IS DISTINCT FROM t
               OR aidlink.to_uscc(lower(t)) IS DISTINCT FROM t::aidlink.uscc
               OR aidlink.uscc_problem(t) IS NOT NULL
               OR aidlink.uscc_org_code(t::aidlink.uscc)::text IS DISTINCT FROM substr(t, 9, 8) || '-' || substr(t, 17, 1)),
          0::bigint, 'uscc: text -> uscc -> text is the identity, and the organisation code inside reads back');

-- Substitutions: each of the 18 positions by each of the other 30 characters
-- of the alphabet.
CREATE TEMP TABLE uscc_subst ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = u OR r::text <> m)) AS violations
  FROM (SELECT u, m, aidlink.to_uscc(m) AS r
          FROM (SELECT t::aidlink.uscc AS u, overlay(t PLACING c FROM p FOR 1) AS m
                  FROM pgtap_03_uc, generate_series(1, 18) p,
                       unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', NULL)) c
                 WHERE c <> substr(t, p, 1)) s) x;
SELECT is((SELECT mutants FROM uscc_subst), (20000 * 18 * 30)::bigint, 'uscc: 10,800,000 substitutions tried');
SELECT is((SELECT violations FROM uscc_subst), 0::bigint,
          'uscc: every substitution is rejected or yields a different valid code');
SELECT is((SELECT accepted FROM uscc_subst), 0::bigint,
          'uscc: every substitution is rejected (the MOD 31 check detects all single-character errors)');

CREATE TEMP TABLE uscc_swap ON COMMIT DROP AS
SELECT count(*) AS mutants,
       count(*) FILTER (WHERE r IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE r IS NOT NULL AND (r = u OR r::text <> m)) AS violations
  FROM (SELECT u, m, aidlink.to_uscc(m) AS r
          FROM (SELECT t::aidlink.uscc AS u,
                       left(t, p - 1) || substr(t, p + 1, 1) || substr(t, p, 1) || substr(t, p + 2) AS m
                  FROM pgtap_03_uc, generate_series(1, 17) p
                 WHERE substr(t, p, 1) <> substr(t, p + 1, 1)) s) x;
SELECT ok((SELECT mutants FROM uscc_swap) > 300000, 'uscc: over 300,000 adjacent swaps tried');
SELECT is((SELECT violations FROM uscc_swap), 0::bigint,
          'uscc: every adjacent swap is rejected or yields a different valid code');
SELECT is((SELECT accepted FROM uscc_swap), 0::bigint,
          'uscc: every adjacent swap is rejected (the MOD 31 check detects all adjacent transpositions)');

---------------------------------------------------------------------------
-- Ordering over the whole sets
---------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM (SELECT t, row_number() OVER (ORDER BY id) AS a,
                                           row_number() OVER (ORDER BY t COLLATE "C") AS b FROM pgtap_03_rp) s
            WHERE a <> b), 0::bigint, 'resident_id: ORDER BY id is ORDER BY text over 100,000 numbers');
SELECT is((SELECT count(*) FROM (SELECT t, row_number() OVER (ORDER BY t::aidlink.uscc) AS a,
                                           row_number() OVER (ORDER BY t COLLATE "C") AS b FROM pgtap_03_uc) s
            WHERE a <> b), 0::bigint, 'uscc: ORDER BY code is ORDER BY text over 20,000 codes');
SELECT is((SELECT count(*) FROM (SELECT t, row_number() OVER (ORDER BY t::aidlink.org_code) AS a,
                                           row_number() OVER (ORDER BY t COLLATE "C") AS b FROM pgtap_03_oc) s
            WHERE a <> b), 0::bigint, 'org_code: ORDER BY code is ORDER BY text over 20,000 codes');

-- Hashing agrees with equality: equal values written differently hash alike.
SELECT is((SELECT count(*) FROM pgtap_03_uc
            WHERE aidlink.uscc_hash(t::aidlink.uscc) <> aidlink.uscc_hash(aidlink.to_uscc(lower(t)))
               OR aidlink.uscc_hash_extended(t::aidlink.uscc, 99) <> aidlink.uscc_hash_extended(aidlink.to_uscc(lower(t)), 99)),
          0::bigint, 'uscc: equal codes hash alike');
SELECT is((SELECT count(DISTINCT aidlink.uscc_hash(t::aidlink.uscc)) FROM pgtap_03_uc) > 19900, true,
          'uscc: the hash spreads 20,000 codes over (almost) as many values');

SELECT * FROM finish();
ROLLBACK;
