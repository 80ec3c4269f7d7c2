
-----------------------------------------------------------------------------
-- Record linkage: the probabilistic method (Fellegi-Sunter), for rows whose
-- number cannot be used.  Every field comparison has a level; every level an
-- m probability (how often a true match shows it) and a u probability (how
-- often two different people show it); the match weight of a pair is the sum
-- of log2(m/u) over its fields plus the prior, so each link has a waterfall
-- of partial weights that aidlink.explain_link() shows.
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.birth_date_comparison_level(a date, b date) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN a = b THEN 'exact'
        WHEN aidlink.name_edit_distance(to_char(a, 'YYYYMMDD'), to_char(b, 'YYYYMMDD')) = 1
            THEN 'one_digit'
        WHEN extract(day FROM a) <= 12 AND extract(day FROM b) <= 12
             AND extract(year FROM a) = extract(year FROM b)
             AND extract(month FROM a) = extract(day FROM b)
             AND extract(day FROM a) = extract(month FROM b) THEN 'month_day_swapped'
        WHEN extract(year FROM a) = extract(year FROM b) THEN 'same_year'
        ELSE 'different' END;
COMMENT ON FUNCTION aidlink.birth_date_comparison_level(date, date) IS
  'Comparison level of two birth dates: exact, one_digit (one digit of YYYYMMDD differs, or two adjacent digits swapped), month_day_swapped, same_year, different; NULL when either is missing';

CREATE FUNCTION aidlink.exact_comparison_level(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a = b THEN 'exact' ELSE 'different' END;
COMMENT ON FUNCTION aidlink.exact_comparison_level(text, text) IS
  'Comparison level of two values compared whole (sex, phone): exact or different; NULL when either is missing';

CREATE FUNCTION aidlink.address_comparison_level(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN a IS NULL OR b IS NULL THEN NULL
        WHEN aidlink.name_fold(a) = aidlink.name_fold(b) THEN 'exact'
        WHEN aidlink.name_jaro_winkler(a, b) >= 0.9 THEN 'similar'
        ELSE 'different' END;
COMMENT ON FUNCTION aidlink.address_comparison_level(text, text) IS
  'Comparison level of two addresses: exact (equal once folded), similar (Jaro-Winkler over characters at least 0.9), different; NULL when either is missing';

CREATE TABLE aidlink.match_weights (
    field      text NOT NULL CHECK (field IN ('name', 'birth_date', 'sex', 'phone', 'address')),
    level      text NOT NULL,
    m          float8 NOT NULL CHECK (m > 0 AND m < 1),
    u          float8 NOT NULL CHECK (u > 0 AND u < 1),
    set_by     text NOT NULL DEFAULT 'dba' CHECK (set_by IN ('default', 'estimate', 'dba')),
    m_pairs    bigint,
    u_pairs    bigint,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (field, level)
);
COMMENT ON TABLE aidlink.match_weights IS
  'm and u probabilities of every comparison level of every field. m: share of true matches at this level (estimated from the rows the number already linked); u: share of different people at this level (estimated from random pairs of the reference). The partial match weight is log2(m/u). Rows with set_by = dba are never overwritten by an estimate: edit a row and set set_by to dba to pin it';
COMMENT ON COLUMN aidlink.match_weights.field IS 'name, birth_date, sex, phone or address';
COMMENT ON COLUMN aidlink.match_weights.level IS 'Comparison level (see aidlink.name_comparison_level, aidlink.birth_date_comparison_level, aidlink.exact_comparison_level, aidlink.address_comparison_level)';
COMMENT ON COLUMN aidlink.match_weights.m IS 'Probability of this level among true matches';
COMMENT ON COLUMN aidlink.match_weights.u IS 'Probability of this level among pairs of different people';
COMMENT ON COLUMN aidlink.match_weights.set_by IS 'default (shipped), estimate (aidlink.estimate_match_weights) or dba (edited by hand: never overwritten)';
COMMENT ON COLUMN aidlink.match_weights.m_pairs IS 'Labelled pairs the m estimate is based on';
COMMENT ON COLUMN aidlink.match_weights.u_pairs IS 'Random pairs the u estimate is based on';
COMMENT ON COLUMN aidlink.match_weights.updated_at IS 'When the row was last set';

INSERT INTO aidlink.match_weights (field, level, m, u, set_by) VALUES
    ('name', 'exact', 0.90, 0.0005, 'default'),
    ('name', 'variant', 0.01, 0.0001, 'default'),
    ('name', 'homophone', 0.03, 0.0005, 'default'),
    ('name', 'one_edit', 0.03, 0.01, 'default'),
    ('name', 'similar', 0.01, 0.02, 'default'),
    ('name', 'different', 0.02, 0.9689, 'default'),
    ('birth_date', 'exact', 0.95, 0.0001, 'default'),
    ('birth_date', 'one_digit', 0.03, 0.002, 'default'),
    ('birth_date', 'month_day_swapped', 0.005, 0.0002, 'default'),
    ('birth_date', 'same_year', 0.01, 0.01, 'default'),
    ('birth_date', 'different', 0.005, 0.9877, 'default'),
    ('sex', 'exact', 0.99, 0.5, 'default'),
    ('sex', 'different', 0.01, 0.5, 'default'),
    ('phone', 'exact', 0.8, 0.0001, 'default'),
    ('phone', 'different', 0.2, 0.9999, 'default'),
    ('address', 'exact', 0.7, 0.001, 'default'),
    ('address', 'similar', 0.1, 0.01, 'default'),
    ('address', 'different', 0.2, 0.989, 'default');

CREATE TABLE aidlink.match_level_counts (
    kind        text NOT NULL CHECK (kind IN ('m', 'u')),
    source_name text NOT NULL,
    field       text NOT NULL,
    level       text NOT NULL,
    pairs       bigint NOT NULL,
    counted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, source_name, field, level)
);
COMMENT ON TABLE aidlink.match_level_counts IS
  'The counts the m and u estimates come from: kind m, pairs a source''s rows made with the persons their numbers name (labels for free); kind u, random pairs of different persons of the reference';
COMMENT ON COLUMN aidlink.match_level_counts.kind IS 'm (true matches) or u (different people)';
COMMENT ON COLUMN aidlink.match_level_counts.source_name IS 'The source the pairs came from (the reference for u)';
COMMENT ON COLUMN aidlink.match_level_counts.field IS 'The field compared';
COMMENT ON COLUMN aidlink.match_level_counts.level IS 'Its comparison level';
COMMENT ON COLUMN aidlink.match_level_counts.pairs IS 'Pairs at this level';
COMMENT ON COLUMN aidlink.match_level_counts.counted_at IS 'When they were counted';

CREATE TABLE aidlink.name_frequencies (
    name_folded text PRIMARY KEY,
    persons     bigint NOT NULL
);
COMMENT ON TABLE aidlink.name_frequencies IS
  'How many persons of the reference carry each (folded) name: the term-frequency adjustment of an exact name match (two people called 张伟 agree by chance far more often than two called 诸葛明远)';
COMMENT ON COLUMN aidlink.name_frequencies.name_folded IS 'A name as folded by aidlink.name_fold';
COMMENT ON COLUMN aidlink.name_frequencies.persons IS 'Persons of the reference with this name';

SELECT pg_catalog.pg_extension_config_dump('aidlink.match_weights', $$WHERE set_by <> 'default'$$);
SELECT pg_catalog.pg_extension_config_dump('aidlink.match_level_counts', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.name_frequencies', '');

-- The comparison vector of one pair, field by field, with its weights.
CREATE FUNCTION aidlink.match_weight_terms(
    name_a text, name_b text, birth_a date, birth_b date, sex_a text, sex_b text,
    phone_a text, phone_b text, address_a text, address_b text,
    OUT field text, OUT value_a text, OUT value_b text, OUT level text,
    OUT m float8, OUT u float8, OUT partial_weight float8, OUT tf_adjustment float8)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$
    SELECT f.field, f.a, f.b, f.level, w.m, w.u,
           CASE WHEN w.m IS NOT NULL THEN log(2.0, (w.m / w.u)::numeric)::float8 ELSE 0 END,
           CASE WHEN f.field = 'name' AND f.level = 'exact' AND nf.persons IS NOT NULL
                THEN greatest(least(log(2.0, (w.u * tot.n / nf.persons)::numeric)::float8, 20), -20)
                ELSE 0 END
    FROM (VALUES
        (1, 'name', name_a, name_b, aidlink.name_comparison_level(name_a, name_b)),
        (2, 'birth_date', birth_a::text, birth_b::text, aidlink.birth_date_comparison_level(birth_a, birth_b)),
        (3, 'sex', sex_a, sex_b, aidlink.exact_comparison_level(sex_a, sex_b)),
        (4, 'phone', phone_a, phone_b, aidlink.exact_comparison_level(phone_a, phone_b)),
        (5, 'address', address_a, address_b, aidlink.address_comparison_level(address_a, address_b))
    ) AS f(ord, field, a, b, level)
    LEFT JOIN aidlink.match_weights w ON w.field = f.field AND w.level = f.level
    LEFT JOIN aidlink.name_frequencies nf ON f.field = 'name' AND nf.name_folded = aidlink.name_fold(name_b)
    CROSS JOIN (SELECT greatest(sum(persons), 1)::float8 AS n FROM aidlink.name_frequencies) tot
    ORDER BY f.ord
$fn$;
COMMENT ON FUNCTION aidlink.match_weight_terms(text, text, date, date, text, text, text, text, text, text) IS
  'The Fellegi-Sunter waterfall of one pair (a: the source row, b: the reference person): per field the two values, the comparison level, m, u, the partial weight log2(m/u) and, for an exact name, the term-frequency adjustment log2(u * persons / persons with that name); a missing value weighs 0';

-- m from the rows a run linked by their number, u from random pairs.
CREATE FUNCTION aidlink.count_match_levels_u(pairs integer DEFAULT 100000) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    ref text := (SELECT source_name FROM aidlink.link_sources WHERE is_reference);
    n bigint;
BEGIN
    DELETE FROM aidlink.match_level_counts WHERE kind = 'u';
    WITH a AS (SELECT p.*, row_number() OVER (ORDER BY hashint8extended(p.resident_id::bigint, 1), p.resident_id) AS i
               FROM aidlink.persons p ORDER BY hashint8extended(p.resident_id::bigint, 1), p.resident_id LIMIT pairs),
         b AS (SELECT p.*, row_number() OVER (ORDER BY hashint8extended(p.resident_id::bigint, 2), p.resident_id) AS i
               FROM aidlink.persons p ORDER BY hashint8extended(p.resident_id::bigint, 2), p.resident_id LIMIT pairs),
         lv AS (SELECT aidlink.name_comparison_level(a.name, b.name) AS name,
                       aidlink.birth_date_comparison_level(a.birth_date, b.birth_date) AS birth_date,
                       aidlink.exact_comparison_level(a.sex, b.sex) AS sex,
                       aidlink.exact_comparison_level(a.phone, b.phone) AS phone,
                       aidlink.address_comparison_level(a.address, b.address) AS address
                FROM a JOIN b ON a.i = b.i AND a.resident_id <> b.resident_id)
    INSERT INTO aidlink.match_level_counts (kind, source_name, field, level, pairs)
    SELECT 'u', ref, x.field, x.level, count(*)
    FROM lv CROSS JOIN LATERAL (VALUES ('name', lv.name), ('birth_date', lv.birth_date), ('sex', lv.sex),
                                       ('phone', lv.phone), ('address', lv.address)) x(field, level)
    WHERE x.level IS NOT NULL
    GROUP BY x.field, x.level;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM aidlink.name_frequencies;
    INSERT INTO aidlink.name_frequencies
    SELECT name_folded, count(*) FROM aidlink.persons WHERE name_folded IS NOT NULL GROUP BY name_folded;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.count_match_levels_u(integer) IS
  'Count the comparison levels of random pairs of different persons of the reference (a fixed, hash-ordered sample, so that re-runs give the same counts) into aidlink.match_level_counts (kind u), and refresh aidlink.name_frequencies. Run after each reference run';

CREATE FUNCTION aidlink.estimate_match_weights() RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    n bigint;
BEGIN
    -- Laplace smoothing over the levels the table knows, so no level gets 0.
    WITH lv AS (SELECT field, level FROM aidlink.match_weights),
         c AS (SELECT lv.field, lv.level,
                      coalesce(sum(k.pairs) FILTER (WHERE k.kind = 'm'), 0) AS m_n,
                      coalesce(sum(k.pairs) FILTER (WHERE k.kind = 'u'), 0) AS u_n
               FROM lv LEFT JOIN aidlink.match_level_counts k USING (field, level)
               GROUP BY lv.field, lv.level),
         t AS (SELECT c.*, sum(m_n) OVER (PARTITION BY field) AS m_tot,
                      sum(u_n) OVER (PARTITION BY field) AS u_tot,
                      count(*) OVER (PARTITION BY field) AS levels
               FROM c)
    UPDATE aidlink.match_weights w SET
        m = CASE WHEN t.m_tot >= 100 THEN least((t.m_n + 1)::float8 / (t.m_tot + t.levels), 0.999999) ELSE w.m END,
        u = CASE WHEN t.u_tot >= 100 THEN least((t.u_n + 1)::float8 / (t.u_tot + t.levels), 0.999999) ELSE w.u END,
        m_pairs = t.m_tot, u_pairs = t.u_tot, set_by = 'estimate', updated_at = now()
    FROM t
    WHERE w.field = t.field AND w.level = t.level AND w.set_by <> 'dba'
      AND (t.m_tot >= 100 OR t.u_tot >= 100);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.estimate_match_weights() IS
  'Set m and u of every level not pinned by a DBA (set_by <> dba) from aidlink.match_level_counts, with add-one smoothing; a field needs at least 100 counted pairs to be estimated. Returns the rows updated';

CREATE FUNCTION aidlink.link_by_evidence(source_name text, run bigint, thresholds aidlink.link_thresholds)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    prior float8 := log(2.0, (thresholds.prior_match_probability
                              / (1 - thresholds.prior_match_probability))::numeric)::float8;
    accept_w float8 := log(2.0, (thresholds.accept_probability / (1 - thresholds.accept_probability))::numeric)::float8;
    review_w float8 := log(2.0, (thresholds.review_probability / (1 - thresholds.review_probability))::numeric)::float8;
    n_labelled bigint;
    n bigint;
BEGIN
    -- m: the rows this run linked by their number are labelled pairs.
    SELECT count(*) INTO n_labelled FROM aidlink.links l
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
      AND l.method IN ('exact', 'normalised', 'legacy') AND l.in_reference;
    IF n_labelled >= 1000 THEN
        DELETE FROM aidlink.match_level_counts k WHERE k.kind = 'm' AND k.source_name = link_by_evidence.source_name;
        INSERT INTO aidlink.match_level_counts (kind, source_name, field, level, pairs)
        SELECT 'm', link_by_evidence.source_name, x.field, x.level, count(*)
        FROM (SELECT s.*, p.name AS p_name, p.birth_date AS p_birth, p.sex AS p_sex,
                     p.phone AS p_phone, p.address AS p_address
              FROM aidlink.links l
              JOIN al_stage s ON s.row_key = l.row_key
              JOIN aidlink.persons p ON p.resident_id = l.resident_id
              WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
                AND l.method IN ('exact', 'normalised', 'legacy') AND l.in_reference
                AND hashtext(l.row_key) % greatest(n_labelled / 200000, 1)::int = 0) r
        CROSS JOIN LATERAL (VALUES
            ('name', aidlink.name_comparison_level(r.name, r.p_name)),
            ('birth_date', aidlink.birth_date_comparison_level(r.birth_date, r.p_birth)),
            ('sex', aidlink.exact_comparison_level(r.sex, r.p_sex)),
            ('phone', aidlink.exact_comparison_level(r.phone, r.p_phone)),
            ('address', aidlink.address_comparison_level(r.address, r.p_address))) x(field, level)
        WHERE x.level IS NOT NULL
        GROUP BY x.field, x.level;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM aidlink.match_level_counts WHERE kind = 'u') THEN
        PERFORM aidlink.count_match_levels_u();
    END IF;
    PERFORM aidlink.estimate_match_weights();

    -- Rows with neither a number nor a name are left as they are.
    UPDATE aidlink.links l SET reason = 'no_evidence', detail = 'neither a usable number nor a name'
    FROM al_stage s
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
      AND l.reason IN ('pending_match', 'pending_repair') AND s.row_key = l.row_key
      AND s.name IS NULL;

    -- Candidate pairs inside blocks, scored.
    PERFORM aidlink.link_drop_work_tables('{al_scored}');
    CREATE TEMP TABLE al_scored ON COMMIT DROP AS
    WITH todo AS (
        SELECT s.*, aidlink.name_fold(s.name) AS name_folded, aidlink.name_pinyin(s.name) AS name_sound
        FROM aidlink.links l JOIN al_stage s ON s.row_key = l.row_key
        WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
          AND l.reason IN ('pending_match', 'pending_repair')),
    pairs AS (
        SELECT t.row_key, p.resident_id FROM todo t
        JOIN aidlink.persons p ON p.birth_date = t.birth_date AND (t.sex IS NULL OR p.sex = t.sex)
        UNION
        SELECT t.row_key, p.resident_id FROM todo t
        JOIN aidlink.persons p ON p.name_sound = t.name_sound
        WHERE t.birth_date IS NULL
           OR p.birth_date BETWEEN t.birth_date - 366 AND t.birth_date + 366
        UNION
        SELECT t.row_key, p.resident_id FROM todo t
        JOIN aidlink.persons p ON p.name_folded = t.name_folded
        WHERE t.birth_date IS NULL
           OR p.birth_date BETWEEN t.birth_date - 366 AND t.birth_date + 366
        UNION
        SELECT t.row_key, p.resident_id FROM todo t
        JOIN aidlink.persons p ON p.phone = t.phone),
    lv AS (
        SELECT pr.row_key, pr.resident_id, t.name_folded,
               aidlink.name_comparison_level(t.name, p.name) AS l_name,
               aidlink.birth_date_comparison_level(t.birth_date, p.birth_date) AS l_birth,
               aidlink.exact_comparison_level(t.sex, p.sex) AS l_sex,
               aidlink.exact_comparison_level(t.phone, p.phone) AS l_phone,
               aidlink.address_comparison_level(t.address, p.address) AS l_address,
               p.name_folded AS p_name_folded
        FROM pairs pr JOIN todo t ON t.row_key = pr.row_key
        JOIN aidlink.persons p ON p.resident_id = pr.resident_id)
    SELECT lv.row_key, lv.resident_id,
           prior
           + coalesce(log(2.0, (wn.m / wn.u)::numeric)::float8, 0)
           + CASE WHEN lv.l_name = 'exact' AND nf.persons IS NOT NULL
                  THEN greatest(least(log(2.0, (wn.u * tot.n / nf.persons)::numeric)::float8, 20), -20) ELSE 0 END
           + coalesce(log(2.0, (wb.m / wb.u)::numeric)::float8, 0)
           + coalesce(log(2.0, (ws.m / ws.u)::numeric)::float8, 0)
           + coalesce(log(2.0, (wp.m / wp.u)::numeric)::float8, 0)
           + coalesce(log(2.0, (wa.m / wa.u)::numeric)::float8, 0) AS weight
    FROM lv
    LEFT JOIN aidlink.match_weights wn ON wn.field = 'name' AND wn.level = lv.l_name
    LEFT JOIN aidlink.match_weights wb ON wb.field = 'birth_date' AND wb.level = lv.l_birth
    LEFT JOIN aidlink.match_weights ws ON ws.field = 'sex' AND ws.level = lv.l_sex
    LEFT JOIN aidlink.match_weights wp ON wp.field = 'phone' AND wp.level = lv.l_phone
    LEFT JOIN aidlink.match_weights wa ON wa.field = 'address' AND wa.level = lv.l_address
    LEFT JOIN aidlink.name_frequencies nf ON nf.name_folded = lv.p_name_folded
    CROSS JOIN (SELECT greatest(sum(persons), 1)::float8 AS n FROM aidlink.name_frequencies) tot;

    -- The best candidate of each row, and how far ahead of the next it is.
    WITH ranked AS (
        SELECT sc.*, row_number() OVER w AS rank, lead(sc.weight) OVER w AS next_weight
        FROM al_scored sc
        WINDOW w AS (PARTITION BY sc.row_key ORDER BY sc.weight DESC, sc.resident_id)),
    best AS (
        SELECT r.row_key, r.resident_id, r.weight, r.next_weight,
               (SELECT array_agg(x.resident_id ORDER BY x.weight DESC, x.resident_id)
                FROM al_scored x WHERE x.row_key = r.row_key AND x.weight >= review_w) AS candidates
        FROM ranked r WHERE r.rank = 1 AND r.weight >= review_w)
    UPDATE aidlink.links l SET
        resident_id = CASE WHEN accepted THEN b.resident_id END,
        method = 'probabilistic',
        status = CASE WHEN accepted THEN 'accepted' ELSE 'review' END,
        reason = CASE WHEN accepted THEN NULL ELSE 'probable_match' END,
        detail = CASE WHEN accepted THEN NULL
                      WHEN b.weight >= accept_w THEN format('%s candidates within %s of the best weight', array_length(b.candidates, 1), round((accept_w - review_w)::numeric, 1))
                      ELSE 'the best candidate is below the acceptance threshold' END,
        in_reference = accepted,
        match_weight = b.weight,
        match_probability = 1 / (1 + power(2::float8, -b.weight)),
        candidates = CASE WHEN accepted THEN NULL ELSE b.candidates END
    FROM best b
    CROSS JOIN LATERAL (SELECT b.weight >= accept_w
                               AND (b.next_weight IS NULL OR b.next_weight < review_w) AS accepted) a
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run AND l.row_key = b.row_key
      AND l.reason IN ('pending_match', 'pending_repair');
    GET DIAGNOSTICS n = ROW_COUNT;

    -- The rest stay unresolved, with the reason.
    UPDATE aidlink.links l SET
        reason = CASE l.reason WHEN 'pending_match' THEN 'no_number' ELSE 'invalid_number' END,
        detail = CASE WHEN l.reason = 'pending_repair' AND l.problem IS NOT NULL
                      THEN format('the number is wrong (%s) and no person matches the evidence well enough', l.problem)
                      ELSE 'no person matches the evidence well enough' END,
        candidates = NULL
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
      AND l.reason IN ('pending_match', 'pending_repair');
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.link_by_evidence(text, bigint, aidlink.link_thresholds) IS
  'The probabilistic step of a run (called by aidlink.link_source): counts m from the rows the number linked, estimates the weights, then compares each row without a usable number with the reference persons in its blocks (same birth date and sex; same folded name, or same reading, within a year; same phone) and accepts the best candidate when its probability reaches the acceptance threshold and no other candidate reaches review; otherwise review or unresolved';
