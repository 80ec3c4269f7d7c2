-- bench/sql/uscc.sql — unified social credit codes: parsing and joining,
-- aidlink.uscc against text.  psql variables: rows, seed.
--
-- N valid codes are built in SQL: an entity type of GB 32100 (91, 92, 93,
-- 11, 12, 51, 52), a region code, an 8-character organisation code body over
-- the alphabet of the standard, the body's GB 11714 check character, and the
-- GB 32100 check character.  Stored as uscc (16 bytes) and as text, in
-- single-column tables, with a shuffled copy of each for the join.

CHECKPOINT;
SELECT setseed(:seed / 2);

DO $$
DECLARE
    alpha  constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    orgval constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';  -- GB 11714 values 0..35
    body   text;   -- 8 random characters of the alphabet
    org    text;   -- GB 11714 weighted sum over the body o
    full17 text;   -- GB 32100 weighted sum over the 17 characters s
BEGIN
    SELECT string_agg(format('substr(%L, 1 + floor(random() * 31)::int, 1)', alpha), ' || ')
      INTO body FROM generate_series(1, 8);
    SELECT string_agg(format('(strpos(%L, substr(o, %s, 1)) - 1) * %s', orgval, i, w), ' + ')
      INTO org
      FROM unnest(ARRAY[3, 7, 9, 10, 5, 8, 4, 2]) WITH ORDINALITY AS u(w, i);
    SELECT string_agg(format('(strpos(%L, substr(s, %s, 1)) - 1) * %s', alpha, i, w), ' + ')
      INTO full17
      FROM unnest(ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
           WITH ORDINALITY AS u(w, i);
    EXECUTE format($f$
        CREATE UNLOGGED TABLE bench.uscc_src AS
        SELECT s || substr(%L, (31 - (%s) %% 31) %% 31 + 1, 1) AS code
        FROM (SELECT p || o || substr('0123456789X0', 11 - (%s) %% 11 + 1, 1) AS s
              FROM (SELECT (ARRAY['91','92','93','11','12','51','52'])[1 + floor(random() * 7)::int]
                           || (ARRAY['110105','120101','310104','440103','440305','500101','650102'])[1 + floor(random() * 7)::int] AS p,
                           %s AS o
                    FROM generate_series(1, %s) AS g) x) y
        $f$, alpha, full17, org, body, bench.conf('rows')::bigint);
END
$$;

DO $$
DECLARE
    bad bigint;
BEGIN
    SELECT count(*) INTO bad FROM bench.uscc_src WHERE aidlink.to_uscc(code) IS NULL;
    IF bad > 0 THEN
        RAISE EXCEPTION '% generated codes are not valid', bad;
    END IF;
END
$$;

CREATE TABLE bench.ua_uscc AS SELECT code::aidlink.uscc AS k FROM bench.uscc_src;
CREATE TABLE bench.ua_txt AS SELECT code AS k FROM bench.uscc_src;
CREATE UNLOGGED TABLE bench.uscc_shuffled AS SELECT code FROM bench.uscc_src ORDER BY random();
CREATE TABLE bench.ub_uscc AS SELECT code::aidlink.uscc AS k FROM bench.uscc_shuffled;
CREATE TABLE bench.ub_txt AS SELECT code AS k FROM bench.uscc_shuffled;
DROP TABLE bench.uscc_src, bench.uscc_shuffled;
VACUUM ANALYZE bench.ua_uscc, bench.ua_txt, bench.ub_uscc, bench.ub_txt;
CHECKPOINT;

CALL bench.measure('uscc_parse',
    ARRAY['scan', 'to_uscc', 'cast', 'regex'],
    ARRAY['SELECT count(k) FROM bench.ua_txt',
          'SELECT count(aidlink.to_uscc(k)) FROM bench.ua_txt',
          'SELECT count(k::aidlink.uscc) FROM bench.ua_txt',
          $q$SELECT count(*) FILTER (WHERE k ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$') FROM bench.ua_txt$q$],
    :rows);

SET enable_mergejoin = off;
SET enable_nestloop = off;
CALL bench.measure('uscc_join',
    ARRAY['uscc', 'text'],
    ARRAY['SELECT count(*) FROM bench.ua_uscc JOIN bench.ub_uscc USING (k)',
          'SELECT count(*) FROM bench.ua_txt JOIN bench.ub_txt USING (k)'],
    :rows);
SELECT bench.set_fact('uscc_join', label, 'plan', bench.plan_of(q))
FROM (VALUES ('uscc', 'SELECT count(*) FROM bench.ua_uscc JOIN bench.ub_uscc USING (k)'),
             ('text', 'SELECT count(*) FROM bench.ua_txt JOIN bench.ub_txt USING (k)')) AS v(label, q);
RESET enable_mergejoin;
RESET enable_nestloop;
