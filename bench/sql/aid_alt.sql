-- bench/sql/aid_alt.sql — what a user would write instead of
-- aidlink.compute_aid_month, for the same month, the same policy tables and
-- the same household facts:
--   bench_aid.plpgsql_month: PL/pgSQL, household by household, rule by rule;
--   bench_aid.handsql_month: the best set-based SQL we could write by hand
--     (one INSERT ... SELECT, no traces, no checks).
-- Both read the rules in force once (aidlink.aid_rules_in_force), as a careful
-- writer would, and write their lines into a table of their own.
\set ON_ERROR_STOP 1
DROP SCHEMA IF EXISTS bench_aid CASCADE;
CREATE SCHEMA bench_aid;
CREATE TABLE bench_aid.lines (method text, household_no text, policy text, benefit text, rule text,
                              quantity numeric, rate_or_amount numeric, amount numeric);

CREATE FUNCTION bench_aid.plpgsql_month(p_month date, p_limit bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    h record; r record; c record;
    n bigint; k bigint; lines bigint := 0;
    base numeric; paid numeric; earlier numeric; ledger numeric; tw int;
BEGIN
    DROP TABLE IF EXISTS pg_temp.rules_now;
    CREATE TEMP TABLE rules_now AS SELECT * FROM aidlink.aid_rules_in_force(p_month);
    FOR h IN SELECT * FROM aidlink.aid_households WHERE month = p_month ORDER BY household_no LIMIT p_limit LOOP
        IF h.income < 0 THEN
            RAISE EXCEPTION 'household % has a negative income', h.household_no;
        END IF;
        SELECT count(*) INTO n FROM aidlink.aid_members WHERE month = p_month AND household_no = h.household_no;
        IF n = 0 THEN
            RAISE EXCEPTION 'household % has no members', h.household_no;
        END IF;
        FOR r IN SELECT * FROM rules_now x
                  WHERE (h.region = x.region OR h.region LIKE x.region || '/%')
                    AND (x.categories IS NULL OR h.category = ANY (x.categories)) LOOP
            IF r.kind = 'per_person_month' THEN
                INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, n, r.amount,
                                                    aidlink.aid_round(n * r.amount, r.rounding, r.rounding_mode));
                lines := lines + 1;
            ELSIF r.kind = 'per_household_month' THEN
                INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, 1, r.amount,
                                                    aidlink.aid_round(r.amount, r.rounding, r.rounding_mode));
                lines := lines + 1;
            ELSIF r.kind = 'per_member_year' THEN
                IF r.how = 'twelfths' OR extract(month FROM p_month) = r.payment_month THEN
                    SELECT count(*) INTO k FROM aidlink.aid_members
                     WHERE month = p_month AND household_no = h.household_no AND r.attribute = ANY (attributes);
                    IF k > 0 THEN
                        base := r.amount;
                        IF r.how = 'twelfths' THEN   -- the month's twelfth of the yearly amount
                            tw := (extract(month FROM p_month)::int - r.payment_month::int + 12) % 12 + 1;
                            base := aidlink.aid_round(r.amount * tw / 12, r.rounding, r.rounding_mode)
                                    - aidlink.aid_round(r.amount * (tw - 1) / 12, r.rounding, r.rounding_mode);
                        END IF;
                        INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, k, base,
                                                            aidlink.aid_round(k * base, r.rounding, r.rounding_mode));
                        lines := lines + 1;
                    END IF;
                END IF;
            ELSIF r.kind = 'top_up' THEN
                IF h.income < r.standard * n THEN
                    paid := aidlink.aid_round(greatest(r.standard * n - h.income, r.floor_amount), r.rounding, r.rounding_mode);
                    IF paid >= r.minimum_payment AND paid > 0 THEN
                        INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, n, r.standard, paid);
                        lines := lines + 1;
                    END IF;
                END IF;
            ELSE
                FOR c IN SELECT * FROM aidlink.aid_costs
                          WHERE household_no = h.household_no AND kind = r.attribute
                            AND claim_date >= p_month AND claim_date < p_month + interval '1 month'
                          ORDER BY claim_date, claim_no LOOP
                    IF c.amount < 0 THEN
                        RAISE EXCEPTION 'household % claims a negative cost', h.household_no;
                    END IF;
                    IF r.kind = 'cost_share' THEN
                        earlier := NULL;
                        IF r.year_cap IS NOT NULL THEN
                            -- what the ledger says was paid in the earlier months of the year
                            SELECT coalesce(sum(l.amount), 0) INTO ledger
                              FROM aidlink.aid_ledger l
                             WHERE l.household_no = h.household_no AND l.policy = r.policy AND l.benefit = r.benefit
                               AND l.kind = 'cost_share' AND l.attribute = r.attribute
                               AND l.month >= date_trunc('year', p_month) AND l.month < p_month;
                            -- and this month's earlier claims, paid until the cap
                            SELECT coalesce(sum(aidlink.aid_round(least(e.amount * r.rate / 100, coalesce(r.claim_cap, e.amount)),
                                                                  r.rounding, r.rounding_mode)), 0) INTO earlier
                              FROM aidlink.aid_costs e
                             WHERE e.household_no = h.household_no AND e.kind = r.attribute
                               AND e.claim_date >= p_month AND (e.claim_date, e.claim_no) < (c.claim_date, c.claim_no);
                            earlier := ledger + least(earlier, greatest(0, r.year_cap - ledger));
                        END IF;
                        paid := greatest(0, least(aidlink.aid_round(least(c.amount * r.rate / 100, coalesce(r.claim_cap, c.amount)),
                                                                    r.rounding, r.rounding_mode),
                                                  coalesce(r.year_cap - earlier, c.amount)));
                        INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, c.amount, r.rate, paid);
                        lines := lines + 1;
                    ELSIF r.kind = 'staged' THEN
                        base := c.amount;
                        FOR k IN 1 .. cardinality(r.stages) LOOP
                            paid := aidlink.aid_round(base * r.stages[k] / 100, r.rounding, r.rounding_mode);
                            INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, base, r.stages[k], paid);
                            lines := lines + 1;
                            base := base - paid;
                        END LOOP;
                    ELSIF r.kind = 'schedule' THEN
                        INSERT INTO bench_aid.lines VALUES ('plpgsql', h.household_no, r.policy, r.benefit, r.rule, c.amount,
                            aidlink.bracket_schedule_rate(r.schedule, c.amount),
                            aidlink.aid_round(aidlink.bracket_schedule_apply(r.schedule, c.amount, r.how), r.rounding, r.rounding_mode));
                        lines := lines + 1;
                    END IF;
                END LOOP;
            END IF;
        END LOOP;
    END LOOP;
    RETURN lines;
END
$$;

CREATE FUNCTION bench_aid.handsql_month(p_month date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE v_rows bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.rules_now;
    CREATE TEMP TABLE rules_now AS SELECT * FROM aidlink.aid_rules_in_force(p_month);
    INSERT INTO bench_aid.lines
    WITH hh AS (
        SELECT h.household_no, h.region, h.category, h.income, m.n
          FROM aidlink.aid_households h
          JOIN (SELECT household_no, count(*) AS n FROM aidlink.aid_members WHERE month = p_month GROUP BY 1) m
            USING (household_no)
         WHERE h.month = p_month
    ), hr AS (
        SELECT hh.*, r.policy, r.benefit, r.rule, r.kind, r.attribute, r.amount, r.payment_month, r.standard,
               r.floor_amount, r.minimum_payment, r.rate, r.claim_cap, r.year_cap, r.stages, r.schedule, r.how,
               r.rounding, r.rounding_mode
          FROM hh JOIN (SELECT DISTINCT region FROM hh) g ON g.region = hh.region
          JOIN rules_now r ON (g.region = r.region OR g.region LIKE r.region || '/%')
         WHERE r.categories IS NULL OR hh.category = ANY (r.categories)
    ), attrs AS (
        SELECT household_no, a, count(*) AS k
          FROM aidlink.aid_members, unnest(attributes) a
         WHERE month = p_month AND a IN (SELECT attribute FROM rules_now WHERE kind = 'per_member_year')
         GROUP BY 1, 2
    ), claims AS (
        SELECT hr.*, c.claim_no, c.claim_date, c.amount AS cost
          FROM hr JOIN aidlink.aid_costs c ON c.household_no = hr.household_no AND c.kind = hr.attribute
           AND c.claim_date >= p_month AND c.claim_date < p_month + interval '1 month'
         WHERE hr.kind IN ('cost_share', 'staged', 'schedule')
    )
    SELECT 'handsql', household_no, policy, benefit, rule, n, amount, aidlink.aid_round(n * amount, rounding, rounding_mode)
      FROM hr WHERE kind = 'per_person_month'
    UNION ALL
    SELECT 'handsql', household_no, policy, benefit, rule, 1, amount, aidlink.aid_round(amount, rounding, rounding_mode)
      FROM hr WHERE kind = 'per_household_month'
    UNION ALL
    SELECT 'handsql', hr.household_no, policy, benefit, rule, a.k, t.per_member, aidlink.aid_round(a.k * t.per_member, rounding, rounding_mode)
      FROM hr JOIN attrs a ON a.household_no = hr.household_no AND a.a = hr.attribute
     CROSS JOIN LATERAL (SELECT (extract(month FROM p_month)::int - payment_month::int + 12) % 12 + 1 AS tw) w
     CROSS JOIN LATERAL (SELECT CASE WHEN how = 'twelfths'
                                     THEN aidlink.aid_round(amount * w.tw / 12, rounding, rounding_mode)
                                          - aidlink.aid_round(amount * (w.tw - 1) / 12, rounding, rounding_mode)
                                     ELSE amount END AS per_member) t
     WHERE kind = 'per_member_year' AND (how = 'twelfths' OR extract(month FROM p_month) = payment_month)
    UNION ALL
    SELECT 'handsql', household_no, policy, benefit, rule, n, standard, p
      FROM (SELECT hr.*, aidlink.aid_round(greatest(standard * n - income, floor_amount), rounding, rounding_mode) AS p
              FROM hr WHERE kind = 'top_up' AND income < standard * n) t
     WHERE p >= minimum_payment AND p > 0
    UNION ALL
    SELECT 'handsql', household_no, policy, benefit, rule, cost, rate,
           greatest(0, least(aidlink.aid_round(least(cost * rate / 100, coalesce(claim_cap, cost)), rounding, rounding_mode),
                             coalesce(year_cap - (y.ledger + least(y.before, greatest(0, year_cap - y.ledger))), cost)))
      FROM claims c
      LEFT JOIN LATERAL (   -- the year cap: what the ledger says was paid, and this month's earlier claims
          SELECT (SELECT coalesce(sum(l.amount), 0) FROM aidlink.aid_ledger l
                   WHERE l.household_no = c.household_no AND l.policy = c.policy AND l.benefit = c.benefit
                     AND l.kind = 'cost_share' AND l.attribute = c.attribute
                     AND l.month >= date_trunc('year', p_month) AND l.month < p_month) AS ledger,
                 (SELECT coalesce(sum(aidlink.aid_round(least(e.amount * c.rate / 100, coalesce(c.claim_cap, e.amount)),
                                                        c.rounding, c.rounding_mode)), 0)
                    FROM aidlink.aid_costs e
                   WHERE e.household_no = c.household_no AND e.kind = c.attribute AND e.claim_date >= p_month
                     AND (e.claim_date, e.claim_no) < (c.claim_date, c.claim_no)) AS before
           WHERE c.year_cap IS NOT NULL) y ON true
     WHERE kind = 'cost_share'
    UNION ALL
    SELECT 'handsql', c.household_no, c.policy, c.benefit, c.rule, s.base, s.rate, s.paid
      FROM claims c CROSS JOIN LATERAL (
          WITH RECURSIVE st(stage, base, rate, paid) AS (
              SELECT 1, c.cost, c.stages[1], aidlink.aid_round(c.cost * c.stages[1] / 100, c.rounding, c.rounding_mode)
              UNION ALL
              SELECT st.stage + 1, st.base - st.paid, c.stages[st.stage + 1],
                     aidlink.aid_round((st.base - st.paid) * c.stages[st.stage + 1] / 100, c.rounding, c.rounding_mode)
                FROM st WHERE st.stage < cardinality(c.stages))
          SELECT * FROM st) s
     WHERE c.kind = 'staged'
    UNION ALL
    SELECT 'handsql', household_no, policy, benefit, rule, cost, aidlink.bracket_schedule_rate(schedule, cost),
           aidlink.aid_round(aidlink.bracket_schedule_apply(schedule, cost, how), rounding, rounding_mode)
      FROM claims WHERE kind = 'schedule';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;

-- The floors under any implementation, timed in the same run: reading what
-- the month needs (every household with its members, in household order, as
-- the engine reads them) and writing the run's lines again (the same rows,
-- into a table like aid_payments with its index, without the checks).
CREATE FUNCTION bench_aid.read_floor(p_month date) RETURNS bigint
LANGUAGE sql AS $$
    SELECT count(*) FROM (SELECT h.household_no, h.region, h.category, h.income, m.attributes
                            FROM aidlink.aid_households h
                            JOIN aidlink.aid_members m ON m.month = h.month AND m.household_no = h.household_no
                           WHERE h.month = p_month ORDER BY h.household_no) x
$$;
CREATE TABLE bench_aid.write_floor (LIKE aidlink.aid_payments INCLUDING INDEXES);
CREATE FUNCTION bench_aid.write_floor(p_run bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_rows bigint;
BEGIN
    INSERT INTO bench_aid.write_floor SELECT * FROM aidlink.aid_payments WHERE run_id = p_run;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RETURN v_rows;
END
$$;
