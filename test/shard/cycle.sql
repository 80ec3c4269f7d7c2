-- test/shard/cycle.sql — the monthly cycle after the linkage, through the
-- jobs' entry points (the example data of demo/): scoring of June 2025 with the
-- city's signals, aid for September 2024 with the seed policies, and the
-- certificate catalogue with its verifications over the city, then a year of
-- certificates a community stamped.  Run from the repository's top directory;
-- the same file for the single server and for the sharded one.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, aidlink;
\o /dev/null
\i demo/scoring/city_signals.sql
CALL aidlink.score_month('2025-06-01');
\i demo/aid/policies.sql
\i demo/aid/city.sql
BEGIN;
\i demo/certificates/verifications.sql
\i demo/certificates/catalogue.sql
COMMIT;
-- issued certificates: a plain table here, hash-partitioned over the shards
-- when test/shard/distribute.sql made it first
CREATE TABLE IF NOT EXISTS public.shard_test_stamped (no int PRIMARY KEY, item text, community text, stamped_on date);
INSERT INTO public.shard_test_stamped
SELECT g, (SELECT item_name FROM aidlink.certificate_items WHERE item_code = format('ZS-C%s', lpad((1 + g % 50)::text, 2, '0'))),
       '东区街道花苑社区居民委员会', date '2021-07-01' + (g * 7) % 365
FROM generate_series(1, 1000) g;
\o
