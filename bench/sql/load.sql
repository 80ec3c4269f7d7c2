-- bench/sql/load.sql — synthetic data for the benchmarks.
-- psql variables: rows (how many identity numbers), seed (for setseed).
--
-- N distinct valid resident identity numbers are built with
-- aidlink.resident_id_from_parts() from a random county-level region code of
-- one of 34 province-level divisions, a random birth date 1930–2020 and a
-- random order code 0–999.  They are stored three ways, each in a table of
-- its own with the key as its only column, so that a comparison between the
-- types is not diluted by other columns:
--
--   bench.a_rid  resident_id      bench.b_rid  (the same values, shuffled)
--   bench.a_big  bigint (body)    bench.b_big
--   bench.a_txt  text (canonical) bench.b_txt
--   bench.a_dirty text: the canonical text with ~10% of the values made dirty
--
-- The a_* tables hold the values in the (random) order they were generated;
-- b_* hold the same values in another random order.

SELECT setseed(:seed);

CREATE UNLOGGED TABLE bench.src AS
WITH regions(codes) AS (
    SELECT ARRAY['110105','110108','120101','130102','140105','150102',
                 '210102','220102','230103','310104','310115','320102',
                 '330106','340102','350102','360102','370102','410105',
                 '420106','430104','440103','440305','450103','460105',
                 '500101','510104','520102','530102','540102','610113',
                 '620102','630102','640104','650102']::text[])
SELECT g AS n,
       aidlink.resident_id_from_parts(
           codes[1 + floor(random() * array_length(codes, 1))::int],
           date '1930-01-01' + floor(random() * (date '2020-12-31' - date '1930-01-01' + 1))::int,
           floor(random() * 1000)::int) AS rid
FROM regions, generate_series(1, :rows + :rows / 50 + 1000) AS g;

-- Distinct numbers, in the order they were drawn; then a second, shuffled order.
CREATE UNLOGGED TABLE bench.ids AS
SELECT rid FROM (SELECT rid, min(n) AS n FROM bench.src GROUP BY rid) s
ORDER BY n LIMIT :rows;
CREATE UNLOGGED TABLE bench.shuffled AS
SELECT rid FROM bench.ids ORDER BY random();
DROP TABLE bench.src;

DO $$
BEGIN
    IF (SELECT count(*) FROM bench.ids) <> bench.conf('rows')::bigint THEN
        RAISE EXCEPTION 'could not draw % distinct identity numbers', bench.conf('rows');
    END IF;
END
$$;

CREATE TABLE bench.a_rid AS SELECT rid AS k FROM bench.ids;
CREATE TABLE bench.a_big AS SELECT aidlink.resident_id_to_bigint(rid) AS k FROM bench.ids;
CREATE TABLE bench.a_txt AS SELECT aidlink.resident_id_to_text(rid) AS k FROM bench.ids;
CREATE TABLE bench.b_rid AS SELECT rid AS k FROM bench.shuffled;
CREATE TABLE bench.b_big AS SELECT aidlink.resident_id_to_bigint(rid) AS k FROM bench.shuffled;
CREATE TABLE bench.b_txt AS SELECT aidlink.resident_id_to_text(rid) AS k FROM bench.shuffled;

-- The dirty column, as department spreadsheets have it.  About 10% of values:
--   lower_x      the check character X written x (taken from numbers ending in X)
--   spaces       inner spaces: 440103 19900101 123X
--   hyphens      inner hyphens: 440103-19900101-123X
--   fullwidth    full-width digits and X (U+FF10..U+FF19, U+FF38)
--   wrong_check  the check character replaced by another one
-- The kind of each value is kept in a_dirty_kind (same row order) to count them.
CREATE UNLOGGED TABLE bench.dirty_src AS
SELECT t,
       CASE
           WHEN right(t, 1) = 'X' AND u < 0.25 THEN 'lower_x'
           WHEN u2 < 0.02 THEN 'spaces'
           WHEN u2 < 0.04 THEN 'hyphens'
           WHEN u2 < 0.06 THEN 'fullwidth'
           WHEN u2 < 0.08 THEN 'wrong_check'
           ELSE 'clean'
       END AS kind,
       r
FROM (SELECT aidlink.resident_id_to_text(rid) AS t, random() AS u, random() AS u2,
             floor(random() * 10)::int AS r
      FROM bench.ids) s;

CREATE TABLE bench.a_dirty AS
SELECT CASE kind
           WHEN 'lower_x' THEN lower(t)
           WHEN 'spaces' THEN substr(t, 1, 6) || ' ' || substr(t, 7, 8) || ' ' || substr(t, 15, 4)
           WHEN 'hyphens' THEN substr(t, 1, 6) || '-' || substr(t, 7, 8) || '-' || substr(t, 15, 4)
           WHEN 'fullwidth' THEN translate(t, '0123456789X', '０１２３４５６７８９Ｘ')
           WHEN 'wrong_check' THEN
               left(t, 17) || substr('0123456789X', (strpos('0123456789X', right(t, 1)) + r) % 11 + 1, 1)
           ELSE t
       END AS k
FROM bench.dirty_src;

INSERT INTO bench.fact
SELECT 'data', kind, 'count', count(*)::text FROM bench.dirty_src GROUP BY kind;
DROP TABLE bench.dirty_src, bench.shuffled;

VACUUM ANALYZE bench.a_rid, bench.a_big, bench.a_txt, bench.b_rid, bench.b_big, bench.b_txt,
               bench.a_dirty, bench.ids;

INSERT INTO bench.fact
SELECT 'data', c::text, 'bytes', pg_relation_size(c)::text
FROM unnest('{bench.a_rid,bench.a_big,bench.a_txt,bench.a_dirty}'::regclass[]) AS c;
