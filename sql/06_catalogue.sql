--
-- Catalogue promises: operator classes validate, labels are honest, hash
-- values are frozen, and every object is documented.
--
SET search_path = public, aidlink;

-- amvalidate of every operator class of the extension
SELECT opc.opcname, am.amname, amvalidate(opc.oid) AS valid, opc.opcdefault AS is_default
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcnamespace = 'aidlink'::regnamespace ORDER BY 1, 2;

-- Labels: volatility, strictness, parallel safety, leakproofness of every function
SELECT p.oid::regprocedure AS function,
       CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,
       p.proisstrict AS strict,
       CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS parallel,
       p.proleakproof AS leakproof
FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace
ORDER BY p.oid::regprocedure::text;

-- Aggregates are parallel-safe and combinable
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggcombinefn, p.proparallel
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'aidlink'::regnamespace ORDER BY 1::text;

-- Types: size, pass-by-value, alignment, binary I/O
SELECT t.typname, t.typlen, t.typbyval, t.typalign, t.typreceive, t.typsend
FROM pg_type t WHERE t.typnamespace = 'aidlink'::regnamespace AND t.typtype = 'b'
  AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0)  -- tables' row types
ORDER BY 1;

-- Hash values are frozen: hash partitions and sharded engines depend on them.
-- A change here breaks every partitioned table of every user.
SELECT v, resident_id_hash(v::resident_id) AS hash,
       resident_id_hash_extended(v::resident_id, 0) AS hash64_seed0,
       resident_id_hash_extended(v::resident_id, 42) AS hash64_seed42
FROM (VALUES ('11010519491231002X'), ('440103199005061230'), ('650102199912310010')) t(v);
SELECT v, uscc_hash(v::uscc) AS hash, uscc_hash_extended(v::uscc, 0) AS hash64_seed0,
       uscc_hash_extended(v::uscc, 42) AS hash64_seed42
FROM (VALUES ('91350100M000100Y43'), ('A1100000MA00000072'), ('914401800000078000')) t(v);
SELECT v, org_code_hash(v::org_code) AS hash, org_code_hash_extended(v::org_code, 0) AS hash64_seed0,
       org_code_hash_extended(v::org_code, 42) AS hash64_seed42
FROM (VALUES ('D2143569-X'), ('M000100Y-4'), ('00000000-0')) t(v);
-- the seed-0 extended hash agrees with the 32-bit hash in its low bits
SELECT bool_and(resident_id_hash(id) = (resident_id_hash_extended(id, 0) & 4294967295)::bit(32)::int)
       AS consistent
FROM (SELECT resident_id_from_parts('440103', date '1950-01-01' + i, i % 1000) id
      FROM generate_series(1, 1000) i) s;

-- Every member of the extension has a comment (expect no rows)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS undocumented
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aidlink')
  AND d.deptype = 'e'
  AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
  AND NOT (d.classid = 'pg_type'::regclass AND EXISTS (
        SELECT 1 FROM pg_type t WHERE t.oid = d.objid AND (t.typarray = 0 AND t.typelem <> 0 OR t.typtype = 'c')))
ORDER BY 1;
SELECT count(*) > 0 AS has_members FROM pg_depend d
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'aidlink') AND d.deptype = 'e';
