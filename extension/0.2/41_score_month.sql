
-----------------------------------------------------------------------------
-- Weighted data-overlap scoring: the monthly run and what it writes
-----------------------------------------------------------------------------

CREATE TABLE aidlink.score_runs (
    month              date PRIMARY KEY CHECK (month = date_trunc('month', month)),
    as_of              date NOT NULL,
    started_at         timestamptz NOT NULL,
    finished_at        timestamptz NOT NULL,
    settings           date NOT NULL,
    list_threshold     float8 NOT NULL,
    signals            text[] NOT NULL,
    weights            float8[] NOT NULL,
    persons_signalled  bigint NOT NULL,
    households_scored  bigint NOT NULL,
    households_on_roll bigint NOT NULL,
    households_listed  bigint NOT NULL,
    households_alerted bigint NOT NULL,
    households_no_current_member bigint NOT NULL DEFAULT 0
);
COMMENT ON TABLE aidlink.score_runs IS
  'One row per scored month (the last run of aidlink.score_month for it): the day scored as of, the thresholds and the signals with the weights used, and counts';
COMMENT ON COLUMN aidlink.score_runs.month IS 'The month (its first day)';
COMMENT ON COLUMN aidlink.score_runs.as_of IS 'The day the month was scored as of (its last day): look-back periods end there';
COMMENT ON COLUMN aidlink.score_runs.started_at IS 'When the run started';
COMMENT ON COLUMN aidlink.score_runs.finished_at IS 'When the run finished';
COMMENT ON COLUMN aidlink.score_runs.settings IS 'effective_from of the aidlink.score_settings row used';
COMMENT ON COLUMN aidlink.score_runs.list_threshold IS 'The list threshold used';
COMMENT ON COLUMN aidlink.score_runs.signals IS 'The signals in effect, by name';
COMMENT ON COLUMN aidlink.score_runs.weights IS 'Their weights, in the same order';
COMMENT ON COLUMN aidlink.score_runs.persons_signalled IS 'Persons with at least one person signal';
COMMENT ON COLUMN aidlink.score_runs.households_scored IS 'Households with a signal or on a roll (rows of aidlink.household_scores)';
COMMENT ON COLUMN aidlink.score_runs.households_on_roll IS 'Households on a guaranteed roll (reported apart)';
COMMENT ON COLUMN aidlink.score_runs.households_listed IS 'Candidates: not on a guaranteed roll, score at or above the threshold';
COMMENT ON COLUMN aidlink.score_runs.households_alerted IS 'Households not on a guaranteed roll with an alert signal';
COMMENT ON COLUMN aidlink.score_runs.households_no_current_member IS 'Households on no guaranteed roll, at or above the threshold, but without a current member (aidlink.current_member_conditions): reported apart, not listed';

CREATE TABLE aidlink.person_scores (
    month        date NOT NULL,
    resident_id  aidlink.resident_id NOT NULL,
    household_no text,
    score        float8 NOT NULL,
    signals      text[] NOT NULL,
    intensities  float8[] NOT NULL,
    PRIMARY KEY (month, resident_id)
);
COMMENT ON TABLE aidlink.person_scores IS
  'Per month, every person with at least one person signal: the signals that fired, their intensities and the person''s score (sum of weight x intensity). Persons outside the reference population have no household';
COMMENT ON COLUMN aidlink.person_scores.month IS 'The month';
COMMENT ON COLUMN aidlink.person_scores.resident_id IS 'The person';
COMMENT ON COLUMN aidlink.person_scores.household_no IS 'The person''s household in the reference (NULL outside it)';
COMMENT ON COLUMN aidlink.person_scores.score IS 'Sum over the person''s signals of weight x intensity';
COMMENT ON COLUMN aidlink.person_scores.signals IS 'The person signals that fired, by name';
COMMENT ON COLUMN aidlink.person_scores.intensities IS 'Their intensities (0 to 1), in the same order';

CREATE TABLE aidlink.household_scores (
    month         date NOT NULL,
    household_no  text NOT NULL,
    score         float8 NOT NULL,
    signals       text[] NOT NULL,
    intensities   float8[] NOT NULL,
    contributions float8[] NOT NULL,
    alerts        text[] NOT NULL,
    category      text,
    on_roll       boolean NOT NULL,
    listed        boolean NOT NULL,
    list_rank     integer,
    no_current_member boolean NOT NULL DEFAULT false,
    PRIMARY KEY (month, household_no),
    CHECK (NOT (listed AND on_roll)),
    CHECK (NOT (listed AND no_current_member)),
    CHECK ((list_rank IS NOT NULL) = listed)
);
COMMENT ON TABLE aidlink.household_scores IS
  'Per month, every household with a signal or on a roll: its score, the signals that fired with their household intensity (rolled up from members by each signal''s rule) and contribution (weight x intensity), its assistance category, whether it is on a guaranteed roll (then reported apart) and whether it is on the candidate list, with its rank. A score never decides aid: the list is a list of households to visit and verify';
COMMENT ON COLUMN aidlink.household_scores.month IS 'The month';
COMMENT ON COLUMN aidlink.household_scores.household_no IS 'Household number in the reference';
COMMENT ON COLUMN aidlink.household_scores.score IS 'Sum of the contributions';
COMMENT ON COLUMN aidlink.household_scores.signals IS 'Signals that fired for the household or its members, by name';
COMMENT ON COLUMN aidlink.household_scores.intensities IS 'The household''s intensity per signal (members summed or the strongest, by the signal''s rule), in the same order';
COMMENT ON COLUMN aidlink.household_scores.contributions IS 'Weight x intensity per signal, in the same order';
COMMENT ON COLUMN aidlink.household_scores.alerts IS 'The alert signals among them';
COMMENT ON COLUMN aidlink.household_scores.category IS 'Assistance category from the rolls (aidlink.assistance_categories); NULL: none';
COMMENT ON COLUMN aidlink.household_scores.on_roll IS 'True when the category is a guaranteed roll: reported apart, never a candidate';
COMMENT ON COLUMN aidlink.household_scores.listed IS 'True for candidates: not on a guaranteed roll and score at or above the month''s threshold';
COMMENT ON COLUMN aidlink.household_scores.list_rank IS 'Rank on the candidate list (1: highest score; ties by household number)';
COMMENT ON COLUMN aidlink.household_scores.no_current_member IS 'True for a household on no guaranteed roll scoring at or above the threshold none of whose members is a current member of the reference (aidlink.current_member_conditions; for instance all registered dead): reported apart, never a candidate';

SELECT pg_catalog.pg_extension_config_dump('aidlink.score_runs', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.person_scores', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.household_scores', '');

CREATE FUNCTION aidlink.signal_rows_sql(signal aidlink.score_signals, as_of date, param integer,
    values_in text[], OUT fragment text, OUT values_out text[])
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    rel regclass := aidlink.signal_source_relation(signal.source_name);
    typ text;
BEGIN
    SELECT c.fragment, c.values_out INTO fragment, values_out
    FROM aidlink.signal_condition_sql(rel, signal.conditions, param, values_in) c;
    IF signal.date_column IS NOT NULL THEN
        typ := aidlink.signal_column_type(rel, signal.date_column);
        -- the window as days after 2000-01-01: date + integer folds to a
        -- constant when the statement is planned
        values_out := values_out || ((((as_of + 1) - signal.look_back)::date - DATE '2000-01-01'))::text
                                 || ((as_of + 1) - DATE '2000-01-01')::text;
        fragment := format('%s AND t.%I >= (DATE ''2000-01-01'' + ($%s[%s])::integer) AND t.%I < (DATE ''2000-01-01'' + ($%s[%s])::integer)',
                           fragment, signal.date_column, param, cardinality(values_out) - 1,
                           signal.date_column, param, cardinality(values_out));
    END IF;
END
$fn$;
COMMENT ON FUNCTION aidlink.signal_rows_sql(aidlink.score_signals, date, integer, text[]) IS
  'The SQL that picks the rows of a signal''s source that count for it as of a day (its condition, and its date column within the look-back period ending that day), over alias t, with every value a parameter (see aidlink.signal_condition_sql)';

CREATE FUNCTION aidlink.score_hits(sources text[], queries text[], vals text[],
    OUT k integer, OUT resident_id aidlink.resident_id, OUT nrows bigint, OUT value float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'score_hits' LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 100000;
COMMENT ON FUNCTION aidlink.score_hits(text[], text[], text[]) IS
  'Internal to aidlink.score_month: runs, for each source, the statement score_month made from its signals'' parsed conditions (values in the parameter vals), which returns (row key as text, signal number, intensity value), keeps those rows in a hash table, reads aidlink.links once for all the sources, and returns per person and signal the rows that counted and the exact sum of their values. Memory: the kept rows, batched by maintenance_work_mem (each batch one more scan of the links). Runs the statements with the caller''s rights; refuses when row-level security applies to aidlink.links. EXECUTE is revoked from PUBLIC';
REVOKE EXECUTE ON FUNCTION aidlink.score_hits(text[], text[], text[]) FROM PUBLIC;

CREATE FUNCTION aidlink.score_signals_in_effect(as_of date,
    OUT signal aidlink.score_signals, OUT weight float8)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s, w.weight
    FROM aidlink.score_signals s
    CROSS JOIN LATERAL (SELECT x.weight FROM aidlink.score_signal_weights x
                        WHERE x.signal_name = s.signal_name AND x.effective_from <= as_of
                        ORDER BY x.effective_from DESC LIMIT 1) w
    WHERE s.effective_from <= as_of
    ORDER BY s.signal_name;
END;
COMMENT ON FUNCTION aidlink.score_signals_in_effect(date) IS
  'The signals in effect on a day, with the weight each has that day';

CREATE PROCEDURE aidlink.score_month(month date)
LANGUAGE plpgsql
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    m        date;
    as_of    date;
    t0       timestamptz := clock_timestamp();
    tp       timestamptz := clock_timestamp();
    cfg      aidlink.score_settings;
    srcv     record;
    sv       record;
    rollv    record;
    vals     text[];
    frag     text;
    sel      text;
    vl       text;
    wh       text;
    n_sig    integer;
    run_row  aidlink.score_runs;
    hits_sql text;
    roll_sql text;
    sg       aidlink.score_signals;
    sig_names    text[];
    sig_weights  float8[];
    sig_roll_max boolean[];
    sig_alerts   aidlink.signal_set;
    member_sql   text := 'true';
    cv           text;
    cx           text;
    nsrc         integer;
    c_sources    text[] := '{}';
    c_queries    text[] := '{}';
    nestloop     text;
    memv         record;
BEGIN
    IF month IS NULL OR NOT isfinite(month) THEN
        RAISE EXCEPTION 'score_month: a month is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    m := date_trunc('month', month)::date;
    as_of := (m + interval '1 month' - interval '1 day')::date;
    SELECT * INTO cfg FROM aidlink.score_settings x WHERE x.effective_from <= as_of
    ORDER BY x.effective_from DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'score_month: no scoring thresholds in effect on %', as_of
            USING ERRCODE = 'no_data_found', HINT = 'Add a row to aidlink.score_settings.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM aidlink.persons) THEN
        RAISE EXCEPTION 'score_month: the reference population is empty'
            USING ERRCODE = 'no_data_found', HINT = 'Link the reference source (aidlink.link_all()) first: households come from it.';
    END IF;

    -- (work tables of an earlier call in this transaction)
    IF to_regclass('pg_temp.al_sig') IS NOT NULL THEN DROP TABLE pg_temp.al_sig; END IF;
    CREATE TEMP TABLE al_sig ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY (e.signal).signal_name)::integer AS k, (e.signal).*, e.weight
    FROM aidlink.score_signals_in_effect(as_of) e;
    -- signal k's name, weight, roll-up rule: element k of these arrays
    SELECT count(*), coalesce(array_agg(signal_name ORDER BY k), '{}'), coalesce(array_agg(weight ORDER BY k), '{}'),
           coalesce(array_agg(household_rule = 'max' ORDER BY k), '{}'),
           coalesce(aidlink.signal_set_agg(k) FILTER (WHERE alert), '{}')
    INTO n_sig, sig_names, sig_weights, sig_roll_max, sig_alerts FROM al_sig;
    ANALYZE al_sig;
    RAISE DEBUG 'score_month: % (%)', 'signals', clock_timestamp() - tp; tp := clock_timestamp();

    -- One statement: the hits of every source (one scan per source, each of
    -- its signals a filtered aggregate of the same join of the source and
    -- its links), the person intensities (written to person_scores), the
    -- household roll-up, the rolls, and the household scores.  All values
    -- of conditions are elements of the parameter $1.
    vals := '{}'; hits_sql := ''; roll_sql := '';
    FOR srcv IN SELECT a.source_name, l.relation, l.row_key_column
               FROM (SELECT DISTINCT source_name FROM al_sig) a JOIN aidlink.link_sources l USING (source_name)
               ORDER BY a.source_name LOOP
        sel := ''; vl := ''; wh := ''; cv := ''; nsrc := 0;
        FOR sv IN SELECT * FROM al_sig WHERE source_name = srcv.source_name ORDER BY k LOOP
            SELECT * INTO sg FROM aidlink.score_signals x WHERE x.signal_name = sv.signal_name;
            SELECT x.fragment, x.values_out INTO frag, vals FROM aidlink.signal_rows_sql(sg, as_of, 1, vals) x;
            nsrc := nsrc + 1;
            cx := CASE WHEN sv.intensity_column IS NULL THEN 'NULL::numeric'
                       ELSE format('(t.%I)::numeric', sv.intensity_column) END;
            cv := cv || format(', %s, (%s), %s', sv.k, frag, cx);
            sel := sel || format(', count(*) FILTER (WHERE %s) AS n%s', frag, sv.k)
                       || CASE WHEN sv.intensity_column IS NULL THEN format(', NULL::float8 AS v%s', sv.k)
                               ELSE format(', (sum((t.%I)::numeric) FILTER (WHERE %s))::float8 AS v%s', sv.intensity_column, frag, sv.k) END;
            vl := vl || CASE WHEN vl = '' THEN '' ELSE ', ' END || format('(%s, x.n%s, x.v%s)', sv.k, sv.k, sv.k);
            wh := wh || CASE WHEN wh = '' THEN '' ELSE ' OR ' END || format('(%s)', frag);
        END LOOP;
        -- for aidlink.score_hits: the rows that meet a signal: the row key, then
        -- per signal of the source its number, whether the row meets it, the value
        c_sources := c_sources || srcv.source_name;
        c_queries := c_queries || format('SELECT (t.%I)::text%s FROM %s t WHERE %s',
                                         srcv.row_key_column, cv, srcv.relation, wh);
        hits_sql := hits_sql || CASE WHEN hits_sql = '' THEN '' ELSE E'\n        UNION ALL' END || format($q$
        SELECT v.k, x.resident_id, v.n AS nrows, v.val AS value
        FROM (SELECT l.resident_id %s
              FROM %s t JOIN aidlink.links l ON l.source_name = %L AND l.row_key = (t.%I)::text
              WHERE l.status = 'accepted' AND (%s)
              GROUP BY l.resident_id) x
        CROSS JOIN LATERAL (VALUES %s) v(k, n, val)
        WHERE v.n > 0$q$, sel, srcv.relation, srcv.source_name, srcv.row_key_column, wh, vl);
    END LOOP;
    FOR rollv IN SELECT ar.*, l.relation, l.row_key_column FROM aidlink.assistance_rolls ar
              JOIN aidlink.link_sources l USING (source_name) ORDER BY ar.source_name LOOP
        SELECT x.fragment, x.values_out INTO frag, vals
        FROM aidlink.signal_condition_sql(rollv.relation, rollv.conditions, 1, vals) x;
        roll_sql := roll_sql || E'\n        UNION ALL' || format($q$
        SELECT p.household_no, c.category, c.precedence
        FROM %s t JOIN aidlink.links l ON l.source_name = %L AND l.row_key = (t.%I)::text
        JOIN aidlink.persons p ON p.resident_id = l.resident_id
        JOIN aidlink.assistance_roll_values v ON v.source_name = %L AND v.value = (t.%I)::text
        JOIN aidlink.assistance_categories c ON c.category = v.category
        WHERE l.status = 'accepted' AND p.household_no IS NOT NULL AND (%s)$q$,
        rollv.relation, rollv.source_name, rollv.row_key_column, rollv.source_name, rollv.category_column, frag);
    END LOOP;
    -- households with a current member (only asked of those that would be listed)
    SELECT c.conditions, l.relation, l.row_key_column INTO memv
    FROM aidlink.current_member_conditions c JOIN aidlink.link_sources l USING (source_name)
    WHERE l.is_reference;
    IF FOUND THEN
        SELECT x.fragment, x.values_out INTO frag, vals
        FROM aidlink.signal_condition_sql(memv.relation, memv.conditions, 1, vals) x;
        member_sql := format('EXISTS (SELECT 1 FROM aidlink.persons p JOIN %s t ON t.%I = (p.reference_row_key)::%s WHERE p.household_no = b.household_no AND (%s))',
                             memv.relation, memv.row_key_column,
                             aidlink.signal_column_type(memv.relation, memv.row_key_column), frag);
    END IF;
    IF hits_sql = '' THEN
        hits_sql := 'SELECT NULL::integer AS k, NULL::aidlink.resident_id AS resident_id, NULL::bigint AS nrows, NULL::float8 AS value WHERE false';
    END IF;

    DELETE FROM aidlink.person_scores x WHERE x.month = m;
    DELETE FROM aidlink.household_scores x WHERE x.month = m;
    DELETE FROM aidlink.score_runs x WHERE x.month = m;
    INSERT INTO aidlink.score_runs
    SELECT m, as_of, t0, t0, cfg.effective_from, cfg.list_threshold,
           coalesce(array_agg(s.signal_name ORDER BY s.k), '{}'), coalesce(array_agg(s.weight ORDER BY s.k), '{}'),
           0, 0, 0, 0, 0
    FROM al_sig s;
    RAISE DEBUG 'score_month: % (%)', 'prepared', clock_timestamp() - tp; tp := clock_timestamp();

    -- The hits of every source, per person and signal, first: a read-only
    -- statement of its own (CREATE TABLE AS), so that the scans and joins
    -- of the sources, which are most of the work, can use parallel workers.
    IF to_regclass('pg_temp.al_hits') IS NOT NULL THEN DROP TABLE pg_temp.al_hits; END IF;
    -- In C (aidlink.score_hits: each source's rows that meet a condition in a
    -- hash table, aidlink.links read once for all of them) when the caller may
    -- read the links without row-level security; by SQL otherwise, or when
    -- aidlink.score_links_by_sql is on (to compare the two).
    IF cardinality(c_sources) > 0
       AND coalesce(current_setting('aidlink.score_links_by_sql', true), '') NOT IN ('on', 'true', '1')
       AND has_function_privilege('aidlink.score_hits(text[], text[], text[])', 'EXECUTE')
       AND has_table_privilege('aidlink.links', 'SELECT') AND NOT row_security_active('aidlink.links') THEN
        hits_sql := 'SELECT * FROM aidlink.score_hits($2, $3, $1)';
    END IF;
    -- (a person signal with an intensity fires only above intensity_from:
    -- the persons below it are dropped here, before anything is written)
    -- Each hit gets the person's household here, in one hash join with the
    -- persons (a nested loop of index look-ups, which the planner may prefer
    -- for a hundred thousand hits, reads the persons' pages in random order).
    nestloop := current_setting('enable_nestloop');
    PERFORM set_config('enable_nestloop', 'off', true);
    EXECUTE format($q$CREATE TEMP TABLE al_hits ON COMMIT DROP AS
        SELECT h.k, h.resident_id, h.nrows, h.value, p.household_no
        FROM (%s) h LEFT JOIN aidlink.persons p ON p.resident_id = h.resident_id
        WHERE NOT EXISTS (SELECT 1 FROM al_sig s WHERE s.k = h.k AND s.level = 'person'
                          AND s.intensity_column IS NOT NULL AND (h.value > s.intensity_from) IS NOT TRUE)$q$, hits_sql)
    USING vals, c_sources, c_queries;
    PERFORM set_config('enable_nestloop', nestloop, true);
    ANALYZE al_hits;
    RAISE DEBUG 'score_month: % (%)', 'hits', clock_timestamp() - tp; tp := clock_timestamp();

    EXECUTE format($q$
    WITH hits AS (SELECT * FROM al_hits
    ), pp AS MATERIALIZED (        -- person signals: intensity per person
        SELECT h.k, h.resident_id, h.household_no,
               CASE WHEN s.intensity_column IS NULL THEN 1::float8
                    ELSE least(1, (h.value - s.intensity_from) / (s.intensity_to - s.intensity_from)) END AS intensity
        FROM hits h JOIN al_sig s USING (k)
        WHERE s.level = 'person' AND (s.intensity_column IS NULL OR h.value > s.intensity_from)
    ), ins_person AS (           -- person scores: one C aggregate per person, no sort
        INSERT INTO aidlink.person_scores
        SELECT $2, g.resident_id, g.household_no, (g.r).score,
               aidlink.signal_set_names((g.r).signals, $4), (g.r).intensities
        FROM (SELECT a.resident_id, min(a.household_no) AS household_no,
                     aidlink.signal_score_agg(a.k, a.intensity, $5, NULL) AS r
              FROM pp a GROUP BY a.resident_id) g
        ORDER BY g.resident_id     -- in key order: each index insert goes to the rightmost page
    ), hh AS (                     -- household signals: the rows of all members pooled
                                   -- (sums in a fixed order, resident by resident: the same
                                   -- to the last bit whatever order rows arrive in, issue 10)
        SELECT x.k, x.household_no,
               CASE WHEN s.intensity_column IS NULL THEN 1::float8
                    ELSE least(1, (x.value - s.intensity_from) / (s.intensity_to - s.intensity_from)) END AS intensity
        FROM (SELECT y.k, y.household_no, sum(y.value) AS value
              FROM (SELECT h.k, h.household_no, h.value
                    FROM hits h
                    WHERE h.household_no IS NOT NULL AND h.k IN (SELECT k FROM al_sig WHERE level = 'household')
                    ORDER BY h.k, h.household_no, h.resident_id) y
              GROUP BY y.k, y.household_no) x
        JOIN al_sig s USING (k)
        WHERE s.intensity_column IS NULL OR x.value > s.intensity_from
    ), sc AS (                     -- household roll-up: one C aggregate per household, no sort
                                   -- per group: members' intensities summed or the strongest
                                   -- (each signal's rule), fed resident by resident (a fixed
                                   -- order, as above), then weight x intensity per signal
        SELECT g.household_no, (g.r).score, aidlink.signal_set_names((g.r).signals, $4) AS signals,
               (g.r).intensities, (g.r).contributions,
               aidlink.signal_set_names(aidlink.signal_set_intersect((g.r).signals, $7), $4) AS alerts
        FROM (SELECT u.household_no, aidlink.signal_score_agg(u.k, u.intensity, $5, $6) AS r
              FROM (SELECT a.household_no, a.resident_id, a.k, a.intensity FROM pp a WHERE a.household_no IS NOT NULL
                    UNION ALL
                    SELECT h.household_no, NULL, h.k, h.intensity FROM hh h
                    ORDER BY 1, 2) u
              GROUP BY u.household_no) g
    ), roll AS (                   -- categories: the lowest precedence of the members' roll rows
        SELECT DISTINCT ON (household_no) household_no, category
        FROM (SELECT NULL::text AS household_no, NULL::text AS category, NULL::integer AS precedence WHERE false%s) r
        ORDER BY household_no, precedence
    ), b AS (
        SELECT coalesce(sc.household_no, roll.household_no) AS household_no,
               coalesce(sc.score, 0) AS score, coalesce(sc.signals, '{}') AS signals,
               coalesce(sc.intensities, '{}') AS intensities, coalesce(sc.contributions, '{}') AS contributions,
               coalesce(sc.alerts, '{}') AS alerts, roll.category,
               coalesce(c.guaranteed, false) AS on_roll
        FROM sc FULL JOIN roll USING (household_no)
        LEFT JOIN aidlink.assistance_categories c ON c.category = roll.category
    ), c AS MATERIALIZED (         -- households that would be listed must have a current member
        SELECT b.*, NOT b.on_roll AND b.score >= $3 AND NOT %s AS no_current_member
        FROM b
    )
    INSERT INTO aidlink.household_scores
    SELECT $2, c.household_no, c.score, c.signals, c.intensities, c.contributions, c.alerts, c.category, c.on_roll,
           NOT c.on_roll AND c.score >= $3 AND NOT c.no_current_member,
           CASE WHEN NOT c.on_roll AND c.score >= $3 AND NOT c.no_current_member
                THEN row_number() OVER (PARTITION BY NOT c.on_roll AND c.score >= $3 AND NOT c.no_current_member
                                        ORDER BY c.score DESC, c.household_no) END,
           c.no_current_member
    FROM c
    ORDER BY c.household_no$q$, roll_sql, member_sql)
    USING vals, m, cfg.list_threshold, sig_names, sig_weights, sig_roll_max, sig_alerts;
    RAISE DEBUG 'score_month: % (%)', 'scores', clock_timestamp() - tp; tp := clock_timestamp();

    UPDATE aidlink.score_runs x SET
        finished_at = clock_timestamp(),
        persons_signalled = (SELECT count(*) FROM aidlink.person_scores p WHERE p.month = m),
        households_scored = n.scored, households_on_roll = n.on_roll, households_listed = n.listed,
        households_alerted = n.alerted, households_no_current_member = n.no_member
    FROM (SELECT count(*) AS scored, count(*) FILTER (WHERE h.on_roll) AS on_roll,
                 count(*) FILTER (WHERE h.listed) AS listed,
                 count(*) FILTER (WHERE NOT h.on_roll AND h.alerts <> '{}') AS alerted,
                 count(*) FILTER (WHERE h.no_current_member) AS no_member
          FROM aidlink.household_scores h WHERE h.month = m) n
    WHERE x.month = m
    RETURNING x.* INTO run_row;
    RAISE DEBUG 'score_month: % (%)', 'counts', clock_timestamp() - tp; tp := clock_timestamp();
    DROP TABLE al_sig;
    DROP TABLE al_hits;
    RAISE NOTICE 'score_month %: % signals, % households scored, % on a guaranteed roll, % listed, % alerted (%)',
        to_char(m, 'YYYY-MM'), n_sig, run_row.households_scored, run_row.households_on_roll, run_row.households_listed,
        run_row.households_alerted, clock_timestamp() - t0;
END
$fn$;
COMMENT ON PROCEDURE aidlink.score_month(date) IS
  'Scores a month (any day of it; as of its last day): every signal in effect over the accepted links of its source, each person''s and each household''s signals, intensities and score, each household''s assistance category from the rolls; households on a guaranteed roll are reported apart, the others at or above the threshold form the ranked candidate list. Replaces an earlier run of the same month. Results: aidlink.score_runs, aidlink.person_scores, aidlink.household_scores; read them with aidlink.score_candidates(), aidlink.score_alerts(), aidlink.explain_score(), aidlink.score_changes()';

CREATE FUNCTION aidlink.score_candidates(month date,
    OUT list_rank integer, OUT household_no text, OUT score float8, OUT members bigint,
    OUT signals text[], OUT alerts text[], OUT category text)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.list_rank, h.household_no, round(h.score::numeric, 3)::float8,
           (SELECT count(*) FROM aidlink.persons p WHERE p.household_no = h.household_no),
           h.signals, h.alerts, h.category
    FROM aidlink.household_scores h
    WHERE h.month = date_trunc('month', score_candidates.month)::date AND h.listed
    ORDER BY h.list_rank;
END;
COMMENT ON FUNCTION aidlink.score_candidates(date) IS
  'The month''s candidate list, ranked: households on no guaranteed roll whose score is at or above the threshold, with their members, signals, alerts and category (low income, say, when not a guaranteed roll). A list of households to visit and verify: a score never decides aid on its own';

CREATE FUNCTION aidlink.score_alerts(month date,
    OUT household_no text, OUT alert text, OUT score float8, OUT listed boolean, OUT category text, OUT on_roll boolean)
RETURNS SETOF record
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT h.household_no, a.alert, round(h.score::numeric, 3)::float8, h.listed, h.category, h.on_roll
    FROM aidlink.household_scores h CROSS JOIN LATERAL unnest(h.alerts) a(alert)
    WHERE h.month = date_trunc('month', score_alerts.month)::date
    ORDER BY h.on_roll, a.alert, h.score DESC, h.household_no;
END;
COMMENT ON FUNCTION aidlink.score_alerts(date) IS
  'Single strong signals of the month that are alerts on their own (aidlink.score_signals.alert), whatever the score: one row per household and alert signal, households on no guaranteed roll first';
