-- bench/sql/pairing_greedy.sql — the alternative a user would write: nearest
-- first, household by household (in identifier order), each taking the
-- nearest organisation that still has room.  Nearest by a GiST k-nearest
-- search on points (longitude scaled by cos 23 degrees, so that a degree of
-- either is about the same length), the organisation dropped from the index
-- when it is full; distances then measured as aidlink does (great circle).
CREATE FUNCTION bench_pair.great_circle_m(lat1 float8, lon1 float8, lat2 float8, lon2 float8)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN round(2 * 6371008.8 * asin(sqrt(sin(radians(lat2 - lat1) / 2) ^ 2
             + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))::integer;

CREATE FUNCTION bench_pair.greedy(households text, organisations text)
RETURNS TABLE (household_id text, organisation_id text, distance_m integer)
LANGUAGE plpgsql AS $fn$
DECLARE
    h record;
    o record;
BEGIN
    DROP TABLE IF EXISTS pg_temp.open_org;
    EXECUTE format('CREATE TEMP TABLE open_org AS
                    SELECT organisation_id, latitude, longitude, capacity AS room,
                           point(longitude * cos(radians(23)), latitude) AS pos
                      FROM (%s) o WHERE capacity > 0', organisations);
    CREATE INDEX ON pg_temp.open_org USING gist (pos);
    ANALYZE pg_temp.open_org;
    FOR h IN EXECUTE format('SELECT household_id, latitude, longitude FROM (%s) h ORDER BY household_id', households) LOOP
        SELECT g.organisation_id, g.latitude, g.longitude, g.room INTO o
          FROM pg_temp.open_org g
         ORDER BY g.pos <-> point(h.longitude * cos(radians(23)), h.latitude)
         LIMIT 1;
        IF NOT FOUND THEN
            household_id := h.household_id; organisation_id := NULL; distance_m := NULL;
            RETURN NEXT;
            CONTINUE;
        END IF;
        IF o.room = 1 THEN
            DELETE FROM pg_temp.open_org g WHERE g.organisation_id = o.organisation_id;
        ELSE
            UPDATE pg_temp.open_org g SET room = room - 1 WHERE g.organisation_id = o.organisation_id;
        END IF;
        household_id := h.household_id;
        organisation_id := o.organisation_id;
        distance_m := bench_pair.great_circle_m(h.latitude, h.longitude, o.latitude, o.longitude);
        RETURN NEXT;
    END LOOP;
END
$fn$;
