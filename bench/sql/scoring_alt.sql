-- bench/sql/scoring_alt.sql: what a DBA would write by hand to score June
-- 2025 with the example signals of demo/scoring/city_signals.sql, for
-- bench/scoring.  Both write the households' scores, signals and intensities
-- into a table, as aidlink.score_month writes aidlink.household_scores.
-- The weights are read from aidlink.score_signal_weights (those in effect on
-- 2025-06-30); the list threshold from aidlink.score_settings.

-- 1. The obvious way: one query per signal (its source joined with its
--    links, its condition, grouped by person), a UNION ALL of them, then
--    GROUP BY person and household.
CREATE FUNCTION bench.score_june_union_all() RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE n bigint;
BEGIN
    DROP TABLE IF EXISTS bench.june_union_all;
    CREATE TABLE bench.june_union_all AS
    WITH w AS (SELECT (e.signal).signal_name AS signal, e.weight FROM aidlink.score_signals_in_effect('2025-06-30') e),
    hits AS (
        SELECT 'medical_cost' AS signal, l.resident_id, least(1, (sum(c.self_paid)::float8 - 2000) / 18000) AS x
        FROM city.yb_claims c JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text
        WHERE l.status = 'accepted' AND c.visit_date >= '2024-07-01' AND c.visit_date < '2025-07-01'
        GROUP BY l.resident_id HAVING sum(c.self_paid) > 2000
        UNION ALL
        SELECT 'medical_bill_alert', l.resident_id, count(*)::float8 * 0 + 1
        FROM city.yb_claims c JOIN aidlink.links l ON l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text
        WHERE l.status = 'accepted' AND c.self_paid >= 30000 AND c.visit_date >= '2025-06-01' AND c.visit_date < '2025-07-01'
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'unemployed_recent', l.resident_id, 1
        FROM city.rs_unemployment c JOIN aidlink.links l ON l.source_name = 'rs_unemployment' AND l.row_key = c.reg_no::text
        WHERE l.status = 'accepted' AND c.status = '失业' AND c.reg_date >= '2024-07-01' AND c.reg_date < '2025-07-01'
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'student_non_compulsory', l.resident_id, 1
        FROM city.jy_students c JOIN aidlink.links l ON l.source_name = 'jy_students' AND l.row_key = c.xsid::text
        WHERE l.status = 'accepted' AND c.xd IN ('高中', '中职', '大学')
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'dangerous_house', l.resident_id, 1
        FROM city.zj_weifang c JOIN aidlink.links l ON l.source_name = 'zj_weifang' AND l.row_key = c.fwbh::text
        WHERE l.status = 'accepted' AND c.jddj IN ('C级', 'D级')
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'disability_severe', l.resident_id, 1
        FROM city.cl_cards c JOIN aidlink.links l ON l.source_name = 'cl_cards' AND l.row_key = c.id::text
        WHERE l.status = 'accepted' AND c.cjdj IN ('一级', '二级')
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'death_in_household', l.resident_id, 1
        FROM city.ga_deaths c JOIN aidlink.links l ON l.source_name = 'ga_deaths' AND l.row_key = c.swbh::text
        WHERE l.status = 'accepted' AND c.swrq >= '2023-07-01' AND c.swrq < '2025-07-01'
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'court_enforcement', l.resident_id, 1
        FROM city.fy_cases c JOIN aidlink.links l ON l.source_name = 'fy_cases' AND l.row_key = c.ah
        WHERE l.status = 'accepted' AND c.ajlx = '执行' AND c.dsrdw = '被执行人'
          AND c.larq >= '2023-07-01' AND c.larq < '2025-07-01'
        GROUP BY l.resident_id
        UNION ALL
        SELECT 'charity_aid', l.resident_id, 1
        FROM city.cs_aid c JOIN aidlink.links l ON l.source_name = 'cs_aid' AND l.row_key = c.aid_id::text
        WHERE l.status = 'accepted' AND c.aid_date >= '2024-07-01' AND c.aid_date < '2025-07-01'
        GROUP BY l.resident_id
    ), per_household AS (
        SELECT h.signal, p.household_no,
               CASE WHEN h.signal IN ('medical_cost', 'court_enforcement', 'charity_aid', 'dangerous_house', 'death_in_household')
                    THEN max(h.x) ELSE sum(h.x) END AS x
        FROM hits h JOIN aidlink.persons p ON p.resident_id = h.resident_id
        WHERE p.household_no IS NOT NULL
        GROUP BY h.signal, p.household_no
    ), roll AS (
        SELECT DISTINCT ON (p.household_no) p.household_no, c.category, c.guaranteed
        FROM city.mz_dibao d JOIN aidlink.links l ON l.source_name = 'mz_dibao' AND l.row_key = d.id::text
        JOIN aidlink.persons p ON p.resident_id = l.resident_id
        JOIN aidlink.assistance_roll_values v ON v.source_name = 'mz_dibao' AND v.value = d.bzlb
        JOIN aidlink.assistance_categories c ON c.category = v.category
        WHERE l.status = 'accepted'
        ORDER BY p.household_no, c.precedence
    ), sc AS (
        SELECT x.household_no, sum(w.weight * x.x) AS score, array_agg(x.signal ORDER BY x.signal) AS signals,
               array_agg(x.x ORDER BY x.signal) AS intensities
        FROM per_household x JOIN w USING (signal)
        GROUP BY x.household_no
    )
    SELECT coalesce(sc.household_no, roll.household_no) AS household_no, coalesce(sc.score, 0) AS score,
           sc.signals, sc.intensities, roll.category, coalesce(roll.guaranteed, false) AS on_roll,
           NOT coalesce(roll.guaranteed, false)
             AND coalesce(sc.score, 0) >= (SELECT list_threshold FROM aidlink.score_settings
                                           WHERE effective_from <= '2025-06-30' ORDER BY effective_from DESC LIMIT 1)
             AND EXISTS (SELECT 1 FROM city.household_register r          -- a living member
                         WHERE r.hh = coalesce(sc.household_no, roll.household_no) AND r.hkzt = '正常') AS listed
    FROM sc FULL JOIN roll USING (household_no);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $fn$;

-- The timings of bench/scoring: per way, number of parallel workers allowed
-- and run, the wall clock, the backend's on-CPU time and the CPU time of its
-- parallel workers.
CREATE TABLE bench.scoring_result (
    way            text NOT NULL,
    workers        int NOT NULL,
    run            int NOT NULL,
    wall_ms        float8 NOT NULL,
    cpu_ms         float8 NOT NULL,
    workers_cpu_ms float8 NOT NULL
);

-- CPU time (user + system, ms) of the postmaster's exited children: parallel
-- workers are reaped by the postmaster when their query ends, so the growth
-- of this figure over a statement is what its workers used (10 ms ticks;
-- other children exiting meanwhile would count too: autovacuum is off while
-- bench/scoring times).
CREATE FUNCTION bench.children_cpu_ms() RETURNS bigint LANGUAGE sql AS $$
    SELECT (s[16]::bigint + s[17]::bigint) * 1000 / 100   -- cutime, cstime (fields 16, 17 of proc(5))
    FROM (SELECT regexp_split_to_array(
                     pg_read_file('/proc/' || split_part(pg_read_file('postmaster.pid'), E'\n', 1) || '/stat'), ' ') s) x
$$;
