-- bench/sql/certificates_run.sql — the timed queries of bench/certificates.
-- Every query gives the verdict counts of the whole table as its answer, so the report can
-- check that aidlink and the hand-written SQL agree row for row in aggregate.
SET client_min_messages = notice;

-- (1) aidlink: the batch audit, every row against the list in force on its date
--     (1b) the same counted by aidlink.summarise_issued_certificates
-- (2) the SQL a DBA would write: items and issuers looked up by name or code, the status
--     in force found by a correlated LATERAL subquery (latest effective_from on or before
--     the date, not yet ended)
-- (3) the same with the status joined on its date range (what a careful DBA writes)
CALL bench.measure('certificates',
  ARRAY['aidlink.audit_issued_certificates', 'aidlink.summarise_issued_certificates', 'hand-written SQL, LATERAL latest status', 'hand-written SQL, join on the date range'],
  ARRAY[
$q$SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM (
     SELECT verdict, count(*) AS n
     FROM aidlink.audit_issued_certificates('bench.issued', 'no', 'item', 'issuer', 'issued_on') GROUP BY 1) s$q$,
$q$SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM (
     SELECT verdict, sum(certificates) AS n
     FROM aidlink.summarise_issued_certificates('bench.issued', 'item', 'issuer', 'issued_on') GROUP BY 1) s$q$,
$q$SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM (
     SELECT CASE WHEN it.item_code IS NULL THEN 'unknown_item'
                 WHEN k.issuer_kind IS NULL THEN 'unknown_issuer'
                 WHEN s.status IS NULL THEN 'not_listed'
                 WHEN s.status = 'retained' THEN 'allowed' ELSE 'not_allowed' END AS verdict, count(*) AS n
     FROM bench.issued c
     LEFT JOIN aidlink.certificate_items it ON it.item_kind = 'certificate' AND (it.item_name = c.item OR it.item_code = c.item)
     LEFT JOIN LATERAL (SELECT x.issuer_kind FROM aidlink.certificate_issuers x
                        WHERE x.issuer_name = c.issuer OR x.issuer_code = c.issuer LIMIT 1) k ON true
     LEFT JOIN LATERAL (SELECT st.status FROM aidlink.certificate_item_statuses st
                        WHERE st.item_code = it.item_code AND st.issuer_kind = k.issuer_kind
                          AND st.effective_from <= c.issued_on
                          AND (st.effective_until IS NULL OR c.issued_on < st.effective_until)
                        ORDER BY st.effective_from DESC LIMIT 1) s ON true
     GROUP BY 1) v$q$,
$q$SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM (
     SELECT CASE WHEN it.item_code IS NULL THEN 'unknown_item'
                 WHEN k.issuer_kind IS NULL THEN 'unknown_issuer'
                 WHEN s.status IS NULL THEN 'not_listed'
                 WHEN s.status = 'retained' THEN 'allowed' ELSE 'not_allowed' END AS verdict, count(*) AS n
     FROM bench.issued c
     LEFT JOIN (SELECT item_code, item_name AS v FROM aidlink.certificate_items WHERE item_kind = 'certificate'
                UNION SELECT item_code, item_code FROM aidlink.certificate_items WHERE item_kind = 'certificate') it
            ON it.v = c.item
     LEFT JOIN (SELECT issuer_kind, issuer_name AS v FROM aidlink.certificate_issuers
                UNION SELECT issuer_kind, issuer_code FROM aidlink.certificate_issuers) k ON k.v = c.issuer
     LEFT JOIN aidlink.certificate_item_statuses s
            ON s.item_code = it.item_code AND s.issuer_kind = k.issuer_kind
           AND daterange(s.effective_from, s.effective_until) @> c.issued_on
     GROUP BY 1) v$q$],
  :issued);

-- (4) one call of aidlink.check_certificate per row, as an application would loop
--     (over the first :per_call_rows rows without typos; scaled in the report)
CALL bench.measure('certificates_per_call',
  ARRAY['aidlink.check_certificate per row'],
  ARRAY[format($q$SELECT count(*) FILTER (WHERE c.may_issue) || ' allowed of ' || count(*)
     FROM (SELECT * FROM bench.issued WHERE no <= %s AND item NOT LIKE '%%书' AND issuer <> '某某社区') i,
          aidlink.check_certificate(i.item, i.issuer, i.issued_on) c$q$, :per_call_rows)],
  :per_call_rows, 1);
