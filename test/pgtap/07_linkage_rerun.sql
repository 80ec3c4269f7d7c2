-- 07_linkage_rerun.sql — the monthly re-run against a run from scratch.
--
-- A city of 10,000 people (demo/city) is linked, then changed as a month
-- would change it (demo/city/next_month.sql: rows removed, changed, numbers
-- corrected, rows added; births, deaths and moves in the register), then
-- linked again: the re-run must link only new and changed rows (and those
-- whose person the register rewrote), remove the links of rows gone, and
-- leave the same links as a run from scratch on the month's data.  The one
-- allowed difference: the probabilistic method's weights.  A re-run weighs
-- with the m and u kept from the earlier run (too few rows are relinked to
-- estimate them again), and its kept probabilistic links were weighed last
-- month; a run from scratch estimates them from this month's rows, so a
-- pair near a threshold may land on the other side (accepted / review /
-- unresolved): a row the probabilistic step decided on one side and that
-- is probabilistic or unresolved on the other.
-- Those are counted (diag), and must stay a handful.
-- Everything runs in one transaction that is rolled back.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(12);

\i demo/city/generate.sql
\i demo/city/next_month.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(2027, 10000) \g /dev/null

CREATE FUNCTION pg_temp.register_all() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column,
                                       name_column, birth_date_column, sex_column, phone_column,
                                       address_column, household_column, is_reference)
        FROM city_truth.sources ORDER BY NOT is_reference) r $$;
CREATE FUNCTION pg_temp.link_all() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(aidlink.link_source(s.source_name))
    FROM (SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name) s $$;

SELECT is(pg_temp.register_all(), 12::bigint, 'the 12 sources of a city of 10,000 people register');
SELECT is(pg_temp.link_all(), 12::bigint, 'month 1: every source is linked');
SELECT aidlink.cluster_outside_persons() \g /dev/null
CREATE TEMP TABLE month1 AS SELECT source_name, row_key FROM aidlink.links;
SELECT max(run_id) AS month1_last_run FROM aidlink.link_runs \gset

SELECT cmp_ok((SELECT sum(added + removed + changed + corrected) FROM city_gen.next_month(2)), '>', 2000::numeric,
              'month 2 changes the city (rows removed, changed, corrected, added; births, deaths, moves)');

SELECT is(pg_temp.link_all(), 12::bigint, 'month 2: every source is linked again');
SELECT aidlink.cluster_outside_persons() \g /dev/null

SELECT is((SELECT count(*) FROM aidlink.link_runs WHERE run_id > :month1_last_run AND full_run), 0::bigint,
          'no source of month 2 was linked in full');
SELECT diag(format('month 2: %s rows read, %s linked again, %s unchanged; %s new, %s changed, %s removed links',
                   sum(rows_read), sum(rows_linked), sum(rows_unchanged), sum(links_new), sum(links_changed),
                   sum(links_removed)))
FROM aidlink.link_runs WHERE run_id > :month1_last_run;
SELECT cmp_ok((SELECT sum(rows_linked)::float8 / sum(rows_read) FROM aidlink.link_runs WHERE run_id > :month1_last_run),
              '<', 0.15::float8, 'the re-run links again fewer than 15 % of the rows (a month changes about 6 %)');

SELECT is((SELECT count(*) FROM (
              SELECT source, row_key FROM city_truth.row_truth
              EXCEPT ALL SELECT source_name, row_key FROM aidlink.links) x)
          + (SELECT count(*) FROM (
              SELECT source_name, row_key FROM aidlink.links
              EXCEPT ALL SELECT source, row_key FROM city_truth.row_truth) x), 0::bigint,
          'after the re-run every row of month 2 has exactly one link, and no row gone has one');
SELECT is((SELECT sum(links_removed)::bigint FROM aidlink.link_runs WHERE run_id > :month1_last_run),
          (SELECT count(*) FROM month1 m WHERE NOT EXISTS (
              SELECT 1 FROM city_truth.row_truth t WHERE t.source = m.source_name AND t.row_key = m.row_key)),
          'the links removed are the rows gone from the tables');
SELECT is((SELECT sum(links_new)::bigint FROM aidlink.link_runs WHERE run_id > :month1_last_run),
          (SELECT count(*) FROM city_truth.row_truth t WHERE NOT EXISTS (
              SELECT 1 FROM month1 m WHERE t.source = m.source_name AND t.row_key = m.row_key)),
          'the new links are the rows added');

CREATE TEMP TABLE rerun AS
SELECT source_name, row_key, resident_id::text AS resident_id, method, status, reason, problem, in_reference,
       run_id > :month1_last_run AS relinked
FROM aidlink.links;

-- The same month linked from scratch.
SELECT count(aidlink.unregister_source(source_name)) FROM aidlink.link_sources \g /dev/null
TRUNCATE aidlink.person_contacts, aidlink.outside_rows, aidlink.person_clusters, aidlink.match_level_counts,
         aidlink.link_changes;
SELECT pg_temp.register_all() \g /dev/null
SELECT is(pg_temp.link_all(), 12::bigint, 'month 2 from scratch: every source is linked');
CREATE TEMP TABLE scratch AS
SELECT source_name, row_key, resident_id::text AS resident_id, method, status, reason, problem, in_reference
FROM aidlink.links;

-- decisions of the probabilistic step: allowed to differ (see above), counted
CREATE TEMP TABLE differ AS
SELECT r.*, s.resident_id AS s_resident_id, s.method AS s_method, s.status AS s_status,
       'probabilistic' IN (r.method, s.method) AND r.method IN ('probabilistic', 'unresolved')
       AND s.method IN ('probabilistic', 'unresolved') AS by_weights
FROM rerun r FULL JOIN scratch s USING (source_name, row_key)
WHERE (r.resident_id, r.method, r.status, r.reason, r.problem, r.in_reference)
      IS DISTINCT FROM (s.resident_id, s.method, s.status, s.reason, s.problem, s.in_reference);
SELECT diag(format('links that differ from a run from scratch: %s, of which %s decided by the probabilistic step''s weights (%s kept from month 1)',
                   count(*), count(*) FILTER (WHERE by_weights), count(*) FILTER (WHERE by_weights AND NOT relinked)))
FROM differ;
SELECT is((SELECT count(*) FROM differ WHERE NOT coalesce(by_weights, false)), 0::bigint,
          'the re-run leaves the links of a run from scratch (EXCEPT ALL both ways), but for the probabilistic step''s weights');
SELECT cmp_ok((SELECT count(*) FROM differ), '<=',
              (SELECT count(*) / 50 FROM rerun WHERE method = 'probabilistic'),
              'kept probabilistic links decided otherwise by this month''s weights: at most 2 % of the probabilistic links');

SELECT * FROM finish();
ROLLBACK;
