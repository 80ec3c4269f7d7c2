
-----------------------------------------------------------------------------
-- The monthly cycle's report (issue 7): as text lines (psql, a mail) and as
-- one self-contained HTML page with inline SVG charts (no script, no
-- network), both made from the cycle's records and the jobs' own tables.
-----------------------------------------------------------------------------

-- The cycle a report is about: the one given, else the last one that ended well
CREATE FUNCTION aidlink.cycle_for_report(cycle_id bigint) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c bigint;
BEGIN
    IF cycle_id IS NULL THEN
        SELECT max(r.cycle_id) INTO c FROM aidlink.cycle_runs r WHERE r.status = 'done';
        IF c IS NULL THEN
            RAISE EXCEPTION 'no monthly cycle has finished in this database'
                USING ERRCODE = 'no_data_found', HINT = 'CALL aidlink.run_monthly_cycle(''2025-06-01'') first.';
        END IF;
        RETURN c;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM aidlink.cycle_runs r WHERE r.cycle_id = cycle_for_report.cycle_id) THEN
        RAISE EXCEPTION 'there is no monthly cycle %', cycle_id
            USING ERRCODE = 'no_data_found', HINT = 'The runs are listed in aidlink.cycle_runs.';
    END IF;
    RETURN cycle_id;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_for_report(bigint) IS
  'The cycle run a report is about: the one given (an error when there is none), or with NULL the last run that ended well';

-- A household's eldest member in the reference: for a masked number and the
-- community its address is in
CREATE FUNCTION aidlink.household_eldest(household_no text, OUT resident_id aidlink.resident_id, OUT address text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.resident_id, p.address FROM aidlink.persons p
     WHERE p.household_no = household_eldest.household_no
     ORDER BY p.birth_date NULLS LAST, p.resident_id LIMIT 1;
END;
COMMENT ON FUNCTION aidlink.household_eldest(text) IS
  'The eldest member of a household of the reference population: number and address (reports show the number masked, aidlink.resident_id_mask, and the community of the address)';

CREATE FUNCTION aidlink.cycle_community(address text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((pg_catalog.regexp_match(address,
                        coalesce((SELECT s.community_pattern FROM aidlink.cycle_settings s),
                                 '([^省市县]+?(街道|镇|乡|开发区))')))[1], '(unknown)');
END;
COMMENT ON FUNCTION aidlink.cycle_community(text) IS
  'The community or town of an address for the cycle''s reports: the first parenthesised part of aidlink.cycle_settings.community_pattern, ''(unknown)'' when it does not match';

CREATE FUNCTION aidlink.cycle_report(cycle_id bigint DEFAULT NULL, top integer DEFAULT 10) RETURNS SETOF text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c bigint := aidlink.cycle_for_report(cycle_id);
    cr aidlink.cycle_runs;
    m date;
    r record;
    aid_run bigint;
    n bigint;
BEGIN
    IF top IS NULL OR top < 0 THEN
        RAISE EXCEPTION 'the number of candidate households to show must be 0 or more, not %', coalesce(top::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO cr FROM aidlink.cycle_runs x WHERE x.cycle_id = c;
    m := cr.month;
    RETURN NEXT format('aidlink monthly cycle %s, %s: %s (started %s by %s, %s s)', c, to_char(m, 'YYYY-MM'), cr.status,
                       to_char(cr.started_at, 'YYYY-MM-DD HH24:MI:SS'), cr.started_by,
                       round(extract(epoch FROM coalesce(cr.finished_at, clock_timestamp()) - cr.started_at)::numeric, 1));
    IF cr.error IS NOT NULL THEN
        RETURN NEXT '  error: ' || cr.error;
    END IF;

    -- 1. Linkage quality per source
    IF EXISTS (SELECT 1 FROM aidlink.cycle_stages s WHERE s.cycle_id = c AND s.stage = 'link') THEN
        RETURN NEXT '';
        RETURN NEXT '1. Linkage: how each source''s rows were linked (rows; methods; review and unresolved rows go to a person)';
        RETURN NEXT format('%-20s %10s %9s %9s %8s %8s %9s %8s %8s %9s', 'source', 'rows', 'exact', 'normalised',
                           'legacy', 'repaired', 'probable', 'review', 'unresolv', 'accepted%');
        FOR r IN
            SELECT l.source_name, count(*) AS n,
                   count(*) FILTER (WHERE l.method = 'exact') AS exact,
                   count(*) FILTER (WHERE l.method = 'normalised') AS normalised,
                   count(*) FILTER (WHERE l.method = 'legacy') AS legacy,
                   count(*) FILTER (WHERE l.method = 'repaired') AS repaired,
                   count(*) FILTER (WHERE l.method = 'probabilistic') AS probabilistic,
                   count(*) FILTER (WHERE l.status = 'review') AS review,
                   count(*) FILTER (WHERE l.status = 'unresolved') AS unresolved,
                   round(100.0 * count(*) FILTER (WHERE l.status = 'accepted') / count(*), 2) AS accepted
              FROM aidlink.links l GROUP BY l.source_name ORDER BY l.source_name
        LOOP
            RETURN NEXT format('%-20s %10s %9s %9s %8s %8s %9s %8s %8s %9s', r.source_name, r.n, r.exact, r.normalised,
                               r.legacy, r.repaired, r.probabilistic, r.review, r.unresolved, r.accepted);
        END LOOP;
        FOR r IN SELECT l.source_name, l.reason, count(*) AS n FROM aidlink.links l
                  WHERE l.status = 'unresolved' GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 5 LOOP
            IF n IS NULL THEN
                RETURN NEXT '  commonest reasons left unresolved:';
                n := 0;
            END IF;
            RETURN NEXT format('    %-20s %-30s %8s', r.source_name, coalesce(r.reason, '-'), r.n);
        END LOOP;
    END IF;

    -- 2. Candidate households
    IF EXISTS (SELECT 1 FROM aidlink.score_runs s WHERE s.month = m) THEN
        SELECT * INTO r FROM aidlink.score_runs s WHERE s.month = m;
        RETURN NEXT '';
        RETURN NEXT format('2. Candidate households of %s: %s listed (score >= %s, on no guaranteed roll), %s alerted, %s on a guaranteed roll, %s scored',
                           to_char(m, 'YYYY-MM'), r.households_listed, r.list_threshold, r.households_alerted,
                           r.households_on_roll, r.households_scored);
        IF top > 0 THEN
            RETURN NEXT format('  the top %s (a list to visit and verify; a score never decides aid):', top);
            RETURN NEXT format('  %4s %-14s %7s %7s %-20s %-16s %s', 'rank', 'household', 'score', 'members',
                               'eldest (masked)', 'community', 'reasons (signal: contribution)');
            FOR r IN
                SELECT h.list_rank, h.household_no, round(h.score::numeric, 2) AS score,
                       (SELECT count(*) FROM aidlink.persons p WHERE p.household_no = h.household_no) AS members,
                       aidlink.resident_id_mask(e.resident_id) AS masked, aidlink.cycle_community(e.address) AS community,
                       (SELECT string_agg(format('%s: %s', s.sig, round(s.con::numeric, 2)), ', ' ORDER BY s.con DESC, s.sig)
                          FROM unnest(h.signals, h.contributions) s(sig, con)) ||
                       CASE WHEN h.alerts <> '{}' THEN '; alerts: ' || array_to_string(h.alerts, ', ') ELSE '' END AS reasons
                  FROM aidlink.household_scores h
                  LEFT JOIN LATERAL aidlink.household_eldest(h.household_no) e ON true
                 WHERE h.month = m AND h.listed
                 ORDER BY h.list_rank LIMIT top
            LOOP
                -- padded to its width on a terminal: a Chinese character takes two columns
                RETURN NEXT format('  %4s %-14s %7s %7s %-20s %s%s %s', r.list_rank, r.household_no, r.score, r.members,
                                   coalesce(r.masked, '-'), r.community,
                                   repeat(' ', greatest(16 - (char_length(r.community)
                                                              + (octet_length(r.community) - char_length(r.community)) / 2), 0)),
                                   r.reasons);
            END LOOP;
        END IF;
    END IF;

    -- 3. Aid
    SELECT (s.detail ->> 'run_id')::bigint INTO aid_run FROM aidlink.cycle_stages s
     WHERE s.cycle_id = c AND s.stage = 'aid' AND s.status = 'done';
    IF aid_run IS NOT NULL THEN
        SELECT * INTO r FROM aidlink.aid_runs a WHERE a.run_id = aid_run;
        RETURN NEXT '';
        RETURN NEXT format('3. Aid of %s (run %s): %s yuan to %s households in %s lines', to_char(m, 'YYYY-MM'), aid_run,
                           to_char(r.total, 'FM999,999,999,990.00'), r.households, r.lines);
        RETURN NEXT format('  %-18s %-22s %10s %16s', 'category', 'benefit', 'households', 'yuan');
        FOR r IN
            SELECT coalesce(h.category, '(none)') AS category, p.benefit, count(DISTINCT p.household_no) AS households,
                   sum(p.amount) AS amount
              FROM aidlink.aid_payments p
              JOIN aidlink.aid_households h ON h.month = m AND h.household_no = p.household_no
             WHERE p.run_id = aid_run
             GROUP BY 1, 2 ORDER BY 1, 2
        LOOP
            RETURN NEXT format('  %-18s %-22s %10s %16s', r.category, r.benefit, r.households,
                               to_char(r.amount, 'FM999,999,999,990.00'));
        END LOOP;
        -- the check against the policy, recomputed here from the parameters
        -- in force and the household's facts: every fixed amount is the
        -- quantity times the amount, every top-up the standard times the
        -- members less the income (at least the floor); and the lines add up
        SELECT count(*) AS lines, count(*) FILTER (WHERE z.ok IS NOT TRUE) AS mismatched
          INTO r
          FROM (SELECT CASE WHEN u.kind = 'top_up' THEN
                           p.rate_or_amount = a.value
                           AND p.quantity = (SELECT count(*) FROM aidlink.aid_members x
                                              WHERE x.month = m AND x.household_no = p.household_no)
                           AND abs(p.amount - greatest(p.quantity * a.value - h.income, coalesce(f.value, 0))) < 0.01
                       ELSE p.rate_or_amount = a.value AND abs(p.amount - p.quantity * a.value) < 0.01 END AS ok
                  FROM aidlink.aid_payments p
                  JOIN aidlink.aid_rules u ON u.policy = p.policy AND u.rule = p.rule
                  JOIN aidlink.aid_households h ON h.month = m AND h.household_no = p.household_no
                  LEFT JOIN aidlink.aid_parameters a ON a.policy = p.policy AND a.rule = p.rule
                        AND a.parameter = CASE WHEN u.kind = 'top_up' THEN 'standard' ELSE 'amount' END
                        AND a.effective_from <= m AND (a.effective_to IS NULL OR a.effective_to >= m)
                  LEFT JOIN aidlink.aid_parameters f ON f.policy = p.policy AND f.rule = p.rule AND f.parameter = 'floor'
                        AND f.effective_from <= m AND (f.effective_to IS NULL OR f.effective_to >= m)
                 WHERE p.run_id = aid_run
                   AND u.kind IN ('per_person_month', 'per_household_month', 'per_member_year', 'top_up')) z;
        RETURN NEXT format('  check against the policy: %s of %s lines of fixed amounts and top-ups differ from the parameters in force applied to the household''s facts',
                           r.mismatched, r.lines);
        RETURN NEXT format('  the lines add up to the run''s total: %s',
                           CASE WHEN (SELECT sum(p.amount) FROM aidlink.aid_payments p WHERE p.run_id = aid_run)
                                     IS NOT DISTINCT FROM (SELECT a.total FROM aidlink.aid_runs a WHERE a.run_id = aid_run)
                                THEN 'yes' ELSE 'NO' END);
        FOR r IN SELECT u.policy, count(f.problem) AS findings, string_agg(DISTINCT f.problem, ', ') AS problems
                   FROM (SELECT DISTINCT p.policy FROM aidlink.aid_payments p WHERE p.run_id = aid_run) u
                   LEFT JOIN LATERAL aidlink.check_policy(u.policy) f ON true
                  GROUP BY u.policy ORDER BY u.policy LOOP
            RETURN NEXT format('  policy %-34s %s', r.policy,
                               CASE WHEN r.findings = 0 THEN 'sound (aidlink.check_policy finds nothing)'
                                    ELSE format('%s findings: %s', r.findings, r.problems) END);
        END LOOP;
    END IF;

    -- 4. Certificates
    FOR r IN SELECT s.status, s.rows, s.detail FROM aidlink.cycle_stages s WHERE s.cycle_id = c AND s.stage = 'certificates' LOOP
        RETURN NEXT '';
        IF r.status = 'done' THEN
            RETURN NEXT format('4. Certificates issued in %s (%s), audited against the lists in force: %s', to_char(m, 'YYYY-MM'),
                               r.detail ->> 'table', r.rows);
            RETURN NEXT coalesce((SELECT '  ' || string_agg(format('%s %s', v.key, v.value), ', ' ORDER BY v.value::bigint DESC, v.key)
                                    FROM jsonb_each_text(r.detail -> 'verdicts') v), '  none');
            IF r.detail -> 'not_allowed_by_status' <> '{}' THEN
                RETURN NEXT '  not allowed, by the item''s status: ' ||
                    (SELECT string_agg(format('%s %s', v.key, v.value), ', ' ORDER BY v.value::bigint DESC, v.key)
                       FROM jsonb_each_text(r.detail -> 'not_allowed_by_status') v);
            END IF;
        ELSE
            RETURN NEXT format('4. Certificates: %s (%s)', r.status, coalesce(r.detail ->> 'reason', 'see aidlink.cycle_stages'));
        END IF;
    END LOOP;

    -- 5. Time per stage
    RETURN NEXT '';
    RETURN NEXT '5. Time per stage (wall clock)';
    FOR r IN SELECT t.stage, t.status, t.rows, t.seconds FROM aidlink.cycle_stage_times t WHERE t.cycle_id = c
              ORDER BY array_position(ARRAY['link', 'score', 'aid', 'certificates'], t.stage) LOOP
        RETURN NEXT format('  %-14s %-11s %12s rows %10s s', r.stage, r.status, coalesce(r.rows::text, '-'), r.seconds);
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_report(bigint, integer) IS
  'The report of a monthly cycle (default: the last that ended well) as lines of text: linkage quality per source (methods, review, unresolved), the month''s candidate households (the top ones with their reasons, the eldest member''s number masked, the community), aid totals by category and benefit with the check against the policy, the certificate audit, the time per stage. psql: \pset format unaligned \pset tuples_only on, SELECT * FROM aidlink.cycle_report()';

CREATE FUNCTION aidlink.html_escape(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(replace(replace(replace(replace($1, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;');
COMMENT ON FUNCTION aidlink.html_escape(text) IS
  'Text made safe inside HTML and SVG elements and attribute values (& < > " and '' escaped)';

-- A horizontal bar chart in SVG: one bar per label, the value written after it
CREATE FUNCTION aidlink.svg_bar_chart(title text, labels text[], bar_values numeric[], unit text DEFAULT '')
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
    WITH d AS (SELECT l.label, l.v, l.i FROM unnest(labels, bar_values) WITH ORDINALITY l(label, v, i)),
    mx AS (SELECT greatest(max(d.v), 0.000001) AS m, count(*) AS n FROM d)
    SELECT format('<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart bars" width="720" height="%s" viewBox="0 0 720 %s"><title>%s</title>',
                  40 + 22 * mx.n, 40 + 22 * mx.n, aidlink.html_escape(title))
        || format('<text x="0" y="16" class="t">%s</text>', aidlink.html_escape(title))
        || coalesce(string_agg(format('<text x="226" y="%s" text-anchor="end" class="l">%s</text>'
                                      '<rect x="232" y="%s" width="%s" height="16" class="b"><title>%s: %s%s</title></rect>'
                                      '<text x="%s" y="%s" class="v">%s%s</text>',
                                      30 + 22 * d.i, aidlink.html_escape(d.label),
                                      17 + 22 * d.i, round(380 * greatest(d.v, 0) / mx.m, 1), aidlink.html_escape(d.label), d.v,
                                      aidlink.html_escape(unit),
                                      238 + round(380 * greatest(d.v, 0) / mx.m, 1), 30 + 22 * d.i, d.v, aidlink.html_escape(unit)),
                               '' ORDER BY d.i) FILTER (WHERE d.i IS NOT NULL), '')
        || '</svg></figure>'
    FROM mx LEFT JOIN d ON true GROUP BY mx.m, mx.n);
COMMENT ON FUNCTION aidlink.svg_bar_chart(text, text[], numeric[], text) IS
  'A horizontal bar chart as an inline SVG element (no script, no network): one bar per label, scaled to the largest value, the value and unit written after each bar';

CREATE FUNCTION aidlink.cycle_report_html(cycle_id bigint DEFAULT NULL, top integer DEFAULT 20) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    c bigint := aidlink.cycle_for_report(cycle_id);
    cr aidlink.cycle_runs;
    m date;
    aid_run bigint;
    thr float8;
    h text := '';
    s text;
    labels text[];
    vals numeric[];
    methods text[] := ARRAY['exact', 'normalised', 'legacy', 'repaired', 'probabilistic', 'unresolved'];
    colours text[] := ARRAY['#1b7837', '#5aae61', '#a6dba0', '#9970ab', '#2166ac', '#b2182b'];
BEGIN
    SELECT * INTO cr FROM aidlink.cycle_runs x WHERE x.cycle_id = c;
    m := cr.month;
    h := '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
         || aidlink.html_escape(format('aidlink monthly cycle %s, %s', c, to_char(m, 'YYYY-MM'))) || '</title><style>'
         || 'body{font-family:"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",'
         || '"Source Han Sans SC","WenQuanYi Zen Hei","WenQuanYi Micro Hei",sans-serif;margin:2em;max-width:1000px;color:#222}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}'
         || 'table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px}td.n{text-align:right}'
         || 'th{background:#f4f4f4}figure{margin:1em 0}.t{font-weight:bold;font-size:14px}.l,.v{font-size:11px}.b{fill:#2166ac}.h{fill:#5aae61}'
         || '.thr{stroke:#b2182b;stroke-width:2}pre{background:#f8f8f8;padding:1em;font-size:.8em;overflow-x:auto}</style></head><body>'
         || format('<h1>aidlink monthly cycle %s: %s</h1><p>Status <b>%s</b>, started %s by %s, %s s.</p>', c,
                   to_char(m, 'YYYY-MM'), aidlink.html_escape(cr.status), to_char(cr.started_at, 'YYYY-MM-DD HH24:MI:SS'),
                   aidlink.html_escape(cr.started_by),
                   round(extract(epoch FROM coalesce(cr.finished_at, clock_timestamp()) - cr.started_at)::numeric, 1));

    -- time per stage
    h := h || '<h2>Time per stage</h2><table id="stages"><tr><th>stage</th><th>status</th><th>rows</th><th>seconds</th></tr>'
           || coalesce((SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                                 t.stage, t.status, coalesce(t.rows::text, '-'), t.seconds),
                                          '' ORDER BY array_position(ARRAY['link', 'score', 'aid', 'certificates'], t.stage))
                          FROM aidlink.cycle_stage_times t WHERE t.cycle_id = c), '') || '</table>';
    SELECT array_agg(t.stage ORDER BY array_position(ARRAY['link', 'score', 'aid', 'certificates'], t.stage)),
           array_agg(t.seconds ORDER BY array_position(ARRAY['link', 'score', 'aid', 'certificates'], t.stage))
      INTO labels, vals FROM aidlink.cycle_stage_times t WHERE t.cycle_id = c;
    h := h || aidlink.svg_bar_chart('Seconds per stage', labels, vals, ' s');

    -- linkage methods per source: stacked bars of shares
    IF EXISTS (SELECT 1 FROM aidlink.cycle_stages x WHERE x.cycle_id = c AND x.stage = 'link') THEN
        WITH t AS (SELECT l.source_name, l.method, count(*) AS n FROM aidlink.links l GROUP BY 1, 2),
        src AS (SELECT t.source_name, sum(t.n) AS total, row_number() OVER (ORDER BY t.source_name) AS i
                  FROM t GROUP BY t.source_name),
        seg AS (SELECT src.i, src.source_name, src.total, t.method, t.n,
                       coalesce(sum(t.n) OVER (PARTITION BY src.i ORDER BY array_position(methods, t.method)
                                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
                  FROM t JOIN src USING (source_name))
        SELECT format('<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart stacked" width="720" height="%s" viewBox="0 0 720 %s"><title>Linkage methods per source</title><text x="0" y="16" class="t">Linkage methods per source (share of rows)</text>',
                      70 + 22 * (SELECT count(*) FROM src), 70 + 22 * (SELECT count(*) FROM src))
            || (SELECT string_agg(format('<text x="196" y="%s" text-anchor="end" class="l">%s</text><text x="612" y="%s" class="v">%s rows</text>',
                                         30 + 22 * src.i, aidlink.html_escape(src.source_name), 30 + 22 * src.i, src.total), '' ORDER BY src.i)
                  FROM src)
            || string_agg(format('<rect x="%s" y="%s" width="%s" height="16" fill="%s"><title>%s, %s: %s rows (%s%%)</title></rect>',
                                 round(202 + 400.0 * seg.before / seg.total, 2), 17 + 22 * seg.i,
                                 round(400.0 * seg.n / seg.total, 2), colours[coalesce(array_position(methods, seg.method), 6)],
                                 aidlink.html_escape(seg.source_name), aidlink.html_escape(seg.method), seg.n,
                                 round(100.0 * seg.n / seg.total, 2)), '' ORDER BY seg.i, seg.before)
            || (SELECT string_agg(format('<rect x="%s" y="%s" width="10" height="10" fill="%s"/><text x="%s" y="%s" class="l">%s</text>',
                                         10 + 115 * (k.o - 1), 48 + 22 * (SELECT count(*) FROM src), colours[k.o],
                                         24 + 115 * (k.o - 1), 57 + 22 * (SELECT count(*) FROM src), k.meth), '' ORDER BY k.o)
                  FROM unnest(methods) WITH ORDINALITY k(meth, o))
            || '</svg></figure>'
          INTO s FROM seg;
        h := h || '<h2>Linkage</h2>' || coalesce(s, '')
               || '<table id="linkage"><tr><th>source</th><th>rows</th><th>exact</th><th>normalised</th><th>legacy</th><th>repaired</th><th>probabilistic</th><th>review</th><th>unresolved</th></tr>'
               || coalesce((SELECT string_agg(format('<tr><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                                     aidlink.html_escape(q.source_name), q.n, q.exact, q.normalised, q.legacy, q.repaired,
                                                     q.probabilistic, q.review, q.unresolved), '' ORDER BY q.source_name)
                              FROM (SELECT l.source_name, count(*) AS n,
                                           count(*) FILTER (WHERE l.method = 'exact') AS exact,
                                           count(*) FILTER (WHERE l.method = 'normalised') AS normalised,
                                           count(*) FILTER (WHERE l.method = 'legacy') AS legacy,
                                           count(*) FILTER (WHERE l.method = 'repaired') AS repaired,
                                           count(*) FILTER (WHERE l.method = 'probabilistic') AS probabilistic,
                                           count(*) FILTER (WHERE l.status = 'review') AS review,
                                           count(*) FILTER (WHERE l.status = 'unresolved') AS unresolved
                                      FROM aidlink.links l GROUP BY l.source_name) q), '') || '</table>';
    END IF;

    -- scores: distribution, candidates by community, the top of the list
    SELECT r.list_threshold INTO thr FROM aidlink.score_runs r WHERE r.month = m;
    IF FOUND THEN
        WITH b AS (SELECT least(floor(x.score * 4), 39)::int AS bin, count(*) AS n
                     FROM aidlink.household_scores x WHERE x.month = m AND NOT x.on_roll AND x.score > 0 GROUP BY 1),
        mx AS (SELECT greatest(max(b.n), 1) AS n, greatest(max(b.bin), floor(thr::numeric * 4)::int) + 1 AS bins FROM b)
        SELECT format('<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart histogram" width="720" height="260" viewBox="0 0 720 260"><title>Score distribution</title><text x="0" y="16" class="t">Score distribution of the households on no guaranteed roll (scores above 0; line: the list threshold %s)</text>', thr)
            || coalesce(string_agg(format('<rect x="%s" y="%s" width="%s" height="%s" class="h"><title>score %s to %s: %s households</title></rect>',
                                          40 + round(660.0 * b.bin / mx.bins, 1), 230 - round(190.0 * b.n / mx.n, 1),
                                          greatest(round(660.0 / mx.bins, 1) - 1, 1), round(190.0 * b.n / mx.n, 1),
                                          b.bin / 4.0, (b.bin + 1) / 4.0, b.n), '' ORDER BY b.bin) FILTER (WHERE b.bin IS NOT NULL), '')
            || format('<line x1="%s" y1="36" x2="%s" y2="232" class="thr"/>', 40 + round(660.0 * thr::numeric * 4 / mx.bins, 1),
                      40 + round(660.0 * thr::numeric * 4 / mx.bins, 1))
            || format('<text x="40" y="250" class="l">0</text><text x="700" y="250" text-anchor="end" class="l">%s</text><text x="4" y="44" class="l">%s</text>',
                      round(mx.bins / 4.0, 2), mx.n)
            || '</svg></figure>'
          INTO s FROM mx LEFT JOIN b ON true GROUP BY mx.n, mx.bins;
        h := h || '<h2>Scores and candidate households</h2>' || coalesce(s, '');
        SELECT array_agg(q.community ORDER BY q.n DESC, q.community), array_agg(q.n ORDER BY q.n DESC, q.community)
          INTO labels, vals
          FROM (SELECT aidlink.cycle_community(e.address) AS community, count(*) AS n
                  FROM aidlink.household_scores x LEFT JOIN LATERAL aidlink.household_eldest(x.household_no) e ON true
                 WHERE x.month = m AND x.listed GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 25) q;
        h := h || aidlink.svg_bar_chart('Candidate households by community', coalesce(labels, '{}'), coalesce(vals, '{}'), '');
        h := h || format('<table id="candidates"><tr><th>rank</th><th>household</th><th>score</th><th>eldest (masked)</th><th>community</th><th>reasons</th></tr>')
               || coalesce((SELECT string_agg(format('<tr><td class="n">%s</td><td>%s</td><td class="n">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                                                     q.list_rank, aidlink.html_escape(q.household_no), round(q.score::numeric, 2),
                                                     coalesce(aidlink.resident_id_mask(q.resident_id), '-'),
                                                     aidlink.html_escape(aidlink.cycle_community(q.address)), aidlink.html_escape(q.reasons)),
                                              '' ORDER BY q.list_rank)
                              FROM (SELECT x.list_rank, x.household_no, x.score, e.resident_id, e.address,
                                           (SELECT string_agg(format('%s: %s', g.sig, round(g.con::numeric, 2)), ', ' ORDER BY g.con DESC, g.sig)
                                              FROM unnest(x.signals, x.contributions) g(sig, con)) AS reasons
                                      FROM aidlink.household_scores x LEFT JOIN LATERAL aidlink.household_eldest(x.household_no) e ON true
                                     WHERE x.month = m AND x.listed ORDER BY x.list_rank LIMIT top) q), '')
               || '</table>';
    END IF;

    -- aid by category
    SELECT (x.detail ->> 'run_id')::bigint INTO aid_run FROM aidlink.cycle_stages x
     WHERE x.cycle_id = c AND x.stage = 'aid' AND x.status = 'done';
    IF aid_run IS NOT NULL THEN
        SELECT array_agg(q.category ORDER BY q.category), array_agg(q.amount ORDER BY q.category) INTO labels, vals
          FROM (SELECT coalesce(a.category, '(none)') AS category, sum(p.amount) AS amount
                  FROM aidlink.aid_payments p JOIN aidlink.aid_households a ON a.month = m AND a.household_no = p.household_no
                 WHERE p.run_id = aid_run GROUP BY 1) q;
        h := h || format('<h2>Aid</h2><p>Run %s: <b id="aid-total">%s</b> yuan to %s households.</p>', aid_run,
                         (SELECT r.total FROM aidlink.aid_runs r WHERE r.run_id = aid_run),
                         (SELECT r.households FROM aidlink.aid_runs r WHERE r.run_id = aid_run))
               || aidlink.svg_bar_chart('Aid by category (yuan)', coalesce(labels, '{}'), coalesce(vals, '{}'), '')
               || '<table id="aid"><tr><th>category</th><th>benefit</th><th>households</th><th>yuan</th></tr>'
               || coalesce((SELECT string_agg(format('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td></tr>',
                                                     aidlink.html_escape(q.category), aidlink.html_escape(q.benefit), q.households, q.amount),
                                              '' ORDER BY q.category, q.benefit)
                              FROM (SELECT coalesce(a.category, '(none)') AS category, p.benefit,
                                           count(DISTINCT p.household_no) AS households, sum(p.amount) AS amount
                                      FROM aidlink.aid_payments p JOIN aidlink.aid_households a ON a.month = m AND a.household_no = p.household_no
                                     WHERE p.run_id = aid_run GROUP BY 1, 2) q), '') || '</table>';
    END IF;

    -- the whole text report, for everything the charts leave out
    h := h || '<h2>The report as text</h2><pre>'
           || aidlink.html_escape((SELECT string_agg(l, E'\n') FROM aidlink.cycle_report(c) l)) || '</pre>';
    RETURN h || '<p>Made by aidlink in the database, with no script and no network access.</p></body></html>';
END
$fn$;
COMMENT ON FUNCTION aidlink.cycle_report_html(bigint, integer) IS
  'The report of a monthly cycle (default: the last that ended well) as one self-contained HTML page with inline SVG charts (time per stage, linkage methods per source, score distribution with the list threshold, candidate households by community, aid by category) and tables, then the text report (aidlink.cycle_report); no script, no network access. psql: \pset format unaligned \pset tuples_only on \o report.html SELECT aidlink.cycle_report_html()';
