-- bench/sql/certificates_load.sql — the data of bench/certificates.
-- The seed catalogue of demo/certificates (its four data checks registered with a
-- function that finds nothing: the benchmark checks statuses, it runs no verification),
-- a second list in force from 2022-07-01 that changes 12 statuses mid-year, and a table of
-- :issued certificates stamped in 2022 by the ten issuers of the catalogue (by name or code),
-- with 0.1% mistyped item names and 0.1% unknown issuers.  Deterministic (hashint8).
SET client_min_messages = warning;
CREATE FUNCTION bench.no_evidence(person aidlink.resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE AS $$ SELECT NULL::text, NULL::text, NULL::date, NULL::boolean, NULL::text WHERE false $$;
SELECT aidlink.register_certificate_verification(v, 'bench.no_evidence(aidlink.resident_id, date)', 'benchmark: finds nothing')
FROM unnest(ARRAY['zs_residence', 'zs_alive', 'zs_family', 'zs_unemployed']) v;
\i :catalogue

-- mid-year: the 4 retained items cancelled for community committees, 8 cancelled items retained again
INSERT INTO aidlink.certificate_lists VALUES
  ('BENCH-2022-2', 'benchmark list of 2022-07-01', 'benchmark', '2022-06-15', NULL, 'benchmark data');
UPDATE aidlink.certificate_item_statuses SET effective_until = '2022-07-01'
WHERE issuer_kind = 'community_committee' AND item_code IN (SELECT format('ZS-C%s', lpad(n::text, 2, '0')) FROM generate_series(1, 4) n UNION ALL SELECT format('ZS-C%s', n) FROM generate_series(25, 32) n);
INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, legal_basis, replacement)
SELECT format('ZS-C%s', lpad(n::text, 2, '0')), 'community_committee', '2022-07-01',
       CASE WHEN n <= 4 THEN 'cancelled' ELSE 'retained' END, 'BENCH-2022-2',
       CASE WHEN n > 4 THEN 'benchmark basis' END, CASE WHEN n <= 4 THEN 'benchmark: not asked for any more' END
FROM (SELECT generate_series(1, 4) UNION ALL SELECT generate_series(25, 32)) g(n);
ANALYZE aidlink.certificate_item_statuses;

CREATE TABLE bench.issuer_pick AS
SELECT row_number() OVER (ORDER BY issuer_code) - 1 AS k, issuer_code, issuer_name FROM aidlink.certificate_issuers;
CREATE TABLE bench.item_pick AS
SELECT row_number() OVER (ORDER BY item_code) - 1 AS k, item_code, item_name FROM aidlink.certificate_items
WHERE item_kind = 'certificate';

CREATE TABLE bench.issued AS
SELECT g AS no,
       CASE WHEN h1 % 1000 = 0 THEN it.item_name || '书'            -- a mistyped name
            WHEN h1 % 50 = 1 THEN it.item_code ELSE it.item_name END AS item,
       CASE WHEN h2 % 1000 = 0 THEN '某某社区'                        -- an unknown issuer
            WHEN h2 % 3 = 0 THEN ip.issuer_code ELSE ip.issuer_name END AS issuer,
       date '2022-01-01' + (h3 % 365)::int AS issued_on
FROM generate_series(1, :issued) g,
     LATERAL (SELECT abs(hashint8extended(g, 1)) AS h1, abs(hashint8extended(g, 2)) AS h2,
                     abs(hashint8extended(g, 3)) AS h3) h,
     LATERAL (SELECT * FROM bench.item_pick WHERE k = h.h1 % 50) it,
     LATERAL (SELECT * FROM bench.issuer_pick WHERE k = (h.h2 / 7) % 10) ip;
ALTER TABLE bench.issued ADD PRIMARY KEY (no);
ANALYZE bench.issued;
SELECT bench.set_fact('certificates', 'data', 'issued', count(*)::text) FROM bench.issued;
