
-----------------------------------------------------------------------------
-- Pairing helpers with households, and micro-wishes with resources (issue 9)
-----------------------------------------------------------------------------
-- Zhangcha paired 66 party organisations with 152 households, one-to-one and
-- one-to-many, nearest first; Chancheng matches published micro-wishes with
-- offered resources.  Both are the same problem: every demand to one
-- supplier with capacity left, the fewest demands left over, and the
-- smallest total distance.  aidlink solves it exactly (a minimum-cost flow in
-- C, src/min_cost_flow_core.c), not greedily: see README.md, "Pairing".

CREATE TABLE aidlink.community_distances (
    community_a text NOT NULL CONSTRAINT community_distance_names_a_community CHECK (btrim(community_a) <> ''),
    community_b text NOT NULL CONSTRAINT community_distance_names_b_community CHECK (btrim(community_b) <> ''),
    distance_m  integer NOT NULL
                CONSTRAINT community_distance_is_plausible CHECK (distance_m BETWEEN 0 AND 100000000),
    source      text,
    PRIMARY KEY (community_a, community_b)
);
CREATE UNIQUE INDEX community_distances_one_per_pair
    ON aidlink.community_distances (least(community_a, community_b), greatest(community_a, community_b));
COMMENT ON TABLE aidlink.community_distances IS
  'Distances between communities (metres, by road or as the city measures them), filled by a DBA: used by pair_households and match_wishes for a pair when one side has no coordinates; one row serves both directions, and a community is 0 m from itself unless a row says otherwise';
COMMENT ON COLUMN aidlink.community_distances.community_a IS 'A community, as the households and organisations queries name it';
COMMENT ON COLUMN aidlink.community_distances.community_b IS 'The other community (the same one for a distance within a community)';
COMMENT ON COLUMN aidlink.community_distances.distance_m IS 'Distance in whole metres (0 to 100,000,000)';
COMMENT ON COLUMN aidlink.community_distances.source IS 'Where the figure comes from (a survey, a road network, a date)';
SELECT pg_catalog.pg_extension_config_dump('aidlink.community_distances', '');

CREATE FUNCTION aidlink.pair_households(households text, organisations text,
                                        max_distance_m integer DEFAULT NULL,
                                        candidates_per_household integer DEFAULT 8)
    RETURNS TABLE (household_id text, organisation_id text, distance_m integer,
                   placement text, reason text)
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION aidlink.pair_households(text, text, integer, integer) IS
  'Optimal pairing: runs the households query (household_id; optional latitude, longitude, community, current_organisation, must_stay) and the organisations query (organisation_id; optional latitude, longitude, community, capacity, default 1), and returns one row per household: the organisation, the distance in metres, placement paired / kept (must stay) / unplaced, and why a household was not placed.  As many households as possible are placed, no organisation beyond its capacity, no pair beyond max_distance_m (NULL: none), and the total distance is the smallest possible (exact, checked against every pair, whatever candidates_per_household is)';

CREATE FUNCTION aidlink.match_wishes(wishes text, resources text,
                                     max_distance_m integer DEFAULT NULL,
                                     candidates_per_wish integer DEFAULT 8)
    RETURNS TABLE (wish_id text, resource_id text, distance_m integer,
                   matched boolean, reason text)
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION aidlink.match_wishes(text, text, integer, integer) IS
  'Micro-wishes matched to resources by the same optimal method as pair_households: the wishes query (wish_id, category; optional amount, latitude, longitude, community, deadline) and the resources query (resource_id, category, capacity in wishes; optional amount_per_wish, latitude, longitude, community, available_from).  A resource serves wishes of its category whose amount is at most its amount_per_wish and whose deadline is not before its available_from; as many wishes as possible are matched with the smallest total distance, and every wish left unmatched says why';
