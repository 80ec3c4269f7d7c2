-- bench/sql/index.sql — btree index build time and size.
-- psql variables: rows.
--
-- CREATE INDEX on the single-column tables, single-threaded
-- (max_parallel_maintenance_workers = 0), the sort in memory
-- (maintenance_work_mem).  Before each build: DROP INDEX and CHECKPOINT, so
-- that no build pays for another's dirty buffers.  Text is indexed with
-- COLLATE "C" and with the database's default collation (C.UTF-8 in the
-- throwaway cluster: a libc locale, so comparisons go through strcoll and
-- sorting gets no abbreviated keys, unlike "C").

CHECKPOINT;

CALL bench.measure('index',
    ARRAY['resident_id', 'bigint', 'text "C"', 'text default'],
    ARRAY['CREATE INDEX bench_i_rid ON bench.a_rid (k)',
          'CREATE INDEX bench_i_big ON bench.a_big (k)',
          'CREATE INDEX bench_i_txt_c ON bench.a_txt (k COLLATE "C")',
          'CREATE INDEX bench_i_txt ON bench.a_txt (k)'],
    :rows, NULL,
    ARRAY['SET LOCAL client_min_messages = warning; DROP INDEX IF EXISTS bench.bench_i_rid; CHECKPOINT',
          'SET LOCAL client_min_messages = warning; DROP INDEX IF EXISTS bench.bench_i_big; CHECKPOINT',
          'SET LOCAL client_min_messages = warning; DROP INDEX IF EXISTS bench.bench_i_txt_c; CHECKPOINT',
          'SET LOCAL client_min_messages = warning; DROP INDEX IF EXISTS bench.bench_i_txt; CHECKPOINT']);

SELECT bench.set_fact('index', label, 'bytes', pg_relation_size(idx)::text)
FROM (VALUES ('resident_id', 'bench.bench_i_rid'::regclass),
             ('bigint', 'bench.bench_i_big'::regclass),
             ('text "C"', 'bench.bench_i_txt_c'::regclass),
             ('text default', 'bench.bench_i_txt'::regclass)) AS v(label, idx);

SELECT bench.set_fact('index', 'text default', 'collation',
                      (SELECT datcollate FROM pg_database WHERE datname = current_database()));

DROP INDEX bench.bench_i_rid, bench.bench_i_big, bench.bench_i_txt_c, bench.bench_i_txt;
