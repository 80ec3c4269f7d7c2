
-----------------------------------------------------------------------------
-- Rows the extension ships in tables a DBA edits.  pg_dump leaves such rows
-- to CREATE EXTENSION (their table's dump filter leaves them out), so they
-- must stay as shipped: a change would be lost by a dump and restore, and a
-- restored copy would clash with the shipped one.  A DBA adds rows instead.
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.keep_shipped_rows() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    key text := to_jsonb(OLD) ->> TG_ARGV[0];
BEGIN
    IF key = ANY (TG_ARGV[1:]) THEN
        RAISE EXCEPTION 'row % = % of %.% is shipped with aidlink and cannot be changed or deleted',
                        TG_ARGV[0], key, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s of a row the extension owns was attempted; a dump would not keep the change.', TG_OP),
                  HINT = CASE WHEN TG_ARGV[0] = 'effective_from'
                              THEN 'Insert a row with a later effective_from (for instance today''s date): the latest row on or before a day is the one used.'
                              ELSE 'Insert a row of your own with another key.' END;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;
COMMENT ON FUNCTION aidlink.keep_shipped_rows() IS
  'Trigger (BEFORE UPDATE OR DELETE, FOR EACH ROW) of tables with shipped rows: arguments are the key column and the keys of the shipped rows, which then cannot be changed or deleted (a dump leaves them to CREATE EXTENSION, so a change would be lost)';
