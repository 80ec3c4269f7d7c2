-- Tiered aid calculation (issue 5): policies, rules and parameters as data.
-- Every amount, rate, threshold and category is a row a DBA edits, with the
-- dates it is in force.  Dates are days; effective_to is the last day in
-- force (NULL: open).  A rule or parameter is in force in a month when it is
-- in force on the first day of that month.

-- The kinds of rule the calculation knows (a mechanism, not a policy): which
-- parameters each kind reads.
CREATE TABLE aidlink.aid_rule_kinds (
    kind        text NOT NULL,
    parameter   text NOT NULL,
    required    boolean NOT NULL,
    meaning     text NOT NULL,
    PRIMARY KEY (kind, parameter)
);
COMMENT ON TABLE aidlink.aid_rule_kinds IS
  'The kinds of aid rule the calculation knows and the parameters each reads (shipped with the extension; a mechanism, not a policy: the values are in aidlink.aid_parameters)';
COMMENT ON COLUMN aidlink.aid_rule_kinds.kind IS 'Kind of rule (aidlink.aid_rules.kind)';
COMMENT ON COLUMN aidlink.aid_rule_kinds.parameter IS 'Name of a parameter the kind reads; stage_N_rate stands for stage_1_rate, stage_2_rate, ...';
COMMENT ON COLUMN aidlink.aid_rule_kinds.required IS 'Whether a rule of this kind needs a value of the parameter on every day it is in force';
COMMENT ON COLUMN aidlink.aid_rule_kinds.meaning IS 'What the parameter means';
INSERT INTO aidlink.aid_rule_kinds VALUES
  ('per_person_month',    'amount',          true,  'Yuan per member per month for households of the rule''s category'),
  ('per_household_month', 'amount',          true,  'Yuan per household per month for households of the rule''s category'),
  ('per_member_year',     'amount',          true,  'Yuan per member having the rule''s attribute, per year, paid in the payment month'),
  ('per_member_year',     'payment_month',   true,  'Month of the year (1-12) in which the yearly amount is paid; with how = twelfths, the first month of the year the amount covers (its twelfths are counted from it)'),
  ('top_up',              'standard',        true,  'Standard in yuan per person per month: a household whose income per person is below it is topped up to it (standard x members - income)'),
  ('top_up',              'floor',           false, 'Least amount in yuan paid to a household that qualifies (default 0)'),
  ('top_up',              'minimum_payment', false, 'A top-up below this many yuan is not paid (default 0)'),
  ('cost_share',          'rate',            true,  'Percent of each claimed cost of the rule''s attribute (cost kind) paid'),
  ('cost_share',          'claim_cap',       false, 'Most paid per claim, in yuan (default none)'),
  ('cost_share',          'year_cap',        false, 'Most paid per household per calendar year under the rule''s policy, benefit and cost kind, counting what was paid in the earlier months of the year (aidlink.aid_ledger: the latest run of each month) and the earlier claims of the month (default none)'),
  ('staged',              'stage_N_rate',    true,  'Percent paid at stage N of what remains of a claim after the earlier stages (stage_1_rate, stage_2_rate, ...)'),
  ('schedule',            'schedule',        true,  'A bracket schedule applied to each claimed cost of the rule''s attribute, marginally or as a whole (aid_rules.how)');

CREATE TABLE aidlink.aid_policies (
    policy          text PRIMARY KEY,
    region          text NOT NULL,
    title           text NOT NULL,
    categories      text[],
    effective_from  date NOT NULL,
    effective_to    date,
    rounding        text NOT NULL DEFAULT 'fen' CHECK (rounding IN ('fen', 'jiao', 'yuan')),
    rounding_mode   text NOT NULL DEFAULT 'half_up' CHECK (rounding_mode IN ('half_up', 'down')),
    source          text
);
COMMENT ON TABLE aidlink.aid_policies IS
  'Aid policies: a region, the dates in force, the household categories served, the rounding rule of their amounts';
COMMENT ON COLUMN aidlink.aid_policies.policy IS 'Short name of the policy';
COMMENT ON COLUMN aidlink.aid_policies.region IS 'Region the policy serves, as a path (''foshan/chancheng/zhangcha''): households of that region and of regions under it';
COMMENT ON COLUMN aidlink.aid_policies.title IS 'Title of the policy';
COMMENT ON COLUMN aidlink.aid_policies.categories IS 'Household categories the policy serves with category rules: a household of one of them that no category rule covers is an uncovered case (an error); NULL when the policy has no category rules';
COMMENT ON COLUMN aidlink.aid_policies.effective_from IS 'First day in force';
COMMENT ON COLUMN aidlink.aid_policies.effective_to IS 'Last day in force (NULL: open)';
COMMENT ON COLUMN aidlink.aid_policies.rounding IS 'Unit every amount of the policy is rounded to: fen (0.01), jiao (0.1) or yuan';
COMMENT ON COLUMN aidlink.aid_policies.rounding_mode IS 'half_up (half a unit rounds up) or down (truncated)';
COMMENT ON COLUMN aidlink.aid_policies.source IS 'Where the policy is written (document, article)';

CREATE TABLE aidlink.aid_rules (
    policy          text NOT NULL REFERENCES aidlink.aid_policies ON UPDATE CASCADE,
    rule            text NOT NULL,
    benefit         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('per_person_month', 'per_household_month', 'per_member_year',
                                                  'top_up', 'cost_share', 'staged', 'schedule')),
    categories      text[],
    attribute       text,
    how             text,
    effective_from  date NOT NULL,
    effective_to    date,
    PRIMARY KEY (policy, rule),
    CONSTRAINT aid_rules_how CHECK (how IS NULL OR (kind = 'schedule' AND how IN ('marginal', 'whole'))
                                    OR (kind = 'per_member_year' AND how IN ('payment_month', 'twelfths')))
);
COMMENT ON TABLE aidlink.aid_rules IS
  'Benefit rules of the policies: what kind of amount, for which household category or member attribute or cost kind, in force on which dates';
COMMENT ON COLUMN aidlink.aid_rules.policy IS 'Policy of the rule';
COMMENT ON COLUMN aidlink.aid_rules.rule IS 'Short name of the rule within its policy';
COMMENT ON COLUMN aidlink.aid_rules.benefit IS 'The benefit the rule pays (the label of its lines; two rules of one policy and benefit may not apply to one household at once)';
COMMENT ON COLUMN aidlink.aid_rules.kind IS 'per_person_month, per_household_month, per_member_year, top_up, cost_share, staged or schedule (see aidlink.aid_rule_kinds)';
COMMENT ON COLUMN aidlink.aid_rules.categories IS 'Household categories the rule is for (NULL: any household of the policy''s region)';
COMMENT ON COLUMN aidlink.aid_rules.attribute IS 'Member attribute (per_member_year: ''major_illness'', ''school:university'') or cost kind (cost_share, staged, schedule: ''major_illness'')';
COMMENT ON COLUMN aidlink.aid_rules.how IS 'For a schedule rule: marginal (each bracket''s rate on its part) or whole (the rate of the cost''s bracket on the whole cost). For a per_member_year rule: payment_month (NULL too: the whole yearly amount in the payment month, to the members who have the attribute then) or twelfths (a twelfth of it every month to the members who have the attribute that month, so that members who join or leave during the year get the months they were there; the twelfths of a whole year add up to the yearly amount)';
COMMENT ON COLUMN aidlink.aid_rules.effective_from IS 'First day in force';
COMMENT ON COLUMN aidlink.aid_rules.effective_to IS 'Last day in force (NULL: open)';

CREATE TABLE aidlink.aid_parameters (
    policy          text NOT NULL,
    rule            text NOT NULL,
    parameter       text NOT NULL,
    value           numeric,
    schedule        aidlink.bracket_schedule,
    effective_from  date NOT NULL,
    effective_to    date,
    PRIMARY KEY (policy, rule, parameter, effective_from),
    FOREIGN KEY (policy, rule) REFERENCES aidlink.aid_rules ON UPDATE CASCADE,
    CHECK ((value IS NULL) <> (schedule IS NULL))
);
COMMENT ON TABLE aidlink.aid_parameters IS
  'Values of the rules'' parameters (amounts in yuan, rates in percent, a bracket schedule), each with the dates it is in force; the dates of one parameter may not overlap';
COMMENT ON COLUMN aidlink.aid_parameters.policy IS 'Policy of the rule';
COMMENT ON COLUMN aidlink.aid_parameters.rule IS 'Rule the parameter belongs to';
COMMENT ON COLUMN aidlink.aid_parameters.parameter IS 'Name of the parameter (see aidlink.aid_rule_kinds)';
COMMENT ON COLUMN aidlink.aid_parameters.value IS 'Its value: yuan, percent, or a month number (exactly one of value and schedule)';
COMMENT ON COLUMN aidlink.aid_parameters.schedule IS 'Its value when it is a bracket schedule';
COMMENT ON COLUMN aidlink.aid_parameters.effective_from IS 'First day the value is in force';
COMMENT ON COLUMN aidlink.aid_parameters.effective_to IS 'Last day the value is in force (NULL: open)';

-- Dates in order on the three tables, and no overlapping values of one
-- parameter, each refused with the names of what is wrong.
CREATE FUNCTION aidlink.aid_check_dates() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    what text;
    other record;
BEGIN
    -- (one branch per table: a record has only its own table's fields)
    IF TG_TABLE_NAME = 'aid_policies' THEN
        what := format('policy %s', NEW.policy);
    ELSIF TG_TABLE_NAME = 'aid_rules' THEN
        what := format('rule %s of policy %s', NEW.rule, NEW.policy);
    ELSE
        what := format('parameter %s of rule %s of policy %s', NEW.parameter, NEW.rule, NEW.policy);
    END IF;
    IF NEW.effective_to < NEW.effective_from THEN
        RAISE EXCEPTION 'the dates of % end before they start', what
          USING ERRCODE = 'check_violation',
                DETAIL = format('effective_from is %s, effective_to %s.', NEW.effective_from, NEW.effective_to),
                HINT = 'effective_to is the last day in force; leave it NULL while in force.';
    END IF;
    IF TG_TABLE_NAME = 'aid_parameters' THEN
        SELECT p.effective_from, p.effective_to INTO other
          FROM aidlink.aid_parameters p
         WHERE p.policy = NEW.policy AND p.rule = NEW.rule AND p.parameter = NEW.parameter
           AND (TG_OP = 'INSERT' OR p.effective_from <> OLD.effective_from
                OR (p.policy, p.rule, p.parameter) IS DISTINCT FROM (OLD.policy, OLD.rule, OLD.parameter))
           AND daterange(p.effective_from, p.effective_to, '[]') && daterange(NEW.effective_from, NEW.effective_to, '[]')
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'the dates of % overlap another value of it', what
              USING ERRCODE = 'exclusion_violation',
                    DETAIL = format('The new value is in force from %s to %s; another from %s to %s.',
                                    NEW.effective_from, coalesce(NEW.effective_to::text, 'open'),
                                    other.effective_from, coalesce(other.effective_to::text, 'open')),
                    HINT = 'End the earlier value (effective_to) the day before the new one starts.';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM aidlink.aid_rules r JOIN aidlink.aid_rule_kinds k ON k.kind = r.kind
                        WHERE r.policy = NEW.policy AND r.rule = NEW.rule
                          AND (k.parameter = NEW.parameter
                               OR (k.parameter = 'stage_N_rate' AND NEW.parameter ~ '^stage_[1-9][0-9]?_rate$'))) THEN
            RAISE EXCEPTION 'rule % of policy % has no parameter %', NEW.rule, NEW.policy, NEW.parameter
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('Rules of kind %s read: %s.',
                                    (SELECT kind FROM aidlink.aid_rules WHERE policy = NEW.policy AND rule = NEW.rule),
                                    (SELECT string_agg(k.parameter, ', ' ORDER BY k.parameter)
                                       FROM aidlink.aid_rule_kinds k JOIN aidlink.aid_rules r ON r.kind = k.kind
                                      WHERE r.policy = NEW.policy AND r.rule = NEW.rule));
        END IF;
        IF (NEW.parameter = 'schedule') <> (NEW.schedule IS NOT NULL) THEN
            RAISE EXCEPTION 'parameter % of rule % of policy % takes a %', NEW.parameter, NEW.rule, NEW.policy,
                            CASE WHEN NEW.parameter = 'schedule' THEN 'bracket schedule' ELSE 'number' END
              USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NEW.value < 0 OR (NEW.parameter ~ 'rate$' AND NEW.value > 100)
           OR (NEW.parameter = 'payment_month' AND (NEW.value NOT BETWEEN 1 AND 12 OR NEW.value <> trunc(NEW.value))) THEN
            RAISE EXCEPTION 'parameter % of rule % of policy % cannot be %', NEW.parameter, NEW.rule, NEW.policy, NEW.value
              USING ERRCODE = 'check_violation',
                    DETAIL = 'Amounts are not negative, rates are percentages from 0 to 100, a payment month is 1 to 12.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION aidlink.aid_check_dates() IS
  'Trigger of the policy tables: refuses dates that end before they start, overlapping values of one parameter, parameters a rule''s kind does not read, negative amounts and rates above 100%, naming the policy, rule and parameter';
CREATE TRIGGER aid_policies_dates BEFORE INSERT OR UPDATE ON aidlink.aid_policies
    FOR EACH ROW EXECUTE FUNCTION aidlink.aid_check_dates();
CREATE TRIGGER aid_rules_dates BEFORE INSERT OR UPDATE ON aidlink.aid_rules
    FOR EACH ROW EXECUTE FUNCTION aidlink.aid_check_dates();
CREATE TRIGGER aid_parameters_dates BEFORE INSERT OR UPDATE ON aidlink.aid_parameters
    FOR EACH ROW EXECUTE FUNCTION aidlink.aid_check_dates();

-- Gaps and conflicts of a policy, before anything is paid.
CREATE FUNCTION aidlink.check_policy(policy text)
RETURNS TABLE (problem text, rule text, parameter text, from_date date, to_date date, detail text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    WITH p AS (
        SELECT p.*, daterange(p.effective_from, p.effective_to, '[]') AS span
          FROM aidlink.aid_policies p WHERE p.policy = $1
    ), r AS (
        SELECT r.*, daterange(r.effective_from, r.effective_to, '[]') AS span
          FROM aidlink.aid_rules r WHERE r.policy = $1
    ), needed AS (            -- every parameter each rule needs
        SELECT r.rule, r.span, k.parameter
          FROM r JOIN aidlink.aid_rule_kinds k ON k.kind = r.kind AND k.required AND k.parameter <> 'stage_N_rate'
        UNION ALL
        SELECT r.rule, r.span, s.parameter
          FROM r, LATERAL (SELECT DISTINCT x.parameter FROM aidlink.aid_parameters x
                            WHERE x.policy = $1 AND x.rule = r.rule AND x.parameter ~ '^stage_') s
         WHERE r.kind = 'staged'
    ), gaps AS (
        SELECT n.rule, n.parameter,
               n.span::datemultirange - coalesce((SELECT range_agg(daterange(x.effective_from, x.effective_to, '[]'))
                                                    FROM aidlink.aid_parameters x
                                                   WHERE x.policy = $1 AND x.rule = n.rule AND x.parameter = n.parameter),
                                                  '{}'::datemultirange) AS missing
          FROM needed n
    )
    SELECT 'no policy' AS problem, NULL, NULL, NULL::date, NULL::date, format('There is no policy %s.', $1)
     WHERE NOT EXISTS (SELECT 1 FROM p)
    UNION ALL
    SELECT 'rule outside the policy''s dates', r.rule, NULL, lower(g.d), upper(g.d) - 1,
           format('Rule %s is in force on days its policy is not.', r.rule)
      FROM r, p, LATERAL unnest(r.span::datemultirange - p.span::datemultirange) g(d)
    UNION ALL
    SELECT 'no rules', NULL, NULL, NULL, NULL, format('Policy %s has no rules.', $1)
     WHERE EXISTS (SELECT 1 FROM p) AND NOT EXISTS (SELECT 1 FROM r)
    UNION ALL
    SELECT 'parameter missing', g.rule, g.parameter, lower(d), upper(d) - 1,
           format('Rule %s is in force but parameter %s has no value from %s to %s.',
                  g.rule, g.parameter, lower(d), coalesce((upper(d) - 1)::text, 'open'))
      FROM gaps g, LATERAL unnest(g.missing) d
    UNION ALL
    SELECT 'no stages', r.rule, NULL, lower(r.span), upper(r.span) - 1,
           format('Staged rule %s has no stage_1_rate.', r.rule)
      FROM r WHERE r.kind = 'staged'
       AND NOT EXISTS (SELECT 1 FROM aidlink.aid_parameters x WHERE x.policy = $1 AND x.rule = r.rule AND x.parameter = 'stage_1_rate')
    UNION ALL
    SELECT 'attribute missing', r.rule, NULL, lower(r.span), upper(r.span) - 1,
           format('Rule %s of kind %s needs an attribute (member attribute or cost kind).', r.rule, r.kind)
      FROM r WHERE r.kind IN ('per_member_year', 'cost_share', 'staged', 'schedule') AND r.attribute IS NULL
    UNION ALL
    SELECT 'how missing', r.rule, NULL, lower(r.span), upper(r.span) - 1,
           format('Schedule rule %s needs how (marginal or whole).', r.rule)
      FROM r WHERE r.kind = 'schedule' AND r.how IS NULL
    UNION ALL
    SELECT 'conflict', a.rule || ' / ' || b.rule, NULL, lower(a.span * b.span), upper(a.span * b.span) - 1,
           format('Rules %s and %s both pay %s to %s from %s to %s.', a.rule, b.rule, a.benefit,
                  CASE WHEN a.categories IS NULL AND b.categories IS NULL THEN 'every household'
                       ELSE 'households of category ' || array_to_string(CASE WHEN a.categories IS NULL THEN b.categories
                                                                              WHEN b.categories IS NULL THEN a.categories
                                                                              ELSE ARRAY(SELECT unnest(a.categories) INTERSECT SELECT unnest(b.categories) ORDER BY 1) END, ', ') END
                  || CASE WHEN coalesce(a.attribute, b.attribute) IS NULL THEN ''
                          ELSE ' for ' || coalesce(a.attribute, b.attribute) END,
                  lower(a.span * b.span), coalesce((upper(a.span * b.span) - 1)::text, 'open'))
      FROM r a JOIN r b ON a.rule < b.rule AND a.benefit = b.benefit AND a.span && b.span
                       AND (a.categories IS NULL OR b.categories IS NULL OR a.categories && b.categories)
                       AND (a.attribute IS NOT DISTINCT FROM b.attribute OR a.attribute IS NULL OR b.attribute IS NULL)
    UNION ALL
    SELECT 'category uncovered', NULL, NULL, lower(d), upper(d) - 1,
           format('Policy %s serves category %s but no category rule covers it from %s to %s.',
                  $1, c, lower(d), coalesce((upper(d) - 1)::text, 'open'))
      FROM p, unnest(p.categories) c,
           LATERAL unnest(p.span::datemultirange
                          - coalesce((SELECT range_agg(r.span) FROM r
                                       WHERE r.kind IN ('per_person_month', 'per_household_month', 'top_up')
                                         AND (c = ANY (r.categories) OR r.categories IS NULL)), '{}'::datemultirange)) d
    ORDER BY 1, 2, 4
$$;
COMMENT ON FUNCTION aidlink.check_policy(text) IS
  'The gaps and conflicts of a policy, before anything is paid: rules outside the policy''s dates, parameters without a value on days their rule is in force, staged rules without stages, rules lacking an attribute or a way of applying, two rules paying one benefit to the same households at once (conflict), categories the policy serves that no category rule covers on some days; no rows when the policy is sound';
