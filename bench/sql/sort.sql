-- bench/sql/sort.sql — sorting N values.
-- psql variables: rows.
--
-- SELECT k FROM a ORDER BY k OFFSET N: the whole input is sorted (no LIMIT,
-- so no bounded top-N sort) and no row reaches the client.  work_mem is large
-- enough for an in-memory quicksort, which the plan check below confirms.

CHECKPOINT;

CALL bench.measure('sort',
    ARRAY['resident_id', 'bigint', 'text "C"', 'text default'],
    ARRAY[format('SELECT k FROM bench.a_rid ORDER BY k OFFSET %s', :rows),
          format('SELECT k FROM bench.a_big ORDER BY k OFFSET %s', :rows),
          format('SELECT k FROM bench.a_txt ORDER BY k COLLATE "C" OFFSET %s', :rows),
          format('SELECT k FROM bench.a_txt ORDER BY k OFFSET %s', :rows)],
    :rows);

SELECT bench.set_fact('sort', label, 'plan', bench.plan_of(format(q, :rows)))
FROM (VALUES ('resident_id', 'SELECT k FROM bench.a_rid ORDER BY k OFFSET %s'),
             ('bigint', 'SELECT k FROM bench.a_big ORDER BY k OFFSET %s'),
             ('text "C"', 'SELECT k FROM bench.a_txt ORDER BY k COLLATE "C" OFFSET %s'),
             ('text default', 'SELECT k FROM bench.a_txt ORDER BY k OFFSET %s')) AS v(label, q);
