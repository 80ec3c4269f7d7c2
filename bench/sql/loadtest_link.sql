-- bench/load-test: a linkage look-up (which person a departmental row is, and why)
\set i random(1, :link_rows)
SELECT l.resident_id, l.method, l.status FROM aidlink.links l
  JOIN bench_load.link_rows r ON r.source_name = l.source_name AND r.row_key = l.row_key WHERE r.i = :i;
SELECT count(*), max(e.total_weight) FROM bench_load.link_rows r, aidlink.explain_link(r.source_name, r.row_key) e WHERE r.i = :i;
