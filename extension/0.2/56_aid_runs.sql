-- Tiered aid calculation (issue 5): a whole month for every household into a
-- table in one statement, the differences between two runs of a month
-- (arrears, overpayments), and co-funding split by ratios.

CREATE TABLE aidlink.aid_runs (
    run_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    month       date NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    households  bigint,
    lines       bigint,
    total       numeric,
    note        text
);
COMMENT ON TABLE aidlink.aid_runs IS 'Runs of the monthly aid calculation (aidlink.compute_aid_month): one per run, with its totals';
COMMENT ON COLUMN aidlink.aid_runs.run_id IS 'Number of the run';
COMMENT ON COLUMN aidlink.aid_runs.month IS 'The month computed (its first day)';
COMMENT ON COLUMN aidlink.aid_runs.computed_at IS 'When the run was made';
COMMENT ON COLUMN aidlink.aid_runs.households IS 'Households with at least one line';
COMMENT ON COLUMN aidlink.aid_runs.lines IS 'Lines of aid written';
COMMENT ON COLUMN aidlink.aid_runs.total IS 'Sum of the amounts, yuan';
COMMENT ON SEQUENCE aidlink.aid_runs_run_id_seq IS 'Numbers of the aid runs';
COMMENT ON COLUMN aidlink.aid_runs.note IS 'Why the run was made (for instance a policy change)';

CREATE TABLE aidlink.aid_payments (
    run_id          bigint NOT NULL REFERENCES aidlink.aid_runs ON DELETE CASCADE,
    household_no    text NOT NULL,
    policy          text NOT NULL,
    benefit         text NOT NULL,
    rule            text NOT NULL,
    quantity        numeric,
    rate_or_amount  numeric,
    amount          numeric NOT NULL,
    trace           jsonb
);
CREATE INDEX aid_payments_run ON aidlink.aid_payments (run_id, household_no);
COMMENT ON TABLE aidlink.aid_payments IS 'Lines of aid of each run, as aidlink.compute_aid returns them, for every household of the month';
COMMENT ON COLUMN aidlink.aid_payments.run_id IS 'The run (aidlink.aid_runs)';
COMMENT ON COLUMN aidlink.aid_payments.household_no IS 'Household number';
COMMENT ON COLUMN aidlink.aid_payments.policy IS 'Policy paying the line';
COMMENT ON COLUMN aidlink.aid_payments.benefit IS 'Benefit paid';
COMMENT ON COLUMN aidlink.aid_payments.rule IS 'Rule applied';
COMMENT ON COLUMN aidlink.aid_payments.quantity IS 'Members, members with the attribute, claim cost or remaining burden';
COMMENT ON COLUMN aidlink.aid_payments.rate_or_amount IS 'Amount per unit (yuan) or rate (percent) applied';
COMMENT ON COLUMN aidlink.aid_payments.amount IS 'Amount of the line, yuan, rounded by the policy';
COMMENT ON COLUMN aidlink.aid_payments.trace IS 'Parameters used with the dates their values took effect, facts used, formula, rounding (NULL when the run was made without traces)';

-- What was paid for each month: the lines of its latest run.  A month is
-- run again after a policy change or a correction of its facts, and the
-- differences with the run before are paid (arrears) or recovered
-- (overpayments): the latest run is then what the month paid.  A payment
-- made outside aidlink is recorded as a run of its month with its lines.
-- The year cap of a cost-share rule reads this ledger for the earlier
-- months of the year (aidlink.aid_lines and compute_aid do).
CREATE VIEW aidlink.aid_ledger WITH (security_invoker = true) AS
SELECT r.month, p.household_no, p.policy, p.benefit, p.rule, x.kind, x.attribute, p.amount, p.run_id
  FROM (SELECT DISTINCT ON (l.month) l.month, l.run_id FROM aidlink.aid_runs l ORDER BY l.month, l.run_id DESC) r
  JOIN aidlink.aid_payments p ON p.run_id = r.run_id
  LEFT JOIN aidlink.aid_rules x ON x.policy = p.policy AND x.rule = p.rule;
COMMENT ON VIEW aidlink.aid_ledger IS
  'What was paid for each month: the lines of the month''s latest run (aidlink.aid_runs), with the kind and attribute (cost kind) of their rule; the year cap of a cost-share rule counts the lines of this ledger of the earlier months of the year';
COMMENT ON COLUMN aidlink.aid_ledger.month IS 'The month paid (its first day)';
COMMENT ON COLUMN aidlink.aid_ledger.household_no IS 'Household number';
COMMENT ON COLUMN aidlink.aid_ledger.policy IS 'Policy paying the line';
COMMENT ON COLUMN aidlink.aid_ledger.benefit IS 'Benefit paid';
COMMENT ON COLUMN aidlink.aid_ledger.rule IS 'Rule applied';
COMMENT ON COLUMN aidlink.aid_ledger.kind IS 'Kind of the rule (NULL when the rule is no longer in aidlink.aid_rules)';
COMMENT ON COLUMN aidlink.aid_ledger.attribute IS 'Member attribute or cost kind of the rule';
COMMENT ON COLUMN aidlink.aid_ledger.amount IS 'Amount paid, yuan';
COMMENT ON COLUMN aidlink.aid_ledger.run_id IS 'The run (the latest of its month)';

-- The lines of a run written straight into aidlink.aid_payments by the C
-- engine, in batches as COPY writes, with the run's totals; no row when they
-- cannot be written so (the caller then inserts by SQL).
CREATE FUNCTION aidlink.aid_write_lines(run bigint, month date, with_trace boolean DEFAULT true)
RETURNS TABLE (households bigint, lines bigint, total numeric)
AS 'MODULE_PATHNAME', 'aid_write_lines'
LANGUAGE C VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION aidlink.aid_write_lines(bigint, date, boolean) IS
  'Writes the lines of aid of a month (aidlink.aid_lines, after the same checks) for every household straight into aidlink.aid_payments under an existing run, in batches, and returns the households paid, the lines and their total; returns no row, writing nothing, when a trigger, a row-level security policy or a CHECK constraint on aid_payments asks for an ordinary INSERT. Used by compute_aid_month';

CREATE FUNCTION aidlink.compute_aid_month(month date, note text DEFAULT NULL, with_trace boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m date := date_trunc('month', month)::date;
    run bigint;
    done record;
BEGIN
    IF month IS NULL THEN
        RAISE EXCEPTION 'the month of an aid calculation cannot be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO aidlink.aid_runs (month, note) VALUES (m, note) RETURNING run_id INTO run;
    -- the checks and the lines in one pass of the C engine, written straight
    -- into aid_payments; any problem is an error, and the run row above goes
    -- with the statement
    SELECT * INTO done FROM aidlink.aid_write_lines(run, m, coalesce(with_trace, false));
    IF done.lines IS NOT NULL THEN
        UPDATE aidlink.aid_runs r SET (households, lines, total) = (done.households, done.lines, done.total)
         WHERE r.run_id = run;
        RETURN run;
    END IF;
    -- aid_payments has a trigger, a policy or a constraint of a DBA's: insert by SQL
    INSERT INTO aidlink.aid_payments
    SELECT run, l.household_no, l.policy, l.benefit, l.rule, l.quantity, l.rate_or_amount, l.amount, l.trace
      FROM aidlink.aid_lines(m, NULL, coalesce(with_trace, false)) l;
    UPDATE aidlink.aid_runs r
       SET (households, lines, total) = (SELECT count(DISTINCT p.household_no), count(*), coalesce(sum(p.amount), 0)
                                           FROM aidlink.aid_payments p WHERE p.run_id = run)
     WHERE r.run_id = run;
    RETURN run;
END
$$;
COMMENT ON FUNCTION aidlink.compute_aid_month(date, text, boolean) IS
  'Computes a whole month for every household of aidlink.aid_households into aidlink.aid_payments in one statement, after the checks of aidlink.aid_check_inputs (any problem: an error, nothing written); returns the run number. with_trace => false leaves the traces out (faster)';

CREATE FUNCTION aidlink.aid_differences(month date, earlier_run bigint DEFAULT NULL, later_run bigint DEFAULT NULL)
RETURNS TABLE (household_no text, paid_before numeric, due_now numeric, difference numeric, kind text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m date := date_trunc('month', month)::date;
    a bigint := earlier_run;
    b bigint := later_run;
BEGIN
    IF b IS NULL THEN
        SELECT max(r.run_id) INTO b FROM aidlink.aid_runs r WHERE r.month = m;
    END IF;
    IF a IS NULL THEN
        SELECT max(r.run_id) INTO a FROM aidlink.aid_runs r WHERE r.month = m AND r.run_id < b;
    END IF;
    IF a IS NULL OR b IS NULL THEN
        RAISE EXCEPTION 'month % has no two runs to compare', to_char(m, 'YYYY-MM')
          USING ERRCODE = 'no_data_found', HINT = 'Run aidlink.compute_aid_month() again after a policy change.';
    END IF;
    IF (SELECT count(*) FROM aidlink.aid_runs r WHERE r.run_id IN (a, b) AND r.month = m) <> 2 THEN
        RAISE EXCEPTION 'runs % and % are not both runs of %', a, b, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT coalesce(x.household_no, y.household_no),
           coalesce(x.total, 0), coalesce(y.total, 0), coalesce(y.total, 0) - coalesce(x.total, 0),
           CASE WHEN coalesce(y.total, 0) > coalesce(x.total, 0) THEN 'arrears' ELSE 'overpayment' END
      FROM (SELECT p.household_no, sum(p.amount) AS total FROM aidlink.aid_payments p WHERE p.run_id = a GROUP BY 1) x
      FULL JOIN (SELECT p.household_no, sum(p.amount) AS total FROM aidlink.aid_payments p WHERE p.run_id = b GROUP BY 1) y
        ON x.household_no = y.household_no
     WHERE coalesce(x.total, 0) <> coalesce(y.total, 0)
     ORDER BY 1;
END
$$;
COMMENT ON FUNCTION aidlink.aid_differences(date, bigint, bigint) IS
  'Per household, what a later run of a month owes compared with an earlier one (by default the last two runs of the month): paid before, due now, the difference, and arrears (owed to the household) or overpayment (to recover); households whose total did not change are left out';

-- Co-funding
CREATE TABLE aidlink.aid_funders (
    policy          text NOT NULL REFERENCES aidlink.aid_policies ON UPDATE CASCADE,
    funder          text NOT NULL,
    ratio           numeric NOT NULL CHECK (ratio > 0),
    remainder_rank  integer NOT NULL,
    effective_from  date NOT NULL,
    effective_to    date,
    PRIMARY KEY (policy, funder, effective_from),
    CHECK (effective_to >= effective_from)
);
COMMENT ON TABLE aidlink.aid_funders IS
  'Who funds a policy''s amounts and in which ratio (a city 1 and its town 1 or 0.5; community funds 1 and a charity 2), with dates';
COMMENT ON COLUMN aidlink.aid_funders.policy IS 'Policy funded';
COMMENT ON COLUMN aidlink.aid_funders.funder IS 'Funder (city, town, charity, ...)';
COMMENT ON COLUMN aidlink.aid_funders.ratio IS 'Its part in the ratio (1 : 0.5 is two rows, 1 and 0.5)';
COMMENT ON COLUMN aidlink.aid_funders.remainder_rank IS 'Order in which funders take the fen left over by rounding when their fractions are equal (1 first)';
COMMENT ON COLUMN aidlink.aid_funders.effective_from IS 'First day in force';
COMMENT ON COLUMN aidlink.aid_funders.effective_to IS 'Last day in force (NULL: open)';

CREATE FUNCTION aidlink.split_amount(amount numeric, funders text[], ratios numeric[], unit numeric DEFAULT 0.01)
RETURNS TABLE (funder text, ratio numeric, share numeric)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    total_ratio numeric;
    units numeric;
BEGIN
    IF cardinality(funders) = 0 OR cardinality(funders) <> cardinality(ratios) THEN
        RAISE EXCEPTION 'split_amount needs as many ratios as funders, at least one'
          USING ERRCODE = 'invalid_parameter_value',
                DETAIL = format('%s funders, %s ratios.', cardinality(funders), cardinality(ratios));
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(ratios) r WHERE r IS NULL OR r <= 0) THEN
        RAISE EXCEPTION 'the ratios of a split must be positive' USING ERRCODE = 'invalid_parameter_value',
              DETAIL = format('Ratios: %s.', ratios);
    END IF;
    IF unit <= 0 OR amount < 0 OR amount % unit <> 0 THEN
        RAISE EXCEPTION 'cannot split % in units of %', amount, unit USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'The amount is not negative and a whole number of units (round it by the policy first).';
    END IF;
    total_ratio := (SELECT sum(r) FROM unnest(ratios) r);
    units := amount / unit;
    -- Each funder gets the whole units of its exact part; the units left
    -- over go one each to the largest fractions, equal fractions in the
    -- order the funders are listed.  The parts always add up to the amount.
    RETURN QUERY
    WITH exact AS (
        SELECT f.funder, f.ratio, f.pos, units * f.ratio / total_ratio AS e
          FROM unnest(funders, ratios) WITH ORDINALITY AS f(funder, ratio, pos)
    ), floored AS (
        SELECT e.*, floor(e.e) AS whole, e.e - floor(e.e) AS frac FROM exact e
    ), ranked AS (
        SELECT f.*, row_number() OVER (ORDER BY f.frac DESC, f.pos) AS rk,
               units - sum(f.whole) OVER () AS left_over
          FROM floored f
    )
    SELECT r.funder, r.ratio, (r.whole + CASE WHEN r.rk <= r.left_over THEN 1 ELSE 0 END) * unit
      FROM ranked r ORDER BY r.pos;
END
$$;
COMMENT ON FUNCTION aidlink.split_amount(numeric, text[], numeric[], numeric) IS
  'Splits an amount between funders by ratios (1:1, 1:0.5, 1:2) in whole units (default the fen): each gets the whole units of its exact part, the units left over go one each to the largest fractions, equal fractions in the order the funders are listed, so the parts always add up to the amount';

CREATE FUNCTION aidlink.aid_cofunding(run bigint)
RETURNS TABLE (policy text, total numeric, funder text, ratio numeric, share numeric)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m date;
    missing text;
BEGIN
    SELECT r.month INTO m FROM aidlink.aid_runs r WHERE r.run_id = run;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no aid run %', run USING ERRCODE = 'no_data_found';
    END IF;
    SELECT p.policy INTO missing FROM aidlink.aid_payments p
     WHERE p.run_id = run
       AND NOT EXISTS (SELECT 1 FROM aidlink.aid_funders f WHERE f.policy = p.policy
                          AND m BETWEEN f.effective_from AND coalesce(f.effective_to, 'infinity'))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'policy % has no funders in force in %', missing, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'no_data_found', HINT = 'Add its funders to aidlink.aid_funders.';
    END IF;
    RETURN QUERY
    SELECT t.policy, t.total, s.funder, s.ratio, s.share
      FROM (SELECT p.policy, sum(p.amount) AS total FROM aidlink.aid_payments p WHERE p.run_id = run GROUP BY 1) t,
           LATERAL (SELECT array_agg(f.funder ORDER BY f.remainder_rank, f.funder) AS funders,
                           array_agg(f.ratio ORDER BY f.remainder_rank, f.funder) AS ratios
                      FROM aidlink.aid_funders f
                     WHERE f.policy = t.policy AND m BETWEEN f.effective_from AND coalesce(f.effective_to, 'infinity')) fs,
           LATERAL aidlink.split_amount(t.total, fs.funders, fs.ratios, 0.01) s
     ORDER BY 1, 3;
END
$$;
COMMENT ON FUNCTION aidlink.aid_cofunding(bigint) IS
  'What each funder pays of each policy''s total in a run, split by the ratios of aidlink.aid_funders in force that month (aidlink.split_amount: to the fen, parts adding up)';
