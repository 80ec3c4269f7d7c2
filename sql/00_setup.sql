--
-- Set-up shared by the regression tests: the extension, and a probe that
-- shows how a statement fails (SQLSTATE, message, detail, hint) as a row.
--
SET client_min_messages = warning;
CREATE EXTENSION aidlink;
RESET client_min_messages;
SET search_path = public, aidlink;

CREATE FUNCTION public.try(stmt text,
    OUT state text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    state := '00000';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;

-- The schema and its objects
SELECT extname, extversion, nspname AS schema
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'aidlink';
