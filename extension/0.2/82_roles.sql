-- 82_roles.sql: who may see what (issue 8).
--
-- Three group roles with fixed names, the same in every database of the
-- cluster (roles are cluster-wide):
--   aidlink_admin       runs linkage, scoring, aid and certificate work and
--                       reads every row and column (never the pseudonym keys)
--   aidlink_reporter    reads every row, but no identifying column: numbers,
--                       names, phones, addresses are denied by column
--                       privileges, and the *_masked views show them masked
--   aidlink_caseworker  reads every column, but only the rows of the
--                       communities given to it in
--                       aidlink.caseworker_communities (row-level security)
-- The install script does not create them: aidlink.create_roles() does,
-- when a DBA with CREATEROLE calls it (once per database: the second
-- database finds the roles and only grants).  Reasons in the README
-- ("Roles"): a script that creates roles fails or silently adopts a role of
-- the same name in a second database, and DROP EXTENSION cannot drop roles.
--
-- Row-level security is enabled on every aidlink table that holds a row
-- about a person or a household, by the script: until the policies exist
-- nobody but a superuser (or the tables' owner, not subject to policies)
-- sees a row.  The policies are made by aidlink.grant_role_privileges(),
-- one per role (a policy TO a role needs the role to exist, and a policy
-- for a role is planned only for that role: the administrator's queries
-- carry no condition).  They are not members of the extension, so pg_dump
-- dumps them, like the grants.  A role in none of the three sees no row.

-----------------------------------------------------------------------------
-- Communities
-----------------------------------------------------------------------------

CREATE TABLE aidlink.household_communities (
    household_no text PRIMARY KEY,
    community    text NOT NULL CHECK (btrim(community) <> '')
);
COMMENT ON TABLE aidlink.household_communities IS
  'Which community each household belongs to (household number as in aidlink.persons.household_no); the DBA fills it from the household register. Caseworkers see the rows of the households of their communities';
COMMENT ON COLUMN aidlink.household_communities.household_no IS 'Household number (hukou booklet number) as in aidlink.persons';
COMMENT ON COLUMN aidlink.household_communities.community IS 'Community (or village, or subdistrict) code or name, as used in aidlink.caseworker_communities';
CREATE INDEX household_communities_community ON aidlink.household_communities (community);
SELECT pg_catalog.pg_extension_config_dump('aidlink.household_communities', '');

CREATE TABLE aidlink.caseworker_communities (
    caseworker regrole NOT NULL,
    community  text NOT NULL CHECK (btrim(community) <> ''),
    PRIMARY KEY (caseworker, community)
);
COMMENT ON TABLE aidlink.caseworker_communities IS
  'Communities each caseworker serves: a login role (or a group role) in aidlink_caseworker sees the rows of the households of its communities, and of the people in them';
COMMENT ON COLUMN aidlink.caseworker_communities.caseworker IS 'The role: a caseworker''s login role, or a group role of a community office whose members are caseworkers';
COMMENT ON COLUMN aidlink.caseworker_communities.community IS 'A community of aidlink.household_communities';
SELECT pg_catalog.pg_extension_config_dump('aidlink.caseworker_communities', '');

CREATE FUNCTION aidlink.sees_identities() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT FROM pg_catalog.pg_roles r
                   WHERE r.rolname OPERATOR(pg_catalog.=) ANY (ARRAY['aidlink_admin', 'aidlink_caseworker']::pg_catalog.name[])
                     AND pg_catalog.pg_has_role(r.oid, 'USAGE'))
        OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER);
END;
COMMENT ON FUNCTION aidlink.sees_identities() IS
  'Whether the current user may see identity numbers and names unmasked: a superuser, or a role with the rights of aidlink_admin or aidlink_caseworker (caseworkers only for the rows they see)';

CREATE VIEW aidlink.my_households AS
SELECT hc.household_no, hc.community
FROM aidlink.household_communities hc
WHERE hc.community IN (SELECT cc.community FROM aidlink.caseworker_communities cc
                       WHERE pg_catalog.pg_has_role(cc.caseworker, 'USAGE'));
COMMENT ON COLUMN aidlink.my_households.household_no IS 'A household the current user serves';
COMMENT ON COLUMN aidlink.my_households.community IS 'Its community';
COMMENT ON VIEW aidlink.my_households IS
  'Households of the communities the current user serves as a caseworker (through aidlink.caseworker_communities, role membership included); empty for everyone else. The row-level security policies of aidlink''s tables read it';

CREATE VIEW aidlink.my_residents AS
SELECT p.resident_id, p.household_no
FROM aidlink.persons p
WHERE p.household_no IN (SELECT h.household_no FROM aidlink.my_households h);
COMMENT ON COLUMN aidlink.my_residents.resident_id IS 'A person of a household the current user serves';
COMMENT ON COLUMN aidlink.my_residents.household_no IS 'The household';
COMMENT ON VIEW aidlink.my_residents IS
  'People (of aidlink.persons) of the households the current user serves as a caseworker; empty for everyone else. The row-level security policies of tables keyed by identity number read it';
GRANT SELECT ON aidlink.my_households, aidlink.my_residents TO PUBLIC;

-----------------------------------------------------------------------------
-- Row-level security on aidlink's own tables
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.row_security_tables(OUT table_name text, OUT caseworker_rows text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT v.t, v.c FROM (VALUES
        ('persons',          'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('person_scores',    'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('household_scores', 'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('score_outcomes',   'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('aid_households',   'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('aid_members',      'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('aid_costs',        'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('aid_payments',     'household_no IN (SELECT h.household_no FROM aidlink.my_households h)'),
        ('links',            'resident_id IN (SELECT r.resident_id FROM aidlink.my_residents r)'),
        ('person_contacts',  'resident_id IN (SELECT r.resident_id FROM aidlink.my_residents r)'),
        ('outside_rows',     'resident_id IN (SELECT r.resident_id FROM aidlink.my_residents r)'),
        ('link_changes',     'new_resident_id IN (SELECT r.resident_id FROM aidlink.my_residents r) OR old_resident_id IN (SELECT r.resident_id FROM aidlink.my_residents r)'),
        ('certificate_answers', 'person IN (SELECT r.resident_id FROM aidlink.my_residents r)'),
        ('person_clusters',  NULL)) v(t, c);
END;
COMMENT ON FUNCTION aidlink.row_security_tables() IS
  'The tables of aidlink with a row about a person or a household, which have row-level security, and which of their rows a caseworker sees (an SQL condition; NULL: none)';

-- Enabled now: until aidlink.grant_role_privileges() makes the policies,
-- nobody but a superuser (or the owner) sees a row of these tables.
DO $do$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM aidlink.row_security_tables() LOOP
        EXECUTE format('ALTER TABLE aidlink.%I ENABLE ROW LEVEL SECURITY', t.table_name);
    END LOOP;
END
$do$;

-- Views over these tables run with the rights of the caller, so that the
-- policies apply to whoever reads them (a view normally reads its tables
-- with its owner's rights, here a superuser's, and would show every row).
ALTER VIEW aidlink.households SET (security_invoker = true);
ALTER VIEW aidlink.links_to_review SET (security_invoker = true);
ALTER VIEW aidlink.outside_persons SET (security_invoker = true);

-----------------------------------------------------------------------------
-- Masking
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.name_mask(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN pg_catalog.char_length(pg_catalog.btrim(name)) OPERATOR(pg_catalog.<=) 1 THEN '*'
            ELSE pg_catalog.left(pg_catalog.btrim(name), 1) OPERATOR(pg_catalog.||)
                 pg_catalog.repeat('*', pg_catalog.char_length(pg_catalog.btrim(name)) OPERATOR(pg_catalog.-) 1) END;
COMMENT ON FUNCTION aidlink.name_mask(text) IS
  'A name masked for people who may not see it: the first character (the surname''s), then one * for each other character (''陈秀英'' gives ''陈**''); ''*'' for a name of one character';

CREATE FUNCTION aidlink.resident_id_shown(resident_id aidlink.resident_id) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN CASE WHEN aidlink.sees_identities() THEN aidlink.resident_id_to_text(resident_id)
            ELSE aidlink.resident_id_mask(resident_id) END;
COMMENT ON FUNCTION aidlink.resident_id_shown(aidlink.resident_id) IS
  'An identity number as the current user may see it: whole for a superuser, aidlink_admin or aidlink_caseworker, masked (first 6 and last 4 characters) for everyone else. For reports and exports: SELECT aidlink.resident_id_shown(resident_id) masks by default';

CREATE FUNCTION aidlink.name_shown(name text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN CASE WHEN aidlink.sees_identities() THEN name ELSE aidlink.name_mask(name) END;
COMMENT ON FUNCTION aidlink.name_shown(text) IS
  'A name as the current user may see it: whole for a superuser, aidlink_admin or aidlink_caseworker, masked by aidlink.name_mask() for everyone else';

CREATE VIEW aidlink.persons_masked WITH (security_barrier = true) AS
SELECT aidlink.resident_id_mask(p.resident_id) AS resident_id, aidlink.name_mask(p.name) AS name,
       pg_catalog.date_part('year', p.birth_date)::integer AS birth_year, p.sex, p.household_no,
       (p.phone IS NOT NULL) AS has_phone, p.run_id
FROM aidlink.persons p;
COMMENT ON COLUMN aidlink.persons_masked.resident_id IS 'The number masked: first 6 and last 4 characters';
COMMENT ON COLUMN aidlink.persons_masked.name IS 'The name masked: its first character';
COMMENT ON COLUMN aidlink.persons_masked.birth_year IS 'Year of birth';
COMMENT ON COLUMN aidlink.persons_masked.sex IS 'Sex';
COMMENT ON COLUMN aidlink.persons_masked.household_no IS 'Household number';
COMMENT ON COLUMN aidlink.persons_masked.has_phone IS 'Whether a phone is known';
COMMENT ON COLUMN aidlink.persons_masked.run_id IS 'The linkage run that last wrote the person';
COMMENT ON VIEW aidlink.persons_masked IS
  'aidlink.persons for report writers: the number masked (first 6 and last 4 characters), the name masked, the birth year only, whether there is a phone; no address. Reads every row (it runs with its owner''s rights): grant it only to roles that may count the whole population';

CREATE VIEW aidlink.links_masked WITH (security_barrier = true) AS
SELECT l.source_name, aidlink.resident_id_mask(l.resident_id) AS resident_id, l.method, l.status, l.reason,
       l.problem, l.in_reference, l.match_weight, l.match_probability,
       pg_catalog.cardinality(l.candidates) AS candidates, l.run_id
FROM aidlink.links l;
COMMENT ON COLUMN aidlink.links_masked.source_name IS 'The source';
COMMENT ON COLUMN aidlink.links_masked.resident_id IS 'The linked number masked: first 6 and last 4 characters';
COMMENT ON COLUMN aidlink.links_masked.method IS 'How it was linked (as in aidlink.links)';
COMMENT ON COLUMN aidlink.links_masked.status IS 'accepted, review or unresolved';
COMMENT ON COLUMN aidlink.links_masked.reason IS 'Why it is to review or unresolved';
COMMENT ON COLUMN aidlink.links_masked.problem IS 'What is wrong with the typed number';
COMMENT ON COLUMN aidlink.links_masked.in_reference IS 'Whether the person is in the reference population';
COMMENT ON COLUMN aidlink.links_masked.match_weight IS 'Probabilistic links: the total match weight';
COMMENT ON COLUMN aidlink.links_masked.match_probability IS 'Probabilistic links: the match probability';
COMMENT ON COLUMN aidlink.links_masked.candidates IS 'How many candidate persons there were';
COMMENT ON COLUMN aidlink.links_masked.run_id IS 'The linkage run that wrote the link';
COMMENT ON VIEW aidlink.links_masked IS
  'aidlink.links for report writers: the number masked, no row key, no detail (which quotes the row), the number of candidates instead of their numbers. Reads every row (it runs with its owner''s rights)';

CREATE VIEW aidlink.person_scores_masked WITH (security_barrier = true) AS
SELECT s.month, aidlink.resident_id_mask(s.resident_id) AS resident_id, s.household_no, s.score, s.signals, s.intensities
FROM aidlink.person_scores s;
COMMENT ON COLUMN aidlink.person_scores_masked.month IS 'The month scored';
COMMENT ON COLUMN aidlink.person_scores_masked.resident_id IS 'The number masked: first 6 and last 4 characters';
COMMENT ON COLUMN aidlink.person_scores_masked.household_no IS 'Household number';
COMMENT ON COLUMN aidlink.person_scores_masked.score IS 'The person''s score';
COMMENT ON COLUMN aidlink.person_scores_masked.signals IS 'Signals that fired';
COMMENT ON COLUMN aidlink.person_scores_masked.intensities IS 'Their intensities';
COMMENT ON VIEW aidlink.person_scores_masked IS
  'aidlink.person_scores for report writers: the number masked. Reads every row (it runs with its owner''s rights)';

-----------------------------------------------------------------------------
-- Masked explanations for report writers
-----------------------------------------------------------------------------
-- A report writer may not read numbers, names or row keys, so explain_link
-- and explain_score, which run with the caller's rights, cannot compute an
-- explanation for it.  They hand over to the two functions below, which run
-- as aidlink_admin (their owner, set by aidlink.grant_role_privileges: never
-- as a superuser, so that nothing a registered source runs gains a
-- superuser's rights), compute the explanation as an administrator would
-- and return it masked.  Only aidlink_reporter may call them.  A report
-- writer reads every row of aidlink's tables (its policies), so what they
-- read of those is what it may read; a departmental row is read twice: by
-- explain_link with the caller's own rights (its privileges and row-level
-- security apply) and by the masked function, which refuses unless both
-- reads agree: called directly with made-up values it explains nothing.

CREATE FUNCTION aidlink.source_row_digest(source_name text, row_key text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    src aidlink.link_sources;
    ev  record;
BEGIN
    SELECT * INTO src FROM aidlink.link_sources s WHERE s.source_name = source_row_digest.source_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source "%" is not registered', source_name USING ERRCODE = 'undefined_object';
    END IF;
    SELECT * INTO ev FROM aidlink.source_row_evidence(src, row_key);
    -- (a row that carries no evidence at all is as good as no row)
    RETURN CASE WHEN NOT (ev IS NULL) THEN md5(ev::text) END;    -- (IS NULL: every field NULL)
END
$fn$;
COMMENT ON FUNCTION aidlink.source_row_digest(text, text) IS
  'A digest (md5) of the evidence a source''s row carries, as the caller may read it (NULL when it may not see the row): how aidlink.explain_link_masked() knows that its caller sees the row it explains';

CREATE FUNCTION aidlink.explain_value_mask(field text, value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
    WHEN value IS NULL THEN NULL
    WHEN field IN ('number', 'id_number') THEN
        CASE WHEN pg_catalog.char_length(value) OPERATOR(pg_catalog.>) 10
             THEN pg_catalog.left(value, 6) OPERATOR(pg_catalog.||)
                  pg_catalog.repeat('*', pg_catalog.char_length(value) OPERATOR(pg_catalog.-) 10) OPERATOR(pg_catalog.||)
                  pg_catalog.right(value, 4)
             ELSE pg_catalog.repeat('*', pg_catalog.char_length(value)) END
    WHEN field OPERATOR(pg_catalog.=) 'name' THEN aidlink.name_mask(value)
    WHEN field OPERATOR(pg_catalog.=) 'birth_date'     -- (the year, whatever the DateStyle)
        THEN COALESCE(pg_catalog.substring(value, '[0-9]{4}'), '****') OPERATOR(pg_catalog.||) '-**-**'
    WHEN field OPERATOR(pg_catalog.=) 'sex' THEN value
    ELSE NULL END;     -- phone, address, anything else: withheld
COMMENT ON FUNCTION aidlink.explain_value_mask(text, text) IS
  'A value of a link explanation as a report writer sees it: a number (typed or a person''s) keeps its first 6 and last 4 characters, a name its first character (aidlink.name_mask), a birth date its year, sex is shown; a phone, an address or any other field is withheld (NULL)';

CREATE FUNCTION aidlink.explain_link_masked(source_name text, row_key text, candidate aidlink.resident_id,
    row_digest text,
    OUT step integer, OUT field text, OUT row_value text, OUT person_value text, OUT level text,
    OUT m float8, OUT u float8, OUT partial_weight float8, OUT tf_adjustment float8,
    OUT total_weight float8, OUT match_probability float8)
RETURNS SETOF record
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'aidlink.explain_link_masked() runs as a superuser'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It must run as aidlink_admin, so that nothing a registered source runs gets a superuser''s rights.',
                  HINT = 'A superuser runs SELECT aidlink.grant_role_privileges() (after a restore or an upgrade).';
    END IF;
    IF row_digest IS NULL THEN
        RAISE EXCEPTION 'source "%" has no link for row key %', source_name, quote_literal(row_key)
            USING ERRCODE = 'no_data_found', HINT = 'Run aidlink.link_source() first, or check the key.';
    END IF;
    IF row_digest IS DISTINCT FROM aidlink.source_row_digest(source_name, row_key) THEN
        RAISE EXCEPTION 'permission denied to explain row % of source "%"', quote_literal(row_key), source_name
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The row given is not the row of the source.';
    END IF;
    RETURN QUERY
    SELECT e.step, e.field, aidlink.explain_value_mask(e.field, e.row_value),
           aidlink.explain_value_mask(e.field, e.person_value),
           CASE WHEN e.field = 'number' THEN split_part(e.level, ':', 1) ELSE e.level END,   -- (a repair's detail quotes the row)
           e.m, e.u, e.partial_weight, e.tf_adjustment, e.total_weight, e.match_probability
    FROM aidlink.explain_link(source_name, row_key, candidate) e;
END
$fn$;
COMMENT ON FUNCTION aidlink.explain_link_masked(text, text, aidlink.resident_id, text) IS
  'aidlink.explain_link() for report writers (only aidlink_reporter may call it; explain_link calls it for them): the same steps, weights and levels, the values masked by aidlink.explain_value_mask(), no repair detail. Runs as aidlink_admin; row_digest must be aidlink.source_row_digest() of the row as the caller reads it';

CREATE FUNCTION aidlink.explain_score_masked(household_no text, month date,
    OUT signal_name text, OUT description text, OUT level text, OUT resident_id aidlink.resident_id,
    OUT source_name text, OUT row_keys text[], OUT rows_counted bigint, OUT amount float8,
    OUT weight float8, OUT intensity float8, OUT contribution float8, OUT counted boolean,
    OUT member text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    IF (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION 'aidlink.explain_score_masked() runs as a superuser'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It must run as aidlink_admin, so that nothing a registered source runs gets a superuser''s rights.',
                  HINT = 'A superuser runs SELECT aidlink.grant_role_privileges() (after a restore or an upgrade).';
    END IF;
    RETURN QUERY
    SELECT e.signal_name, e.description, e.level, NULL::aidlink.resident_id, e.source_name,
           NULL::text[], NULL::bigint, NULL::float8, e.weight, e.intensity, e.contribution, e.counted,
           aidlink.resident_id_mask(e.resident_id)
    FROM aidlink.explain_score(household_no, month) e;
END
$fn$;
COMMENT ON FUNCTION aidlink.explain_score_masked(text, date) IS
  'aidlink.explain_score() for report writers (only aidlink_reporter may call it; explain_score calls it for them): the same signals, weights, intensities and contributions, the member''s number masked (member), and nothing read from a source''s rows (no number, row keys, row count or amount). Runs as aidlink_admin';
REVOKE EXECUTE ON FUNCTION aidlink.explain_link_masked(text, text, aidlink.resident_id, text),
                           aidlink.explain_score_masked(text, date) FROM PUBLIC;

-----------------------------------------------------------------------------
-- The roles and their privileges
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.grant_role_privileges() RETURNS SETOF text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp   -- (the policies' conditions use aidlink's = on numbers; bound when made)
SET client_min_messages = warning                -- (no notice for each policy not there yet)
AS $fn$
DECLARE
    -- tables with a row per person or household, and the columns a report
    -- writer may read in each (the others identify somebody)
    personal CONSTANT jsonb := jsonb_build_object(
        'persons',             '["sex", "household_no", "run_id"]',
        'links',               '["source_name", "method", "status", "reason", "problem", "in_reference", "match_weight", "match_probability", "run_id"]',
        'link_changes',        '["run_id", "source_name", "change", "old_method", "new_method", "old_status", "new_status"]',
        'person_contacts',     '["kind", "source_name", "run_id"]',
        'outside_rows',        '["source_name", "run_id"]',
        'person_clusters',     '["source_name", "cluster_key"]',
        'person_scores',       '["month", "household_no", "score", "signals", "intensities"]',
        'household_scores',    '["month", "household_no", "score", "signals", "intensities", "contributions", "alerts", "category", "on_roll", "listed", "list_rank", "no_current_member"]',
        'score_outcomes',      '["household_no", "month", "confirmed", "visited_on"]',
        'aid_households',      '["household_no", "month", "region", "category", "income"]',
        'aid_members',         '["household_no", "month", "attributes"]',
        'aid_costs',           '["household_no", "claim_date", "kind", "amount"]',
        'aid_payments',        '["run_id", "household_no", "policy", "benefit", "rule", "quantity", "rate_or_amount", "amount"]',
        'certificate_answers', '["answer_id", "asked_at", "question", "item", "issuer", "on_date"]');
    secret CONSTANT text[] := ARRAY['pseudonym_keys', 'pseudonym_key_versions', 'pseudonym_key_users'];
    masked CONSTANT text[] := ARRAY['persons_masked', 'links_masked', 'person_scores_masked'];
    r record;
    cols text;
BEGIN
    IF to_regrole('aidlink_admin') IS NULL OR to_regrole('aidlink_reporter') IS NULL OR to_regrole('aidlink_caseworker') IS NULL THEN
        RAISE EXCEPTION 'the roles aidlink_admin, aidlink_reporter and aidlink_caseworker do not all exist'
            USING ERRCODE = 'undefined_object',
                  HINT = 'Call aidlink.create_roles(), which creates the missing ones and then grants.';
    END IF;
    FOR r IN
        SELECT c.relname, c.relkind FROM pg_class c
        WHERE c.relnamespace = 'aidlink'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT c.relispartition
        ORDER BY c.relname
    LOOP
        IF r.relkind = 'S' THEN
            EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE aidlink.%I TO aidlink_admin', r.relname);
            RETURN NEXT format('sequence %s: admin', r.relname);
        ELSIF r.relname = ANY (secret) THEN
            RETURN NEXT format('%s: nobody', r.relname);
        ELSIF r.relname = ANY (masked) THEN
            EXECUTE format('GRANT SELECT ON aidlink.%I TO aidlink_admin, aidlink_reporter', r.relname);
            RETURN NEXT format('%s: admin, reporter', r.relname);
        ELSIF r.relname = 'pseudonym_index' THEN
            -- tokens back to numbers, of the keys the reader may use only
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON aidlink.%I TO aidlink_admin', r.relname);
            RETURN NEXT format('%s: admin (keys granted to it only)', r.relname);
        ELSIF r.relname IN ('my_households', 'my_residents', 'my_pseudonym_keys') THEN
            RETURN NEXT format('%s: everyone (own rows)', r.relname);
        ELSIF personal ? r.relname THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON aidlink.%I TO aidlink_admin', r.relname);
            EXECUTE format('GRANT SELECT ON aidlink.%I TO aidlink_caseworker', r.relname);
            SELECT string_agg(quote_ident(x), ', ') INTO cols FROM jsonb_array_elements_text((personal ->> r.relname)::jsonb) x;
            IF cols IS NOT NULL THEN
                EXECUTE format('GRANT SELECT (%s) ON aidlink.%I TO aidlink_reporter', cols, r.relname);
            END IF;
            RETURN NEXT format('%s: admin, caseworker (own communities), reporter (%s)', r.relname, coalesce(cols, 'no column'));
        ELSIF r.relkind IN ('v', 'm') AND EXISTS (
                SELECT FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid JOIN pg_class t ON t.oid = d.refobjid
                WHERE w.ev_class = format('aidlink.%I', r.relname)::regclass AND t.relrowsecurity) THEN
            -- over tables about people: they run with the caller's rights
            EXECUTE format('GRANT SELECT ON aidlink.%I TO aidlink_admin, aidlink_caseworker', r.relname);
            RETURN NEXT format('%s: admin, caseworker (rows as in its tables)', r.relname);
        ELSIF r.relkind IN ('v', 'm') THEN
            EXECUTE format('GRANT SELECT ON aidlink.%I TO aidlink_admin, aidlink_reporter, aidlink_caseworker', r.relname);
            RETURN NEXT format('%s: admin, reporter, caseworker', r.relname);
        ELSE
            -- settings, catalogues, run logs: no row about anybody
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON aidlink.%I TO aidlink_admin', r.relname);
            EXECUTE format('GRANT SELECT ON aidlink.%I TO aidlink_reporter, aidlink_caseworker', r.relname);
            RETURN NEXT format('%s: admin, read by reporter and caseworker', r.relname);
        END IF;
    END LOOP;
    -- how often each folded name occurs (the term-frequency adjustment of
    -- explain_link): no row about anybody, but names: not for report writers
    REVOKE SELECT ON aidlink.name_frequencies FROM aidlink_reporter;
    RETURN NEXT 'name_frequencies: not read by reporter';
    -- the policies: per role, so that a role sees only its own in its plans
    -- (an administrator's queries carry no condition at all)
    FOR r IN SELECT * FROM aidlink.row_security_tables() LOOP
        EXECUTE format('DROP POLICY IF EXISTS aidlink_admin_rows ON aidlink.%I', r.table_name);
        EXECUTE format('DROP POLICY IF EXISTS aidlink_reporter_rows ON aidlink.%I', r.table_name);
        EXECUTE format('DROP POLICY IF EXISTS aidlink_caseworker_rows ON aidlink.%I', r.table_name);
        EXECUTE format('CREATE POLICY aidlink_admin_rows ON aidlink.%I TO aidlink_admin USING (true) WITH CHECK (true)', r.table_name);
        EXECUTE format('COMMENT ON POLICY aidlink_admin_rows ON aidlink.%I IS %L', r.table_name,
                       'aidlink_admin reads and writes every row (made by aidlink.grant_role_privileges)');
        EXECUTE format('CREATE POLICY aidlink_reporter_rows ON aidlink.%I FOR SELECT TO aidlink_reporter USING (true)', r.table_name);
        EXECUTE format('COMMENT ON POLICY aidlink_reporter_rows ON aidlink.%I IS %L', r.table_name,
                       'aidlink_reporter reads every row, in the columns granted to it (made by aidlink.grant_role_privileges)');
        IF r.caseworker_rows IS NOT NULL THEN
            EXECUTE format('CREATE POLICY aidlink_caseworker_rows ON aidlink.%I %s TO aidlink_caseworker USING (%s)',
                           r.table_name, CASE WHEN r.table_name = 'score_outcomes' THEN 'FOR ALL' ELSE 'FOR SELECT' END,
                           r.caseworker_rows);
            EXECUTE format('COMMENT ON POLICY aidlink_caseworker_rows ON aidlink.%I IS %L', r.table_name,
                           'aidlink_caseworker reads the rows of the households of its communities, aidlink.my_households (made by aidlink.grant_role_privileges)');
        END IF;
        RETURN NEXT format('%s: row-level security policies for admin, reporter%s', r.table_name,
                           CASE WHEN r.caseworker_rows IS NOT NULL THEN ', caseworker' ELSE '' END);
    END LOOP;
    GRANT INSERT, UPDATE ON aidlink.score_outcomes TO aidlink_caseworker;
    RETURN NEXT 'score_outcomes: caseworkers record visits of their households';
    -- the masked explanations run as aidlink_admin (a superuser can give
    -- a function away; until then they refuse to run), for report writers
    IF (SELECT x.rolsuper FROM pg_roles x WHERE x.rolname = current_user) THEN
        ALTER FUNCTION aidlink.explain_link_masked(text, text, aidlink.resident_id, text) OWNER TO aidlink_admin;
        ALTER FUNCTION aidlink.explain_score_masked(text, date) OWNER TO aidlink_admin;
        RETURN NEXT 'explain_link_masked(), explain_score_masked(): run as admin, called by reporter';
    ELSE
        RETURN NEXT 'explain_link_masked(), explain_score_masked(): called by reporter; NOT owned by admin (run this as a superuser)';
    END IF;
    GRANT EXECUTE ON FUNCTION aidlink.explain_link_masked(text, text, aidlink.resident_id, text),
                              aidlink.explain_score_masked(text, date) TO aidlink_reporter;
    GRANT USAGE ON SCHEMA aidlink TO aidlink_admin, aidlink_reporter, aidlink_caseworker;
    GRANT EXECUTE ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text),
                              aidlink.pseudonym(aidlink.resident_id, text, integer) TO aidlink_admin;
    RETURN NEXT 'pseudonym(): admin (and only under the keys granted with aidlink.pseudonym_key_grant)';
END
$fn$;
COMMENT ON FUNCTION aidlink.grant_role_privileges() IS
  'Grants aidlink_admin, aidlink_reporter and aidlink_caseworker their privileges on every table, view and sequence of aidlink in this database (one line each, saying who gets what); call it again after ALTER EXTENSION aidlink UPDATE. Functions stay executable by PUBLIC: they run with the caller''s rights, so the table privileges and row-level security decide what they return';

CREATE FUNCTION aidlink.create_roles() RETURNS SETOF text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    r text;
    what CONSTANT jsonb := jsonb_build_object(
        'aidlink_admin', 'aidlink: runs linkage, scoring, aid and certificate work; reads every row and column (not the pseudonym keys)',
        'aidlink_reporter', 'aidlink: report writers; every row, no identifying column (masked views instead)',
        'aidlink_caseworker', 'aidlink: caseworkers; every column of the rows of their communities (aidlink.caseworker_communities)');
BEGIN
    FOREACH r IN ARRAY ARRAY['aidlink_admin', 'aidlink_reporter', 'aidlink_caseworker'] LOOP
        IF to_regrole(r) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'permission denied to create role %', r
                    USING ERRCODE = 'insufficient_privilege',
                          DETAIL = 'Roles are created by a superuser or a role with CREATEROLE.',
                          HINT = 'Ask the cluster''s administrator to run SELECT aidlink.create_roles() in this database.';
            END;
            EXECUTE format('COMMENT ON ROLE %I IS %L', r, what ->> r);
            RETURN NEXT format('role %s created', r);
        ELSIF (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = r) THEN
            RAISE EXCEPTION 'role % exists and is a superuser or bypasses row-level security', r
                USING ERRCODE = 'invalid_grant_operation',
                      DETAIL = 'Every member of it would see every row of every table.',
                      HINT = format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS, or drop it, then call aidlink.create_roles() again.', r);
        ELSE
            RETURN NEXT format('role %s exists (made for another database of the cluster, or by hand): kept', r);
        END IF;
    END LOOP;
    RETURN QUERY SELECT aidlink.grant_role_privileges();
END
$fn$;
COMMENT ON FUNCTION aidlink.create_roles() IS
  'Creates the NOLOGIN group roles aidlink_admin, aidlink_reporter and aidlink_caseworker when they do not exist (they are cluster-wide: another database may have made them) and grants them their privileges in this database; says what it did, one line each. Give people the roles with GRANT aidlink_caseworker TO a_login_role';
REVOKE EXECUTE ON FUNCTION aidlink.create_roles(), aidlink.grant_role_privileges() FROM PUBLIC;
