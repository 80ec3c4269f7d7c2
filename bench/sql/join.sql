-- bench/sql/join.sql — N × N hash join.
-- psql variables: rows.
--
-- a_* (generation order) joined to b_* (the same N values, shuffled): every
-- row finds exactly one partner.  Merge and nested-loop joins are disabled so
-- that the planner picks a hash join for every type; work_mem (× the default
-- hash_mem_multiplier) is large enough for the hash table to be built in one
-- batch, which the plan check below confirms.  Text equality does not depend
-- on the collation (both collations here are deterministic), so text is
-- joined once.

CHECKPOINT;
SET enable_mergejoin = off;
SET enable_nestloop = off;

CALL bench.measure('join',
    ARRAY['resident_id', 'bigint', 'text'],
    ARRAY['SELECT count(*) FROM bench.a_rid JOIN bench.b_rid USING (k)',
          'SELECT count(*) FROM bench.a_big JOIN bench.b_big USING (k)',
          'SELECT count(*) FROM bench.a_txt JOIN bench.b_txt USING (k)'],
    :rows);

SELECT bench.set_fact('join', label, 'plan', bench.plan_of(q))
FROM (VALUES ('resident_id', 'SELECT count(*) FROM bench.a_rid JOIN bench.b_rid USING (k)'),
             ('bigint', 'SELECT count(*) FROM bench.a_big JOIN bench.b_big USING (k)'),
             ('text', 'SELECT count(*) FROM bench.a_txt JOIN bench.b_txt USING (k)')) AS v(label, q);

RESET enable_mergejoin;
RESET enable_nestloop;
