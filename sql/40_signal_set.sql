--
-- aidlink.signal_set (a set of signal numbers, one bit each) and the C
-- aggregates of the monthly scoring: text and binary forms, every input
-- error, order, hashing, set operations, signal_set_agg, signal_score_agg.
--
SET search_path = public, aidlink;
SELECT '/tmp/aidlink_regress_ss_' || pg_backend_pid() || '.copy' AS copyfile \gset

-- text form: any order, duplicates collapse, blanks allowed; printed canonical
SELECT '{}'::signal_set AS empty, ' { 9, 1 ,1,3 } '::signal_set AS loose, '{4096}'::signal_set AS largest,
       '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}'::signal_set AS run;

-- bad input: each a clear error saying where
SELECT ''::signal_set;                        -- empty text
SELECT '1,2'::signal_set;                     -- no brace
SELECT '{1,2'::signal_set;                    -- unclosed
SELECT '{1,,2}'::signal_set;                  -- empty member
SELECT '{1;2}'::signal_set;                   -- wrong separator
SELECT '{1,2} 3'::signal_set;                 -- text after the set
SELECT '{-1}'::signal_set;                    -- negative
SELECT '{0}'::signal_set;                     -- below the range
SELECT '{4097}'::signal_set;                  -- above the range
SELECT '{123456789012345678901234567890}'::signal_set;  -- overlong number
SELECT '{１,２}'::signal_set;                 -- full-width digits
SELECT '{1.5}'::signal_set;                   -- not a whole number
SELECT NULL::signal_set IS NULL AS null_is_null;

-- order: the increasing member lists, element by element
SELECT array_agg(s ORDER BY s) AS sorted
FROM (VALUES ('{2}'::signal_set), ('{}'), ('{1,2}'), ('{1}'), ('{1,3}'), ('{10}'), ('{1,2,3}'), ('{9,4096}')) v(s);
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt, signal_set_cmp(a, b) AS cmp
FROM (VALUES ('{1,9}'::signal_set, '{1,2}'::signal_set), ('{1}', '{1,2}'), ('{2}', '{1,2}'),
             ('{3}', '{3}'), ('{}', '{}'), ('{}', '{4096}'), ('{8}', '{9}'), ('{16,17}', '{17}')) v(a, b);

-- btree and hash indexes, DISTINCT, GROUP BY (hash and sort), hash join
CREATE TEMP TABLE sets AS
SELECT g, signal_set_agg((g * 7 + i) % 40 + 1) AS s FROM generate_series(1, 2000) g, generate_series(1, 3) i GROUP BY g;
CREATE INDEX ON sets (s);
CREATE INDEX ON sets USING hash (s);
SET enable_seqscan = off;
SELECT count(*) AS with_btree FROM sets WHERE s = '{2,3,4}';
SELECT count(*) AS with_btree_range FROM sets WHERE s < '{2}';
SET enable_bitmapscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off;
SELECT count(*) AS with_seqscan FROM sets WHERE s = '{2,3,4}';
SELECT count(*) AS with_seqscan_range FROM sets WHERE s < '{2}';
RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan; RESET enable_indexonlyscan;
SET enable_hashagg = off;
SELECT count(*) AS groups_sorted FROM (SELECT s FROM sets GROUP BY s) x;
RESET enable_hashagg; SET enable_sort = off;
SELECT count(*) AS groups_hashed FROM (SELECT s FROM sets GROUP BY s) x;
RESET enable_sort;
SELECT count(*) AS hash_joined FROM sets a JOIN sets b ON a.s = b.s WHERE a.g = 1;

-- hashes are frozen (hash partitions depend on them): these values never change
SELECT signal_set_hash('{}') AS h_empty, signal_set_hash('{1,9}') AS h_1_9,
       signal_set_hash_extended('{1,9}', 0) AS h64_1_9, signal_set_hash_extended('{1,9}', 1) AS h64_seed_1,
       signal_set_hash_extended('{1,9}', 8816678312871386365) AS h64_seed_partition;
SELECT (signal_set_hash_extended(s, 0) & 4294967295) = (signal_set_hash(s)::bigint & 4294967295) AS low_half_is_hash,
       count(*)
FROM sets GROUP BY 1;

-- binary form: count, then the members, int4 big-endian; COPY round trip
SELECT signal_set_send('{}') AS wire_empty, signal_set_send('{1,9,4096}') AS wire;
COPY sets TO :'copyfile' WITH (FORMAT binary);
CREATE TEMP TABLE sets_back (LIKE sets);
COPY sets_back FROM :'copyfile' WITH (FORMAT binary);
SELECT count(*) AS copied, count(*) FILTER (WHERE a.s = b.s) AS identical FROM sets a JOIN sets_back b USING (g);
-- receive checks again: a bytea's binary form is its bytes, fed to receive
CREATE TEMP TABLE wire (w bytea);
CREATE TEMP TABLE set_in (s signal_set);
INSERT INTO wire VALUES ('\x000000020000000100000009');
COPY wire TO :'copyfile' WITH (FORMAT binary);
COPY set_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE wire; INSERT INTO wire VALUES ('\x000000020000000900000001');   -- not increasing
COPY wire TO :'copyfile' WITH (FORMAT binary);
COPY set_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE wire; INSERT INTO wire VALUES ('\x0000000100001001');           -- 4097
COPY wire TO :'copyfile' WITH (FORMAT binary);
COPY set_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE wire; INSERT INTO wire VALUES ('\x00000003000000010000000200');   -- count and bytes disagree
COPY wire TO :'copyfile' WITH (FORMAT binary);
COPY set_in FROM :'copyfile' WITH (FORMAT binary);
TRUNCATE wire; INSERT INTO wire VALUES ('\xffffffff');                   -- negative count
COPY wire TO :'copyfile' WITH (FORMAT binary);
COPY set_in FROM :'copyfile' WITH (FORMAT binary);
SELECT s FROM set_in;

-- set operations
SELECT signal_set_union('{1,3}', '{2,3,300}') AS union_, signal_set_intersect('{1,3,300}', '{2,3,300}') AS both_,
       signal_set_intersect('{1,3}', '{2}') AS none, signal_set_intersect('{300}', '{1}') = '{}' AS trimmed,
       signal_set_contains('{1,3,17}', 17) AS has_17, signal_set_contains('{1,3,17}', 2) AS has_2,
       signal_set_contains('{1}', 0) AS has_0, signal_set_contains('{1}', 5000) AS has_5000,
       signal_set_count('{1,3,17}') AS n, signal_set_members('{1,3,17}') AS members,
       signal_set_members('{}') AS no_members;
SELECT signal_set_names('{1,3}', '{a,b,c}') AS names, signal_set_names('{}', '{}') AS no_names;
SELECT signal_set_names('{4}', '{a,b,c}');          -- a member beyond the names
SELECT signal_set_names('{2}', ARRAY['a', NULL]);   -- a NULL name
SELECT signal_set_names('{1}', '{{a},{b}}');        -- two dimensions
SELECT signal_set_add(NULL, 3) AS from_null, signal_set_add('{1}', NULL) AS add_null,
       signal_set_add(NULL, NULL) IS NULL AS both_null;
SELECT signal_set_add('{1}', 0);
SELECT signal_set_add('{1}', 4097);

-- aggregates: NULLs skipped, NULL on no rows; parallel safe with a combine function
SELECT signal_set_agg(x) AS from_numbers FROM (VALUES (5), (NULL), (1), (5)) v(x);
SELECT signal_set_agg(x) IS NULL AS no_rows FROM (VALUES (1)) v(x) WHERE false;
SELECT signal_set_agg(s) AS union_of_sets FROM (VALUES ('{1}'::signal_set), (NULL), ('{7,9}')) v(s);
SELECT signal_set_agg(x) FROM (VALUES (4097)) v(x);
SELECT p.oid::regprocedure AS aggregate, p.proparallel AS parallel, a.aggcombinefn <> 0 AS combines,
       a.aggserialfn <> 0 AS serializes
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proname IN ('signal_set_agg', 'signal_score_agg')
ORDER BY 1::text;
SELECT obj_description('aidlink.signal_score_agg(integer, float8, float8[], boolean[])'::regprocedure, 'pg_proc') IS NOT NULL
       AS commented;

-- signal_score_agg: slot k per signal, sum or strongest by roll_max, in signal order
SELECT (r).* FROM (
    SELECT signal_score_agg(k, x::float8, '{1.5,2,0.5}', '{true,false,false}') AS r
    FROM (VALUES (1, 0.25), (1, 0.75), (2, 1), (2, 1), (NULL, 1), (3, NULL)) v(k, x)) g;
SELECT (r).* FROM (
    SELECT signal_score_agg(k, x::float8, '{1.5,2,0.5}', NULL) AS r
    FROM (VALUES (3, 0.5), (1, 0.25), (1, 0.75)) v(k, x)) g;
SELECT signal_score_agg(k, x::float8, '{1}', NULL) IS NULL AS no_rows FROM (VALUES (1, 1.0)) v(k, x) WHERE false;
-- per group, as score_month uses it
SELECT g, (r).signals, (r).score FROM (
    SELECT g, signal_score_agg(k, x::float8, '{1,-0.5,2}', '{false,false,true}') AS r
    FROM (VALUES ('a', 1, 0.5), ('b', 3, 0.5), ('a', 2, 1), ('b', 3, 0.75), ('a', 1, 0.5)) v(g, k, x)
    GROUP BY g) s ORDER BY g;
-- errors
SELECT signal_score_agg(k, x::float8, '{1.5,2,0.5}', NULL) FROM (VALUES (4, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{1.5,2,0.5}', NULL) FROM (VALUES (0, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{1.5,NaN}', NULL) FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{1.5,Infinity}', NULL) FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, ARRAY[1.5, NULL]::float8[], NULL) FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, NULL, NULL) FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{1}', '{t,f}') FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{{1},{2}}', NULL) FROM (VALUES (1, 0.3)) v(k, x);
SELECT signal_score_agg(k, x::float8, '{1}', NULL) FROM (VALUES (1, 'NaN'::float8)) v(k, x);

-- partial aggregation in parallel workers gives the same result as one process
CREATE TEMP TABLE many AS
SELECT i % 500 AS g, i % 9 + 1 AS k, ((i * 37) % 100) / 100.0 AS x FROM generate_series(1, 200000) i;
CREATE TABLE public.many_p AS SELECT * FROM many;    -- parallel workers cannot read temp tables
ANALYZE public.many_p;
CREATE TEMP TABLE serial_result AS
SELECT g, signal_score_agg(k, x::float8, '{1,2,3,4,5,6,7,8,9}', '{t,f,t,f,t,f,t,f,t}') AS r FROM public.many_p GROUP BY g;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off; SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT g, signal_score_agg(k, x::float8, '{1,2,3,4,5,6,7,8,9}', '{t,f,t,f,t,f,t,f,t}') AS r FROM public.many_p GROUP BY g;
CREATE TEMP TABLE parallel_result AS
SELECT g, signal_score_agg(k, x::float8, '{1,2,3,4,5,6,7,8,9}', '{t,f,t,f,t,f,t,f,t}') AS r FROM public.many_p GROUP BY g;
SELECT signal_set_agg(k) AS set_in_parallel FROM public.many_p;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation; RESET enable_hashagg;
-- (sums added in another order may differ in the last bits)
SELECT count(*) AS groups,
       count(*) FILTER (WHERE (a.r).signals = (b.r).signals
                        AND abs((a.r).score - (b.r).score) < 1e-9
                        AND (SELECT bool_and(abs(x - y) < 1e-9)
                             FROM unnest((a.r).intensities, (b.r).intensities) u(x, y))) AS same,
       count(*) FILTER (WHERE signal_set_count((a.r).signals) = 9) AS all_nine_signals
FROM serial_result a JOIN parallel_result b USING (g);
DROP TABLE public.many_p;
\! rm -f /tmp/aidlink_regress_ss_*.copy
