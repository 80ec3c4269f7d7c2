
-----------------------------------------------------------------------------
-- Weighted data-overlap scoring: why a household scores what it does, and
-- what changed since last month
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.explain_score(household_no text, month date,
    OUT signal_name text, OUT description text, OUT level text, OUT resident_id aidlink.resident_id,
    OUT source_name text, OUT row_keys text[], OUT rows_counted bigint, OUT amount float8,
    OUT weight float8, OUT intensity float8, OUT contribution float8, OUT counted boolean,
    OUT member text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    run     aidlink.score_runs;
    members aidlink.resident_id[];
    sg      aidlink.score_signals;
    rel     regclass;
    keycol  name;
    keytyp  text;
    vals    text[];
    frag    text;
    x       record;
    best    aidlink.resident_id;
    q       text;
    i       integer;
BEGIN
    IF household_no IS NULL OR month IS NULL THEN
        RAISE EXCEPTION 'explain_score: a household number and a month are required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT has_column_privilege('aidlink.persons', 'resident_id', 'SELECT') THEN
        -- a report writer: the same explanation, masked (82_roles.sql)
        RETURN QUERY SELECT * FROM aidlink.explain_score_masked(household_no, month);
        RETURN;
    END IF;
    SELECT * INTO run FROM aidlink.score_runs r WHERE r.month = date_trunc('month', explain_score.month)::date;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'month % has not been scored', to_char(month, 'YYYY-MM')
            USING ERRCODE = 'no_data_found', HINT = 'CALL aidlink.score_month(month) first.';
    END IF;
    SELECT array_agg(p.resident_id ORDER BY p.resident_id) INTO members
    FROM aidlink.persons p WHERE p.household_no = explain_score.household_no;
    IF members IS NULL THEN
        RAISE EXCEPTION 'household % is not in the reference population', quote_literal(household_no)
            USING ERRCODE = 'no_data_found';
    END IF;
    FOR i IN 1 .. coalesce(cardinality(run.signals), 0) LOOP
        SELECT * INTO sg FROM aidlink.score_signals s WHERE s.signal_name = run.signals[i];
        CONTINUE WHEN NOT FOUND;     -- dropped since
        SELECT l.relation, l.row_key_column INTO rel, keycol FROM aidlink.link_sources l WHERE l.source_name = sg.source_name;
        keytyp := aidlink.signal_column_type(rel, keycol);
        SELECT f.fragment, f.values_out INTO frag, vals FROM aidlink.signal_rows_sql(sg, run.as_of, 1, '{}') f;
        signal_name := sg.signal_name; description := sg.description; level := sg.level;
        source_name := sg.source_name; weight := run.weights[i];
        q := format($q$
            SELECT %s AS resident_id, array_agg(l.row_key ORDER BY l.row_key) AS row_keys, count(*) AS n, %s AS amount
            FROM aidlink.links l JOIN %s t ON t.%I = (l.row_key)::%s
            WHERE l.source_name = $2 AND l.status = 'accepted' AND l.resident_id = ANY ($3) AND (%s)
            %s$q$,
            CASE WHEN sg.level = 'household' THEN 'NULL::aidlink.resident_id' ELSE 'l.resident_id' END,
            CASE WHEN sg.intensity_column IS NULL THEN 'NULL::float8' ELSE format('sum((t.%I)::float8)', sg.intensity_column) END,
            rel, keycol, keytyp, frag,
            CASE WHEN sg.level = 'household' THEN 'HAVING count(*) > 0' ELSE 'GROUP BY l.resident_id ORDER BY amount DESC NULLS LAST, l.resident_id' END);
        best := NULL;
        FOR x IN EXECUTE q USING vals, sg.source_name, members LOOP
            resident_id := x.resident_id; member := x.resident_id::text; row_keys := x.row_keys; rows_counted := x.n; amount := x.amount;
            intensity := CASE WHEN sg.intensity_column IS NULL THEN 1
                              ELSE least(1, (x.amount - sg.intensity_from) / (sg.intensity_to - sg.intensity_from)) END;
            CONTINUE WHEN intensity <= 0;
            -- (rows come strongest first: under a max rule the first counts)
            counted := sg.level = 'household' OR sg.household_rule = 'sum' OR best IS NULL;
            IF best IS NULL THEN best := x.resident_id; END IF;
            contribution := CASE WHEN counted THEN weight * intensity ELSE 0 END;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION aidlink.explain_score(text, date) IS
  'Why a household scores what it does in a scored month, to plan a visit: per signal that fired (per member for person signals), its description, the source and the keys of the rows behind it (no copies of their columns), how many rows, the summed amount of an intensity column, the weight used that month, the intensity, the contribution, and whether it counted (a max rule counts only the strongest member), and the member''s number as the caller may see it (masked for a report writer, who gets no source rows: aidlink.explain_score_masked()). Recomputed from the current rows and links with the month''s weights; a score never decides aid on its own';

CREATE FUNCTION aidlink.score_changes(month date, rise float8 DEFAULT NULL,
    OUT household_no text, OUT change text, OUT previous_score float8, OUT score float8,
    OUT signals_added text[], OUT signals_removed text[], OUT category text)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    m    date;
    prev date;
    lim  float8 := rise;
BEGIN
    IF month IS NULL THEN
        RAISE EXCEPTION 'score_changes: a month is required' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    m := date_trunc('month', month)::date;
    prev := (m - interval '1 month')::date;
    IF NOT EXISTS (SELECT 1 FROM aidlink.score_runs r WHERE r.month = m)
       OR NOT EXISTS (SELECT 1 FROM aidlink.score_runs r WHERE r.month = prev) THEN
        RAISE EXCEPTION 'score_changes: months % and % must both be scored', to_char(prev, 'YYYY-MM'), to_char(m, 'YYYY-MM')
            USING ERRCODE = 'no_data_found', HINT = 'CALL aidlink.score_month(month) for each.';
    END IF;
    IF lim IS NULL THEN
        SELECT x.rise_threshold INTO lim FROM aidlink.score_settings x
        WHERE x.effective_from <= (m + interval '1 month' - interval '1 day')::date
        ORDER BY x.effective_from DESC LIMIT 1;
    ELSIF NOT (lim > 0 AND lim < 'Infinity') THEN
        RAISE EXCEPTION 'score_changes: rise must be a positive finite number, not %', lim
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT coalesce(c.household_no, p.household_no),
           CASE WHEN c.listed AND NOT coalesce(p.listed, false) THEN 'new'
                WHEN p.listed AND NOT coalesce(c.listed, false) THEN 'left'
                ELSE 'rose' END,
           round(coalesce(p.score, 0)::numeric, 3)::float8, round(coalesce(c.score, 0)::numeric, 3)::float8,
           ARRAY(SELECT unnest(coalesce(c.signals, '{}')) EXCEPT SELECT unnest(coalesce(p.signals, '{}')) ORDER BY 1),
           ARRAY(SELECT unnest(coalesce(p.signals, '{}')) EXCEPT SELECT unnest(coalesce(c.signals, '{}')) ORDER BY 1),
           c.category
    FROM (SELECT * FROM aidlink.household_scores h WHERE h.month = m) c
    FULL JOIN (SELECT * FROM aidlink.household_scores h WHERE h.month = prev) p USING (household_no)
    WHERE (c.listed AND NOT coalesce(p.listed, false))
       OR (p.listed AND NOT coalesce(c.listed, false))
       OR (NOT coalesce(c.on_roll, false) AND coalesce(c.score, 0) - coalesce(p.score, 0) > lim)
    ORDER BY 2, coalesce(c.score, 0) - coalesce(p.score, 0) DESC, 1;
END
$fn$;
COMMENT ON FUNCTION aidlink.score_changes(date, float8) IS
  'Month over month: households new on the candidate list, households that left it (their category says when a roll took them in), and households on no guaranteed roll whose score rose by more than rise (default: the month''s rise_threshold in aidlink.score_settings), with the signals added and removed since the month before. Both months must be scored';
