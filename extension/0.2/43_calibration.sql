
-----------------------------------------------------------------------------
-- Weighted data-overlap scoring: calibrating the weights on past visits
--
-- Caseworkers record each visit's outcome (hardship confirmed or not).  The
-- weights are log-odds units, so a logistic regression of the outcome on the
-- household intensities of the visited month (aidlink.household_scores)
-- fits them directly: Newton-Raphson (iteratively reweighted least squares)
-- in SQL, the fit judged on held-out visits by the area under the ROC curve.
-----------------------------------------------------------------------------

CREATE TABLE aidlink.score_outcomes (
    household_no text NOT NULL,
    month        date NOT NULL CHECK (month = date_trunc('month', month)),
    confirmed    boolean NOT NULL,
    visited_on   date,
    note         text,
    PRIMARY KEY (household_no, month)
);
COMMENT ON TABLE aidlink.score_outcomes IS
  'Outcomes of past visits: a household visited in a month (the scored month whose signals it is compared with) and whether the visit confirmed hardship; aidlink.calibrate_weights() fits the weights on them';
COMMENT ON COLUMN aidlink.score_outcomes.household_no IS 'Household number in the reference';
COMMENT ON COLUMN aidlink.score_outcomes.month IS 'The scored month the visit followed (its first day)';
COMMENT ON COLUMN aidlink.score_outcomes.confirmed IS 'True when the visit confirmed hardship';
COMMENT ON COLUMN aidlink.score_outcomes.visited_on IS 'The day of the visit';
COMMENT ON COLUMN aidlink.score_outcomes.note IS 'Who visited, and what they found';
SELECT pg_catalog.pg_extension_config_dump('aidlink.score_outcomes', '');

CREATE FUNCTION aidlink.solve_linear_system(a float8[], b float8[]) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    n   integer := cardinality(b);
    m   float8[] := a;        -- n x n, row-major, flattened
    x   float8[] := b;
    p   integer;
    t   float8;
    f   float8;
    i   integer;
    j   integer;
    c   integer;
BEGIN
    IF cardinality(a) <> n * n OR array_ndims(a) <> 1 THEN
        RAISE EXCEPTION 'solve_linear_system: a must hold n x n values (row after row) for n = % right-hand values, not %', n, cardinality(a)
            USING ERRCODE = 'array_subscript_error';
    END IF;
    FOR c IN 1 .. n LOOP                            -- Gaussian elimination, partial pivoting
        p := c;
        FOR i IN c + 1 .. n LOOP
            IF abs(m[(i - 1) * n + c]) > abs(m[(p - 1) * n + c]) THEN p := i; END IF;
        END LOOP;
        IF abs(m[(p - 1) * n + c]) < 1e-300 THEN
            RETURN NULL;                            -- singular
        END IF;
        IF p <> c THEN
            FOR j IN 1 .. n LOOP
                t := m[(c - 1) * n + j]; m[(c - 1) * n + j] := m[(p - 1) * n + j]; m[(p - 1) * n + j] := t;
            END LOOP;
            t := x[c]; x[c] := x[p]; x[p] := t;
        END IF;
        FOR i IN c + 1 .. n LOOP
            f := m[(i - 1) * n + c] / m[(c - 1) * n + c];
            CONTINUE WHEN f = 0;
            FOR j IN c .. n LOOP
                m[(i - 1) * n + j] := m[(i - 1) * n + j] - f * m[(c - 1) * n + j];
            END LOOP;
            x[i] := x[i] - f * x[c];
        END LOOP;
    END LOOP;
    FOR i IN REVERSE n .. 1 LOOP
        t := x[i];
        FOR j IN i + 1 .. n LOOP
            t := t - m[(i - 1) * n + j] * x[j];
        END LOOP;
        x[i] := t / m[(i - 1) * n + i];
    END LOOP;
    RETURN x;
END
$fn$;
COMMENT ON FUNCTION aidlink.solve_linear_system(float8[], float8[]) IS
  'Solves A x = b for a small dense system (A given row after row as one array of n x n values) by Gaussian elimination with partial pivoting; NULL when A is singular. Used by aidlink.calibrate_weights()';

CREATE FUNCTION aidlink.roc_auc(scores float8[], positives boolean[]) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH r AS (
        SELECT s, y, rank() OVER (ORDER BY s) + (count(*) OVER (PARTITION BY s) - 1) / 2.0 AS rk
        FROM unnest(scores, positives) u(s, y) WHERE s IS NOT NULL AND y IS NOT NULL
    ), n AS (SELECT count(*) FILTER (WHERE y) AS n1, count(*) FILTER (WHERE NOT y) AS n0,
                    sum(rk) FILTER (WHERE y) AS r1 FROM r)
    SELECT CASE WHEN n1 > 0 AND n0 > 0 THEN ((r1 - n1 * (n1 + 1) / 2.0) / (n1 * n0))::float8 END FROM n;
END;
COMMENT ON FUNCTION aidlink.roc_auc(float8[], boolean[]) IS
  'Area under the ROC curve of scores against outcomes (the probability that a positive scores above a negative, ties counting half: Mann-Whitney); NULL without both positives and negatives';

CREATE FUNCTION aidlink.calibrate_weights(holdout_share float8 DEFAULT 0.3, apply_from date DEFAULT NULL,
    OUT term text, OUT current_weight float8, OUT fitted_weight float8, OUT std_error float8,
    OUT households_with bigint, OUT training_visits bigint, OUT holdout_visits bigint,
    OUT holdout_auc_current float8, OUT holdout_auc_fitted float8, OUT iterations integer)
RETURNS SETOF record
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    sigs    text[];
    k       integer;
    beta    float8[];
    g       float8[];
    h       float8[];
    d       float8[];
    e       float8[];
    cov     float8[];
    it      integer := 0;
    n_train bigint;
    n_hold  bigint;
    auc_c   float8;
    auc_f   float8;
    i       integer;
    j       integer;
    ridge   constant float8 := 1e-6;
    keep    integer[];
    kall    integer;
BEGIN
    IF holdout_share IS NULL OR NOT (holdout_share >= 0 AND holdout_share < 1) THEN
        RAISE EXCEPTION 'calibrate_weights: holdout_share must be at least 0 and below 1, not %', coalesce(holdout_share::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF apply_from IS NOT NULL AND NOT isfinite(apply_from) THEN
        RAISE EXCEPTION 'calibrate_weights: apply_from must be a date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the signals: every signal in effect in a month with outcomes, still defined
    SELECT array_agg(DISTINCT s ORDER BY s) INTO sigs
    FROM aidlink.score_outcomes o JOIN aidlink.score_runs r ON r.month = o.month
    CROSS JOIN LATERAL unnest(r.signals) s
    WHERE EXISTS (SELECT 1 FROM aidlink.score_signals x WHERE x.signal_name = s);
    IF sigs IS NULL THEN
        RAISE EXCEPTION 'calibrate_weights: no visit outcome falls in a scored month'
            USING ERRCODE = 'no_data_found',
                  HINT = 'Record visits in aidlink.score_outcomes for months scored with aidlink.score_month().';
    END IF;
    k := cardinality(sigs) + 1;

    -- one row per visit: the outcome, the intercept and the household's
    -- intensity of every signal that month (0 when it did not fire); held out
    -- by a hash of household and month
    IF to_regclass('pg_temp.al_cal') IS NOT NULL THEN DROP TABLE pg_temp.al_cal; END IF;
    CREATE TEMP TABLE al_cal ON COMMIT DROP AS
    SELECT o.household_no, o.month, o.confirmed::int::float8 AS y,
           ARRAY[1::float8] || ARRAY(SELECT coalesce(hs.intensities[array_position(hs.signals, s)], 0)
                                     FROM unnest(sigs) WITH ORDINALITY u(s, ord) ORDER BY ord) AS x,
           coalesce(hs.score, 0) AS current_score,
           (hashtext(o.household_no || '/' || o.month::text) & 1023) < holdout_share * 1024 AS held_out
    FROM aidlink.score_outcomes o
    JOIN aidlink.score_runs r ON r.month = o.month
    LEFT JOIN aidlink.household_scores hs ON hs.month = o.month AND hs.household_no = o.household_no;
    SELECT count(*) FILTER (WHERE NOT held_out), count(*) FILTER (WHERE held_out) INTO n_train, n_hold FROM al_cal;
    IF n_train < k * 5 OR NOT EXISTS (SELECT 1 FROM al_cal WHERE NOT held_out AND y = 1)
       OR NOT EXISTS (SELECT 1 FROM al_cal WHERE NOT held_out AND y = 0) THEN
        RAISE EXCEPTION 'calibrate_weights: % training visits are too few for % weights', n_train, k
            USING ERRCODE = 'insufficient_resources',
                  DETAIL = 'At least five visits per weight are needed, some confirmed and some not.';
    END IF;

    -- signals that never fire among the training visits say nothing: left
    -- out of the fit (reported with no fitted weight)
    keep := ARRAY[1] || ARRAY(SELECT a FROM generate_series(2, k) a
                              WHERE EXISTS (SELECT 1 FROM al_cal c WHERE NOT c.held_out AND c.x[a] <> 0) ORDER BY a);
    IF cardinality(keep) < k THEN
        UPDATE al_cal c SET x = ARRAY(SELECT c.x[a] FROM unnest(keep) WITH ORDINALITY z(a, o) ORDER BY o);
    END IF;
    kall := k;
    k := cardinality(keep);

    -- Newton-Raphson: beta += H^-1 g, with g the gradient and H the
    -- information matrix of the log-likelihood (a tiny ridge keeps H
    -- invertible when a signal never fires among the visits)
    beta := array_fill(0::float8, ARRAY[k]);
    LOOP
        it := it + 1;
        WITH p AS (
            SELECT c.x, c.y, 1 / (1 + exp(-least(700, greatest(-700,
                       (SELECT sum(xv * bv) FROM unnest(c.x, beta) z(xv, bv)))))) AS pr
            FROM al_cal c WHERE NOT c.held_out
        ), gi AS (
            SELECT a, sum((p.y - p.pr) * p.x[a]) AS v FROM p, generate_series(1, k) a GROUP BY a
        ), hij AS (
            SELECT a, b, sum(p.pr * (1 - p.pr) * p.x[a] * p.x[b]) + CASE WHEN a = b THEN ridge ELSE 0 END AS v
            FROM p, generate_series(1, k) a, generate_series(1, k) b GROUP BY a, b
        )
        SELECT (SELECT array_agg(gi.v - ridge * beta[gi.a] ORDER BY gi.a) FROM gi),
               (SELECT array_agg(hij.v ORDER BY hij.a, hij.b) FROM hij)
        INTO g, h;
        d := aidlink.solve_linear_system(h, g);
        IF d IS NULL THEN
            RAISE EXCEPTION 'calibrate_weights: the visits do not determine the weights (singular information matrix)'
                USING ERRCODE = 'data_exception';
        END IF;
        beta := ARRAY(SELECT bb + dd FROM unnest(beta, d) WITH ORDINALITY z(bb, dd, o) ORDER BY o);
        EXIT WHEN (SELECT max(abs(dd)) FROM unnest(d) dd) < 1e-9 OR it >= 50;
    END LOOP;
    IF it >= 50 THEN
        RAISE WARNING 'calibrate_weights: Newton-Raphson did not converge in 50 iterations'
            USING DETAIL = 'Some signal may separate the outcomes perfectly; its weight is not reliable.';
    END IF;
    -- standard errors: the square roots of the diagonal of H^-1
    cov := '{}';
    FOR i IN 1 .. k LOOP
        e := array_fill(0::float8, ARRAY[k]);
        e[i] := 1;
        cov := cov || (aidlink.solve_linear_system(h, e))[i];
    END LOOP;

    SELECT aidlink.roc_auc(array_agg(c.current_score), array_agg(c.y = 1)),
           aidlink.roc_auc(array_agg((SELECT sum(xv * bv) FROM unnest(c.x, beta) z(xv, bv))), array_agg(c.y = 1))
    INTO auc_c, auc_f
    FROM al_cal c WHERE c.held_out;

    FOR i IN 1 .. kall LOOP
        j := array_position(keep, i);
        term := CASE WHEN i = 1 THEN '(intercept)' ELSE sigs[i - 1] END;
        current_weight := CASE WHEN i = 1 THEN NULL ELSE
            (SELECT w.weight FROM aidlink.score_signal_weights w
             WHERE w.signal_name = sigs[i - 1] AND w.effective_from <= coalesce(apply_from, current_date)
             ORDER BY w.effective_from DESC LIMIT 1) END;
        fitted_weight := beta[j];
        std_error := CASE WHEN cov[j] >= 0 THEN sqrt(cov[j]) END;
        households_with := CASE WHEN j IS NULL THEN 0 ELSE (SELECT count(*) FROM al_cal c WHERE NOT c.held_out AND c.x[j] <> 0) END;
        training_visits := n_train; holdout_visits := n_hold;
        holdout_auc_current := auc_c; holdout_auc_fitted := auc_f; iterations := it;
        IF apply_from IS NOT NULL AND i > 1 AND j IS NOT NULL THEN
            PERFORM aidlink.set_signal_weight(sigs[i - 1], beta[j], apply_from,
                format('calibrated on %s visits (held-out AUC %s, was %s)', n_train,
                       round(auc_f::numeric, 3), round(auc_c::numeric, 3)));
        END IF;
        RETURN NEXT;
    END LOOP;
    DROP TABLE al_cal;
END
$fn$;
COMMENT ON FUNCTION aidlink.calibrate_weights(float8, date) IS
  'Fits the signal weights on past visits (aidlink.score_outcomes) by logistic regression in the database: each visit''s outcome against its household''s signal intensities in the scored month, by Newton-Raphson. Returns, per term (the intercept, then each signal): the weight in effect, the fitted weight, its standard error, how many training households had the signal, and, on the visits held out (a share chosen by a hash of household and month), the area under the ROC curve of the current scores and of the fitted weights. With apply_from, the fitted weights take effect from that day (aidlink.set_signal_weight); the intercept is the log-odds of a confirmed visit to a household with no signal';
