
-----------------------------------------------------------------------------
-- Install and upgrade safety (issue 8): the schema must be the superuser's
-----------------------------------------------------------------------------
-- The control file names schema aidlink.  When that schema already exists,
-- CREATE EXTENSION puts every object into it, whoever owns it.  Its owner
-- could then drop or swap aidlink's functions, or add operators and function
-- overloads that the functions running with search_path pg_catalog, aidlink,
-- pg_temp would pick up, with the rights of whoever runs the linkage (often a
-- superuser).  So the install (and every upgrade) stops unless the schema
-- and every function, operator, type and table in it belong to a superuser.

DO $guard$
DECLARE
    schema_owner name;
    owner_is_superuser boolean;
    strangers text;
BEGIN
    SELECT r.rolname, r.rolsuper INTO schema_owner, owner_is_superuser
    FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
    WHERE n.nspname OPERATOR(pg_catalog.=) 'aidlink';
    IF NOT owner_is_superuser THEN
        RAISE EXCEPTION 'schema aidlink is owned by role "%", which is not a superuser', schema_owner
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The owner of the schema could replace aidlink''s functions or add operators they would use, and so run code with the rights of whoever calls them.',
                  HINT = 'Check what the schema holds, then ALTER SCHEMA aidlink OWNER TO a superuser (or drop it) and install again.';
    END IF;

    SELECT pg_catalog.string_agg(x.what, ', ' ORDER BY x.what) INTO strangers
    FROM (SELECT pg_catalog.format('function %s (owner %s)', p.oid::regprocedure, p.proowner::regrole) AS what
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) p.proowner
          WHERE p.pronamespace OPERATOR(pg_catalog.=) 'aidlink'::regnamespace AND NOT r.rolsuper
          UNION ALL
          SELECT pg_catalog.format('operator %s (owner %s)', o.oid::regoperator, o.oprowner::regrole)
          FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) o.oprowner
          WHERE o.oprnamespace OPERATOR(pg_catalog.=) 'aidlink'::regnamespace AND NOT r.rolsuper
          UNION ALL
          SELECT pg_catalog.format('type %s (owner %s)', t.oid::regtype, t.typowner::regrole)
          FROM pg_catalog.pg_type t JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) t.typowner
          WHERE t.typnamespace OPERATOR(pg_catalog.=) 'aidlink'::regnamespace AND NOT r.rolsuper
          UNION ALL
          SELECT pg_catalog.format('relation %s (owner %s)', c.oid::regclass, c.relowner::regrole)
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) c.relowner
          WHERE c.relnamespace OPERATOR(pg_catalog.=) 'aidlink'::regnamespace AND NOT r.rolsuper) x;
    IF strangers IS NOT NULL THEN
        RAISE EXCEPTION 'schema aidlink holds objects of roles that are not superusers'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.left(strangers, 2000),
                  HINT = 'Such objects could be picked up by aidlink''s functions in place of its own: move them to another schema or drop them, then install or upgrade again.';
    END IF;
END
$guard$;
