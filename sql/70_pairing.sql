--
-- Pairing (issue 9): pair_households and match_wishes.  Optimal, not greedy;
-- capacities, must-stay households, a maximum distance, community distances
-- when coordinates are missing, unplaced households and unmatched wishes with
-- their reasons, and every error of bad input.  (Optimality against brute
-- force: test/unit/unit_pairing.c and test/pgtap/70_pairing.sql.)
--
SET search_path = public, aidlink;

-- Points on a meridian, 0.01 degree (1,112 m) apart.
CREATE TABLE pair_hh (household_id text, latitude float8, longitude float8, community text,
                      current_organisation text, must_stay boolean);
CREATE TABLE pair_org (organisation_id text, latitude float8, longitude float8, community text,
                       capacity integer);
INSERT INTO pair_org VALUES ('O-north', 23.00, 113.0, NULL, 1), ('O-south', 23.03, 113.0, NULL, 1);
INSERT INTO pair_hh VALUES ('H1', 23.01, 113.0, NULL, NULL, NULL), ('H2', 22.99, 113.0, NULL, NULL, NULL);

-- Nearest first in row order puts H1 with O-north (1,112 m) and leaves H2
-- the far one (4,448 m): 5,560 m.  The optimum is 3,336 m.
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org') ORDER BY household_id;
SELECT sum(distance_m) AS total_m FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org');
-- the same with one candidate per household: the check adds what is missing
SELECT sum(distance_m) AS total_m
  FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', NULL, 1);

-- One-to-many: capacity 2 takes both; a trailing semicolon is fine.
SELECT household_id, organisation_id, distance_m, placement
  FROM pair_households('SELECT * FROM pair_hh;',
                       $$SELECT organisation_id, latitude, longitude, 2 AS capacity FROM pair_org WHERE organisation_id = 'O-north'$$)
 ORDER BY household_id;

-- Must stay: H2 keeps O-south although O-north is nearer; H1 then gets O-north.
UPDATE pair_hh SET current_organisation = 'O-south', must_stay = true WHERE household_id = 'H2';
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org') ORDER BY household_id;
UPDATE pair_hh SET current_organisation = NULL, must_stay = NULL;

-- A maximum distance: within 2,000 m only H1 and H2 can reach O-north, and
-- it takes one; H3 is 50 km away from everything.
INSERT INTO pair_hh VALUES ('H3', 23.5, 113.0, NULL, NULL, NULL);
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', 2000) ORDER BY household_id;
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', 0) ORDER BY household_id;
DELETE FROM pair_hh WHERE household_id = 'H3';

-- Capacity 0, and no organisations at all.
SELECT * FROM pair_households('SELECT * FROM pair_hh',
                              $$SELECT organisation_id, latitude, longitude, 0 AS capacity FROM pair_org$$)
 ORDER BY household_id;
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org WHERE false') ORDER BY household_id;
SELECT count(*) FROM pair_households('SELECT * FROM pair_hh WHERE false', 'SELECT * FROM pair_org');

-- Communities: H4 has no coordinates, only its community; O-east has none
-- either.  Distances come from aidlink.community_distances (one row serves
-- both directions; a community is 0 m from itself unless a row says otherwise).
INSERT INTO community_distances (community_a, community_b, distance_m, source) VALUES
    ('Nanzhuang', 'Zhangcha', 3500, 'regression'), ('Zhangcha', 'Zhangcha', 400, 'regression');
INSERT INTO pair_hh VALUES ('H4', NULL, NULL, 'Zhangcha', NULL, NULL);
INSERT INTO pair_org VALUES ('O-east', NULL, NULL, 'Nanzhuang', 1);
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org') ORDER BY household_id;
UPDATE pair_org SET community = 'Zhangcha' WHERE organisation_id = 'O-east';
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org') ORDER BY household_id;
-- a community the table does not know: no distance, not placed
UPDATE pair_hh SET community = 'Lecong' WHERE household_id = 'H4';
SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org') ORDER BY household_id;
DELETE FROM pair_hh WHERE household_id = 'H4';
DELETE FROM pair_org WHERE organisation_id = 'O-east';

-- Columns may be of any type that casts (an integer id, numeric coordinates).
SELECT * FROM pair_households(
    $$SELECT * FROM (VALUES (7, 23.001::numeric, 113::numeric)) v(household_id, latitude, longitude)$$,
    $$SELECT * FROM (VALUES (1234, 23, 113, 1)) v(organisation_id, latitude, longitude, capacity)$$);

---------------------------------------------------------------------------
-- Micro-wishes and resources
---------------------------------------------------------------------------
CREATE TABLE wish (wish_id text, category text, amount numeric, latitude float8, longitude float8,
                   community text, deadline date);
CREATE TABLE offer (resource_id text, category text, capacity integer, amount_per_wish numeric,
                    latitude float8, longitude float8, community text, available_from date);
INSERT INTO wish VALUES
    ('W1', 'school bag', 120, 23.00, 113.00, NULL, DATE '2025-09-01'),
    ('W2', 'school bag', 150, 23.02, 113.00, NULL, DATE '2025-09-01'),
    ('W3', 'school bag', 900, 23.01, 113.00, NULL, DATE '2025-09-01'),
    ('W4', 'wheelchair', 1500, 23.01, 113.00, NULL, DATE '2025-06-01'),
    ('W5', 'wheelchair', 1500, 23.01, 113.00, NULL, DATE '2025-12-01'),
    ('W6', 'home repair', 3000, 23.01, 113.00, NULL, NULL),
    ('W7', 'school bag', 100, 23.00, 113.00, NULL, DATE '2025-09-01');
INSERT INTO offer VALUES
    ('R-bags', 'school bag', 2, 200, 23.01, 113.00, NULL, NULL),
    ('R-chairs', 'wheelchair', 5, NULL, 23.00, 113.00, NULL, DATE '2025-07-01');
SELECT * FROM match_wishes('SELECT * FROM wish', 'SELECT * FROM offer') ORDER BY wish_id;
SELECT count(*) FILTER (WHERE matched) AS matched, count(*) FILTER (WHERE NOT matched) AS unmatched
  FROM match_wishes('SELECT * FROM wish', 'SELECT * FROM offer');

---------------------------------------------------------------------------
-- Bad input: each a clear error, nothing returned
---------------------------------------------------------------------------
-- negative capacity
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh',
    $q$SELECT organisation_id, latitude, longitude, -1 AS capacity FROM pair_org$q$)$$);
-- NULL capacity
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh',
    $q$SELECT organisation_id, latitude, longitude, NULL::int AS capacity FROM pair_org$q$)$$);
-- a household with no location and no community
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT * FROM pair_hh UNION ALL SELECT 'H9', NULL, NULL, NULL, NULL, NULL$q$, 'SELECT * FROM pair_org')$$);
-- an organisation with no location and no community
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh',
    $q$SELECT * FROM pair_org UNION ALL SELECT 'O9', NULL, NULL, NULL, 1$q$)$$);
-- an organisation listed twice
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh',
    'SELECT * FROM pair_org UNION ALL SELECT * FROM pair_org')$$);
-- a household listed twice
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh UNION ALL SELECT * FROM pair_hh',
    'SELECT * FROM pair_org')$$);
-- NULL identifier
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT NULL::text AS household_id, 23.0 AS latitude, 113.0 AS longitude$q$, 'SELECT * FROM pair_org')$$);
-- half a location, coordinates out of range, NaN
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT 'H9' AS household_id, 23.0 AS latitude, NULL::float8 AS longitude$q$, 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT 'H9' AS household_id, 113.0 AS latitude, 23.0 AS longitude$q$, 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT 'H9' AS household_id, 'NaN'::float8 AS latitude, 23.0 AS longitude$q$, 'SELECT * FROM pair_org')$$);
-- must stay without an organisation, with an unknown one, beyond capacity
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT 'H9' AS household_id, 23.0 AS latitude, 113.0 AS longitude, true AS must_stay$q$, 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT 'H9' AS household_id, 23.0 AS latitude, 113.0 AS longitude, 'O-west' AS current_organisation, true AS must_stay$q$,
    'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households(
    $q$SELECT household_id, latitude, longitude, 'O-north' AS current_organisation, true AS must_stay FROM pair_hh$q$,
    'SELECT * FROM pair_org')$$);
-- arguments
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', -5)$$);
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', NULL, 0)$$);
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', NULL, 1001)$$);
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh', 'SELECT * FROM pair_org', NULL, NULL)$$);
SELECT * FROM try($$SELECT * FROM pair_households(NULL, 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM pair_hh', ' ; ')$$);
SELECT * FROM try($$SELECT * FROM pair_households('VALUES (1)', 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households('SELECT * FROM no_such_table', 'SELECT * FROM pair_org')$$);
SELECT * FROM try($$SELECT * FROM pair_households('INSERT INTO pair_hh DEFAULT VALUES', 'SELECT * FROM pair_org')$$);
SELECT count(*) AS households_still FROM pair_hh;
-- the community table: a pair twice (in either order), a negative distance, a blank name
SELECT * FROM try($$INSERT INTO community_distances VALUES ('Zhangcha', 'Nanzhuang', 3600)$$);
SELECT * FROM try($$INSERT INTO community_distances VALUES ('Lecong', 'Daliang', -1)$$);
SELECT * FROM try($$INSERT INTO community_distances VALUES (' ', 'Daliang', 10)$$);
SELECT community_a, community_b, distance_m FROM community_distances ORDER BY 1, 2;
-- wishes: NULL category, amount finer than a fen, negative amount, a resource without capacity
SELECT * FROM try($$SELECT * FROM match_wishes($q$SELECT 'W9' AS wish_id, NULL::text AS category, 23.0 AS latitude, 113.0 AS longitude$q$,
    'SELECT * FROM offer')$$);
SELECT * FROM try($$SELECT * FROM match_wishes($q$SELECT 'W9' AS wish_id, 'school bag' AS category, 10.005 AS amount, 23.0 AS latitude, 113.0 AS longitude$q$,
    'SELECT * FROM offer')$$);
SELECT * FROM try($$SELECT * FROM match_wishes($q$SELECT 'W9' AS wish_id, 'school bag' AS category, -10 AS amount, 23.0 AS latitude, 113.0 AS longitude$q$,
    'SELECT * FROM offer')$$);
SELECT * FROM try($$SELECT * FROM match_wishes('SELECT * FROM wish',
    $q$SELECT resource_id, category, latitude, longitude FROM offer$q$)$$);
SELECT * FROM try($$SELECT * FROM match_wishes('SELECT * FROM wish',
    $q$SELECT * FROM offer UNION ALL SELECT * FROM offer$q$)$$);
SELECT * FROM try($$SELECT * FROM match_wishes($q$SELECT 'W9' AS wish_id, 'x' AS category, 23.0 AS latitude, 113.0 AS longitude, 'infinity'::date AS deadline$q$,
    'SELECT * FROM offer')$$);

DROP TABLE pair_hh, pair_org, wish, offer;
DELETE FROM community_distances;
