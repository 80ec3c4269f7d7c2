
-----------------------------------------------------------------------------
-- Scoring: which members of a household are current (issue 4)
--
-- aidlink.persons holds everyone of the reference population, the dead with
-- the living: a household whose members are all registered dead (or moved
-- out) would be listed for the signals its members left behind.  The DBA
-- states, as a condition on the reference source's columns, which reference
-- rows are current members (for instance the register status); a household
-- with a score at or above the threshold but no current member is reported
-- apart (household_scores.no_current_member), never a candidate.
-----------------------------------------------------------------------------

CREATE TABLE aidlink.current_member_conditions (
    source_name    text PRIMARY KEY REFERENCES aidlink.link_sources ON UPDATE CASCADE,
    condition_text text NOT NULL,
    conditions     jsonb NOT NULL,
    defined_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE aidlink.current_member_conditions IS
  'Which rows of the reference source are current members of their household (for instance register status normal), defined with aidlink.define_current_members(): at most one row, for the reference source. Without a row every member counts. aidlink.score_month() lists no household without a current member';
COMMENT ON COLUMN aidlink.current_member_conditions.source_name IS 'The reference source (aidlink.link_sources.is_reference)';
COMMENT ON COLUMN aidlink.current_member_conditions.condition_text IS 'The condition as written';
COMMENT ON COLUMN aidlink.current_member_conditions.conditions IS 'The condition parsed by aidlink.parse_signal_condition()';
COMMENT ON COLUMN aidlink.current_member_conditions.defined_at IS 'When it was (last) defined';
SELECT pg_catalog.pg_extension_config_dump('aidlink.current_member_conditions', '');

CREATE FUNCTION aidlink.define_current_members(condition text)
RETURNS aidlink.current_member_conditions
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    ref  text;
    cond jsonb;
    r    aidlink.current_member_conditions;
BEGIN
    SELECT l.source_name INTO ref FROM aidlink.link_sources l WHERE l.is_reference;
    IF ref IS NULL THEN
        RAISE EXCEPTION 'define_current_members: no reference source is registered'
            USING ERRCODE = 'undefined_object',
                  HINT = 'Register the reference population (aidlink.register_source(..., is_reference => true)) first.';
    END IF;
    IF condition IS NULL OR btrim(condition) = '' THEN
        RAISE EXCEPTION 'define_current_members: a condition is required'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('For instance hkzt = ''正常'' on a column of %s; delete the row of aidlink.current_member_conditions to count every member.', ref);
    END IF;
    cond := aidlink.parse_signal_condition(ref, condition);
    DELETE FROM aidlink.current_member_conditions;
    INSERT INTO aidlink.current_member_conditions VALUES (ref, condition, cond, now()) RETURNING * INTO r;
    RETURN r;
END
$fn$;
COMMENT ON FUNCTION aidlink.define_current_members(text) IS
  'Defines (or redefines) which rows of the reference source are current members of their household: a condition on its columns, as for signals (for instance hkzt = ''正常''). A household with no current member is never on the candidate list of aidlink.score_month() (reported apart: household_scores.no_current_member). An empty condition, a condition that does not parse or no reference source is an error, and nothing changes';
