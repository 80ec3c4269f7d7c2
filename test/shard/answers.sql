-- test/shard/answers.sql — every answer of the monthly cycle, in a fixed order,
-- without what legitimately differs between two runs (run numbers, clocks).
-- Needs demo/cycle/setup.sql's objects (the verifications, the issued
-- certificates of cycle_demo) and a finished aidlink.run_monthly_cycle.
-- test/shard/run writes it for the single server and for the sharded one and
-- compares the two files line by line.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = public, aidlink;
SET extra_float_digits = 3;     -- every bit of a float8 (weights, probabilities)

\echo '# links'
SELECT source_name, row_key, resident_id, method, status, reason, problem, detail, in_reference,
       match_weight, match_probability, candidates, row_hash
FROM aidlink.links ORDER BY source_name, row_key;
\echo '# persons'
SELECT resident_id, name, birth_date, sex, household_no, phone, address, reference_row_key,
       name_folded, name_sound FROM aidlink.persons ORDER BY resident_id;
\echo '# person_contacts'
SELECT resident_id, kind, value, source_name FROM aidlink.person_contacts ORDER BY 1, 2, 3, 4;
\echo '# person_clusters'
SELECT source_name, row_key, cluster_key FROM aidlink.person_clusters ORDER BY 1, 2;
\echo '# match_weights'
SELECT field, level, m, u, set_by, m_pairs, u_pairs FROM aidlink.match_weights ORDER BY 1, 2;
\echo '# link_report'
-- (the state of the links; not the counts of the last run of each source,
-- which differ when a run was interrupted and re-run)
SELECT * FROM aidlink.link_report() WHERE section <> 'rows' OR item = 'read' ORDER BY 1, 2, 3;
\echo '# person_scores'
SELECT month, resident_id, household_no, score, signals, intensities
FROM aidlink.person_scores ORDER BY month, resident_id;
\echo '# household_scores'
SELECT month, household_no, score, signals, intensities, contributions, alerts, category, on_roll,
       listed, list_rank FROM aidlink.household_scores ORDER BY month, household_no;
\echo '# score_runs'
SELECT month, as_of, settings, list_threshold, signals, weights, persons_signalled, households_scored,
       households_on_roll, households_listed, households_alerted FROM aidlink.score_runs ORDER BY month;
\echo '# aid_runs'
SELECT month, households, lines, total, regexp_replace(note, '[0-9]+', 'N') AS note FROM aidlink.aid_runs
ORDER BY month, note;
\echo '# aid_payments'
SELECT r.month, p.household_no, p.policy, p.benefit, p.rule, p.quantity, p.rate_or_amount, p.amount, p.trace
FROM aidlink.aid_payments p JOIN aidlink.aid_runs r USING (run_id)
ORDER BY r.month, p.household_no, p.policy, p.benefit, p.rule, p.amount;
\echo '# certificate answers (every 100th person of the city, four verifications, two dates)'
SELECT p.person_no, i.item, d.on_date, v.answer, v.evidence
FROM city_truth.person p
CROSS JOIN (VALUES ('户籍居住证明'), ('健在证明(生存证明)'), ('亲属关系证明'), ('失业(无业)证明')) i(item)
CROSS JOIN (VALUES (date '2022-01-01'), (date '2025-01-01')) d(on_date)
CROSS JOIN LATERAL aidlink.verify_certificate(i.item, p.resident_id, d.on_date) v
WHERE p.person_no % 100 = 0
ORDER BY 1, 2, 3;
\echo '# certificate audit (two years the communities stamped, and one month of them)'
SELECT * FROM aidlink.summarise_issued_certificates('cycle_demo.issued_certificates', 'item', 'issuer', 'issued_on')
ORDER BY 1, 2, 3, 4, 5, 6;
SELECT * FROM aidlink.summarise_issued_certificates('cycle_demo.issued_certificates', 'item', 'issuer', 'issued_on',
                                                    '2025-06-01', '2025-07-01')
ORDER BY 1, 2, 3, 4, 5, 6;
\echo '# certificate audit, row by row'
SELECT * FROM aidlink.audit_issued_certificates('cycle_demo.issued_certificates', 'certificate_no', 'item', 'issuer', 'issued_on')
ORDER BY row_key::bigint;
\echo '# cycle (the last run that finished: its stages, without run numbers and clocks)'
SELECT s.stage, s.status, s.rows, s.detail - 'first_run' - 'last_run' - 'run_id' AS detail
FROM aidlink.cycle_stages s
WHERE s.cycle_id = (SELECT max(r.cycle_id) FROM aidlink.cycle_runs r WHERE r.status = 'done')
ORDER BY s.started_at;
