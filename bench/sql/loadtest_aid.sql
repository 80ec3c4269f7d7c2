-- bench/load-test: an aid calculation (one household's lines for a month)
\set i random(1, :aid_households)
SELECT count(*), sum(a.amount) FROM bench_load.aid_households h, aidlink.compute_aid(h.household_no, '2024-09-01') a WHERE h.i = :i;
