
-----------------------------------------------------------------------------
-- The monthly cycle (issue 7): the four jobs run in order for a month, each
-- stage recorded with its rows and elapsed time, for a DBA's own scheduler
-- (pg_cron, cron + psql).  Link all sources, score the month, compute the
-- month's aid, audit the month's certificates.
--
-- The procedures commit after each stage (the linkage commits after each
-- source), so they are CALLed outside a transaction block; a procedure that
-- commits cannot take SET search_path, so every name in them is qualified.
-----------------------------------------------------------------------------

CREATE TABLE aidlink.cycle_settings (
    only_row                    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    aid_input_procedure         regprocedure,
    aid_with_trace              boolean NOT NULL DEFAULT true,
    certificates_table          regclass,
    certificates_item_column    name,
    certificates_issuer_column  name,
    certificates_date_column    name,
    community_pattern           text NOT NULL DEFAULT '([^省市县]+?(街道|镇|乡|开发区))',
    CHECK ((certificates_table IS NULL) = (certificates_item_column IS NULL)
           AND (certificates_table IS NULL) = (certificates_issuer_column IS NULL)
           AND (certificates_table IS NULL) = (certificates_date_column IS NULL))
);
COMMENT ON TABLE aidlink.cycle_settings IS
  'How the monthly cycle (aidlink.run_monthly_cycle) finds a city''s own data: at most one row, edited by the DBA. Without a row the aid stage computes whatever input aidlink.aid_households holds for the month and the certificate stage is skipped';
COMMENT ON COLUMN aidlink.cycle_settings.only_row IS 'Always true: the table holds at most one row';
COMMENT ON COLUMN aidlink.cycle_settings.aid_input_procedure IS 'A procedure taking the month (date) that fills aidlink.aid_households, aid_members and aid_costs for that month from the city''s tables; CALLed before the aid is computed (NULL: the input is filled some other way)';
COMMENT ON COLUMN aidlink.cycle_settings.aid_with_trace IS 'Whether the aid lines keep their traces (aidlink.compute_aid_month with_trace)';
COMMENT ON COLUMN aidlink.cycle_settings.certificates_table IS 'The table (or view) of certificates the communities issued, audited month by month (NULL: no certificate stage)';
COMMENT ON COLUMN aidlink.cycle_settings.certificates_item_column IS 'Its column naming the item certified';
COMMENT ON COLUMN aidlink.cycle_settings.certificates_issuer_column IS 'Its column naming the issuer';
COMMENT ON COLUMN aidlink.cycle_settings.certificates_date_column IS 'Its column with the date of issue (a date): the month''s rows are those dated in the month';
COMMENT ON COLUMN aidlink.cycle_settings.community_pattern IS 'A regular expression whose first parenthesised part, applied to a household''s address in aidlink.persons, names its community or town for the reports (the default takes the subdistrict, town or zone after the province and city)';

CREATE TABLE aidlink.cycle_runs (
    cycle_id     bigserial PRIMARY KEY,
    month        date NOT NULL CHECK (month = date_trunc('month', month)),
    stages       text[] NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
    error        text,
    started_by   name NOT NULL DEFAULT session_user
);
COMMENT ON TABLE aidlink.cycle_runs IS
  'One row per run of the monthly cycle (or of one of its stages called on its own): the month, the stages asked for, when, by whom, and how it ended';
COMMENT ON SEQUENCE aidlink.cycle_runs_cycle_id_seq IS 'Numbers of aidlink.cycle_runs';
COMMENT ON COLUMN aidlink.cycle_runs.cycle_id IS 'Number of the run, increasing';
COMMENT ON COLUMN aidlink.cycle_runs.month IS 'The month (its first day)';
COMMENT ON COLUMN aidlink.cycle_runs.stages IS 'The stages asked for, in order (link, score, aid, certificates)';
COMMENT ON COLUMN aidlink.cycle_runs.started_at IS 'When the run started';
COMMENT ON COLUMN aidlink.cycle_runs.finished_at IS 'When it ended (NULL while it runs, or when its session died)';
COMMENT ON COLUMN aidlink.cycle_runs.status IS 'running, done, failed (error says why) or interrupted (its session ended while it ran: found so by the next run)';
COMMENT ON COLUMN aidlink.cycle_runs.error IS 'The error that stopped it';
COMMENT ON COLUMN aidlink.cycle_runs.started_by IS 'The session user who started it';

CREATE TABLE aidlink.cycle_stages (
    cycle_id     bigint NOT NULL REFERENCES aidlink.cycle_runs ON DELETE CASCADE,
    stage        text NOT NULL CHECK (stage IN ('link', 'score', 'aid', 'certificates')),
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz,
    status       text NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'done', 'failed', 'skipped', 'interrupted')),
    rows         bigint,
    detail       jsonb,
    error        text,
    PRIMARY KEY (cycle_id, stage)
);
COMMENT ON TABLE aidlink.cycle_stages IS
  'One row per stage of a cycle run: when it started and ended, how it ended, the rows it handled and what it produced (detail), for the reports';
COMMENT ON COLUMN aidlink.cycle_stages.cycle_id IS 'The cycle run';
COMMENT ON COLUMN aidlink.cycle_stages.stage IS 'link (every registered source), score (the month''s household scores), aid (the month''s aid) or certificates (the month''s issued certificates audited)';
COMMENT ON COLUMN aidlink.cycle_stages.started_at IS 'When the stage started';
COMMENT ON COLUMN aidlink.cycle_stages.finished_at IS 'When it ended';
COMMENT ON COLUMN aidlink.cycle_stages.status IS 'running, done, failed, skipped (nothing to do: detail says why) or interrupted';
COMMENT ON COLUMN aidlink.cycle_stages.rows IS 'Rows handled: source rows read (link), households scored (score), aid lines written (aid), certificates audited (certificates)';
COMMENT ON COLUMN aidlink.cycle_stages.detail IS 'What the stage produced: link run numbers and link counts by status; the score counts; the aid run number, households and total; the certificates'' verdict counts';
COMMENT ON COLUMN aidlink.cycle_stages.error IS 'The error that stopped the stage';

SELECT pg_catalog.pg_extension_config_dump('aidlink.cycle_settings', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.cycle_runs', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.cycle_runs_cycle_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.cycle_stages', '');

CREATE VIEW aidlink.cycle_stage_times AS
SELECT s.cycle_id, r.month, s.stage, s.status, s.rows,
       round(extract(epoch FROM coalesce(s.finished_at, clock_timestamp()) - s.started_at)::numeric, 3) AS seconds,
       s.started_at, s.finished_at, s.detail, s.error
FROM aidlink.cycle_stages s JOIN aidlink.cycle_runs r USING (cycle_id);
COMMENT ON VIEW aidlink.cycle_stage_times IS
  'Each stage of each cycle run with its month, status, rows and elapsed seconds (wall clock; up to now for a stage still running)';
COMMENT ON COLUMN aidlink.cycle_stage_times.cycle_id IS 'The cycle run';
COMMENT ON COLUMN aidlink.cycle_stage_times.month IS 'Its month';
COMMENT ON COLUMN aidlink.cycle_stage_times.stage IS 'The stage';
COMMENT ON COLUMN aidlink.cycle_stage_times.status IS 'How it ended';
COMMENT ON COLUMN aidlink.cycle_stage_times.rows IS 'Rows handled';
COMMENT ON COLUMN aidlink.cycle_stage_times.seconds IS 'Elapsed seconds, wall clock';
COMMENT ON COLUMN aidlink.cycle_stage_times.started_at IS 'When it started';
COMMENT ON COLUMN aidlink.cycle_stage_times.finished_at IS 'When it ended';
COMMENT ON COLUMN aidlink.cycle_stage_times.detail IS 'What it produced';
COMMENT ON COLUMN aidlink.cycle_stage_times.error IS 'The error that stopped it';

-- The month a cycle works on: any day of it, not NULL, not in the future
CREATE FUNCTION aidlink.cycle_month(month date) RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF month IS NULL THEN
        RAISE EXCEPTION 'the month of a cycle cannot be NULL'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Give any day of the month, e.g. ''2025-06-01''.';
    END IF;
    IF NOT isfinite(month) THEN
        RAISE EXCEPTION 'the month of a cycle must be a real date, not %', month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN date_trunc('month', month)::date;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_month(date) IS
  'The first day of the month of a cycle (any day of the month given); refuses NULL and infinity';

-- One cycle at a time: a session-level advisory lock (417301, 7)
CREATE FUNCTION aidlink.cycle_lock_held() RETURNS boolean
LANGUAGE sql VOLATILE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
                    WHERE l.locktype = 'advisory' AND l.pid = pg_catalog.pg_backend_pid() AND l.granted
                      AND l.classid = 417301::oid AND l.objid = 7::oid AND l.objsubid = 2);
END;
COMMENT ON FUNCTION aidlink.cycle_lock_held() IS
  'Whether this session holds the monthly cycle''s lock (the session-level advisory lock 417301, 7 that keeps cycles from interleaving)';

-- Opens a cycle run: one at a time (an advisory lock held by the session),
-- and earlier runs left 'running' by a session that ended are marked
-- interrupted.
CREATE FUNCTION aidlink.cycle_open(month date, stages text[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c bigint;
    m date := aidlink.cycle_month(month);
    bad text;
BEGIN
    IF stages IS NULL OR cardinality(stages) = 0 THEN
        RAISE EXCEPTION 'a cycle needs at least one stage' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The stages are link, score, aid and certificates.';
    END IF;
    SELECT coalesce(u, 'NULL') INTO bad FROM unnest(stages) u
     WHERE u IS NULL OR u NOT IN ('link', 'score', 'aid', 'certificates') LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'unknown cycle stage "%"', bad USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The stages are link, score, aid and certificates.';
    END IF;
    -- (a session whose earlier cycle failed in the linkage still holds it)
    IF NOT aidlink.cycle_lock_held() AND NOT pg_try_advisory_lock(417301, 7) THEN
        RAISE EXCEPTION 'another monthly cycle is running in this database'
            USING ERRCODE = 'lock_not_available',
                  DETAIL = (SELECT format('Cycle %s (%s) started at %s by %s.', r.cycle_id, to_char(r.month, 'YYYY-MM'),
                                          r.started_at, r.started_by)
                              FROM aidlink.cycle_runs r WHERE r.status = 'running' ORDER BY r.cycle_id DESC LIMIT 1),
                  HINT = 'Wait for it to finish; the cycles must not interleave.';
    END IF;
    UPDATE aidlink.cycle_stages s SET status = 'interrupted'
     WHERE s.status = 'running';
    UPDATE aidlink.cycle_runs r SET status = 'interrupted',
           error = 'its session ended while it ran (found by cycle ' || (SELECT last_value + 1 FROM aidlink.cycle_runs_cycle_id_seq) || ')'
     WHERE r.status = 'running';
    INSERT INTO aidlink.cycle_runs (month, stages) VALUES (m, stages)
    RETURNING cycle_id INTO c;
    RAISE NOTICE 'cycle % (%): stages %', c, to_char(m, 'YYYY-MM'), array_to_string(stages, ', ');
    RETURN c;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_open(date, text[]) IS
  'Opens a run of the monthly cycle (used by the cycle procedures): checks the month and the stages (link, score, aid, certificates; 22023), takes the session''s cycle lock (another cycle running: an error, 55P03), marks runs a dead session left running as interrupted, and returns the new run''s number';

-- Ends a cycle run and releases the lock
CREATE FUNCTION aidlink.cycle_close(cycle_id bigint, status text, error text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    UPDATE aidlink.cycle_runs r
       SET finished_at = clock_timestamp(), status = cycle_close.status, error = cycle_close.error
     WHERE r.cycle_id = cycle_close.cycle_id;
    IF aidlink.cycle_lock_held() THEN
        PERFORM pg_advisory_unlock(417301, 7);
    END IF;
    IF status = 'done' THEN
        RAISE NOTICE 'cycle % done in % s', cycle_id,
            (SELECT round(extract(epoch FROM r.finished_at - r.started_at)::numeric, 1)
               FROM aidlink.cycle_runs r WHERE r.cycle_id = cycle_close.cycle_id);
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_close(bigint, text, text) IS
  'Ends a run of the monthly cycle with its status (done or failed, with the error) and releases the session''s cycle lock';

CREATE FUNCTION aidlink.cycle_stage_begin(cycle_id bigint, stage text) RETURNS void
LANGUAGE sql VOLATILE PARALLEL UNSAFE
BEGIN ATOMIC
    INSERT INTO aidlink.cycle_stages (cycle_id, stage) VALUES (cycle_id, stage)
    ON CONFLICT ON CONSTRAINT cycle_stages_pkey DO UPDATE
       SET started_at = clock_timestamp(), finished_at = NULL, status = 'running', rows = NULL, detail = NULL,
           error = NULL;
END;
COMMENT ON FUNCTION aidlink.cycle_stage_begin(bigint, text) IS
  'Records that a stage of a cycle run starts (used by the cycle procedures)';

CREATE FUNCTION aidlink.cycle_stage_end(cycle_id bigint, stage text, status text, rows bigint, detail jsonb,
                                        error text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    secs numeric;
BEGIN
    UPDATE aidlink.cycle_stages s
       SET finished_at = clock_timestamp(), status = cycle_stage_end.status, rows = cycle_stage_end.rows,
           detail = cycle_stage_end.detail, error = cycle_stage_end.error
     WHERE s.cycle_id = cycle_stage_end.cycle_id AND s.stage = cycle_stage_end.stage
    RETURNING round(extract(epoch FROM s.finished_at - s.started_at)::numeric, 1) INTO secs;
    IF status = 'done' THEN
        RAISE NOTICE 'cycle %: % done: % rows in % s', cycle_id, stage, rows, secs;
    ELSE
        RAISE NOTICE 'cycle %: % % after % s%', cycle_id, stage, status, secs,
            coalesce(': ' || coalesce(error, detail ->> 'reason'), '');
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_stage_end(bigint, text, text, bigint, jsonb, text) IS
  'Records how a stage of a cycle run ended, its rows and detail, and reports it in a NOTICE line (used by the cycle procedures)';

-- Raises again an error caught by a stage, with its SQLSTATE, detail and hint
CREATE FUNCTION aidlink.cycle_reraise(sqlstate text, message text, detail text, hint text) RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    detail := nullif(detail, '');
    hint := nullif(hint, '');
    IF detail IS NOT NULL AND hint IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail, HINT = hint;
    ELSIF detail IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail;
    ELSIF hint IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, HINT = hint;
    ELSE
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message;
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_reraise(text, text, text, text) IS
  'Raises an error again with its SQLSTATE, message, detail and hint (a cycle stage records the failure, commits, then raises it)';

-----------------------------------------------------------------------------
-- What each stage does besides calling its job, in functions with a fixed
-- search_path (the procedures that commit cannot have one, so they only
-- call these and the jobs, by qualified names).
-----------------------------------------------------------------------------

-- Starts a stage: checks what it needs before anything is recorded (the
-- linkage: a reference source), opens a run of its own when called alone,
-- records the stage as running; returns the run
CREATE FUNCTION aidlink.cycle_stage_start(month date, cycle_id bigint, stage text) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m date := aidlink.cycle_month(month);
    c bigint := cycle_id;
BEGIN
    IF stage = 'link' AND NOT EXISTS (SELECT 1 FROM aidlink.link_sources s WHERE s.is_reference) THEN
        RAISE EXCEPTION 'no reference source is registered: the linkage has nothing to link to'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('%s sources are registered, none of them the reference population.',
                                  (SELECT count(*) FROM aidlink.link_sources)),
                  HINT = 'Register the household register with aidlink.register_source(..., is_reference => true).';
    END IF;
    IF c IS NULL THEN
        c := aidlink.cycle_open(m, ARRAY[stage]);
    ELSIF NOT EXISTS (SELECT 1 FROM aidlink.cycle_runs r WHERE r.cycle_id = c AND r.status = 'running') THEN
        RAISE EXCEPTION 'cycle % is not running', c USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Call a stage alone with the month only, or CALL aidlink.run_monthly_cycle().';
    END IF;
    PERFORM aidlink.cycle_stage_begin(c, stage);
    IF stage = 'link' THEN
        RAISE NOTICE 'cycle %: link: % sources', c, (SELECT count(*) FROM aidlink.link_sources);
    END IF;
    RETURN c;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_stage_start(date, bigint, text) IS
  'Starts a stage of the monthly cycle (used by the cycle procedures): checks what it needs first (the linkage: a registered reference source, else 55000), opens a run of its own when no run is given, records the stage as running; returns the run';

-- Whether a run asked for a stage
CREATE FUNCTION aidlink.cycle_wants(cycle_id bigint, stage text) RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT stage = ANY (r.stages) FROM aidlink.cycle_runs r WHERE r.cycle_id = cycle_wants.cycle_id;
END;
COMMENT ON FUNCTION aidlink.cycle_wants(bigint, text) IS
  'Whether a run of the monthly cycle asked for a stage';

-- Ends a stage that failed, and its run
CREATE FUNCTION aidlink.cycle_stage_failed(cycle_id bigint, stage text, error text) RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    PERFORM aidlink.cycle_stage_end(cycle_id, stage, 'failed', NULL, NULL, error);
    PERFORM aidlink.cycle_close(cycle_id, 'failed', stage || ': ' || error);
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_stage_failed(bigint, text, text) IS
  'Records that a stage of the monthly cycle failed, with the error, and ends its run as failed (used by the cycle procedures, which then raise the error again)';

-- Ends a stage that worked: its rows and what it produced, read from the
-- job's own records (result: what the stage returned, for aid and
-- certificates); ends the run too when the stage was called alone
CREATE FUNCTION aidlink.cycle_stage_done(cycle_id bigint, stage text, alone boolean, result jsonb DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m date := (SELECT r.month FROM aidlink.cycle_runs r WHERE r.cycle_id = cycle_stage_done.cycle_id);
    t0 timestamptz := (SELECT s.started_at FROM aidlink.cycle_stages s
                        WHERE s.cycle_id = cycle_stage_done.cycle_id AND s.stage = cycle_stage_done.stage);
    d jsonb;
    n bigint;
    st text := 'done';
BEGIN
    CASE stage
    WHEN 'link' THEN
        SELECT jsonb_build_object('sources', count(*), 'first_run', min(r.run_id), 'last_run', max(r.run_id)),
               sum(r.rows_read)
          INTO d, n
          FROM aidlink.link_runs r WHERE r.started_at >= t0 AND r.finished_at IS NOT NULL;
        d := d || (SELECT jsonb_build_object('accepted', count(*) FILTER (WHERE l.status = 'accepted'),
                                             'review', count(*) FILTER (WHERE l.status = 'review'),
                                             'unresolved', count(*) FILTER (WHERE l.status = 'unresolved'))
                     FROM aidlink.links l);
    WHEN 'score' THEN
        SELECT jsonb_build_object('signals', cardinality(sr.signals), 'persons_signalled', sr.persons_signalled,
                                  'households_scored', sr.households_scored, 'households_on_roll', sr.households_on_roll,
                                  'households_listed', sr.households_listed, 'households_alerted', sr.households_alerted,
                                  'list_threshold', sr.list_threshold),
               sr.households_scored
          INTO d, n
          FROM aidlink.score_runs sr WHERE sr.month = m;
    WHEN 'aid' THEN
        SELECT jsonb_build_object('run_id', a.run_id,
                                  'households_facts', (SELECT count(*) FROM aidlink.aid_households h WHERE h.month = m),
                                  'households_paid', a.households, 'lines', a.lines, 'total', a.total,
                                  'policy_findings', (SELECT count(*)
                                                        FROM (SELECT DISTINCT p.policy FROM aidlink.aid_payments p
                                                               WHERE p.run_id = a.run_id) u,
                                                             aidlink.check_policy(u.policy) f)),
               a.lines
          INTO d, n
          FROM aidlink.aid_runs a WHERE a.run_id = (result ->> 'run_id')::bigint;
    WHEN 'certificates' THEN
        IF result IS NULL THEN
            st := 'skipped';
            d := jsonb_build_object('reason', 'no table of issued certificates in aidlink.cycle_settings');
        ELSE
            d := result - 'rows';
            n := (result ->> 'rows')::bigint;
        END IF;
    END CASE;
    PERFORM aidlink.cycle_stage_end(cycle_id, stage, st, n, d);
    IF alone THEN
        PERFORM aidlink.cycle_close(cycle_id, 'done');
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_stage_done(bigint, text, boolean, jsonb) IS
  'Records that a stage of the monthly cycle worked, with its rows and what it produced, read from the job''s own records (link runs and links, the score run, the aid run and its policies'' findings, the certificate verdicts); ends the run when the stage was called alone (used by the cycle procedures)';

-- The month's scoring
CREATE FUNCTION aidlink.cycle_score_month(month date) RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM aidlink.score_signals) THEN
        RAISE EXCEPTION 'no scoring signal is defined: the month cannot be scored'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Define the signals with aidlink.define_signal() (demo/scoring/city_signals.sql is an example).';
    END IF;
    CALL aidlink.score_month(aidlink.cycle_month(month));
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_score_month(date) IS
  'Cycle stage 2''s work: scores the month (aidlink.score_month), refusing (55000) when no signal is defined';

-- The month's aid: its input, the checks, the run
CREATE FUNCTION aidlink.cycle_compute_aid(month date, cycle_id bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m date := aidlink.cycle_month(month);
    st aidlink.cycle_settings;
BEGIN
    SELECT * INTO st FROM aidlink.cycle_settings;
    IF NOT EXISTS (SELECT 1 FROM aidlink.aid_policies p
                    WHERE p.effective_from <= m AND (p.effective_to IS NULL OR p.effective_to >= m)) THEN
        RAISE EXCEPTION 'no aid policy is in force in %: the month''s aid cannot be computed', to_char(m, 'YYYY-MM')
            USING ERRCODE = 'no_data_found',
                  DETAIL = coalesce((SELECT format('The %s policies are in force from %s to %s.', count(*),
                                                   min(p.effective_from), coalesce(max(p.effective_to)::text, 'now'))
                                       FROM aidlink.aid_policies p HAVING count(*) > 0),
                                    'aidlink.aid_policies is empty.'),
                  HINT = 'Load the policies in force that month into aidlink.aid_policies, aid_rules and aid_parameters, or choose another month.';
    END IF;
    IF st.aid_input_procedure IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                        WHERE p.oid = st.aid_input_procedure AND p.prokind = 'p'
                          AND p.pronargs = 1 AND p.proargtypes[0] = 'pg_catalog.date'::regtype) THEN
            RAISE EXCEPTION 'the aid input procedure % is not a procedure taking one date', st.aid_input_procedure
                USING ERRCODE = 'wrong_object_type',
                      HINT = 'Set aidlink.cycle_settings.aid_input_procedure to a procedure (month date).';
        END IF;
        RAISE NOTICE 'cycle %: aid: filling the month''s input with %', cycle_id, st.aid_input_procedure;
        EXECUTE format('CALL %s($1)', (st.aid_input_procedure::oid)::regproc) USING m;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM aidlink.aid_households h WHERE h.month = m) THEN
        RAISE EXCEPTION 'no household facts for % in aidlink.aid_households: the month''s aid cannot be computed',
                        to_char(m, 'YYYY-MM')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Fill aidlink.aid_households and aid_members for the month, or name a procedure that does in aidlink.cycle_settings.aid_input_procedure.';
    END IF;
    RETURN aidlink.compute_aid_month(m, format('monthly cycle %s', cycle_id), coalesce(st.aid_with_trace, true));
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_compute_aid(date, bigint) IS
  'Cycle stage 3''s work: refuses a month without a policy in force (02000, saying when the policies are in force), fills the month''s input with the procedure named in aidlink.cycle_settings (if any; not a procedure of a date: 42809), refuses a month without household facts (02000), then computes the month (aidlink.compute_aid_month) and returns its run';

-- The month's certificates audited: verdict counts (NULL when no table is set)
CREATE FUNCTION aidlink.cycle_audit_certificates(month date) RETURNS jsonb
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    m date := aidlink.cycle_month(month);
    st aidlink.cycle_settings;
    d jsonb;
    col name;
    what text;
BEGIN
    SELECT * INTO st FROM aidlink.cycle_settings;
    IF st.certificates_table IS NULL THEN
        RETURN NULL;
    END IF;
    FOR col, what IN VALUES (st.certificates_item_column, 'certificates_item_column'),
                            (st.certificates_issuer_column, 'certificates_issuer_column'),
                            (st.certificates_date_column, 'certificates_date_column') LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = st.certificates_table AND a.attname = col AND a.attnum > 0
                          AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'column "%" of % does not exist', col, st.certificates_table
                USING ERRCODE = 'undefined_column',
                      DETAIL = format('aidlink.cycle_settings.%s names it.', what),
                      HINT = 'Name the columns of the table of issued certificates that hold the item, the issuer and the date.';
        END IF;
    END LOOP;
    -- the month's rows (counted on each shard when the table is partitioned
    -- over postgres_fdw foreign tables: see summarise_issued_certificates)
    WITH s AS (SELECT * FROM aidlink.summarise_issued_certificates(st.certificates_table,
                    st.certificates_item_column, st.certificates_issuer_column, st.certificates_date_column,
                    m, (m + interval '1 month')::date)),
    v AS (SELECT s.verdict, sum(s.certificates) AS n FROM s GROUP BY s.verdict)
    SELECT jsonb_build_object('table', st.certificates_table::text,
                              'rows', coalesce((SELECT sum(v.n) FROM v), 0),
                              'verdicts', coalesce((SELECT jsonb_object_agg(v.verdict, v.n) FROM v), '{}'),
                              'not_allowed_by_status', coalesce((SELECT jsonb_object_agg(x.status, x.n) FROM
                                  (SELECT s.status, sum(s.certificates) AS n FROM s WHERE s.verdict = 'not_allowed'
                                    GROUP BY s.status) x), '{}'))
      INTO d;
    RETURN d;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_audit_certificates(date) IS
  'Cycle stage 4''s work: the certificates of the table named in aidlink.cycle_settings dated in the month, audited against the lists in force on their dates (aidlink.summarise_issued_certificates): rows, counts by verdict and, for those not allowed, by the item''s status; NULL when no table is set';

-----------------------------------------------------------------------------
-- The stages.  Each takes the month and, when called by run_monthly_cycle,
-- its run; called alone (cycle_id NULL) it opens a run of its own.  A
-- failure is recorded (committed), then raised again with its SQLSTATE,
-- detail and hint; the linkage commits source by source and cannot catch
-- its errors: a failed linkage leaves its stage running until the next
-- cycle marks it interrupted.
-----------------------------------------------------------------------------

CREATE PROCEDURE aidlink.cycle_link(month date, cycle_id bigint DEFAULT NULL)
LANGUAGE plpgsql AS $fn$
DECLARE
    alone boolean := cycle_id IS NULL;
    c bigint := aidlink.cycle_stage_start(month, cycle_id, 'link');
    e_state text; e_msg text; e_detail text; e_hint text;
BEGIN
    COMMIT;
    -- a shard (foreign server of a source) down at the start: the stage and
    -- the run recorded failed, naming it, before anything is read or written
    -- (link_all checks again, for callers of its own)
    BEGIN
        PERFORM aidlink.check_sources_reachable();
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_msg = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
    END;
    IF e_state IS NOT NULL THEN
        PERFORM aidlink.cycle_stage_failed(c, 'link', e_msg);
        COMMIT;
        PERFORM aidlink.cycle_reraise(e_state, e_msg, e_detail, e_hint);
    END IF;
    CALL aidlink.link_all();
    PERFORM aidlink.cycle_stage_done(c, 'link', alone);
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.cycle_link(date, bigint) IS
  'Cycle stage 1: checks that every foreign server (shard) the sources read answers (aidlink.check_sources_reachable; if not, the stage and run are recorded failed and the error, 08001 naming the servers, raised again), links every registered source (aidlink.link_all: the reference, then each source, one transaction each) and records the rows read, the link runs and the links by status in aidlink.cycle_stages. CALL it outside a transaction block; alone, CALL aidlink.cycle_link(''2025-06-01'')';

CREATE PROCEDURE aidlink.cycle_score(month date, cycle_id bigint DEFAULT NULL)
LANGUAGE plpgsql AS $fn$
DECLARE
    alone boolean := cycle_id IS NULL;
    c bigint := aidlink.cycle_stage_start(month, cycle_id, 'score');
    e_state text; e_msg text; e_detail text; e_hint text;
BEGIN
    COMMIT;
    BEGIN
        PERFORM aidlink.cycle_score_month(month);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_msg = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
    END;
    IF e_state IS NOT NULL THEN
        PERFORM aidlink.cycle_stage_failed(c, 'score', e_msg);
        COMMIT;
        PERFORM aidlink.cycle_reraise(e_state, e_msg, e_detail, e_hint);
    END IF;
    PERFORM aidlink.cycle_stage_done(c, 'score', alone);
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.cycle_score(date, bigint) IS
  'Cycle stage 2: scores the month (aidlink.score_month) and records the households scored, on a roll, listed and alerted. No signal defined, or any error: recorded (failed) and raised again. CALL it outside a transaction block';

CREATE PROCEDURE aidlink.cycle_aid(month date, cycle_id bigint DEFAULT NULL)
LANGUAGE plpgsql AS $fn$
DECLARE
    alone boolean := cycle_id IS NULL;
    c bigint := aidlink.cycle_stage_start(month, cycle_id, 'aid');
    e_state text; e_msg text; e_detail text; e_hint text;
    run bigint;
BEGIN
    COMMIT;
    BEGIN
        run := aidlink.cycle_compute_aid(month, c);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_msg = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
    END;
    IF e_state IS NOT NULL THEN
        PERFORM aidlink.cycle_stage_failed(c, 'aid', e_msg);
        COMMIT;
        PERFORM aidlink.cycle_reraise(e_state, e_msg, e_detail, e_hint);
    END IF;
    PERFORM aidlink.cycle_stage_done(c, 'aid', alone, pg_catalog.jsonb_build_object('run_id', run));
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.cycle_aid(date, bigint) IS
  'Cycle stage 3: fills the month''s aid input (the procedure named in aidlink.cycle_settings, if any), computes the month''s aid (aidlink.compute_aid_month), checks the policies paid (aidlink.check_policy) and records the run, households paid, lines, total and findings. No policy in force, no household facts, or any error of the calculation: recorded (failed) and raised again, nothing paid. CALL it outside a transaction block';

CREATE PROCEDURE aidlink.cycle_certificates(month date, cycle_id bigint DEFAULT NULL)
LANGUAGE plpgsql AS $fn$
DECLARE
    alone boolean := cycle_id IS NULL;
    c bigint := aidlink.cycle_stage_start(month, cycle_id, 'certificates');
    e_state text; e_msg text; e_detail text; e_hint text;
    d jsonb;
BEGIN
    COMMIT;
    BEGIN
        d := aidlink.cycle_audit_certificates(month);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_msg = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
    END;
    IF e_state IS NOT NULL THEN
        PERFORM aidlink.cycle_stage_failed(c, 'certificates', e_msg);
        COMMIT;
        PERFORM aidlink.cycle_reraise(e_state, e_msg, e_detail, e_hint);
    END IF;
    PERFORM aidlink.cycle_stage_done(c, 'certificates', alone, d);
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.cycle_certificates(date, bigint) IS
  'Cycle stage 4: audits the certificates issued in the month (the table named in aidlink.cycle_settings; skipped when none) against the lists in force on their dates (aidlink.summarise_issued_certificates) and records the verdict counts. CALL it outside a transaction block';

CREATE PROCEDURE aidlink.run_monthly_cycle(month date, stages text[] DEFAULT ARRAY['link', 'score', 'aid', 'certificates'])
LANGUAGE plpgsql AS $fn$
DECLARE
    c bigint := aidlink.cycle_open(month, stages);
BEGIN
    COMMIT;
    -- always in the cycle's order, whatever the order asked
    IF aidlink.cycle_wants(c, 'link') THEN
        CALL aidlink.cycle_link(month, c);
    END IF;
    IF aidlink.cycle_wants(c, 'score') THEN
        CALL aidlink.cycle_score(month, c);
    END IF;
    IF aidlink.cycle_wants(c, 'aid') THEN
        CALL aidlink.cycle_aid(month, c);
    END IF;
    IF aidlink.cycle_wants(c, 'certificates') THEN
        CALL aidlink.cycle_certificates(month, c);
    END IF;
    PERFORM aidlink.cycle_close(c, 'done');
    COMMIT;
END
$fn$;
COMMENT ON PROCEDURE aidlink.run_monthly_cycle(date, text[]) IS
  'The monthly cycle of a city: link every source, score the month, compute the month''s aid, audit the month''s certificates (or the stages named, always in that order), each stage committed and recorded with its rows and elapsed time in aidlink.cycle_stages, with NOTICE lines as it goes; one cycle at a time. CALL it outside a transaction block, e.g. from pg_cron: CALL aidlink.run_monthly_cycle(date_trunc(''month'', now())::date). Report: aidlink.cycle_report(), aidlink.cycle_report_html()';
