-- test/shard/distribute.sql — spread a synthetic city (demo/city, schema city)
-- over K shards: every table of city_truth.sources becomes a table
-- PARTITION BY HASH on the person, whose K partitions are postgres_fdw
-- foreign tables on the servers shard0 .. shard<K-1> (created beforehand, as
-- are the tables city.<name> on each shard).  The rows are moved through the
-- partitions (routed by the coordinator, inserted in batches on the shards).
--
-- The partition key of a row:
--   the register: its number, an aidlink.resident_id (clean, never NULL);
--   a departmental row: aidlink.to_resident_id() of the number as typed.
-- A departmental row's person is not known before linkage, and the typed
-- text is dirty, so the key is the lenient reading of what the row carries:
-- it is fixed when the row is written (linkage never moves a row), a dirty
-- form of a number (spaces, full width, lower-case x, 15 digits) lands with
-- its clean form and so with the person's register row for the 97 % of rows
-- linked by their number, and a row whose number does not read has a NULL
-- key and lands in remainder 0.  Keying by the person found by linkage
-- would co-locate the repaired and probabilistic rows too, but a row would
-- then move on every run that changes its link, and new rows could not be
-- placed until linked.
--
-- psql -v shards=K -f test/shard/distribute.sql  (in the coordinator's database)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT set_config('shard.count', :'shards', false);
DO $$
DECLARE
    k int := current_setting('shard.count')::int;
    t record;
BEGIN
    ALTER SCHEMA city RENAME TO city_local;
    CREATE SCHEMA city;
    FOR t IN
        SELECT s.source, substr(s.relation, 6) AS tbl, s.id_column,
               a.atttypid = 'aidlink.resident_id'::regtype AS typed_as_resident_id
        FROM city_truth.sources s
        JOIN pg_attribute a ON a.attrelid = ('city_local.' || substr(s.relation, 6))::regclass
                           AND a.attname = s.id_column
        ORDER BY s.source
    LOOP
        EXECUTE format('CREATE TABLE city.%I (LIKE city_local.%I INCLUDING DEFAULTS) PARTITION BY HASH (%s aidlink.resident_id_ops)',
                       t.tbl, t.tbl,
                       CASE WHEN t.typed_as_resident_id THEN quote_ident(t.id_column)
                            ELSE format('(aidlink.to_resident_id(%I))', t.id_column) END);
        FOR i IN 0 .. k - 1 LOOP
            EXECUTE format('CREATE FOREIGN TABLE city.%I PARTITION OF city.%I FOR VALUES WITH (MODULUS %s, REMAINDER %s) SERVER %I OPTIONS (schema_name %L, table_name %L)',
                           t.tbl || '_s' || i, t.tbl, k, i, 'shard' || i, 'city', t.tbl);
        END LOOP;
        EXECUTE format('INSERT INTO city.%I SELECT * FROM city_local.%I', t.tbl, t.tbl);
        EXECUTE format('TRUNCATE city_local.%I', t.tbl);
    END LOOP;
END
$$;
-- statistics of the foreign partitions (sampled on the shards)
ANALYZE city.household_register, city.mz_dibao, city.yb_claims, city.jy_students, city.zj_weifang,
        city.rs_unemployment, city.cl_cards, city.ga_deaths, city.fy_cases, city.zw_yichuang,
        city.wj_health_decl, city.cs_aid;
-- rows per shard
SELECT s.source, string_agg(format('%s: %s', p.srvname, p.n), ', ' ORDER BY p.srvname) AS rows_per_shard
FROM city_truth.sources s
CROSS JOIN LATERAL (
    SELECT fs.srvname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text::bigint AS n
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_foreign_table ft ON ft.ftrelid = c.oid JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
    WHERE i.inhparent = s.relation::regclass) p
GROUP BY s.source ORDER BY s.source;
