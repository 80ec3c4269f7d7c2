-- Tiered aid calculation (issue 5): the household facts a DBA supplies, the
-- calculation of a household's month (aidlink.compute_aid), the bulk run of a
-- whole month into aidlink.aid_payments and the differences between runs.

-- The facts, keyed by the household number of the linkage
-- (aidlink.persons.household_no).  A DBA fills them from the departments'
-- tables (INSERT ... SELECT, or a job each month); demo/aid shows how for the
-- synthetic city.
CREATE TABLE aidlink.aid_households (
    household_no    text NOT NULL,
    month           date NOT NULL CHECK (month = date_trunc('month', month)),
    region          text NOT NULL,
    category        text,
    income          numeric NOT NULL,
    PRIMARY KEY (month, household_no)
);
COMMENT ON TABLE aidlink.aid_households IS
  'Household facts of a month, input of the aid calculation: region, category, income; one row per household and month (the DBA fills it from the departments'' data)';
COMMENT ON COLUMN aidlink.aid_households.household_no IS 'Household number, as in aidlink.persons.household_no';
COMMENT ON COLUMN aidlink.aid_households.month IS 'The month (its first day)';
COMMENT ON COLUMN aidlink.aid_households.region IS 'Region path of the household (''foshan/chancheng/zhangcha''): policies of this region and of the regions above it apply';
COMMENT ON COLUMN aidlink.aid_households.category IS 'Household category on the rolls that month (dibao, marginal, low_income, ...; NULL: none)';
COMMENT ON COLUMN aidlink.aid_households.income IS 'Household income of the month in yuan (all members together)';

CREATE TABLE aidlink.aid_members (
    household_no    text NOT NULL,
    month           date NOT NULL CHECK (month = date_trunc('month', month)),
    member_no       text NOT NULL,
    attributes      text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (month, household_no, member_no)
);
COMMENT ON TABLE aidlink.aid_members IS
  'Members of the households in a month, with the attributes aid rules look for (major_illness, school:senior_high, school:university, ...)';
COMMENT ON COLUMN aidlink.aid_members.household_no IS 'Household number, as in aidlink.aid_households';
COMMENT ON COLUMN aidlink.aid_members.month IS 'The month (its first day)';
COMMENT ON COLUMN aidlink.aid_members.member_no IS 'The member (for instance the person_key or identity number)';
COMMENT ON COLUMN aidlink.aid_members.attributes IS 'Attributes of the member that month';

CREATE TABLE aidlink.aid_costs (
    household_no    text NOT NULL,
    claim_no        text NOT NULL,
    member_no       text,
    claim_date      date NOT NULL,
    kind            text NOT NULL,
    amount          numeric NOT NULL,
    PRIMARY KEY (household_no, claim_no)
);
CREATE INDEX aid_costs_date ON aidlink.aid_costs (claim_date);
COMMENT ON TABLE aidlink.aid_costs IS
  'Costs a household claims (medical burden, tuition, ...): the base of cost_share, staged and schedule rules, paid in the month of the claim';
COMMENT ON COLUMN aidlink.aid_costs.household_no IS 'Household number';
COMMENT ON COLUMN aidlink.aid_costs.claim_no IS 'Number of the claim within the household';
COMMENT ON COLUMN aidlink.aid_costs.member_no IS 'Member the cost is for';
COMMENT ON COLUMN aidlink.aid_costs.claim_date IS 'Date of the claim (its month is when it is paid)';
COMMENT ON COLUMN aidlink.aid_costs.kind IS 'Kind of cost, matched with aid_rules.attribute (major_illness, ...)';
COMMENT ON COLUMN aidlink.aid_costs.amount IS 'Amount claimed in yuan (the burden left to the household)';

-- Rounding by the policy's rule.
CREATE FUNCTION aidlink.aid_round(amount numeric, rounding text, rounding_mode text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN CASE WHEN rounding_mode = 'down'
                THEN trunc(amount, CASE rounding WHEN 'fen' THEN 2 WHEN 'jiao' THEN 1 ELSE 0 END)
                ELSE round(amount, CASE rounding WHEN 'fen' THEN 2 WHEN 'jiao' THEN 1 ELSE 0 END) END;
COMMENT ON FUNCTION aidlink.aid_round(numeric, text, text) IS
  'An amount rounded by a policy''s rule: to the fen, jiao or yuan, half up (half a unit away from zero) or down (truncated)';

-- The rules in force in a month, with the values of their parameters.
CREATE FUNCTION aidlink.aid_rules_in_force(month date)
RETURNS TABLE (policy text, region text, rounding text, rounding_mode text, rule text, benefit text, kind text,
               categories text[], attribute text, how text,
               amount numeric, payment_month numeric, standard numeric, floor_amount numeric,
               minimum_payment numeric, rate numeric, claim_cap numeric, year_cap numeric,
               schedule aidlink.bracket_schedule, stages numeric[], params jsonb)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.policy, p.region, p.rounding, p.rounding_mode, r.rule, r.benefit, r.kind, r.categories, r.attribute, r.how,
           max(x.value) FILTER (WHERE x.parameter = 'amount'),
           max(x.value) FILTER (WHERE x.parameter = 'payment_month'),
           max(x.value) FILTER (WHERE x.parameter = 'standard'),
           coalesce(max(x.value) FILTER (WHERE x.parameter = 'floor'), 0),
           coalesce(max(x.value) FILTER (WHERE x.parameter = 'minimum_payment'), 0),
           max(x.value) FILTER (WHERE x.parameter = 'rate'),
           max(x.value) FILTER (WHERE x.parameter = 'claim_cap'),
           max(x.value) FILTER (WHERE x.parameter = 'year_cap'),
           (array_agg(x.schedule) FILTER (WHERE x.parameter = 'schedule'))[1],
           array_agg(x.value ORDER BY substring(x.parameter FROM '^stage_([0-9]+)_rate$')::int)
             FILTER (WHERE x.parameter ~ '^stage_[0-9]+_rate$'),
           coalesce(jsonb_object_agg(x.parameter, jsonb_build_object(
                        'value', coalesce(to_jsonb(x.value), to_jsonb(x.schedule::text)),
                        'in_force_from', x.effective_from)) FILTER (WHERE x.parameter IS NOT NULL), '{}')
      FROM aidlink.aid_policies p
      JOIN aidlink.aid_rules r ON r.policy = p.policy
      LEFT JOIN aidlink.aid_parameters x
        ON x.policy = r.policy AND x.rule = r.rule
       AND $1 BETWEEN x.effective_from AND coalesce(x.effective_to, 'infinity')
     WHERE $1 BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')
       AND $1 BETWEEN r.effective_from AND coalesce(r.effective_to, 'infinity')
     GROUP BY p.policy, r.policy, r.rule
$$;
COMMENT ON FUNCTION aidlink.aid_rules_in_force(date) IS
  'The rules in force on a day (the first of a month) with the values of their parameters in force that day, and the parameters as jsonb (value and the date it took effect) for traces';

-- The checks before a calculation; raise the first problem met.
CREATE FUNCTION aidlink.aid_check_inputs(month date, household text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m date := date_trunc('month', month)::date;
    bad record;
BEGIN
    IF month IS NULL THEN
        RAISE EXCEPTION 'the month of an aid calculation cannot be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF household IS NOT NULL AND NOT EXISTS (SELECT 1 FROM aidlink.aid_households h
                                             WHERE h.month = m AND h.household_no = household) THEN
        RAISE EXCEPTION 'household % has no facts for %', household, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'no_data_found',
                HINT = 'Fill aidlink.aid_households (and aid_members) for the month first.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM aidlink.aid_policies p
                    WHERE m BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')) THEN
        RAISE EXCEPTION 'no aid policy is in force in %', to_char(m, 'YYYY-MM')
          USING ERRCODE = 'no_data_found',
                DETAIL = format('%s policies are known; none is in force on %s.', (SELECT count(*) FROM aidlink.aid_policies), m);
    END IF;

    SELECT h.household_no, h.region INTO bad
      FROM aidlink.aid_households h
     WHERE h.month = m AND (household IS NULL OR h.household_no = household)
       AND NOT EXISTS (SELECT 1 FROM aidlink.aid_policies p
                        WHERE m BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')
                          AND (h.region = p.region OR h.region LIKE p.region || '/%'))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'no aid policy is in force in % for household %', to_char(m, 'YYYY-MM'), bad.household_no
          USING ERRCODE = 'no_data_found',
                DETAIL = format('Its region is %s; no policy of that region or above is in force on %s.', bad.region, m);
    END IF;

    SELECT h.household_no, h.income INTO bad
      FROM aidlink.aid_households h
     WHERE h.month = m AND (household IS NULL OR h.household_no = household) AND h.income < 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'household % has a negative income in %', bad.household_no, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'invalid_parameter_value', DETAIL = format('income is %s.', bad.income);
    END IF;

    SELECT c.household_no, c.claim_no, c.amount INTO bad
      FROM aidlink.aid_costs c
     WHERE c.claim_date >= m AND c.claim_date < m + interval '1 month'
       AND (household IS NULL OR c.household_no = household) AND c.amount < 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'household % claims a negative cost', bad.household_no
          USING ERRCODE = 'invalid_parameter_value', DETAIL = format('Claim %s is %s.', bad.claim_no, bad.amount);
    END IF;

    SELECT h.household_no INTO bad
      FROM aidlink.aid_households h
     WHERE h.month = m AND (household IS NULL OR h.household_no = household)
       AND NOT EXISTS (SELECT 1 FROM aidlink.aid_members x WHERE x.month = m AND x.household_no = h.household_no)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'household % has no members in %', bad.household_no, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'invalid_parameter_value',
                HINT = 'Every household of aidlink.aid_households has its members in aidlink.aid_members for the month.';
    END IF;

    -- A parameter a rule in force needs has no value this month: uncovered.
    SELECT r.policy, r.rule, k.parameter INTO bad
      FROM aidlink.aid_rules_in_force(m) r
      JOIN aidlink.aid_rule_kinds k ON k.kind = r.kind AND k.required
     WHERE CASE k.parameter WHEN 'stage_N_rate' THEN r.stages IS NULL ELSE NOT r.params ? k.parameter END
       AND EXISTS (SELECT 1 FROM aidlink.aid_households h
                    WHERE h.month = m AND (household IS NULL OR h.household_no = household)
                      AND (h.region = r.region OR h.region LIKE r.region || '/%')
                      AND (r.categories IS NULL OR h.category = ANY (r.categories)))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'uncovered case: parameter % of rule % of policy % has no value in %',
                        bad.parameter, bad.rule, bad.policy, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'AL501',
                HINT = 'aidlink.check_policy() lists the gaps of a policy.';
    END IF;

    -- A household of a category its policy serves that no category rule covers: uncovered.
    -- (The uncovered categories are found first, from the rules alone.)
    WITH r AS MATERIALIZED (SELECT * FROM aidlink.aid_rules_in_force(m)),
    uncovered AS (
        SELECT p.policy, p.region, c.category
          FROM aidlink.aid_policies p, unnest(p.categories) c(category)
         WHERE m BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')
           AND NOT EXISTS (SELECT 1 FROM r
                            WHERE r.policy = p.policy AND r.kind IN ('per_person_month', 'per_household_month', 'top_up')
                              AND (r.categories IS NULL OR c.category = ANY (r.categories)))
    )
    SELECT u.policy, h.household_no, h.category INTO bad
      FROM uncovered u
      JOIN aidlink.aid_households h
        ON h.month = m AND h.category = u.category
       AND (h.region = u.region OR h.region LIKE u.region || '/%')
     WHERE household IS NULL OR h.household_no = household
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'uncovered case: no rule of policy % covers household % of category % in %',
                        bad.policy, bad.household_no, bad.category, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'AL501',
                DETAIL = format('Policy %s serves category %s, but none of its category rules is in force then.', bad.policy, bad.category),
                HINT = 'aidlink.check_policy() lists the gaps of a policy.';
    END IF;

    -- Two rules of one policy pay one benefit to the same household: ambiguous.
    WITH r AS MATERIALIZED (SELECT * FROM aidlink.aid_rules_in_force(m))
    SELECT a.policy, a.rule AS rule_a, b.rule AS rule_b, a.benefit, h.household_no INTO bad
      FROM r a
      JOIN r b
        ON a.policy = b.policy AND a.rule < b.rule AND a.benefit = b.benefit
       AND (a.categories IS NULL OR b.categories IS NULL OR a.categories && b.categories)
       AND (a.attribute IS NOT DISTINCT FROM b.attribute OR a.attribute IS NULL OR b.attribute IS NULL)
      JOIN aidlink.aid_households h
        ON h.month = m AND (household IS NULL OR h.household_no = household)
       AND (h.region = a.region OR h.region LIKE a.region || '/%')
       AND (a.categories IS NULL OR h.category = ANY (a.categories))
       AND (b.categories IS NULL OR h.category = ANY (b.categories))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ambiguous case: rules % and % of policy % both pay % to household % in %',
                        bad.rule_a, bad.rule_b, bad.policy, bad.benefit, bad.household_no, to_char(m, 'YYYY-MM')
          USING ERRCODE = 'AL502',
                HINT = 'End one of the rules, or give them different categories; aidlink.check_policy() lists conflicts.';
    END IF;
END
$$;
COMMENT ON FUNCTION aidlink.aid_check_inputs(date, text) IS
  'The checks before an aid calculation of a month (for one household, or all when NULL); raises the first problem met, naming it: no facts, no policy in force, negative income or cost, a household without members, an uncovered case (SQLSTATE AL501: a parameter without a value, a category no rule covers) or an ambiguous one (AL502: two rules paying one benefit)';

-- The lines of aid of a month, for one household or (NULL) all: the core of
-- compute_aid and of the bulk run, in C (src/aid_engine.c).  It reads the
-- rules in force once (aidlink.aid_rules_in_force), then the households with
-- their members in one ordered pass, evaluating each in C with numeric
-- arithmetic; it makes the checks of aidlink.aid_check_inputs on the way and
-- raises the same errors in the same order.
CREATE FUNCTION aidlink.aid_lines(month date, household text DEFAULT NULL, with_trace boolean DEFAULT true)
RETURNS TABLE (household_no text, policy text, benefit text, rule text, quantity numeric,
               rate_or_amount numeric, amount numeric, trace jsonb)
AS 'MODULE_PATHNAME', 'aid_lines'
LANGUAGE C STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION aidlink.aid_lines(date, text, boolean) IS
  'The lines of aid of a month for one household (or every household when NULL), with their traces unless with_trace is false, after the checks of aidlink.aid_check_inputs (the same errors): the core of compute_aid and of the bulk run, a C engine reading the policy in force once and every household in one pass';

CREATE FUNCTION aidlink.compute_aid(household text, month date)
RETURNS TABLE (policy text, benefit text, rule text, quantity numeric, rate_or_amount numeric, amount numeric, trace jsonb)
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
        SELECT l.policy, l.benefit, l.rule, l.quantity, l.rate_or_amount, l.amount, l.trace
          FROM aidlink.aid_lines(month, household, true) l
         ORDER BY l.policy, l.benefit, l.rule, l.trace->'facts'->>'claim', (l.trace->>'stage')::int;
END
$$;
COMMENT ON FUNCTION aidlink.compute_aid(text, date) IS
  'The lines of aid of a household for a month: policy, benefit, rule, quantity (members, claim cost, remaining burden), the rate or amount applied, the amount (rounded by the policy), and a trace naming every parameter with the date its value took effect and the facts used; raises an error for bad input, an uncovered case (AL501) or an ambiguous one (AL502)';
