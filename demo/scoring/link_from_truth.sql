-- demo/scoring/link_from_truth.sql: links a synthetic city (demo/city) from
-- its truth instead of running the linkage, for tests and benchmarks whose
-- subject is scoring (linking 4.5 million people takes hours, 100,000 about
-- three minutes).  Registers the city's 12 sources as the linkage would,
-- then writes aidlink.persons from the register and one accepted link per
-- departmental row to the person it truly is (city_truth.row_truth).
-- Replaces whatever aidlink.links and aidlink.persons held: run it in a
-- database of its own.
SET client_min_messages = warning;
SELECT count(*) AS sources_registered FROM (
    SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                   birth_date_column, sex_column, phone_column, address_column,
                                   household_column, is_reference)
    FROM city_truth.sources ORDER BY NOT is_reference) r;
TRUNCATE aidlink.links, aidlink.persons;
INSERT INTO aidlink.persons (resident_id, name, birth_date, sex, household_no, reference_row_key, run_id)
SELECT r.gmsfhm, r.xm, r.csrq, aidlink.to_sex(r.xb), r.hh, r.id::text, 0
FROM city.household_register r;
INSERT INTO aidlink.links (source_name, row_key, resident_id, method, status, in_reference, match_probability,
                           row_hash, run_id)
SELECT t.source, t.row_key, p.resident_id, 'exact', 'accepted', p.in_register, 1, 0, 0
FROM city_truth.row_truth t JOIN city_truth.person p USING (person_no);
ANALYZE aidlink.links, aidlink.persons;
RESET client_min_messages;
