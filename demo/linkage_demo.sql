-- demo/linkage_demo.sql — the monthly linkage of a synthetic city.
-- Expects schemas city and city_truth (demo/city/make-city) in this database.
\pset footer off
SET client_min_messages = warning;
SET search_path = public, aidlink;
-- A fresh start: forget earlier registrations of these sources.
SELECT count(aidlink.unregister_source(source)) AS forgotten
FROM city_truth.sources WHERE source IN (SELECT source_name FROM aidlink.link_sources) \g /dev/null
RESET client_min_messages;

\echo
\echo '1. Register every departmental table where it is (nothing is copied); the household register is the reference'
SELECT r.source_name, r.relation, r.row_key_column, r.id_column, r.name_column, r.birth_date_column,
       r.is_reference
FROM city_truth.sources s
CROSS JOIN LATERAL aidlink.register_source(s.source, s.relation::regclass, s.row_key_column, s.id_column,
           s.name_column, s.birth_date_column, s.sex_column, s.phone_column, s.address_column,
           s.household_column, s.is_reference) r
ORDER BY NOT r.is_reference, r.source_name;

\echo
\echo '2. The monthly run: the reference, then each source, one transaction each (NOTICE lines report progress)'
\timing on
CALL aidlink.link_all();
\timing off

\echo
\echo '3. The quality report, all sources: how each row was linked'
SELECT source_name, item AS method, rows, share AS "%"
FROM aidlink.link_report() WHERE section = 'method' ORDER BY source_name, rows DESC;
\echo
\echo '   ... and for one department: rows, methods, review and unresolved reasons, problems of the typed numbers'
SELECT section, item, rows, share AS "%" FROM aidlink.link_report(
    (SELECT max(run_id) FROM aidlink.link_runs WHERE source_name = 'zw_yichuang'));

\echo
\echo '4. What a caseworker reviews (the first 5), with every candidate'
SELECT source_name, row_key, reason, detail, candidates FROM aidlink.links_to_review
ORDER BY source_name, row_key LIMIT 5;

\echo
\echo '5. Why a row without a number was linked: the weights, field by field'
SELECT step, field, row_value, person_value, level, round(partial_weight::numeric, 2) AS weight,
       round(tf_adjustment::numeric, 2) AS tf, round(total_weight::numeric, 2) AS total,
       round(match_probability::numeric, 6) AS probability
FROM aidlink.explain_link('wj_health_decl',
     (SELECT row_key FROM aidlink.links WHERE source_name = 'wj_health_decl' AND method = 'probabilistic'
        AND status = 'accepted' ORDER BY row_key LIMIT 1));
\echo
\echo '   ... and a repaired number'
SELECT step, field, row_value, person_value, level
FROM aidlink.explain_link('zw_yichuang',
     (SELECT row_key FROM aidlink.links WHERE source_name = 'zw_yichuang' AND method = 'repaired'
      ORDER BY row_key LIMIT 1)) WHERE step <= 4;

\echo
\echo '6. Residents with no health declaration (an anti-join on the links), by household'
SELECT p.household_no, count(*) AS residents_without_declaration
FROM aidlink.persons p
WHERE NOT EXISTS (SELECT 1 FROM aidlink.links l
                  WHERE l.source_name = 'wj_health_decl' AND l.status = 'accepted'
                    AND l.resident_id = p.resident_id)
GROUP BY p.household_no ORDER BY count(*) DESC, p.household_no LIMIT 5;

\echo
\echo '7. Against the generator''s truth (the synthetic city knows who every row really is)'
WITH j AS (
    SELECT l.status = 'accepted' AS accepted,
           l.status = 'accepted' AND l.resident_id::bigint = p.resident_id::bigint AS correct
    FROM aidlink.links l
    JOIN city_truth.row_truth t ON t.source = l.source_name AND t.row_key = l.row_key
    JOIN city_truth.person p ON p.person_no = t.person_no
    WHERE l.source_name <> 'household_register')
SELECT count(*) AS departmental_rows, count(*) FILTER (WHERE accepted) AS accepted,
       count(*) FILTER (WHERE accepted AND NOT correct) AS wrong,
       round(100.0 * count(*) FILTER (WHERE correct) / count(*) FILTER (WHERE accepted), 3) AS "precision %"
FROM j;
