--
-- What a distributed engine needs of aidlink's types and aggregates (issue 10).
--
-- Citus (and PostgreSQL's own PARTITION BY HASH, which test/shard/run uses to
-- spread a city over postgres_fdw shards) can use a type as a distribution
-- column only when it has a default btree and a default hash operator class
-- that share one "=", and the hash is the same on every node and in every
-- version: Citus stores each row on the shard its 32-bit hash (hash support 1)
-- names, PostgreSQL's hash partitions use the seeded 64-bit hash (support 2).
-- Aggregates are pushed down to the shards only when they can be combined
-- (COMBINEFUNC; with SERIALFUNC/DESERIALFUNC when the state is internal).
--
SET search_path = public, aidlink;

-- Every type of the extension, with its default btree and hash operator
-- classes (range and multirange types use PostgreSQL's polymorphic ones):
-- the "=" of both must be one operator, and the hash class must have the
-- extended hash.  A new type that misses any of this shows up here.
WITH types AS (
    SELECT t.oid, t.typtype,
           CASE t.typtype WHEN 'r' THEN 'anyrange'::regtype WHEN 'm' THEN 'anymultirange'::regtype
                          ELSE t.oid::regtype END AS opc_type
    FROM pg_type t
    WHERE t.typnamespace = 'aidlink'::regnamespace AND t.typtype IN ('b', 'r', 'm', 'd', 'e')
      AND t.typcategory <> 'A'
), classes AS (
    SELECT ty.oid, ty.typtype, am.amname, opc.opcname, opc.opcfamily, ty.opc_type
    FROM types ty
    CROSS JOIN (VALUES ('btree'), ('hash')) AS want(amname)
    JOIN pg_am am ON am.amname = want.amname
    LEFT JOIN pg_opclass opc ON opc.opcmethod = am.oid AND opc.opcdefault AND opc.opcintype = ty.opc_type
)
SELECT b.oid::regtype AS type,
       b.opcname AS btree_class, h.opcname AS hash_class,
       (SELECT o.amopopr FROM pg_amop o WHERE o.amopfamily = b.opcfamily AND o.amopstrategy = 3
          AND o.amoplefttype = b.opc_type AND o.amoprighttype = b.opc_type)
     = (SELECT o.amopopr FROM pg_amop o WHERE o.amopfamily = h.opcfamily AND o.amopstrategy = 1
          AND o.amoplefttype = h.opc_type AND o.amoprighttype = h.opc_type) AS same_equality,
       EXISTS (SELECT 1 FROM pg_amproc p WHERE p.amprocfamily = h.opcfamily AND p.amprocnum = 2
                 AND p.amproclefttype = h.opc_type AND p.amprocrighttype = h.opc_type) AS extended_hash
FROM classes b JOIN classes h ON h.oid = b.oid AND h.amname = 'hash'
WHERE b.amname = 'btree'
ORDER BY b.oid::regtype::text;   -- (1::text would be a constant, not the first column)

-- Every aggregate of the extension can be combined (and its state shipped).
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtranstype::regtype AS state,
       a.aggcombinefn <> 0 AS combinable,
       a.aggtranstype <> 'internal'::regtype OR (a.aggserialfn <> 0 AND a.aggdeserialfn <> 0) AS state_can_travel,
       p.proparallel = 's' AS parallel_safe
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'aidlink'::regnamespace
ORDER BY a.aggfnoid::regprocedure::text;

-- The combine step gives what one pass gives: per-partition results merged.
CREATE TABLE dist_ids (part int, id resident_id, code uscc, org org_code);
INSERT INTO dist_ids
SELECT i % 3, resident_id_from_parts('440103', date '1950-01-01' + i * 37, i % 500),
       NULL, NULL
FROM generate_series(1, 300) i;
INSERT INTO dist_ids VALUES (0, NULL, '91350100M000100Y43', 'M000100Y-4'),
    (1, NULL, 'A1100000MA00000072', 'MA000000-7'), (2, NULL, 'N2440103MA5F00018H', 'MA5F0001-8');
SELECT (SELECT min(id) FROM dist_ids) = (SELECT min(m) FROM (SELECT min(id) AS m FROM dist_ids GROUP BY part) s) AS min_id_merges,
       (SELECT max(id) FROM dist_ids) = (SELECT max(m) FROM (SELECT max(id) AS m FROM dist_ids GROUP BY part) s) AS max_id_merges,
       (SELECT min(code) FROM dist_ids) = (SELECT min(m) FROM (SELECT min(code) AS m FROM dist_ids GROUP BY part) s) AS min_uscc_merges,
       (SELECT max(org) FROM dist_ids) = (SELECT max(m) FROM (SELECT max(org) AS m FROM dist_ids GROUP BY part) s) AS max_org_merges;
-- and a parallel plan with partial aggregation is allowed
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT min(id), max(id) FROM dist_ids WHERE part >= 0;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- ************************************************************************
-- FROZEN HASH VALUES.  Every hash-partitioned table (PARTITION BY HASH) and
-- every table distributed by Citus stores each row where these values say.
-- A change to any number below moves rows to other partitions and shards:
-- existing tables silently stop finding their rows (lookups go to the wrong
-- shard, unique keys stop being unique).  It must never ship unnoticed; if
-- it must ever change, it needs a new type or opclass and a documented
-- re-distribution of every table, not an edit of this file's expected output.
-- ************************************************************************
SELECT v AS resident_id, resident_id_hash(v::resident_id) AS hash,
       resident_id_hash_extended(v::resident_id, 0) AS seed_0,
       resident_id_hash_extended(v::resident_id, 1) AS seed_1,
       resident_id_hash_extended(v::resident_id, 8816678312871386365) AS seed_partition
FROM (VALUES ('11010519491231002X'), ('440103199005061230'), ('442000198003041239'),
             ('650102200001010012'), ('810000199001010019'),
             ('442000197507310426'), ('320102201202290071')) s(v) ORDER BY 1;
SELECT v AS uscc, uscc_hash(v::uscc) AS hash, uscc_hash_extended(v::uscc, 0) AS seed_0,
       uscc_hash_extended(v::uscc, 1) AS seed_1,
       uscc_hash_extended(v::uscc, 8816678312871386365) AS seed_partition
FROM (VALUES ('91350100M000100Y43'), ('A1100000MA00000072'), ('N2440103MA5F00018H'),
             ('914401800000078000')) s(v) ORDER BY 1;
SELECT v AS org_code, org_code_hash(v::org_code) AS hash, org_code_hash_extended(v::org_code, 0) AS seed_0,
       org_code_hash_extended(v::org_code, 1) AS seed_1,
       org_code_hash_extended(v::org_code, 8816678312871386365) AS seed_partition
FROM (VALUES ('M000100Y-4'), ('MA000000-7'), ('MA5F0001-8'), ('00000780-0')) s(v) ORDER BY 1;
SELECT v AS bracket_schedule, bracket_schedule_hash(v::bracket_schedule) AS hash,
       bracket_schedule_hash_extended(v::bracket_schedule, 0) AS seed_0,
       bracket_schedule_hash_extended(v::bracket_schedule, 1) AS seed_1
FROM (VALUES ('[0,20000):60%, [20000,50000):80%, [50000,):90%, cap 50000'),
             ('[0,):100%'), ('[0,1160.5):12.5%, [1160.5,):0%')) s(v) ORDER BY 1;
-- The 32-bit hash (what Citus shards by) is the low half of the seed-0 one.
SELECT bool_and(resident_id_hash(id) = (resident_id_hash_extended(id, 0) & 4294967295)::bit(32)::int)
       AS resident_id_low_half
FROM dist_ids WHERE id IS NOT NULL;

-- Where rows land in PostgreSQL's hash partitions of 2 and 4 (the layouts
-- of test/shard/run and bench/shards), and the partition key of a
-- departmental row there: aidlink.to_resident_id() of the number as typed,
-- so a dirty form of a number lands with the clean one, and a row whose
-- number cannot be read (NULL key) in remainder 0.
CREATE TABLE dist_people (id resident_id) PARTITION BY HASH (id resident_id_ops);
CREATE TABLE dist_people_2_0 PARTITION OF dist_people FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE dist_people_2_1 PARTITION OF dist_people FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE dist_rows (typed text) PARTITION BY HASH ((aidlink.to_resident_id(typed)) resident_id_ops);
CREATE TABLE dist_rows_4_0 PARTITION OF dist_rows FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE dist_rows_4_1 PARTITION OF dist_rows FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE dist_rows_4_2 PARTITION OF dist_rows FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE dist_rows_4_3 PARTITION OF dist_rows FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO dist_people VALUES ('11010519491231002X'), ('440103199005061230'), ('442000198003041239'),
    ('650102200001010012'), ('810000199001010019'), ('442000197507310426'), ('320102201202290071');
INSERT INTO dist_rows VALUES ('11010519491231002X'), ('110105491231002'), ('１１０１０５１９４９１２３１００２ｘ'),
    ('440103199005061230'), ('442000198003041239'), ('650102200001010012'), ('810000199001010019'),
    ('442000197507310426'), ('320102201202290071'), ('32010220120229007 1'), ('320102120229007'),
    ('110105194912310021'), ('not a number'), (NULL);
SELECT tableoid::regclass AS partition, id FROM dist_people ORDER BY 2;
SELECT tableoid::regclass AS partition, typed, aidlink.to_resident_id(typed) AS key FROM dist_rows ORDER BY 3, 2;
-- 4,000 numbers of a city spread evenly (and always the same way)
INSERT INTO dist_rows
SELECT resident_id_from_parts(r, date '1930-01-01' + (i * 7919) % 30000, i % 498)::text
FROM generate_series(1, 4000) i, LATERAL (SELECT (ARRAY['442000', '440103', '650102', '110105'])[1 + i % 4]) x(r);
SELECT tableoid::regclass AS partition, count(*) FROM dist_rows GROUP BY 1 ORDER BY 1;

DROP TABLE dist_ids, dist_people, dist_rows;
