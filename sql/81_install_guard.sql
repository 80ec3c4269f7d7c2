--
-- Install safety (issue 8): CREATE EXTENSION refuses a schema aidlink that a
-- role other than a superuser created (or filled) beforehand.
--
SET client_min_messages = warning;
DROP DATABASE IF EXISTS aidlink_guard;
DROP ROLE IF EXISTS aidlink_guard_eve;
CREATE ROLE aidlink_guard_eve;
CREATE DATABASE aidlink_guard;
\c aidlink_guard
SET client_min_messages = warning;
GRANT CREATE ON DATABASE aidlink_guard TO aidlink_guard_eve;
-- an ordinary role makes the schema first
SET ROLE aidlink_guard_eve;
CREATE SCHEMA aidlink;
RESET ROLE;
\set VERBOSITY default
CREATE EXTENSION aidlink;
SELECT count(*) AS extensions FROM pg_extension WHERE extname = 'aidlink';
-- handed to a superuser, but with an operator of the role left in it
ALTER SCHEMA aidlink OWNER TO CURRENT_USER;
GRANT USAGE, CREATE ON SCHEMA aidlink TO aidlink_guard_eve;
SET ROLE aidlink_guard_eve;
CREATE FUNCTION aidlink.name_text_eq(name, text) RETURNS boolean LANGUAGE sql AS 'SELECT $1::text = $2';
CREATE OPERATOR aidlink.= (LEFTARG = name, RIGHTARG = text, FUNCTION = aidlink.name_text_eq);
RESET ROLE;
CREATE EXTENSION aidlink;
SELECT count(*) AS extensions FROM pg_extension WHERE extname = 'aidlink';
-- once they are gone, it installs
DROP OPERATOR aidlink.= (name, text);
DROP FUNCTION aidlink.name_text_eq(name, text);
REVOKE ALL ON SCHEMA aidlink FROM aidlink_guard_eve;
CREATE EXTENSION aidlink;
SELECT extversion FROM pg_extension WHERE extname = 'aidlink';
\c contrib_regression
DROP DATABASE aidlink_guard;
DROP ROLE aidlink_guard_eve;
