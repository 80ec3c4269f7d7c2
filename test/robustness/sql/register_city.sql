-- Register every departmental table of the synthetic city (demo/city) for linkage.
SET client_min_messages = warning;
SELECT count(*) FROM city_truth.sources s
CROSS JOIN LATERAL aidlink.register_source(s.source, s.relation::regclass, s.row_key_column, s.id_column,
           s.name_column, s.birth_date_column, s.sex_column, s.phone_column, s.address_column,
           s.household_column, s.is_reference) r;
