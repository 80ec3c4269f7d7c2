-- 02_behaviour.sql — what the three types do: ordering, casts, lenient
-- parsing, problem codes, strict-input errors, legacy numbers, what a number
-- says, hashing and hash partitioning, indexes, binary I/O.
--
-- Check characters are computed here by independent SQL implementations of
-- the standards (ISO 7064 MOD 11-2 for GB 11643, the MOD 11 of GB 11714 and
-- the MOD 31 of GB 32100), so the tests do not only check the extension
-- against itself.  Binary I/O uses server-side COPY to a file in /tmp, so the
-- test needs a superuser (CREATE EXTENSION aidlink needs one anyway).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(326);

---------------------------------------------------------------------------
-- Helpers (temporary, gone with the session)
---------------------------------------------------------------------------
-- The one text value a query returns, or 'ERROR <sqlstate>: <message>'.
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE q INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END $$;
-- The DETAIL (or HINT) of the error a query raises; 'no error' if none.
CREATE FUNCTION pg_temp.detail(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;
CREATE FUNCTION pg_temp.hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END $$;
-- The lines of EXPLAIN (COSTS OFF) of a query.
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE l text;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        RETURN NEXT l;
    END LOOP;
END $$;

-- GB 11643: ISO 7064 MOD 11-2 check character of a 17-digit body.
CREATE FUNCTION pg_temp.rid_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT substr('10X98765432', 1 + (SELECT sum((ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k]
                                                 * substr(b, k, 1)::int)::int % 11
                                        FROM generate_series(1, 17) k), 1) $$;
-- GB 11714: check character of the 8-character body of an organisation code.
CREATE FUNCTION pg_temp.orgc_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE 11 - s % 11 WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE (11 - s % 11)::text END
      FROM (SELECT sum((ARRAY[3,7,9,10,5,8,4,2])[k]
                       * (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(b, k, 1)) - 1))::int AS s
              FROM generate_series(1, 8) k) x $$;
-- GB 32100: check character of the first 17 characters of a uscc.
CREATE FUNCTION pg_temp.uscc_check(b text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (31 - s % 31) % 31, 1)
      FROM (SELECT sum((ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k]
                       * (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1))::int AS s
              FROM generate_series(1, 17) k) x $$;
-- A valid uscc from its first 16 characters: add both check characters.
CREATE FUNCTION pg_temp.uscc_make(b16 text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT b17 || pg_temp.uscc_check(b17)
      FROM (SELECT b16 || pg_temp.orgc_check(substr(b16, 9, 8)) AS b17) x $$;
-- The base-36 value of an organisation code's body (what org_code stores).
CREATE FUNCTION pg_temp.orgc_value(b text) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT sum((strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(b, k, 1)) - 1)::bigint
               * 36::bigint ^ (8 - k))::bigint
      FROM generate_series(1, 8) k $$;

---------------------------------------------------------------------------
-- Generated data: 3,000 of each type, deterministic
---------------------------------------------------------------------------
CREATE TEMP TABLE rids ON COMMIT DROP AS
SELECT i, region, birth, ord, aidlink.resident_id_from_parts(region, birth, ord) AS id
  FROM (SELECT i,
               (ARRAY['11','12','13','14','15','21','22','23','31','32','33','34','35','36','37',
                      '41','42','43','44','45','46','50','51','52','53','54','61','62','63','64',
                      '65','71','81','82','83'])[1 + i % 35]
                   || lpad(((i * 7919) % 10000)::text, 4, '0') AS region,
               date '1800-01-01' + (i * 36529) % 109572 AS birth,
               (i * 7907) % 1000 AS ord
          FROM generate_series(1, 2500) i
        UNION ALL   -- neighbours: one region and day, many order codes
        SELECT 2501 + o, '440103', date '1990-05-06', o FROM generate_series(0, 499) o) g;
ALTER TABLE rids ADD COLUMN t text;
UPDATE rids SET t = id::text;

CREATE TEMP TABLE usccs ON COMMIT DROP AS
SELECT i, pg_temp.uscc_make(
           substr('123456789ANY', 1 + i % 12, 1)
           || substr('123456789', 1 + (i / 12) % 9, 1)
           || lpad(((i * 7919) % 1000000)::text, 6, '0')
           || (SELECT string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                                        1 + get_byte(decode(md5('uscc' || i), 'hex'), k) % 31, 1), '' ORDER BY k)
                 FROM generate_series(0, 7) k)) AS t
  FROM generate_series(1, 2500) i
UNION ALL   -- neighbours: the same first 12 characters
SELECT 2500 + i, pg_temp.uscc_make('91440101MA5' || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + i % 31, 1)
                                   || lpad((i * 37 % 10000)::text, 4, '0'))
  FROM generate_series(1, 500) i;

CREATE TEMP TABLE orgs ON COMMIT DROP AS
SELECT i, body, body || pg_temp.orgc_check(body) AS t
  FROM (SELECT i, (SELECT string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
                                            1 + get_byte(decode(md5('org' || i), 'hex'), k) % 36, 1), '' ORDER BY k)
                     FROM generate_series(0, 7) k) AS body
          FROM generate_series(1, 3000) i) g;

SELECT is((SELECT count(DISTINCT id) FROM rids), 3000::bigint, '3,000 distinct generated resident_ids');
SELECT is_empty($$ SELECT t FROM rids WHERE right(t, 1) <> pg_temp.rid_check(left(t, 17)) $$,
                'resident_id_from_parts adds the ISO 7064 MOD 11-2 check character');
SELECT ok((SELECT count(*) FROM rids WHERE t LIKE '%X') > 100, 'the generated numbers include check character X');
SELECT is_empty($$ SELECT t FROM usccs WHERE aidlink.to_uscc(t) IS NULL $$,
                'every uscc built with both check characters computed by GB 32100/GB 11714 is accepted');
SELECT is_empty($$ SELECT t FROM orgs WHERE aidlink.to_org_code(t) IS NULL $$,
                'every org_code built with the GB 11714 check character is accepted');

---------------------------------------------------------------------------
-- Known real codes and canonical text
---------------------------------------------------------------------------
SELECT is('11010519491231002x'::resident_id::text, '11010519491231002X', 'resident_id output has an upper-case X');
SELECT is(' 11010519491231002X '::resident_id::text, '11010519491231002X', 'resident_id input ignores surrounding spaces');
SELECT is('１１０１０５１９４９１２３１００２Ｘ'::resident_id::text, '11010519491231002X', 'resident_id input folds full-width digits and X');
SELECT is((U&'\FEFF11010519491231002X\3000')::resident_id::text, '11010519491231002X',
          'resident_id input ignores a leading byte-order mark and a trailing ideographic space');
SELECT is('91350100m000100y43'::uscc::text, '91350100M000100Y43', 'uscc input is case-insensitive, output upper case');
SELECT is('９１３５０１００Ｍ０００１００Ｙ４３'::uscc::text, '91350100M000100Y43', 'uscc input folds full-width characters');
SELECT is('D2143569X'::org_code::text, 'D2143569-X', 'org_code output is XXXXXXXX-X');
SELECT is('d2143569-x'::org_code::text, 'D2143569-X', 'org_code input is case-insensitive');
SELECT is('D2143569－X'::org_code::text, 'D2143569-X', 'org_code input accepts a full-width hyphen');
SELECT is('00000000-0'::org_code::text, '00000000-0', 'org_code with check character 0');

---------------------------------------------------------------------------
-- Ordering is the order of the canonical text
---------------------------------------------------------------------------
SELECT results_eq($$ SELECT t FROM rids ORDER BY id $$,
                  $$ SELECT t FROM rids ORDER BY t COLLATE "C" $$,
                  'resident_id sorts like its text (3,000 numbers)');
SELECT results_eq($$ SELECT t FROM usccs ORDER BY t::aidlink.uscc $$,
                  $$ SELECT t FROM usccs ORDER BY t COLLATE "C" $$,
                  'uscc sorts like its text (3,000 codes)');
SELECT results_eq($$ SELECT t FROM orgs ORDER BY t::aidlink.org_code $$,
                  $$ SELECT t FROM orgs ORDER BY t COLLATE "C" $$,
                  'org_code sorts like its text (3,000 codes)');
SELECT is_empty($$
    SELECT a.t, b.t FROM rids a JOIN rids b ON a.i % 97 = b.i % 89
     WHERE (a.id < b.id) IS DISTINCT FROM (a.t < b.t COLLATE "C")
        OR (a.id = b.id) IS DISTINCT FROM (a.t = b.t)
        OR (a.id >= b.id) IS DISTINCT FROM (a.t >= b.t COLLATE "C")
        OR sign(aidlink.resident_id_cmp(a.id, b.id)) IS DISTINCT FROM sign(bttextcmp(a.t COLLATE "C", b.t COLLATE "C"))
$$, 'resident_id <, =, >= and cmp agree with text comparison on ~100,000 pairs');
SELECT is_empty($$
    SELECT a.t, b.t FROM usccs a JOIN usccs b ON a.i % 97 = b.i % 89
     WHERE (a.t::aidlink.uscc < b.t::aidlink.uscc) IS DISTINCT FROM (a.t < b.t COLLATE "C")
        OR (a.t::aidlink.uscc <> b.t::aidlink.uscc) IS DISTINCT FROM (a.t <> b.t)
        OR (a.t::aidlink.uscc > b.t::aidlink.uscc) IS DISTINCT FROM (a.t > b.t COLLATE "C")
        OR sign(aidlink.uscc_cmp(a.t::aidlink.uscc, b.t::aidlink.uscc)) IS DISTINCT FROM sign(bttextcmp(a.t COLLATE "C", b.t COLLATE "C"))
$$, 'uscc <, <>, > and cmp agree with text comparison on ~100,000 pairs');

-- min/max, plain and parallel
SELECT is((SELECT min(id)::text || ' ' || max(id)::text FROM rids),
          (SELECT min(t COLLATE "C") || ' ' || max(t COLLATE "C") FROM rids), 'min/max of resident_id');
SELECT is((SELECT min(t::aidlink.uscc)::text || ' ' || max(t::aidlink.uscc)::text FROM usccs),
          (SELECT min(t COLLATE "C") || ' ' || max(t COLLATE "C") FROM usccs), 'min/max of uscc');
SELECT is((SELECT min(t::aidlink.org_code)::text || ' ' || max(t::aidlink.org_code)::text FROM orgs),
          (SELECT min(body || '-' || right(t, 1) COLLATE "C") || ' ' || max(body || '-' || right(t, 1) COLLATE "C") FROM orgs),
          'min/max of org_code');

-- A regular (not temporary) table, so that the planner may go parallel.
CREATE TABLE pgtap_02_par AS
SELECT r.id, u.t::aidlink.uscc AS code, o.t::aidlink.org_code AS org
  FROM rids r JOIN usccs u USING (i) JOIN orgs o USING (i);
ANALYZE pgtap_02_par;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of('SELECT min(id), max(id), min(code), max(code), min(org), max(org) FROM pgtap_02_par') l
                   WHERE l ~ 'Partial Aggregate'),
          'min/max of the three types can be computed by parallel workers (partial aggregation)');
SELECT is((SELECT min(id)::text || max(id)::text || min(code)::text || max(code)::text || min(org)::text || max(org)::text
             FROM pgtap_02_par),
          (SELECT min(r.t COLLATE "C") || max(r.t COLLATE "C") || min(u.t COLLATE "C") || max(u.t COLLATE "C")
                  || min(o.body || '-' || right(o.t, 1) COLLATE "C") || max(o.body || '-' || right(o.t, 1) COLLATE "C")
             FROM rids r JOIN usccs u USING (i) JOIN orgs o USING (i)),
          'parallel min/max (combine function) give the right answers');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

---------------------------------------------------------------------------
-- Casts
---------------------------------------------------------------------------
SELECT is_empty($$ SELECT t FROM rids WHERE t::aidlink.resident_id::text <> t OR t::aidlink.resident_id <> id $$,
                'text -> resident_id -> text is the identity');
SELECT is_empty($$ SELECT t FROM rids WHERE id::bigint <> left(t, 17)::bigint OR id::bigint::aidlink.resident_id <> id $$,
                'resident_id -> bigint is the 17-digit body, and bigint -> resident_id round-trips');
SELECT is(11010519491231002::bigint::resident_id::text, '11010519491231002X', 'bigint -> resident_id adds the check character');
SELECT is(aidlink.resident_id(11010519491231002::bigint)::text, '11010519491231002X', 'aidlink.resident_id(bigint)');
SELECT is(aidlink.resident_id('11010519491231002X'::text)::text, '11010519491231002X', 'aidlink.resident_id(text)');
SELECT throws_ok($$ SELECT 99010519491231002::bigint::aidlink.resident_id $$, '22023',
                 'bigint 99010519491231002 is not the body of a resident identity number',
                 'bigint with a bad province is rejected');
SELECT throws_ok($$ SELECT 11010519491331002::bigint::aidlink.resident_id $$, '22023',
                 'bigint 11010519491331002 is not the body of a resident identity number',
                 'bigint with a bad month is rejected');
SELECT throws_ok($$ SELECT 100000000000000000::bigint::aidlink.resident_id $$, '22003',
                 'bigint 100000000000000000 is not the body of a resident identity number',
                 'bigint of 18 digits is out of range');
SELECT throws_ok($$ SELECT (-1)::bigint::aidlink.resident_id $$, '22003',
                 'bigint -1 is not the body of a resident identity number',
                 'negative bigint is out of range');
SELECT is_empty($$ SELECT t FROM usccs WHERE t::aidlink.uscc::text <> t $$, 'text -> uscc -> text is the identity');
SELECT is_empty($$ SELECT t FROM orgs WHERE t::aidlink.org_code::text <> left(t, 8) || '-' || right(t, 1) $$,
                'text -> org_code -> text is the identity up to the hyphen');
SELECT is_empty($$
    SELECT t FROM usccs
     WHERE t::aidlink.uscc::aidlink.org_code IS DISTINCT FROM aidlink.to_org_code(substr(t, 9, 9))
        OR aidlink.uscc_org_code(t::aidlink.uscc)::text <> substr(t, 9, 8) || '-' || substr(t, 17, 1)
$$, 'uscc::org_code is the organisation code of characters 9 to 17');
SELECT is('91350100M000100Y43'::uscc::org_code::text, 'M000100Y-4', 'uscc::org_code of a real code');
CREATE TEMP TABLE pgtap_02_assign (a text, b text, c text);
SELECT lives_ok($$ INSERT INTO pgtap_02_assign
                   SELECT r.id, u.t::aidlink.uscc, o.t::aidlink.org_code
                     FROM rids r JOIN usccs u USING (i) JOIN orgs o USING (i) LIMIT 5 $$,
                'the casts to text are assignment casts');
SELECT is((SELECT count(*) FROM pg_temp.pgtap_02_assign
            WHERE a ~ '^\d{17}[\dX]$' AND b ~ '^[0-9A-Y]{18}$' AND c ~ '^[0-9A-Z]{8}-[0-9X]$'), 5::bigint,
          'assignment to text stores the canonical text');
SELECT is(ARRAY['11010519491231002X', '110105491231002']::resident_id[]::text, '{11010519491231002X,11010519491231002X}',
          'arrays of resident_id, legacy numbers upgraded');
SELECT ok('11010519491231002X'::resident_id = ANY ('{110105194912310038,110105491231002}'::resident_id[]), '= ANY over an array');

---------------------------------------------------------------------------
-- Lenient parsing: to_resident_id, to_uscc, to_org_code
---------------------------------------------------------------------------
SELECT is(aidlink.to_resident_id(x)::text, '11010519491231002X', format('to_resident_id accepts %s', d))
  FROM (VALUES ('11010519491231002x', 'a lower-case x'),
               ('110105 19491231 002X', 'inner spaces'),
               ('110105-19491231-002X', 'hyphens'),
               ('１１０１０５１９４９１２３１００２Ｘ', 'full-width digits and X'),
               ('１１０１０５１９４９１２３１００２ｘ', 'a full-width lower-case x'),
               ('''11010519491231002X', 'a leading apostrophe (spreadsheet text marker)'),
               ('　11010519491231002X　', 'surrounding ideographic spaces'),
               (E'\t11010519491231002X\r\n', 'surrounding tab and CR LF'),
               ('110105　1949－1231 002X', 'an ideographic space and a full-width hyphen inside'),
               ('110105—19491231—002X', 'em dashes'),
               ('110105491231002', 'a 15-digit legacy number'),
               ('110105１９４９１２３１００２X', 'a mix of full-width and ASCII digits (each character is folded)')) v(x, d);

SELECT is(pg_temp.try(format('SELECT aidlink.to_resident_id(%L)::text', x)), NULL,
          format('to_resident_id returns NULL for %s', d))
  FROM (VALUES ('', 'the empty string'),
               (' ', 'a space'),
               ('abc', 'abc'),
               (repeat('1', 100000), '100,000 digits'),
               (repeat(' ', 100000), '100,000 spaces'),
               (E'\x01', 'a control character'),
               (E'11010519491231002\x01', 'a control character for the check character'),
               (E'1101051949123100\x012X', 'a control character inside'),
               (E'\x7f11010519491231002X', 'DEL before the number'),
               ('１１０１０５abc', 'full-width digits mixed with ASCII letters'),
               ('１１０１０５１９４９１２３１００２X漢', 'full-width digits and a CJK character'),
               ('11010519491231002X''', 'a trailing apostrophe'),
               ('11010519491231002', '17 digits'),
               ('1101051949123100２', '17 mixed-width digits'),
               ('110105194912310021', 'a wrong check character'),
               ('11010519491231002Y', 'check character Y'),
               ('X10105194912310021', 'X in front'),
               ('11010519491231002X11010519491231002X', 'two numbers'),
               ('110105_19491231_002X', 'underscores'),
               ('110105.19491231.002X', 'dots'),
               ('11010519491231002Ⅹ', 'a Roman numeral ten for X')) v(x, d);
SELECT is(aidlink.to_resident_id(repeat('-', 50) || '11010519491231002X')::text, '11010519491231002X',
          'to_resident_id drops any number of hyphens');
SELECT is(aidlink.to_resident_id(NULL), NULL, 'to_resident_id(NULL) is NULL');
SELECT is(aidlink.to_uscc(NULL), NULL, 'to_uscc(NULL) is NULL');
SELECT is(aidlink.to_org_code(NULL), NULL, 'to_org_code(NULL) is NULL');

SELECT is(aidlink.to_uscc(x)::text, '91350100M000100Y43', format('to_uscc accepts %s', d))
  FROM (VALUES ('91350100m000100y43', 'lower case'),
               ('9135 0100 M000 100Y 43', 'inner spaces'),
               ('91350100-M000100Y-4-3', 'hyphens'),
               ('９１３５０１００Ｍ０００１００Ｙ４３', 'full-width characters'),
               ('　91350100M000100Y43 ', 'surrounding spaces')) v(x, d);
SELECT is(pg_temp.try(format('SELECT aidlink.to_uscc(%L)::text', x)), NULL, format('to_uscc returns NULL for %s', d))
  FROM (VALUES ('', 'the empty string'), ('abc', 'abc'), (repeat('9', 100000), '100,000 digits'),
               (E'91350100M000100Y4\x01', 'a control character'), ('91350100M000100Y44', 'a wrong check character'),
               ('91350100M000100Y4３漢', 'a CJK character'), ('91350100Ｍ000100Y4', '17 mixed-width characters')) v(x, d);
SELECT is(aidlink.to_org_code(x)::text, 'D2143569-X', format('to_org_code accepts %s', d))
  FROM (VALUES ('d2143569x', 'lower case, no hyphen'), ('D214 3569 - X', 'spaces and a hyphen'),
               ('Ｄ２１４３５６９－Ｘ', 'full-width characters'), ('D2-1-4-3-5-6-9-X', 'many hyphens')) v(x, d);
SELECT is(pg_temp.try(format('SELECT aidlink.to_org_code(%L)::text', x)), NULL, format('to_org_code returns NULL for %s', d))
  FROM (VALUES ('', 'the empty string'), ('abc', 'abc'), (repeat('A', 100000), '100,000 letters'),
               (E'D2143569\x01X', 'a control character'), ('D2143569-1', 'a wrong check character'),
               ('D2143569-Y', 'check character Y'), ('D2143569XX', 'ten characters without a hyphen')) v(x, d);

---------------------------------------------------------------------------
-- Problem codes
---------------------------------------------------------------------------
SELECT is(aidlink.resident_id_problem(x), p, format('resident_id_problem(%s) = %s', d, coalesce(p, 'NULL')))
  FROM (VALUES ('', 'empty', 'empty'),
               ('   ', 'empty', 'spaces'),
               ('abc', 'bad_length', 'abc'),
               ('11010519491231002', 'bad_length', '17 digits'),
               ('1101051949123100211', 'bad_length', '19 digits'),
               ('1101051949123', 'bad_length', '13 digits'),
               ('11010519491231002Y', 'bad_character', 'check character Y'),
               ('1101051949123100X2', 'bad_character', 'X at position 17'),
               ('A1010519491231002X', 'bad_character', 'a letter at position 1'),
               ('11010549123100X', 'bad_character', 'X in a 15-digit number'),
               ('990105194912310020', 'bad_province', 'province 99'),
               ('000105194912310020', 'bad_province', 'province 00'),
               ('160105194912310020', 'bad_province', 'province 16'),
               ('720105194912310020', 'bad_province', 'province 72 (only 71 for Taiwan)'),
               ('990105491231002', 'bad_province', 'a 15-digit number with province 99'),
               ('110105199002290020', 'bad_date', '1990-02-29 (not a leap year)'),
               ('110105190002290020', 'bad_date', '1900-02-29 (century, not a leap year)'),
               ('110105199013010020', 'bad_date', 'month 13'),
               ('110105199000010020', 'bad_date', 'month 0'),
               ('110105199001000020', 'bad_date', 'day 0'),
               ('110105199001320020', 'bad_date', 'day 32'),
               ('110105199004310020', 'bad_date', 'April 31'),
               ('110105179912310020', 'bad_date', 'year 1799'),
               ('110105000112310020', 'bad_date', 'year 1'),
               ('110105491331002', 'bad_date', 'a 15-digit number with month 13'),
               ('110105000229996', 'bad_date', 'a 15-digit number for 1800-02-29'),
               ('110105194912310021', 'bad_checksum', 'a wrong check character'),
               ('11010519491231002X', NULL, 'a valid number'),
               ('110105200002290013', NULL, '2000-02-29 (a leap century)'),
               ('110105180001010010', NULL, 'born 1800-01-01 (the first year)'),
               ('110105491231002', NULL, 'a valid 15-digit number')) v(x, p, d);

-- The number for 2000-02-29 above, and those for the first day, are checked
-- by the independent check-character implementation.
SELECT is(pg_temp.rid_check('11010520000229001') || pg_temp.rid_check('11010518000101001'), '30',
          'the valid numbers used above have the right check characters');

SELECT is(aidlink.uscc_problem(x), p, format('uscc_problem(%s) = %s', d, coalesce(p, 'NULL')))
  FROM (VALUES ('', 'empty', 'empty'),
               ('91350100M000100Y4', 'bad_length', '17 characters'),
               ('91350100M000100Y433', 'bad_length', '19 characters'),
               ('91350100M000100I43', 'bad_character', 'the letter I'),
               ('91350100M00O100Y43', 'bad_character', 'the letter O'),
               ('9135010!M000100Y43', 'bad_character', 'punctuation'),
               ('B1350100M000100Y43', 'bad_authority', 'authority B'),
               ('01350100M000100Y43', 'bad_authority', 'authority 0'),
               ('M1350100M000100Y43', 'bad_authority', 'authority M'),
               ('90350100M000100Y43', 'bad_entity_type', 'entity type 0'),
               ('9A350100M000100Y43', 'bad_entity_type', 'entity type A'),
               ('9135A100M000100Y43', 'bad_region', 'a letter in the region'),
               ('913501000M00100Y43', 'bad_checksum', 'a shifted body'),
               ('91350100M000100Y44', 'bad_checksum', 'a wrong check character'),
               ('91350100M000100Y43', NULL, 'a valid code')) v(x, p, d);
-- 91350100M000100Y + 5: the organisation code M000100Y-5 is wrong (its check
-- is 4), but the final character is computed over these 17 characters.
SELECT is(aidlink.uscc_problem(c), 'bad_org_code_checksum',
          'uscc_problem: a right final check but a wrong organisation-code check is bad_org_code_checksum')
  FROM (SELECT b17 || pg_temp.uscc_check(b17) AS c FROM (SELECT '91350100M000100Y5' AS b17) x) y;

-- Authorities A, N and Y, and the final check character 0, are accepted.
SELECT ok((SELECT count(*) FROM usccs WHERE left(t, 1) = a) >= 100
          AND (SELECT bool_and(aidlink.to_uscc(t) IS NOT NULL AND aidlink.uscc_problem(t) IS NULL)
                 FROM usccs WHERE left(t, 1) = a),
          format('codes of authority %s are accepted', a))
  FROM unnest(ARRAY['A', 'N', 'Y']) a;
SELECT ok((SELECT count(*) FROM usccs WHERE right(t, 1) = '0') >= 20
          AND (SELECT bool_and(aidlink.to_uscc(t) IS NOT NULL) FROM usccs WHERE right(t, 1) = '0'),
          'codes whose check character is 0 (31 - 0 = 31 -> 0) are accepted');
SELECT ok((SELECT count(*) FROM usccs WHERE substr(t, 17, 1) = 'X') >= 20
          AND (SELECT bool_and(aidlink.to_uscc(t) IS NOT NULL) FROM usccs WHERE substr(t, 17, 1) = 'X'),
          'codes whose organisation-code check character is X are accepted');
SELECT is(aidlink.to_uscc(pg_temp.uscc_make(b))::text, pg_temp.uscc_make(b), format('a code of authority %s', left(b, 1)))
  FROM unnest(ARRAY['A1110105MA000002', 'N2440103MA5F0001', 'Y1440103MA5F0001']) b;

-- Brute force: of the 31 characters, exactly one completes a body, and it
-- is the one the standard computes.
SELECT is_empty($$
    SELECT left(t, 17), string_agg(c, '')
      FROM usccs, unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', NULL)) c
     WHERE i % 10 = 0 AND aidlink.to_uscc(left(t, 17) || c) IS NOT NULL
     GROUP BY left(t, 17), t
    HAVING string_agg(c, '') <> right(t, 1)
$$, 'brute force over the 31 characters finds exactly the computed check character (300 codes)');
SELECT is((SELECT count(*) FROM usccs, unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', NULL)) c
            WHERE i % 10 = 0 AND aidlink.to_uscc(left(t, 17) || c) IS NOT NULL), 300::bigint,
          'and every one of those 300 bodies has one');

-- Authorities: the parser accepts exactly those of aidlink.uscc_authorities.
SELECT set_eq($$
    SELECT a FROM unnest(string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', NULL)) a
     WHERE aidlink.uscc_problem(pg_temp.uscc_make(a || '1350100M000100Y')) IS NULL
$$, $$ SELECT authority FROM aidlink.uscc_authorities $$,
'the authorities the parser accepts are those of aidlink.uscc_authorities');
SELECT is((SELECT count(*) FROM aidlink.uscc_entity_types), 36::bigint, '36 entity types of GB 32100');
SELECT is_empty($$
    SELECT e.entity_type FROM aidlink.uscc_entity_types e
     WHERE aidlink.uscc_entity_type(pg_temp.uscc_make(e.entity_type || '350100M000100Y')::aidlink.uscc) <> e.entity_type
        OR aidlink.uscc_authority(pg_temp.uscc_make(e.entity_type || '350100M000100Y')::aidlink.uscc) <> e.authority
$$, 'every entity type of the table makes a valid code, and uscc_entity_type/uscc_authority read it back');
SELECT is(aidlink.uscc_region('91350100M000100Y43'), '350100', 'uscc_region');

SELECT is(aidlink.org_code_problem(x), p, format('org_code_problem(%s) = %s', d, coalesce(p, 'NULL')))
  FROM (VALUES ('', 'empty', 'empty'),
               ('D214356', 'bad_length', '7 characters'),
               ('D2143569XX', 'bad_length', '10 characters without a hyphen'),
               ('D21435_9X', 'bad_character', 'an underscore'),
               ('D2143569Y', 'bad_character', 'check character Y'),
               ('D21435691', 'bad_checksum', 'a wrong check character'),
               ('D2143569-X', NULL, 'a valid code'),
               ('00000000-0', NULL, 'a valid code with check character 0')) v(x, p, d);

---------------------------------------------------------------------------
-- Strict input: SQLSTATE 22P02, the value quoted, the reason in the detail
---------------------------------------------------------------------------
SELECT throws_ok(format('SELECT %L::aidlink.%s', x, ty), '22P02',
                 format('invalid input syntax for type %s: "%s"', ty, x),
                 format('%s input rejects %s', ty, d))
  FROM (VALUES ('resident_id', '', 'the empty string'),
               ('resident_id', 'abc', 'abc'),
               ('resident_id', '110105 19491231002X', 'an inner space'),
               ('resident_id', '''11010519491231002X', 'a leading apostrophe'),
               ('resident_id', '11010519491231002Y', 'check character Y'),
               ('resident_id', '990105194912310020', 'province 99'),
               ('resident_id', '110105199002290020', '1990-02-29'),
               ('resident_id', '110105194912310021', 'a wrong check character'),
               ('uscc', '', 'the empty string'),
               ('uscc', '91350100M000100Y4', '17 characters'),
               ('uscc', '91350100M000100I43', 'the letter I'),
               ('uscc', 'B1350100M000100Y43', 'authority B'),
               ('uscc', '90350100M000100Y43', 'entity type 0'),
               ('uscc', '9135A100M000100Y43', 'a letter in the region'),
               ('uscc', '91350100M000100Y44', 'a wrong check character'),
               ('uscc', '9135 0100M000100Y43', 'an inner space'),
               ('org_code', '', 'the empty string'),
               ('org_code', 'D214356', '7 characters'),
               ('org_code', 'D2143569 X', 'a space for the hyphen'),
               ('org_code', 'D2143569-Y', 'check character Y'),
               ('org_code', 'D21435691', 'a wrong check character')) v(ty, x, d);

SELECT throws_ok(format('SELECT aidlink.%s(%L::text)', ty, x), '22P02',
                 format('invalid input syntax for type %s: "%s"', ty, x),
                 format('the text cast aidlink.%s(text) is as strict as input', ty))
  FROM (VALUES ('resident_id', '110105194912310021'), ('uscc', '91350100M000100Y44'),
               ('org_code', 'D21435691')) v(ty, x);

SELECT throws_ok($$ SELECT repeat('1', 100000)::aidlink.resident_id $$, '22P02',
                 'invalid input syntax for type resident_id: "' || repeat('1', 64) || '..."',
                 'a long value is quoted up to 64 bytes');

-- The detail names the fault precisely.
SELECT matches(pg_temp.detail(format('SELECT %L::aidlink.%s', x, ty)), re,
               format('%s detail for %s', ty, d))
  FROM (VALUES ('resident_id', '', '^The value is empty\.$', 'the empty string'),
               ('resident_id', 'abc', '18 characters.*this value has 3\.', 'abc'),
               ('resident_id', repeat('1', 100000), 'this value has 100000\.', '100,000 digits'),
               ('resident_id', '11010519491231002Y', '^Character 18, "Y",', 'check character Y'),
               ('resident_id', '1101051949123100漢X', '^Character 17, "漢" \(U\+6F22\)', 'a CJK character'),
               ('resident_id', E'11010519491231002\x01', '^Character 18, U\+0001 \(a control character\)', 'a control character'),
               ('resident_id', '990105194912310020', '^Province code "99" \(characters 1 to 2\)', 'province 99'),
               ('resident_id', '110105199002290020', '"19900229" \(characters 7 to 14\).*February 1990 has 28 days', '1990-02-29'),
               ('resident_id', '110105199013010020', '"19901301".*no month 13', 'month 13'),
               ('resident_id', '110105179912310020', '"17991231".*1799 is before 1800', 'year 1799'),
               ('resident_id', '110105491331002', '"491331" \(characters 7 to 12\).*no month 13', 'a 15-digit number with month 13'),
               ('resident_id', '110105194912310021', 'is "1" but should be "X"', 'a wrong check character'),
               ('uscc', '91350100M000100I43', '^Character 16, "I",.*letters I, O, S, V and Z', 'the letter I'),
               ('uscc', 'B1350100M000100Y43', '"B".*1 to 9, A, N and Y', 'authority B'),
               ('uscc', '90350100M000100Y43', '\(character 2\) is "0"', 'entity type 0'),
               ('uscc', '9135A100M000100Y43', '"35A100" \(characters 3 to 8\)', 'a bad region'),
               ('uscc', '91350100M000100Y44', 'is "4" but should be "3"', 'a wrong check character'),
               ('org_code', 'D214356', 'this value has 7 characters', '7 characters'),
               ('org_code', 'D2143569-Y', '^Character 10, "Y",', 'check character Y'),
               ('org_code', 'D21435691', '\(character 9\) is "1" but should be "X"', 'a wrong check character'),
               ('org_code', 'D2143569-1', '\(character 10\) is "1" but should be "X"', 'a wrong check character after a hyphen')) v(ty, x, re, d);
SELECT matches(pg_temp.detail($$ SELECT '91350100M000100Y5'::aidlink.uscc $$),
               'this value has 17', 'uscc detail for 17 characters');
SELECT matches(pg_temp.detail(format('SELECT %L::aidlink.uscc', y.c)), 'Characters 9 to 17, "M000100Y5",.*should be "4"',
               'uscc detail for a wrong organisation-code check character')
  FROM (SELECT b17 || pg_temp.uscc_check(b17) AS c FROM (SELECT '91350100M000100Y5' AS b17) x) y;

-- Inner separators: the hint points at the lenient parser.
SELECT matches(pg_temp.hint(format('SELECT %L::aidlink.%s', x, ty)), format('aidlink\.to_%s\(\)', ty),
               format('%s input with %s hints at aidlink.to_%s()', ty, d, ty))
  FROM (VALUES ('resident_id', '110105 19491231002X', 'an inner space'),
               ('resident_id', '110105-19491231-002X', 'hyphens'),
               ('uscc', '9135-0100M000100Y43', 'a hyphen'),
               ('org_code', 'D214 3569X', 'an inner space')) v(ty, x, d);

---------------------------------------------------------------------------
-- Legacy 15-digit numbers
---------------------------------------------------------------------------
SELECT is(x::aidlink.resident_id::text, want, format('legacy %s upgrades to %s', x, want))
  FROM (VALUES ('110105491231002', '11010519491231002X'),
               ('110105491231995', '110105194912319956'),
               ('110105491231996', '110105184912319965'),
               ('110105491231997', '110105184912319973'),
               ('110105491231998', '110105184912319981'),
               ('110105491231999', '11010518491231999X'),
               ('440103000101001', '440103190001010013')) v(x, want);
SELECT is_empty($$
    SELECT x, aidlink.to_resident_id(x)::text FROM (VALUES ('110105491231996'), ('110105491231997'),
                                                           ('110105491231998'), ('110105491231999')) v(x)
     WHERE extract(year FROM aidlink.resident_id_birth_date(aidlink.to_resident_id(x))) <> 1849
$$, 'legacy order codes 996-999 mark centenarians: born in the 1800s');
SELECT is_empty($$
    SELECT t, aidlink.resident_id_legacy15(id) FROM rids
     WHERE aidlink.resident_id_legacy15(id) IS NOT NULL
       AND (aidlink.to_resident_id(aidlink.resident_id_legacy15(id)) IS DISTINCT FROM id
            OR aidlink.resident_id_legacy15(id) <> left(t, 6) || substr(t, 9, 9))
$$, 'resident_id_legacy15 round-trips: its 15 digits upgrade back to the same number');
SELECT is_empty($$
    SELECT t FROM rids
     WHERE (aidlink.resident_id_legacy15(id) IS NOT NULL)
           <> ((extract(year FROM birth) BETWEEN 1900 AND 1999 AND ord < 996)
               OR (extract(year FROM birth) BETWEEN 1800 AND 1899 AND ord >= 996))
$$, 'a legacy form exists exactly for 1900s births with order < 996 and 1800s births with order >= 996');
SELECT ok((SELECT count(*) FROM rids WHERE aidlink.resident_id_legacy15(id) IS NOT NULL) > 500,
          'many generated numbers have a legacy form (the round trip is not vacuous)');
SELECT is(aidlink.resident_id_legacy15('110105200002290013'), NULL, 'no legacy form for a number born in 2000');
SELECT is(aidlink.resident_id_legacy15(aidlink.resident_id_from_parts('110105', '1949-12-31', 996)), NULL,
          'no legacy form for a 1900s birth with order code 996');
SELECT is(aidlink.resident_id_legacy15(aidlink.resident_id_from_parts('110105', '1849-12-31', 2)), NULL,
          'no legacy form for an 1800s birth with order code below 996');

---------------------------------------------------------------------------
-- What a number says
---------------------------------------------------------------------------
SELECT is_empty($$
    SELECT t FROM rids
     WHERE aidlink.resident_id_birth_date(id) <> birth
        OR aidlink.resident_id_region(id) <> region
        OR aidlink.resident_id_sex(id) <> CASE WHEN ord % 2 = 1 THEN 'M' ELSE 'F' END
        OR aidlink.resident_id_mask(id) <> left(t, 6) || '********' || right(t, 4)
$$, 'birth date, region, sex (odd order code: M) and mask read back the parts of 3,000 numbers');
SELECT is(aidlink.resident_id_sex('11010519491231002X'), 'F', 'order code 002: F');
SELECT is(aidlink.resident_id_sex('110105194912310038'), 'M', 'order code 003: M');
SELECT is(aidlink.resident_id_birth_date('11010519491231002X'), date '1949-12-31', 'birth date');
SELECT is(aidlink.resident_id_region('11010519491231002X'), '110105', 'region');
SELECT is(aidlink.resident_id_mask('11010519491231002X'), '110105********002X', 'mask hides the birth date');
SELECT is(aidlink.resident_id_age('11010519491231002X', on_date), want, format('age on %s', on_date))
  FROM (VALUES (date '1949-12-31', 0), ('2019-12-30', 69), ('2019-12-31', 70), ('2020-01-01', 70)) v(on_date, want);
SELECT is(aidlink.resident_id_age('110105200002290013', on_date), want, format('age of a leap-day birth on %s', on_date))
  FROM (VALUES (date '2001-02-28', 0), ('2001-03-01', 1), ('2004-02-28', 3), ('2004-02-29', 4)) v(on_date, want);
SELECT throws_ok($$ SELECT aidlink.resident_id_age('11010519491231002X', '1949-12-30') $$, '22023',
                 'date 1949-12-30 is before the birth date 1949-12-31', 'age before birth is an error');
SELECT throws_ok($$ SELECT aidlink.resident_id_age('11010519491231002X', 'infinity') $$, '22008',
                 'cannot compute an age on an infinite date', 'age on an infinite date is an error');
SELECT is(aidlink.resident_id_plausibility_problem('11010519491231002X', on_date), want,
          format('plausibility on %s: %s', on_date, coalesce(want, 'NULL')))
  FROM (VALUES (date '1949-12-30', 'born_after_date'), ('1949-12-31', NULL), ('2000-01-01', NULL),
               ('2079-12-31', NULL), ('2080-12-30', NULL), ('2080-12-31', 'older_than_130'),
               ('infinity', 'older_than_130'), ('-infinity', 'born_after_date')) v(on_date, want);
SELECT is(aidlink.resident_id_is_plausible(aidlink.resident_id_from_parts('110105', '1990-01-01', 1)), true,
          'a number born in 1990 is plausible today');
SELECT is(aidlink.resident_id_is_plausible(aidlink.resident_id_from_parts('110105', '1800-01-01', 1)), false,
          'a number born in 1800 is implausible today');
SELECT is(aidlink.resident_id_is_plausible(aidlink.resident_id_from_parts('110105', '2099-12-31', 1)), false,
          'a number born on 2099-12-31 is implausible today');

-- The examples of README.md
SELECT is(aidlink.resident_id_from_parts('440103', '1990-05-06', 123)::text, '440103199005061230', 'README: from_parts example');
SELECT is(aidlink.to_resident_id('110105-1949 1231-002x')::text, '11010519491231002X', 'README: to_resident_id example');
SELECT is(aidlink.resident_id_age('11010519491231002X', '2026-11-22'), 76, 'README: age example');
SELECT is(aidlink.resident_id_plausibility_problem('110105209901010012', '2026-11-22'), 'born_after_date',
          'README: plausibility example (and 110105209901010012 is a valid number)');

-- resident_id_from_parts rejects bad parts.
SELECT throws_ok(format('SELECT aidlink.resident_id_from_parts(%L, %L, %s)', r, b, o), st, msg,
                 format('resident_id_from_parts rejects %s', d))
  FROM (VALUES ('990105', '1990-01-01', 1, '22023', 'cannot make a resident identity number from these parts', 'province 99'),
               ('1101', '1990-01-01', 1, '22023', 'region code must have 6 digits, not 4 characters', 'a 4-digit region'),
               ('11010A', '1990-01-01', 1, '22023', 'region code must have 6 digits', 'a letter in the region'),
               ('110105', '1799-12-31', 1, '22023', 'cannot make a resident identity number from these parts', 'a birth in 1799'),
               ('110105', '1990-01-01', 1000, '22023', 'cannot make a resident identity number from these parts', 'order code 1000'),
               ('110105', '1990-01-01', -1, '22023', 'cannot make a resident identity number from these parts', 'order code -1'),
               ('110105', 'infinity', 1, '22008', 'birth date must be finite', 'an infinite birth date'),
               ('110105', '10000-01-01', 1, '22023', 'cannot make a resident identity number from these parts', 'a birth in the year 10000')) v(r, b, o, st, msg, d);

-- Details of from_parts for a late year and a region code in other characters.
SELECT matches(pg_temp.detail($$ SELECT aidlink.resident_id_from_parts('110105', '10000-01-01', 1) $$),
               'the year 10000 is after 9999', 'from_parts: a birth in the year 10000 is after 9999, not before 1800');
SELECT is(pg_temp.try($$ SELECT aidlink.resident_id_from_parts('１１０１０５', '1990-01-01', 1)::text $$),
          'ERROR 22023: region code must have 6 digits', 'from_parts: six full-width digits are not ASCII digits, and not 18 characters');
SELECT matches(pg_temp.try($$ SELECT aidlink.resident_id_from_parts('北京市', '1990-01-01', 1)::text $$),
               'not 3 characters', 'from_parts: three CJK characters are counted as 3 characters');

---------------------------------------------------------------------------
-- Hashing: the int8-based types hash like their bigint value; extended hash
-- with seed 0 agrees with the 32-bit hash; uscc's hash is pinned (frozen).
---------------------------------------------------------------------------
SELECT is_empty($$
    SELECT t FROM rids
     WHERE aidlink.resident_id_hash(id) <> hashint8(id::bigint)
        OR aidlink.resident_id_hash_extended(id, 0) <> hashint8extended(id::bigint, 0)
        OR aidlink.resident_id_hash_extended(id, 7) <> hashint8extended(id::bigint, 7)
$$, 'resident_id hashes as int8 of its body');
SELECT is_empty($$
    SELECT t FROM orgs
     WHERE aidlink.org_code_hash(t::aidlink.org_code) <> hashint8(pg_temp.orgc_value(body))
        OR aidlink.org_code_hash_extended(t::aidlink.org_code, 7) <> hashint8extended(pg_temp.orgc_value(body), 7)
$$, 'org_code hashes as int8 of the base-36 value of its body');
SELECT is_empty($$
    SELECT t FROM usccs
     WHERE (aidlink.uscc_hash_extended(t::aidlink.uscc, 0) & 4294967295)
           <> (aidlink.uscc_hash(t::aidlink.uscc)::bigint & 4294967295)
$$, 'uscc: the low 32 bits of the extended hash with seed 0 are the 32-bit hash');
SELECT is_empty($$
    SELECT t FROM usccs
     WHERE aidlink.uscc_hash(t::aidlink.uscc) <> aidlink.uscc_hash(aidlink.to_uscc(lower(t)))
$$, 'uscc: equal codes written differently hash alike');
SELECT is(ARRAY[aidlink.uscc_hash('91350100M000100Y43')::bigint,
                aidlink.uscc_hash_extended('91350100M000100Y43', 0),
                aidlink.uscc_hash_extended('91350100M000100Y43', 42)],
          ARRAY[1170735815, -4423272162827697465, -4627398089987914099]::bigint[],
          'uscc hash values are frozen (hash partitions depend on them)');

---------------------------------------------------------------------------
-- Hash partitioning by each type
---------------------------------------------------------------------------
CREATE TEMP TABLE part_rid (id aidlink.resident_id, n int) PARTITION BY HASH (id);
CREATE TEMP TABLE part_uscc (id aidlink.uscc, n int) PARTITION BY HASH (id);
CREATE TEMP TABLE part_org (id aidlink.org_code, n int) PARTITION BY HASH (id);
CREATE TEMP TABLE part_int8 (id bigint, n int) PARTITION BY HASH (id);
DO $$
DECLARE tab text; r int;
BEGIN
    FOREACH tab IN ARRAY ARRAY['part_rid', 'part_uscc', 'part_org', 'part_int8'] LOOP
        FOR r IN 0..3 LOOP
            EXECUTE format('CREATE TEMP TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 4, REMAINDER %s)',
                           tab || '_' || r, tab, r);
        END LOOP;
    END LOOP;
END $$;
INSERT INTO part_rid SELECT id, i FROM rids WHERE i <= 1000;
INSERT INTO part_uscc SELECT t::aidlink.uscc, i FROM usccs WHERE i <= 1000;
INSERT INTO part_org SELECT t::aidlink.org_code, i FROM orgs WHERE i <= 1000;

SELECT is(pg_temp.try(format('SELECT count(DISTINCT tableoid) || '' partitions, '' || count(*) || '' rows'' FROM %I', tab)),
          '4 partitions, 1000 rows', format('%s: 1,000 rows spread over all 4 partitions', tab))
  FROM unnest(ARRAY['part_rid', 'part_uscc', 'part_org']) tab;
SELECT is((SELECT count(*) FROM part_rid) + (SELECT count(*) FROM part_uscc) + (SELECT count(*) FROM part_org),
          3000::bigint, 'all 3,000 rows landed');

-- resident_id and org_code land where their bigint value would.
INSERT INTO part_int8 SELECT id::bigint, i FROM rids WHERE i <= 1000;
SELECT is_empty($$
    SELECT r.n FROM part_rid r JOIN part_int8 b ON b.n = r.n
     WHERE right(r.tableoid::regclass::text, 1) <> right(b.tableoid::regclass::text, 1)
$$, 'a resident_id row lands in the partition of its bigint body');
TRUNCATE part_int8;
INSERT INTO part_int8 SELECT pg_temp.orgc_value(body), i FROM orgs WHERE i <= 1000;
SELECT is_empty($$
    SELECT r.n FROM part_org r JOIN part_int8 b ON b.n = r.n
     WHERE right(r.tableoid::regclass::text, 1) <> right(b.tableoid::regclass::text, 1)
$$, 'an org_code row lands in the partition of its base-36 value');
SELECT is((SELECT string_agg(right(tableoid::regclass::text, 1), '' ORDER BY n) FROM part_uscc WHERE n <= 12),
          '012301201000', 'uscc rows land in frozen partitions');

-- Pruning: equality on the key scans one partition.
SELECT is((SELECT count(*) FROM pg_temp.plan_of(format('SELECT * FROM %I WHERE id = %L', tab, v)) l
            WHERE l ~ (tab || '_[0-3]')),
          1::bigint, format('%s: WHERE id = constant scans one partition', tab))
  FROM (VALUES ('part_rid', '11010519491231002X'), ('part_uscc', '91350100M000100Y43'),
               ('part_org', 'D2143569-X')) v(tab, v);
SELECT is((SELECT count(*) FROM part_rid WHERE id = r.id), 1::bigint, 'and finds the row')
  FROM rids r WHERE i = 77;

---------------------------------------------------------------------------
-- Indexes: an expression index on a dirty text column serves a join
---------------------------------------------------------------------------
CREATE TEMP TABLE dept (row_id int, sfzh text);
INSERT INTO dept
SELECT i, CASE i % 4 WHEN 0 THEN t
                     WHEN 1 THEN lower(t)
                     WHEN 2 THEN left(t, 6) || ' ' || substr(t, 7, 8) || '-' || right(t, 4)
                     ELSE translate(t, '0123456789X', '０１２３４５６７８９Ｘ') END
  FROM rids WHERE i % 3 <> 0;
INSERT INTO dept VALUES (-1, 'not a number'), (-2, NULL), (-3, '110105194912310021');
CREATE INDEX dept_sfzh_rid ON dept (aidlink.to_resident_id(sfzh));
CREATE TEMP TABLE payees AS SELECT id FROM rids WHERE i % 50 = 0;
ANALYZE dept;
ANALYZE payees;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of(
              'SELECT * FROM payees p JOIN dept d ON aidlink.to_resident_id(d.sfzh) = p.id') l
                   WHERE l ~ 'Index.*dept_sfzh_rid'),
          'a join on aidlink.to_resident_id(textcol) uses the expression index');
SELECT is((SELECT count(*) FROM payees p JOIN dept d ON aidlink.to_resident_id(d.sfzh) = p.id),
          (SELECT count(*) FROM rids WHERE i % 50 = 0 AND i % 3 <> 0),
          'and links every payee present in the department''s list, however written');
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of(
              $q$SELECT * FROM dept WHERE aidlink.to_resident_id(sfzh) = '11010519491231002X'$q$) l
                   WHERE l ~ 'dept_sfzh_rid'),
          'a lookup by aidlink.to_resident_id(textcol) uses the expression index');
RESET enable_seqscan;
RESET enable_hashjoin;
RESET enable_mergejoin;

-- Hash join, merge join and hash aggregation agree (HASHES, MERGES).
-- The join node the planner picks with only one method enabled, and the
-- row count it produces.
CREATE FUNCTION pg_temp.join_by(col text, how text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE q text := format('SELECT * FROM pgtap_02_par a JOIN pgtap_02_par b ON a.%I = b.%I', col, col);
        node text; n bigint;
BEGIN
    PERFORM set_config('enable_nestloop', (how = 'Nested Loop')::text, true),
            set_config('enable_hashjoin', (how = 'Hash Join')::text, true),
            set_config('enable_mergejoin', (how = 'Merge Join')::text, true);
    SELECT substring(l FROM '(Nested Loop|Hash Join|Merge Join)') INTO node
      FROM pg_temp.plan_of(q) l WHERE l ~ '(Nested Loop|Hash Join|Merge Join)' LIMIT 1;
    EXECUTE 'SELECT count(*) FROM (' || q || ') s' INTO n;
    PERFORM set_config('enable_nestloop', 'on', true),
            set_config('enable_hashjoin', 'on', true),
            set_config('enable_mergejoin', 'on', true);
    RETURN node || ': ' || n;
END $$;
SELECT is(pg_temp.join_by(col, how), how || ': 3000', format('self-join on %s by %s', col, how))
  FROM unnest(ARRAY['Nested Loop', 'Hash Join', 'Merge Join']) how,
       unnest(ARRAY['id', 'code', 'org']) col;
SELECT is((SELECT count(*) FROM (SELECT code FROM pgtap_02_par UNION SELECT code FROM pgtap_02_par) s), 3000::bigint,
          'UNION (hash or sort) removes duplicate uscc');

---------------------------------------------------------------------------
-- Binary send and receive
---------------------------------------------------------------------------
SELECT is(aidlink.resident_id_send('11010519491231002X'), int8send(11010519491231002),
          'resident_id sends its body as an 8-byte integer');
SELECT is(aidlink.uscc_send('91350100m000100y43'), convert_to('91350100M000100Y43', 'SQL_ASCII'),
          'uscc sends its 18 characters in ASCII');
SELECT is(aidlink.org_code_send('D2143569-X'), convert_to('D2143569X', 'SQL_ASCII'),
          'org_code sends its 9 characters without the hyphen');

SELECT '/tmp/aidlink_pgtap_02_' || pg_backend_pid() || '.copy' AS copyfile \gset
SELECT lives_ok(format('COPY pgtap_02_par TO %L WITH (FORMAT binary)', :'copyfile'), 'binary COPY out');
CREATE TEMP TABLE par_back (LIKE pgtap_02_par);
SELECT lives_ok(format('COPY par_back FROM %L WITH (FORMAT binary)', :'copyfile'), 'binary COPY in');
SELECT set_eq($$ SELECT id, code, org FROM par_back $$, $$ SELECT id, code, org FROM pgtap_02_par $$,
              'binary COPY round-trips 3,000 rows of the three types');
CREATE TEMP TABLE raw_rid (b bigint);
CREATE TEMP TABLE raw_txt (t text);
CREATE TEMP TABLE got_rid (v aidlink.resident_id);
CREATE TEMP TABLE got_uscc (v aidlink.uscc);
CREATE TEMP TABLE got_org (v aidlink.org_code);
CREATE FUNCTION pg_temp.recv(raw text, val text, target text, f text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('TRUNCATE %I', raw);
    EXECUTE format('INSERT INTO %I VALUES (%L)', raw, val);
    EXECUTE format('COPY %I TO %L WITH (FORMAT binary)', raw, f);
    EXECUTE format('TRUNCATE %I', target);
    EXECUTE format('COPY %I FROM %L WITH (FORMAT binary)', target, f);
    RETURN pg_temp.try(format('SELECT v::text FROM %I', target));
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT is(pg_temp.recv(raw, val, target, :'copyfile'), want, format('binary receive of %s: %s', d, want))
  FROM (VALUES ('raw_rid', '11010519491231002', 'got_rid', '11010519491231002X', 'a valid body'),
               ('raw_rid', '99010519491231002', 'got_rid', 'ERROR 22P03: invalid binary value for type resident_id', 'a body with province 99'),
               ('raw_rid', '11010519900229002', 'got_rid', 'ERROR 22P03: invalid binary value for type resident_id', 'a body born 1990-02-29'),
               ('raw_rid', '-5', 'got_rid', 'ERROR 22P03: invalid binary value for type resident_id', 'a negative body'),
               ('raw_txt', '91350100M000100Y43', 'got_uscc', '91350100M000100Y43', 'a valid uscc'),
               ('raw_txt', '91350100m000100y43', 'got_uscc', 'ERROR 22P03: invalid binary value for type uscc', 'a lower-case uscc'),
               ('raw_txt', '91350100M000100Y44', 'got_uscc', 'ERROR 22P03: invalid binary value for type uscc', 'a uscc with a wrong check'),
               ('raw_txt', '91350100M000100Y4', 'got_uscc', 'ERROR 22P03: invalid binary value for type uscc', '17 characters'),
               ('raw_txt', 'D2143569X', 'got_org', 'D2143569-X', 'a valid org_code'),
               ('raw_txt', 'D2143569-X', 'got_org', 'ERROR 22P03: invalid binary value for type org_code', 'an org_code with its hyphen'),
               ('raw_txt', 'D21435691', 'got_org', 'ERROR 22P03: invalid binary value for type org_code', 'an org_code with a wrong check')) v(raw, val, target, want, d);
-- Leave an empty file behind, not data.
COPY (SELECT 1 WHERE false) TO :'copyfile';

SELECT * FROM finish();
ROLLBACK;
