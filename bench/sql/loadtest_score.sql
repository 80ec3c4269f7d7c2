-- bench/load-test: a scoring explanation (why a household scores what it does)
\set i random(1, :scored)
SELECT count(*), sum(e.contribution) FROM bench_load.scored s, aidlink.explain_score(s.household_no, '2025-06-01') e WHERE s.i = :i;
