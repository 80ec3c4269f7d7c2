-- 99_roles_at_install.sql: the roles' privileges at install, upgrade and
-- restore (issue 8).  Last of the script, so that every object exists.
--
-- When aidlink_admin, aidlink_reporter and aidlink_caseworker already exist
-- (made by aidlink.create_roles() for another database of the cluster, or
-- before a pg_restore), CREATE EXTENSION and ALTER EXTENSION UPDATE grant
-- them their privileges and make the row-level security policies here, as
-- aidlink.grant_role_privileges() does.  This is what makes a restore whole:
-- PostgreSQL 15's pg_dump dumps the grants on an extension's tables but not
-- their policies, and pg_restore runs this script again.  Privileges given
-- by the script are the extension's initial privileges (pg_init_privs), so a
-- later dump does not repeat them.  A role of those names that is a
-- superuser or bypasses row-level security is not granted anything (as
-- create_roles() refuses it): a warning says so, and nobody but a superuser
-- sees a row until it is fixed.  Without the roles nothing is granted (the
-- failure is closed), and create_roles() grants later.
DO $do$
BEGIN
    IF to_regrole('aidlink_admin') IS NULL OR to_regrole('aidlink_reporter') IS NULL
       OR to_regrole('aidlink_caseworker') IS NULL THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles r
               WHERE r.rolname IN ('aidlink_admin', 'aidlink_reporter', 'aidlink_caseworker')
                 AND (r.rolsuper OR r.rolbypassrls)) THEN
        RAISE WARNING 'aidlink: the roles exist but one is a superuser or bypasses row-level security: nothing granted'
            USING HINT = 'ALTER ROLE ... NOSUPERUSER NOBYPASSRLS, then SELECT aidlink.grant_role_privileges().';
        RETURN;
    END IF;
    PERFORM aidlink.grant_role_privileges();
    -- (adopting roles somebody else made gives nothing new to anybody: only a
    -- superuser or a role with CREATEROLE makes roles, and in PostgreSQL 15
    -- such a role may grant itself any role that is not a superuser anyway)
    RAISE NOTICE 'aidlink: granted aidlink_admin, aidlink_reporter and aidlink_caseworker (which exist) their privileges and policies in this database';
END
$do$;
