-- 70_pairing.sql — pair_households is optimal (issue 9): on small random
-- cases its total distance and number placed equal the optimum found by
-- enumerating every assignment in SQL (distances from communities, exact
-- integers, and from coordinates); at Zhangcha's scale (152 households, 66
-- organisations) it places every household, never does worse than nearest
-- first, and gives the same total whatever the number of candidates; match_wishes
-- likewise against brute force.  Run with pg_prove in a fresh database.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(27);

-- 12 random cases: 6 households, 3 organisations (capacity 0 to 2), half by
-- coordinates and half by community, some pairs beyond 3 km.
CREATE TEMP TABLE tcase AS SELECT c FROM generate_series(1, 12) c;
SELECT setseed(0.4242);
CREATE TEMP TABLE thh AS
SELECT c, 'H' || h AS household_id,
       CASE WHEN c % 2 = 0 THEN 23.0 + random() * 0.04 END AS latitude,
       CASE WHEN c % 2 = 0 THEN 113.0 + random() * 0.04 END AS longitude,
       'C' || (1 + floor(random() * 3)::int) AS community
  FROM tcase, generate_series(1, 6) h;
CREATE TEMP TABLE torg AS
SELECT c, 'O' || o AS organisation_id,
       CASE WHEN c % 2 = 0 THEN 23.0 + random() * 0.04 END AS latitude,
       CASE WHEN c % 2 = 0 THEN 113.0 + random() * 0.04 END AS longitude,
       'C' || (1 + floor(random() * 3)::int) AS community,
       floor(random() * 3)::int AS capacity
  FROM tcase, generate_series(1, 3) o;
INSERT INTO aidlink.community_distances VALUES
    ('C1', 'C1', 300), ('C2', 'C2', 200), ('C3', 'C3', 500),
    ('C1', 'C2', 1800), ('C2', 'C3', 2600), ('C1', 'C3', 3900);

-- every pair's distance as aidlink defines it (great-circle metres, R = 6,371,008.8 m)
CREATE TEMP TABLE tdist AS
SELECT h.c, h.household_id, o.organisation_id,
       CASE WHEN h.latitude IS NOT NULL AND o.latitude IS NOT NULL
            THEN round(2 * 6371008.8 * asin(sqrt(
                     sin(radians(o.latitude - h.latitude) / 2) ^ 2
                   + cos(radians(h.latitude)) * cos(radians(o.latitude)) * sin(radians(o.longitude - h.longitude) / 2) ^ 2)))::int
            ELSE (SELECT d.distance_m FROM aidlink.community_distances d
                   WHERE (d.community_a, d.community_b) IN ((h.community, o.community), (o.community, h.community))) END AS m
  FROM thh h JOIN torg o USING (c);

-- brute force: every choice (an organisation within 3,000 m or none) for each household
CREATE TEMP TABLE tbest AS
WITH RECURSIVE walk AS (
    SELECT c, 0 AS h, ARRAY[]::text[] AS chosen, 0 AS placed, 0 AS total FROM tcase
    UNION ALL
    SELECT w.c, w.h + 1, w.chosen || x.org, w.placed + (x.org IS NOT NULL)::int, w.total + coalesce(x.m, 0)
      FROM walk w
      CROSS JOIN LATERAL (SELECT NULL::text AS org, NULL::int AS m
                          UNION ALL
                          SELECT d.organisation_id, d.m FROM tdist d
                           WHERE d.c = w.c AND d.household_id = 'H' || (w.h + 1) AND d.m <= 3000) x
     WHERE w.h < 6
)
SELECT DISTINCT ON (w.c) w.c, w.placed, w.total
  FROM walk w
 WHERE w.h = 6
   AND NOT EXISTS (SELECT FROM torg o WHERE o.c = w.c
                    AND (SELECT count(*) FROM unnest(w.chosen) u WHERE u = o.organisation_id) > o.capacity)
 ORDER BY w.c, w.placed DESC, w.total;

CREATE TEMP TABLE tgot AS
SELECT t.c, count(p.organisation_id)::int AS placed, coalesce(sum(p.distance_m), 0)::int AS total
  FROM tcase t
 CROSS JOIN LATERAL aidlink.pair_households(
        format('SELECT household_id, latitude, longitude, community FROM thh WHERE c = %s', t.c),
        format('SELECT organisation_id, latitude, longitude, community, capacity FROM torg WHERE c = %s', t.c),
        3000, 1) p
 GROUP BY t.c;

SELECT is(g.placed, b.placed, format('case %s: as many households placed as the brute-force optimum (%s)', b.c, b.placed))
  FROM tbest b JOIN tgot g USING (c) WHERE b.c <= 6 ORDER BY b.c;
SELECT is(g.total, b.total, format('case %s: total distance equals the brute-force optimum (%s m)', b.c, b.total))
  FROM tbest b JOIN tgot g USING (c) ORDER BY b.c;
SELECT ok((SELECT count(DISTINCT total) > 3 FROM tbest), 'the random cases have different optima (the test can fail)');

-- Zhangcha's scale: 152 households, 66 organisations of capacity 2 or 3.
SELECT setseed(0.152);
CREATE TEMP TABLE zh AS
SELECT 'H' || lpad(i::text, 3, '0') AS household_id,
       22.98 + random() * 0.05 AS latitude, 113.08 + random() * 0.05 AS longitude
  FROM generate_series(1, 152) i;
CREATE TEMP TABLE zo AS
SELECT 'P' || lpad(i::text, 2, '0') AS organisation_id,
       22.98 + random() * 0.05 AS latitude, 113.08 + random() * 0.05 AS longitude,
       2 + (i % 2) AS capacity
  FROM generate_series(1, 66) i;
CREATE TEMP TABLE zres AS
SELECT k, p.* FROM unnest(ARRAY[1, 8, 66]) k,
       LATERAL aidlink.pair_households('SELECT * FROM zh', 'SELECT * FROM zo', NULL, k) p;
SELECT is((SELECT count(*) FROM zres WHERE k = 8 AND placement = 'paired'), 152::bigint,
          'Zhangcha scale: all 152 households are paired');
SELECT is((SELECT count(*) FROM (SELECT organisation_id, count(*) AS n FROM zres WHERE k = 8 GROUP BY 1) x
             JOIN zo USING (organisation_id) WHERE x.n > zo.capacity), 0::bigint,
          'Zhangcha scale: no organisation takes more than its capacity');
SELECT is((SELECT count(DISTINCT total) FROM (SELECT k, sum(distance_m) AS total FROM zres GROUP BY k) x), 1::bigint,
          'Zhangcha scale: 1, 8 or 66 candidates per household give the same total distance');

-- nearest first, household by household, as a user would write it
CREATE TEMP TABLE zleft AS SELECT organisation_id, capacity FROM zo;
CREATE TEMP TABLE zgreedy (household_id text, organisation_id text, distance_m int);
DO $$
DECLARE h record; o record;
BEGIN
    FOR h IN SELECT * FROM zh ORDER BY household_id LOOP
        SELECT z.organisation_id,
               round(2 * 6371008.8 * asin(sqrt(sin(radians(z.latitude - h.latitude) / 2) ^ 2
                   + cos(radians(h.latitude)) * cos(radians(z.latitude)) * sin(radians(z.longitude - h.longitude) / 2) ^ 2)))::int AS m
          INTO o
          FROM zo z JOIN zleft l USING (organisation_id)
         WHERE l.capacity > 0 ORDER BY 2, 1 LIMIT 1;
        INSERT INTO zgreedy VALUES (h.household_id, o.organisation_id, o.m);
        UPDATE zleft SET capacity = capacity - 1 WHERE organisation_id = o.organisation_id;
    END LOOP;
END $$;
SELECT cmp_ok((SELECT sum(distance_m) FROM zres WHERE k = 8), '<=', (SELECT sum(distance_m) FROM zgreedy),
              'Zhangcha scale: the optimum is no longer than nearest first');
SELECT ok((SELECT sum(distance_m) FROM zres WHERE k = 8) < (SELECT sum(distance_m) FROM zgreedy),
          'Zhangcha scale: and here strictly shorter (nearest first is not optimal)');

-- Micro-wishes: 8 wishes, 3 resources, two categories, amounts and deadlines,
-- against brute force as above.
SELECT setseed(0.1259);
CREATE TEMP TABLE tw AS
SELECT 'W' || i AS wish_id, CASE WHEN random() < 0.6 THEN 'food' ELSE 'books' END AS category,
       (50 + floor(random() * 200))::numeric AS amount,
       23.0 + random() * 0.03 AS latitude, 113.0 + random() * 0.03 AS longitude,
       DATE '2026-06-01' + floor(random() * 30)::int AS deadline
  FROM generate_series(1, 8) i;
CREATE TEMP TABLE tr AS
SELECT 'R' || i AS resource_id, CASE WHEN i = 3 THEN 'books' ELSE 'food' END AS category,
       1 + (i % 2) AS capacity, (100 + 60 * i)::numeric AS amount_per_wish,
       23.0 + random() * 0.03 AS latitude, 113.0 + random() * 0.03 AS longitude,
       DATE '2026-06-05' + 5 * i AS available_from
  FROM generate_series(1, 3) i;
CREATE TEMP TABLE twd AS
SELECT w.wish_id, r.resource_id,
       round(2 * 6371008.8 * asin(sqrt(sin(radians(r.latitude - w.latitude) / 2) ^ 2
             + cos(radians(w.latitude)) * cos(radians(r.latitude)) * sin(radians(r.longitude - w.longitude) / 2) ^ 2)))::int AS m
  FROM tw w JOIN tr r ON r.category = w.category AND w.amount <= r.amount_per_wish AND r.available_from <= w.deadline;
CREATE TEMP TABLE twbest AS
WITH RECURSIVE walk AS (
    SELECT 0 AS i, ARRAY[]::text[] AS chosen, 0 AS placed, 0 AS total
    UNION ALL
    SELECT w.i + 1, w.chosen || x.r, w.placed + (x.r IS NOT NULL)::int, w.total + coalesce(x.m, 0)
      FROM walk w
      CROSS JOIN LATERAL (SELECT NULL::text AS r, NULL::int AS m
                          UNION ALL SELECT d.resource_id, d.m FROM twd d WHERE d.wish_id = 'W' || (w.i + 1)) x
     WHERE w.i < 8
)
SELECT placed, total FROM walk w
 WHERE i = 8 AND NOT EXISTS (SELECT FROM tr WHERE (SELECT count(*) FROM unnest(w.chosen) u WHERE u = tr.resource_id) > tr.capacity)
 ORDER BY placed DESC, total LIMIT 1;
CREATE TEMP TABLE twgot AS
SELECT count(resource_id)::int AS placed, coalesce(sum(distance_m), 0)::int AS total
  FROM aidlink.match_wishes('SELECT * FROM tw', 'SELECT * FROM tr', NULL, 1);
SELECT is((SELECT placed FROM twgot), (SELECT placed FROM twbest), 'micro-wishes: as many matched as the brute-force optimum');
SELECT is((SELECT total FROM twgot), (SELECT total FROM twbest), 'micro-wishes: total distance equals the brute-force optimum');
SELECT ok((SELECT placed FROM twbest) BETWEEN 1 AND 7, 'micro-wishes: some matched and some not (the test can fail)');

SELECT * FROM finish();
ROLLBACK;
