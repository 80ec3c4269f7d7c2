-- demo/pairing/demo.sql — pairing helpers with households, micro-wishes and
-- deadlines in working days (issue 9), on made-up but deterministic data of
-- Zhangcha's size: 152 households in need (61 minimum-allowance, 18
-- marginal, 63 low-income, 10 others) and 66 party organisations, over about
-- 6 x 6 km.  Run in a database with aidlink:  psql -f demo/pairing/demo.sql
-- (works in schema demo_pairing, dropped at the end; policy rows of the
-- Dongguan example are inserted and deleted again).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS demo_pairing CASCADE;
CREATE SCHEMA demo_pairing;
SET search_path = demo_pairing, public;
SELECT setseed(0.66);

-- 152 households; 12 have no coordinates, only the community they live in.
CREATE TABLE household AS
SELECT 'ZC-' || lpad(i::text, 3, '0') AS household_id,
       CASE WHEN i <= 61 THEN 'dibao' WHEN i <= 79 THEN 'marginal' WHEN i <= 142 THEN 'low_income' ELSE 'other' END AS category,
       CASE WHEN i % 13 <> 0 THEN 22.985 + random() * 0.055 END AS latitude,
       CASE WHEN i % 13 <> 0 THEN 113.075 + random() * 0.06 END AS longitude,
       (ARRAY['Zhangcha', 'Daxin', 'Qiaodong', 'Shangbai', 'Jiezi'])[1 + i % 5] AS community,
       NULL::text AS current_organisation, false AS must_stay
  FROM generate_series(1, 152) i;
-- 66 party organisations: one to one (capacity 1) or one to many (2 to 4).
CREATE TABLE organisation AS
SELECT 'PB-' || lpad(i::text, 2, '0') AS organisation_id,
       22.985 + random() * 0.055 AS latitude, 113.075 + random() * 0.06 AS longitude,
       (ARRAY['Zhangcha', 'Daxin', 'Qiaodong', 'Shangbai', 'Jiezi'])[1 + i % 5] AS community,
       CASE WHEN i % 3 = 0 THEN 1 ELSE 2 + i % 3 END AS capacity
  FROM generate_series(1, 66) i;
-- Two households stay with the organisation that already helps them.
UPDATE household SET current_organisation = 'PB-07', must_stay = true WHERE household_id IN ('ZC-005', 'ZC-100');
-- Community-to-community distances for the households without coordinates
-- (a DBA's table; one row serves both directions).
INSERT INTO aidlink.community_distances (community_a, community_b, distance_m, source) VALUES
    ('Zhangcha', 'Zhangcha', 900, 'demo'), ('Daxin', 'Daxin', 800, 'demo'), ('Qiaodong', 'Qiaodong', 700, 'demo'),
    ('Shangbai', 'Shangbai', 900, 'demo'), ('Jiezi', 'Jiezi', 600, 'demo'),
    ('Zhangcha', 'Daxin', 2400, 'demo'), ('Zhangcha', 'Qiaodong', 3100, 'demo'), ('Daxin', 'Qiaodong', 2000, 'demo'),
    ('Shangbai', 'Jiezi', 1800, 'demo'), ('Zhangcha', 'Jiezi', 2900, 'demo');

\echo
\echo == Optimal pairing: every household placed, nearest in total, capacities and must-stay kept
CREATE TABLE pairing AS
SELECT * FROM aidlink.pair_households('SELECT * FROM demo_pairing.household', 'SELECT * FROM demo_pairing.organisation',
                                      max_distance_m => 5000);
SELECT placement, count(*) AS households, sum(distance_m) AS total_m, round(avg(distance_m)) AS mean_m, max(distance_m) AS max_m
  FROM pairing GROUP BY placement ORDER BY 1;
SELECT p.* FROM pairing p WHERE p.placement <> 'paired' OR p.household_id IN ('ZC-013', 'ZC-026') ORDER BY 1;
SELECT o.organisation_id, o.capacity, count(p.household_id) AS households, string_agg(p.household_id, ' ' ORDER BY p.household_id)
  FROM organisation o LEFT JOIN pairing p USING (organisation_id)
 GROUP BY 1, 2 ORDER BY 1 LIMIT 8;

\echo
\echo == Against nearest first, household by household (what one would write by hand)
CREATE TABLE room AS SELECT organisation_id, capacity - (SELECT count(*) FROM household h WHERE h.must_stay AND h.current_organisation = o.organisation_id) AS room
  FROM organisation o;
CREATE TABLE greedy (household_id text, organisation_id text, distance_m int);
DO $$
DECLARE h record; o record;
BEGIN
    FOR h IN SELECT * FROM demo_pairing.household WHERE NOT must_stay AND latitude IS NOT NULL ORDER BY household_id LOOP
        SELECT z.organisation_id,
               round(2 * 6371008.8 * asin(sqrt(sin(radians(z.latitude - h.latitude) / 2) ^ 2
                   + cos(radians(h.latitude)) * cos(radians(z.latitude)) * sin(radians(z.longitude - h.longitude) / 2) ^ 2)))::int AS m
          INTO o FROM demo_pairing.organisation z JOIN demo_pairing.room r USING (organisation_id)
         WHERE r.room > 0 ORDER BY 2, 1 LIMIT 1;
        INSERT INTO demo_pairing.greedy VALUES (h.household_id, o.organisation_id, o.m);
        UPDATE demo_pairing.room SET room = room - 1 WHERE organisation_id = o.organisation_id;
    END LOOP;
END $$;
SELECT 'nearest first' AS method, count(*) AS households_with_coordinates, sum(distance_m) AS total_m, max(distance_m) AS max_m FROM greedy
UNION ALL
SELECT 'aidlink (same households)', count(*), sum(distance_m), max(distance_m)
  FROM pairing JOIN household USING (household_id) WHERE NOT must_stay AND latitude IS NOT NULL;

\echo
\echo == Micro-wishes matched with resources (Chancheng style), and what stayed unmatched
CREATE TABLE wish AS
SELECT 'WX-' || lpad(i::text, 3, '0') AS wish_id,
       (ARRAY['school supplies', 'food parcel', 'home repair', 'wheelchair'])[1 + i % 4] AS category,
       (ARRAY[150, 200, 1500, 900])[1 + i % 4] + (i % 7) * 10 AS amount,
       22.985 + random() * 0.055 AS latitude, 113.075 + random() * 0.06 AS longitude,
       DATE '2026-06-01' + (i % 40) AS deadline
  FROM generate_series(1, 40) i;
CREATE TABLE resource (resource_id, category, capacity, amount_per_wish, latitude, longitude, available_from) AS VALUES
    ('R-stationer', 'school supplies', 8, 300, 23.00, 113.09, DATE '2026-05-20'),
    ('R-supermarket', 'food parcel', 6, 250, 23.02, 113.12, DATE '2026-06-01'),
    ('R-builders', 'home repair', 3, 2000, 23.03, 113.10, DATE '2026-06-15'),
    ('R-charity', 'wheelchair', 4, 1000, 23.01, 113.11, DATE '2026-06-10');
CREATE TABLE matching AS SELECT * FROM aidlink.match_wishes('SELECT * FROM demo_pairing.wish', 'SELECT * FROM demo_pairing.resource');
SELECT w.category, count(*) AS wishes, count(*) FILTER (WHERE m.matched) AS matched
  FROM wish w JOIN matching m USING (wish_id) GROUP BY 1 ORDER BY 1;
SELECT reason, count(*) AS wishes FROM matching WHERE NOT matched GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo == Deadlines in working days (Dongguan: urgent personal requests 5 working days, small public works 6 months)
INSERT INTO aidlink.request_kinds VALUES ('demo_urgent_personal', 'Urgent personal request (demo)'),
                                         ('demo_small_public_works', 'Small public works (demo)');
INSERT INTO aidlink.request_kind_periods VALUES ('demo_urgent_personal', DATE '2025-01-01', 5, NULL, 'Dongguan, as reported'),
                                                ('demo_small_public_works', DATE '2025-01-01', NULL, 6, 'Dongguan, as reported');
SELECT d AS received, aidlink.request_due_date('demo_urgent_personal', d) AS urgent_due,
       aidlink.request_due_date('demo_small_public_works', d) AS works_due
  FROM unnest(ARRAY[DATE '2025-09-26', DATE '2026-02-12', DATE '2026-04-30', DATE '2026-03-31']) d;
INSERT INTO aidlink.service_requests VALUES
    ('DEMO-1', 'demo_urgent_personal', DATE '2026-09-25', NULL, 'rent arrears'),
    ('DEMO-2', 'demo_small_public_works', DATE '2026-02-10', NULL, 'street lamp'),
    ('DEMO-3', 'demo_urgent_personal', DATE '2026-10-09', DATE '2026-10-12', 'medical bill');
SELECT * FROM aidlink.requests_past_due(DATE '2026-10-20');
DELETE FROM aidlink.service_requests WHERE request_id LIKE 'DEMO-%';
DELETE FROM aidlink.request_kind_periods WHERE request_kind LIKE 'demo_%';
DELETE FROM aidlink.request_kinds WHERE request_kind LIKE 'demo_%';
DELETE FROM aidlink.community_distances WHERE source = 'demo';
DROP SCHEMA demo_pairing CASCADE;
