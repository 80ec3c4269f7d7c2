-- bench/sql/pairing_generate.sql — households and organisations for bench/pairing.
-- psql variables: households, organisations, capacity_ratio (total capacity /
-- households), seed.  Both sides are spread the same way over a city of about
-- 33 km x 36 km (Foshan's Shunde is of this size): 70% within about 1 km of one
-- of 137 community centres, 30% anywhere.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_pair CASCADE;
CREATE SCHEMA bench_pair;
SELECT setseed(:seed);
CREATE TABLE bench_pair.centre AS
SELECT c, 22.90 + random() * 0.30 AS lat, 113.00 + random() * 0.35 AS lon
  FROM generate_series(1, 137) c;
CREATE TABLE bench_pair.household AS
WITH r AS (SELECT i, random() AS near, 1 + floor(random() * 137)::int AS k, random() AS a, random() AS b
             FROM generate_series(1, :households) i)
SELECT 'H' || lpad(r.i::text, 7, '0') AS household_id,
       CASE WHEN r.near < 0.7 THEN c.lat + (r.a - 0.5) * 0.02 ELSE 22.90 + r.a * 0.30 END AS latitude,
       CASE WHEN r.near < 0.7 THEN c.lon + (r.b - 0.5) * 0.02 ELSE 113.00 + r.b * 0.35 END AS longitude
  FROM r JOIN bench_pair.centre c ON c.c = r.k;
CREATE TABLE bench_pair.organisation AS
WITH r AS (SELECT i, random() AS near, 1 + floor(random() * 137)::int AS k, random() AS a, random() AS b,
                  random() AS s
             FROM generate_series(1, :organisations) i)
SELECT 'P' || lpad(r.i::text, 5, '0') AS organisation_id,
       CASE WHEN r.near < 0.7 THEN c.lat + (r.a - 0.5) * 0.02 ELSE 22.90 + r.a * 0.30 END AS latitude,
       CASE WHEN r.near < 0.7 THEN c.lon + (r.b - 0.5) * 0.02 ELSE 113.00 + r.b * 0.35 END AS longitude,
       -- capacities around the average, whole numbers, total about capacity_ratio x households
       greatest(1, round(:capacity_ratio * :households / :organisations * (0.5 + r.s)))::int AS capacity
  FROM r JOIN bench_pair.centre c ON c.c = r.k;
ANALYZE bench_pair.household;
ANALYZE bench_pair.organisation;
SELECT count(*) FROM bench_pair.household;
SELECT sum(capacity) FROM bench_pair.organisation;
