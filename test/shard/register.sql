-- test/shard/register.sql — register the city's 12 tables for linkage, where
-- they are (plain tables, or tables partitioned over the shards).
\set ON_ERROR_STOP 1
SELECT count(*) AS registered
FROM city_truth.sources s
CROSS JOIN LATERAL aidlink.register_source(s.source, s.relation::regclass, s.row_key_column, s.id_column,
           s.name_column, s.birth_date_column, s.sex_column, s.phone_column, s.address_column,
           s.household_column, s.is_reference) r \g /dev/null
