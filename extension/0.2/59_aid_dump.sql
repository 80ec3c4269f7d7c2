
-----------------------------------------------------------------------------
-- pg_dump keeps what a DBA put in the aid tables (they belong to the
-- extension, so without this a dump would hold none of their rows).  The
-- rule kinds are the calculation's own catalogue, made by CREATE EXTENSION.
-----------------------------------------------------------------------------
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_policies', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_rules', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_parameters', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_households', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_members', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_costs', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_runs', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_payments', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.aid_funders', '');
