-- 83_pseudonym_access.sql: who may use which pseudonym key, and linkage of
-- departmental rows that carry pseudonyms instead of numbers (issue 8).
--
-- A role may compute tokens under a key only when the key is granted to it
-- (or to a role whose rights it has) in aidlink.pseudonym_key_users;
-- EXECUTE on aidlink.pseudonym() is needed too.  The check is made by the C
-- function itself when it reads the key (src/pseudonym.c), for the role that
-- calls it.
--
-- A department that receives tokens (made by another department with the
-- same key) links them as numbers: aidlink.pseudonym_index holds the token of
-- every person of aidlink.persons under every usable version of a key
-- (filled by aidlink.pseudonym_index_refresh), and
-- aidlink.resident_id_of_pseudonym(token, key) reads it, so a view that adds
-- a number column to the department's table can be registered as a source
-- like any other.

CREATE TABLE aidlink.pseudonym_key_users (
    key_name   text NOT NULL,
    grantee    regrole NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (key_name, grantee)
);
COMMENT ON TABLE aidlink.pseudonym_key_users IS
  'Which roles may use which pseudonym key (every version of it): a role may compute tokens under a key granted to it or to a role whose rights it has. Written by aidlink.pseudonym_key_grant and aidlink.pseudonym_key_revoke; nobody but the superuser reads it';
COMMENT ON COLUMN aidlink.pseudonym_key_users.key_name IS 'A key of aidlink.pseudonym_keys';
COMMENT ON COLUMN aidlink.pseudonym_key_users.grantee IS 'The role that may use it (its members too)';
COMMENT ON COLUMN aidlink.pseudonym_key_users.granted_at IS 'When it was granted';
COMMENT ON COLUMN aidlink.pseudonym_key_users.granted_by IS 'Login role of the session that granted it';
REVOKE ALL ON aidlink.pseudonym_key_users FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('aidlink.pseudonym_key_users', '');

CREATE VIEW aidlink.my_pseudonym_keys AS
SELECT v.key_name, v.key_version, v.valid_from, v.usable_until, v.status
FROM aidlink.pseudonym_key_versions v
WHERE (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
   OR EXISTS (SELECT FROM aidlink.pseudonym_key_users u
              WHERE u.key_name = v.key_name AND pg_catalog.pg_has_role(u.grantee, 'USAGE'));
COMMENT ON VIEW aidlink.my_pseudonym_keys IS
  'The versions of the pseudonym keys the current user may use (granted to it or to a role whose rights it has; every key for a superuser), with their dates and status; no secret';
COMMENT ON COLUMN aidlink.my_pseudonym_keys.key_name IS 'The key';
COMMENT ON COLUMN aidlink.my_pseudonym_keys.key_version IS 'A version of it';
COMMENT ON COLUMN aidlink.my_pseudonym_keys.valid_from IS 'From when it makes tokens';
COMMENT ON COLUMN aidlink.my_pseudonym_keys.usable_until IS 'Until when it may still make tokens; NULL while not replaced';
COMMENT ON COLUMN aidlink.my_pseudonym_keys.status IS 'current, overlap, future or retired';
GRANT SELECT ON aidlink.my_pseudonym_keys TO PUBLIC;

CREATE FUNCTION aidlink.pseudonym_key_grant(key_name text, grantee regrole) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF key_name IS NULL OR grantee IS NULL THEN
        RAISE EXCEPTION 'a key name and a role are required'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT FROM aidlink.pseudonym_keys k WHERE k.key_name = pseudonym_key_grant.key_name) THEN
        RAISE EXCEPTION 'pseudonym key "%" does not exist', key_name
            USING ERRCODE = 'undefined_object', HINT = 'Make it with aidlink.pseudonym_key_create().';
    END IF;
    INSERT INTO aidlink.pseudonym_key_users (key_name, grantee)
    VALUES (key_name, grantee) ON CONFLICT DO NOTHING;
    RETURN FOUND;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_key_grant(text, regrole) IS
  'Lets a role (and its members) compute pseudonyms under a key (every version); returns false when it already could. The role needs EXECUTE on aidlink.pseudonym() too. EXECUTE is not granted to PUBLIC (key officers)';
REVOKE ALL ON FUNCTION aidlink.pseudonym_key_grant(text, regrole) FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym_key_revoke(key_name text, grantee regrole) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    DELETE FROM aidlink.pseudonym_key_users u
     WHERE u.key_name = pseudonym_key_revoke.key_name AND u.grantee = pseudonym_key_revoke.grantee;
    RETURN FOUND;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_key_revoke(text, regrole) IS
  'Stops a role from using a key (from its next statement); returns false when it had no grant. Members that have the key through another role keep it. EXECUTE is not granted to PUBLIC (key officers)';
REVOKE ALL ON FUNCTION aidlink.pseudonym_key_revoke(text, regrole) FROM PUBLIC;

-----------------------------------------------------------------------------
-- Linkage on pseudonyms
-----------------------------------------------------------------------------

CREATE TABLE aidlink.pseudonym_index (
    key_name    text NOT NULL,
    token       text NOT NULL,
    key_version integer NOT NULL,
    resident_id aidlink.resident_id NOT NULL,
    PRIMARY KEY (key_name, token)
);
COMMENT ON TABLE aidlink.pseudonym_index IS
  'The token of every person of aidlink.persons under every usable version of a key, to link departmental rows that carry tokens (aidlink.resident_id_of_pseudonym). Anyone who reads it can turn tokens back into numbers: a role sees the rows of the keys it may use only (row-level security), as it could compute them. Filled by aidlink.pseudonym_index_refresh; dumped like the keys (protect dumps)';
COMMENT ON COLUMN aidlink.pseudonym_index.key_name IS 'The key';
COMMENT ON COLUMN aidlink.pseudonym_index.token IS 'The token, v<version>-<32 characters>';
COMMENT ON COLUMN aidlink.pseudonym_index.key_version IS 'The version that made it';
COMMENT ON COLUMN aidlink.pseudonym_index.resident_id IS 'The person''s number';
REVOKE ALL ON aidlink.pseudonym_index FROM PUBLIC;
ALTER TABLE aidlink.pseudonym_index ENABLE ROW LEVEL SECURITY;
CREATE POLICY keys_of_the_user ON aidlink.pseudonym_index
    USING (key_name IN (SELECT k.key_name FROM aidlink.my_pseudonym_keys k));
COMMENT ON POLICY keys_of_the_user ON aidlink.pseudonym_index IS
  'A role sees and writes the tokens of the keys it may use only';
SELECT pg_catalog.pg_extension_config_dump('aidlink.pseudonym_index', '');

CREATE FUNCTION aidlink.pseudonym_index_refresh(key_name text) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    n bigint;
BEGIN
    IF key_name IS NULL THEN
        RAISE EXCEPTION 'a key name is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    DELETE FROM aidlink.pseudonym_index i WHERE i.key_name = pseudonym_index_refresh.key_name;
    -- every version usable now; pseudonym() checks that the caller may use the key
    INSERT INTO aidlink.pseudonym_index (key_name, token, key_version, resident_id)
    SELECT pseudonym_index_refresh.key_name, aidlink.pseudonym(p.resident_id, pseudonym_index_refresh.key_name, v.key_version),
           v.key_version, p.resident_id
    FROM aidlink.persons p
    CROSS JOIN (SELECT k.key_version FROM aidlink.my_pseudonym_keys k
                WHERE k.key_name = pseudonym_index_refresh.key_name AND k.status IN ('current', 'overlap')) v;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 AND NOT EXISTS (SELECT FROM aidlink.my_pseudonym_keys k WHERE k.key_name = pseudonym_index_refresh.key_name) THEN
        -- not allowed, or no such key: let pseudonym() say which
        PERFORM aidlink.pseudonym('11010519491231002X', key_name);
    END IF;
    IF n = 0 AND NOT EXISTS (SELECT FROM aidlink.persons) THEN
        RAISE EXCEPTION 'aidlink.persons is empty: there is nobody to index'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Link the reference source first (aidlink.link_source or aidlink.link_all).';
    END IF;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_index_refresh(text) IS
  'Makes again the tokens of every person of aidlink.persons (as the caller sees them) under every version of the key usable now, in aidlink.pseudonym_index; returns the number of tokens. Run it after the reference source is linked and after a rotation. The caller must be allowed to use the key and to write the index (aidlink_admin)';

CREATE FUNCTION aidlink.resident_id_of_pseudonym(token text, key_name text) RETURNS aidlink.resident_id
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT i.resident_id FROM aidlink.pseudonym_index i
    WHERE i.key_name OPERATOR(pg_catalog.=) resident_id_of_pseudonym.key_name
      AND i.token OPERATOR(pg_catalog.=) pg_catalog.btrim(resident_id_of_pseudonym.token);
END;
COMMENT ON FUNCTION aidlink.resident_id_of_pseudonym(text, text) IS
  'The number of the person of aidlink.persons whose token under the key is this one (any usable version), from aidlink.pseudonym_index; NULL for a token of nobody known, of a retired version, or of a key the caller may not use. For a view that gives a departmental table of tokens a number column, to register as a linkage source';
