-- bench/load-test: a certificate check (may this issuer be asked for this item today?)
\set i random(1, :certificate_questions)
SELECT c.status, c.may_issue FROM bench_load.certificate_questions q, aidlink.check_certificate(q.item_code, q.issuer_code, date '2024-06-01') c WHERE q.i = :i;
