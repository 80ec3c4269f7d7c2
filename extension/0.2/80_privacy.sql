
-----------------------------------------------------------------------------
-- Privacy (issue 8): keyed pseudonyms for exchange between departments
-----------------------------------------------------------------------------
-- A token is HMAC-SHA256(key, canonical 18-character number), its first 160
-- bits in base32, behind "v" and the key version:
-- v1-GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.  A plain hash of a number would be
-- reversible (there are only about 10^11 plausible numbers); without the key
-- a token says nothing.  The keys are in a table only the superuser reads;
-- the functions that use them are SECURITY DEFINER (with a fixed
-- search_path, or only schema-qualified queries) and read the key
-- themselves, so it is never an argument, a result, or part of a message.

CREATE TABLE aidlink.pseudonym_keys (
    key_name     text NOT NULL,
    key_version  integer NOT NULL,
    secret       bytea NOT NULL,
    valid_from   timestamptz NOT NULL DEFAULT now(),
    usable_until timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    note         text,
    PRIMARY KEY (key_name, key_version)
);
COMMENT ON TABLE aidlink.pseudonym_keys IS
  'Secret keys of the pseudonyms, one row per version of a key. No role but the superuser may read it: aidlink.pseudonym() and the key functions read it for their callers. Rows are checked by a trigger (whose errors never show the secret); a dump of the database contains the keys (pg_dump --exclude-table-data=aidlink.pseudonym_keys leaves them out)';
COMMENT ON COLUMN aidlink.pseudonym_keys.key_name IS 'Name of the key agreed between the departments that exchange tokens (lower case, digits, underscores)';
COMMENT ON COLUMN aidlink.pseudonym_keys.key_version IS 'Version of the key, 1 for the first; a token starts with it (v1-...)';
COMMENT ON COLUMN aidlink.pseudonym_keys.secret IS 'The HMAC-SHA256 key, 32 to 64 bytes; generated with pg_strong_random by aidlink.pseudonym_key_create and aidlink.pseudonym_rotate; never changed';
COMMENT ON COLUMN aidlink.pseudonym_keys.valid_from IS 'From when this version makes new tokens (the highest version in use is the current one)';
COMMENT ON COLUMN aidlink.pseudonym_keys.usable_until IS 'Until when this version may still make tokens (to match tokens made with it); NULL while it is not replaced';
COMMENT ON COLUMN aidlink.pseudonym_keys.created_at IS 'When the row was made';
COMMENT ON COLUMN aidlink.pseudonym_keys.note IS 'Free text: who agreed the key, with whom, why it was rotated';
REVOKE ALL ON aidlink.pseudonym_keys FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('aidlink.pseudonym_keys', '');

-- Constraints print the failing row (secret included) in their errors, so
-- the rows are checked here first, with messages that never show it.
CREATE FUNCTION aidlink.pseudonym_keys_check() RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NEW.key_name IS NULL OR NEW.key_name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid pseudonym key name: %', coalesce(quote_literal(left(NEW.key_name, 70)), 'NULL')
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A key name is 1 to 63 lower-case letters, digits and underscores, starting with a letter.';
    END IF;
    IF NEW.key_version IS NULL OR NEW.key_version NOT BETWEEN 1 AND 999999999 THEN
        RAISE EXCEPTION 'invalid version of pseudonym key "%": %', NEW.key_name, coalesce(NEW.key_version::text, 'NULL')
            USING ERRCODE = 'check_violation', DETAIL = 'A key version is 1 to 999999999.';
    END IF;
    IF NEW.secret IS NULL OR octet_length(NEW.secret) NOT BETWEEN 32 AND 64 THEN
        RAISE EXCEPTION 'invalid secret for version % of pseudonym key "%"', NEW.key_version, NEW.key_name
            USING ERRCODE = 'check_violation',
                  DETAIL = format('The secret is %s; it must be 32 to 64 bytes.',
                                  coalesce(octet_length(NEW.secret) || ' bytes', 'NULL')),
                  HINT = 'Let aidlink.pseudonym_key_create() or aidlink.pseudonym_rotate() generate it.';
    END IF;
    IF NEW.valid_from IS NULL OR NEW.created_at IS NULL THEN
        RAISE EXCEPTION 'version % of pseudonym key "%" needs valid_from and created_at', NEW.key_version, NEW.key_name
            USING ERRCODE = 'not_null_violation';
    END IF;
    IF NEW.usable_until < NEW.valid_from THEN
        RAISE EXCEPTION 'version % of pseudonym key "%" would be usable until before it is valid', NEW.key_version, NEW.key_name
            USING ERRCODE = 'check_violation',
                  DETAIL = format('valid_from %s, usable_until %s.', NEW.valid_from, NEW.usable_until);
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.secret IS DISTINCT FROM OLD.secret OR NEW.key_name IS DISTINCT FROM OLD.key_name
                             OR NEW.key_version IS DISTINCT FROM OLD.key_version) THEN
        RAISE EXCEPTION 'version % of pseudonym key "%" cannot be changed', OLD.key_version, OLD.key_name
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Its name, version and secret are fixed: tokens already exchanged depend on them.',
                  HINT = 'Make a new version with aidlink.pseudonym_rotate().';
    END IF;
    RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_keys_check() IS
  'Trigger of aidlink.pseudonym_keys: checks a row (name, version 1 to 999999999, secret of 32 to 64 bytes, dates) and keeps name, version and secret fixed, with errors that never show the secret';
REVOKE ALL ON FUNCTION aidlink.pseudonym_keys_check() FROM PUBLIC;
CREATE TRIGGER pseudonym_keys_check BEFORE INSERT OR UPDATE ON aidlink.pseudonym_keys
    FOR EACH ROW EXECUTE FUNCTION aidlink.pseudonym_keys_check();
COMMENT ON TRIGGER pseudonym_keys_check ON aidlink.pseudonym_keys IS
  'Checks each new or changed key row before any constraint could print it';

CREATE VIEW aidlink.pseudonym_key_versions AS
SELECT k.key_name, k.key_version, k.valid_from, k.usable_until, k.created_at, k.note,
       CASE WHEN k.usable_until <= now() OR k.usable_until <= k.valid_from THEN 'retired'
            WHEN k.valid_from > now() THEN 'future'
            WHEN k.key_version = max(k.key_version) FILTER (
                     WHERE k.valid_from <= now() AND (k.usable_until IS NULL OR k.usable_until > now()))
                     OVER (PARTITION BY k.key_name) THEN 'current'
            ELSE 'overlap' END AS status
FROM aidlink.pseudonym_keys k;
COMMENT ON VIEW aidlink.pseudonym_key_versions IS
  'The versions of each pseudonym key without their secrets: from when and until when each may make tokens, and its status now (current: makes aidlink.pseudonym() tokens; overlap: replaced, still matches its old tokens; future; retired). Not readable by PUBLIC: grant it to the roles that manage exchanges';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.key_name IS 'Name of the key';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.key_version IS 'Version of the key (tokens start v<version>-)';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.valid_from IS 'From when this version makes new tokens';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.usable_until IS 'Until when it may still make tokens; NULL while not replaced';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.created_at IS 'When the version was made';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.note IS 'Free text';
COMMENT ON COLUMN aidlink.pseudonym_key_versions.status IS 'current, overlap, future or retired, at the start of the transaction';
REVOKE ALL ON aidlink.pseudonym_key_versions FROM PUBLIC;

-- With the caller's rights, and no SET search_path, on purpose: these are C
-- functions that switch to their owner's rights for their only query
-- (src/pseudonym.c), which reads the key and whether the caller was granted
-- it (aidlink.pseudonym_key_users, 83_pseudonym_access.sql) and names its
-- tables, functions and operators with their schemas, so no search_path can
-- change what they run; a SET clause would cost about 700 ns a call (a
-- third of the call).
CREATE FUNCTION aidlink.pseudonym(resident_id aidlink.resident_id, key_name text) RETURNS text
    AS 'MODULE_PATHNAME', 'pseudonym_current'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text) IS
  'Pseudonym of a resident identity number for exchange: v<version>-<32 characters A-Z, 2-7>, the first 160 bits of HMAC-SHA256(key, the 18-character number) under the current version of the named key. The same number and key give the same token in every department that holds the key. EXECUTE is not granted to PUBLIC, and a role may use only the keys granted to it (aidlink.pseudonym_key_grant)';
REVOKE ALL ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text) FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym(resident_id aidlink.resident_id, key_name text, key_version integer) RETURNS text
    AS 'MODULE_PATHNAME', 'pseudonym_at_version'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text, integer) IS
  'Pseudonym of a resident identity number under a given version of the named key, while that version is usable: to match tokens received before a rotation (aidlink.pseudonym_key_version(token) says which). EXECUTE is not granted to PUBLIC, and a role may use only the keys granted to it (aidlink.pseudonym_key_grant)';
REVOKE ALL ON FUNCTION aidlink.pseudonym(aidlink.resident_id, text, integer) FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym_key_version(token text) RETURNS integer
    AS 'MODULE_PATHNAME', 'pseudonym_token_key_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.pseudonym_key_version(text) IS
  'The key version a pseudonym token was made with (v3-... gives 3); an error (22P02) says what is wrong with a text that is not a token';

CREATE FUNCTION aidlink.pseudonym_new_secret() RETURNS bytea
    AS 'MODULE_PATHNAME', 'pseudonym_new_secret' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION aidlink.pseudonym_new_secret() IS
  '32 bytes from the server''s strong random source (pg_strong_random), for a new key version; used by aidlink.pseudonym_key_create and aidlink.pseudonym_rotate. EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION aidlink.pseudonym_new_secret() FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym_key_create(key_name text, valid_from timestamptz DEFAULT now(),
                                             note text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM aidlink.pseudonym_keys k WHERE k.key_name = pseudonym_key_create.key_name) THEN
        RAISE EXCEPTION 'pseudonym key "%" already exists', key_name
            USING ERRCODE = 'unique_violation', HINT = 'Make a new version with aidlink.pseudonym_rotate().';
    END IF;
    INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret, valid_from, note)
    VALUES (key_name, 1, aidlink.pseudonym_new_secret(), coalesce(valid_from, now()), note);
    RETURN 1;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_key_create(text, timestamptz, text) IS
  'Makes version 1 of a new pseudonym key with a random secret (pg_strong_random), valid from valid_from; returns 1. The secret is never shown: departments that must compute the same tokens get the key row from the superuser out of band (COPY of aidlink.pseudonym_keys to a protected file). EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION aidlink.pseudonym_key_create(text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym_rotate(key_name text, overlap interval DEFAULT '90 days',
                                         valid_from timestamptz DEFAULT now(), note text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    latest aidlink.pseudonym_keys;
    v    integer;
BEGIN
    valid_from := coalesce(valid_from, now());
    IF overlap IS NULL OR overlap < interval '0' THEN
        RAISE EXCEPTION 'invalid overlap for pseudonym key "%": %', key_name, coalesce(overlap::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The overlap is how long the replaced versions still match their tokens; it cannot be negative.';
    END IF;
    -- the versions of this key, locked so that two rotations cannot race
    PERFORM 1 FROM aidlink.pseudonym_keys k WHERE k.key_name = pseudonym_rotate.key_name FOR UPDATE;
    SELECT * INTO latest FROM aidlink.pseudonym_keys k
     WHERE k.key_name = pseudonym_rotate.key_name ORDER BY k.key_version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pseudonym key "%" does not exist', key_name
            USING ERRCODE = 'undefined_object', HINT = 'Make it with aidlink.pseudonym_key_create().';
    END IF;
    IF valid_from < latest.valid_from THEN
        RAISE EXCEPTION 'the new version of pseudonym key "%" would be valid before version %', key_name, latest.key_version
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Version %s is valid from %s; the new one was asked from %s.',
                                  latest.key_version, latest.valid_from, valid_from);
    END IF;
    v := latest.key_version + 1;
    -- every earlier version still usable stays usable for the overlap only
    UPDATE aidlink.pseudonym_keys k
       SET usable_until = greatest(k.valid_from, pseudonym_rotate.valid_from + overlap)
     WHERE k.key_name = pseudonym_rotate.key_name
       AND (k.usable_until IS NULL OR k.usable_until > pseudonym_rotate.valid_from + overlap);
    INSERT INTO aidlink.pseudonym_keys (key_name, key_version, secret, valid_from, note)
    VALUES (key_name, v, aidlink.pseudonym_new_secret(), valid_from, note);
    RETURN v;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_rotate(text, interval, timestamptz, text) IS
  'Makes the next version of a pseudonym key with a new random secret, current from valid_from; the versions it replaces stay usable for the overlap (default 90 days) after valid_from, so tokens already exchanged can still be matched, and then stop. Returns the new version. EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION aidlink.pseudonym_rotate(text, interval, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION aidlink.pseudonym_key_retire(key_name text, key_version integer)
RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    stopped_at timestamptz;
BEGIN
    UPDATE aidlink.pseudonym_keys k
       SET usable_until = least(coalesce(k.usable_until, 'infinity'), greatest(k.valid_from, now()))
     WHERE k.key_name = pseudonym_key_retire.key_name AND k.key_version = pseudonym_key_retire.key_version
    RETURNING k.usable_until INTO stopped_at;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'pseudonym key "%" has no version %', key_name, key_version
            USING ERRCODE = 'undefined_object';
    END IF;
    RETURN stopped_at;
END
$fn$;
COMMENT ON FUNCTION aidlink.pseudonym_key_retire(text, integer) IS
  'Stops a version of a pseudonym key now (a leaked key, or the end of an exchange): it makes no more tokens, old ones no longer match. Returns when it stopped. The row stays, so the version number is never reused. EXECUTE is not granted to PUBLIC';
REVOKE ALL ON FUNCTION aidlink.pseudonym_key_retire(text, integer) FROM PUBLIC;
