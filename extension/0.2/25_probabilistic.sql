
-----------------------------------------------------------------------------
-- Record linkage: the probabilistic method (Fellegi-Sunter), for rows whose
-- number cannot be used.  Every field comparison has a level; every level an
-- m probability (how often a true match shows it) and a u probability (how
-- often two different people show it); the match weight of a pair is the sum
-- of log2(m/u) over its fields plus the prior, so each link has a waterfall
-- of partial weights that aidlink.explain_link() shows.
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.birth_date_comparison_level(a date, b date) RETURNS text
    AS 'MODULE_PATHNAME', 'birth_date_comparison_level'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.birth_date_comparison_level(date, date) IS
  'Comparison level of two birth dates: exact, one_digit (one digit of YYYYMMDD differs, or two adjacent digits swapped), month_day_swapped, same_year, different; NULL when either is missing';

CREATE FUNCTION aidlink.exact_comparison_level(a text, b text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a = b THEN 'exact' ELSE 'different' END;
COMMENT ON FUNCTION aidlink.exact_comparison_level(text, text) IS
  'Comparison level of two values compared whole (sex, phone): exact or different; NULL when either is missing';

CREATE FUNCTION aidlink.address_comparison_level(a text, b text) RETURNS text
    AS 'MODULE_PATHNAME', 'address_comparison_level'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.address_comparison_level(text, text) IS
  'Comparison level of two addresses: exact (equal once folded), similar (Jaro-Winkler over characters at least 0.9), different; NULL when either is missing';

CREATE TABLE aidlink.match_weights (
    field      text NOT NULL CHECK (field IN ('id_number', 'name', 'birth_date', 'sex', 'phone', 'address')),
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
  'm and u probabilities of every comparison level of every field. m: share of true matches at this level (estimated from the rows the number already linked); u: share of different people at this level (estimated from random pairs of the reference). The partial match weight is log2(m/u). Rows with set_by = dba are never overwritten by an estimate: edit a row and set set_by to dba to pin it. Empty until the first linkage run copies the shipped starting values (aidlink.match_weight_defaults())';
COMMENT ON COLUMN aidlink.match_weights.field IS 'id_number (the typed number against the person''s: exact, one_edit = one substituted character or adjacent swap away, two_edits, different), name, birth_date, sex, phone or address';
COMMENT ON COLUMN aidlink.match_weights.level IS 'Comparison level (see aidlink.name_comparison_level, aidlink.birth_date_comparison_level, aidlink.exact_comparison_level, aidlink.address_comparison_level)';
COMMENT ON COLUMN aidlink.match_weights.m IS 'Probability of this level among true matches';
COMMENT ON COLUMN aidlink.match_weights.u IS 'Probability of this level among pairs of different people';
COMMENT ON COLUMN aidlink.match_weights.set_by IS 'default (shipped), estimate (aidlink.estimate_match_weights) or dba (edited by hand: never overwritten)';
COMMENT ON COLUMN aidlink.match_weights.m_pairs IS 'Labelled pairs the m estimate is based on';
COMMENT ON COLUMN aidlink.match_weights.u_pairs IS 'Random pairs the u estimate is based on';
COMMENT ON COLUMN aidlink.match_weights.updated_at IS 'When the row was last set';

-- The shipped starting values are a function, not rows of the table: the
-- table holds only what a database made of them (estimates, a DBA's pins),
-- so pg_dump keeps all of it and a restore never meets a shipped row twice.
CREATE FUNCTION aidlink.match_weight_defaults(OUT field text, OUT level text, OUT m float8, OUT u float8)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    BEGIN ATOMIC
    SELECT d.field, d.level, d.m::float8, d.u::float8 FROM (VALUES
    ('id_number', 'exact', 0.95, 0.0000001),
    ('id_number', 'one_edit', 0.9, 0.00001),
    ('id_number', 'two_edits', 0.04, 0.000001),
    ('id_number', 'different', 0.01, 0.9999889),
    ('name', 'exact', 0.90, 0.0005),
    ('name', 'variant', 0.01, 0.0001),
    ('name', 'homophone', 0.03, 0.0005),
    ('name', 'one_edit', 0.03, 0.01),
    ('name', 'similar', 0.01, 0.02),
    ('name', 'different', 0.02, 0.9689),
    ('birth_date', 'exact', 0.95, 0.0001),
    ('birth_date', 'one_digit', 0.03, 0.002),
    ('birth_date', 'month_day_swapped', 0.005, 0.0002),
    ('birth_date', 'same_year', 0.01, 0.01),
    ('birth_date', 'different', 0.005, 0.9877),
    ('sex', 'exact', 0.99, 0.5),
    ('sex', 'different', 0.01, 0.5),
    ('phone', 'exact', 0.8, 0.0001),
    ('phone', 'different', 0.2, 0.9999),
    ('address', 'exact', 0.7, 0.001),
    ('address', 'similar', 0.1, 0.01),
    ('address', 'different', 0.2, 0.989)) AS d(field, level, m, u);
    END;
COMMENT ON FUNCTION aidlink.match_weight_defaults() IS
  'The m and u each comparison level starts from before anything is estimated (shipped with aidlink): aidlink.estimate_match_weights() copies the levels aidlink.match_weights lacks, with set_by = default, at the first linkage run';

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

SELECT pg_catalog.pg_extension_config_dump('aidlink.match_weights', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.match_level_counts', '');
SELECT pg_catalog.pg_extension_config_dump('aidlink.name_frequencies', '');

CREATE FUNCTION aidlink.link_prior_weight(thresholds aidlink.link_thresholds) RETURNS float8
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT log(2.0, (p / (1 - p))::numeric)::float8
            FROM (SELECT coalesce(thresholds.prior_match_probability,
                                  1.0 / greatest((SELECT count(*) FROM aidlink.persons), 2)) AS p) x);
COMMENT ON FUNCTION aidlink.link_prior_weight(aidlink.link_thresholds) IS
  'The starting weight of every comparison: log2 of the prior odds that a row and a person are the same (prior_match_probability, or 1 / the persons of the reference when it is NULL)';

CREATE FUNCTION aidlink.resident_id_is_number_shaped(typed text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'resident_id_is_number_shaped'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_is_number_shaped(text) IS
  'Whether a text holds 15 or 18 digits (or X) once separators are dropped: a number typed wrong rather than a placeholder such as 无 or 0';

CREATE FUNCTION aidlink.resident_id_typed_birth_date(typed text) RETURNS date
    AS 'MODULE_PATHNAME', 'resident_id_typed_birth_date'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_typed_birth_date(text) IS
  'The birth date a typed number states (characters 7-14 of 18, or 7-12 of 15 in the 1900s), even when the number itself is wrong (a bad check character, say); NULL when those characters are not a real date';

CREATE FUNCTION aidlink.resident_id_typed_sex(typed text) RETURNS text
    AS 'MODULE_PATHNAME', 'resident_id_typed_sex'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_typed_sex(text) IS
  'The sex a typed number states (the parity of its order code''s last digit), even when the number itself is wrong; NULL when it has no such digit';

CREATE FUNCTION aidlink.resident_id_typed_distance(typed text, person aidlink.resident_id) RETURNS integer
    AS 'MODULE_PATHNAME', 'resident_id_typed_distance'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_typed_distance(text, aidlink.resident_id) IS
  'Keying errors between a typed number (separators dropped, full width folded) and a person''s number: substituted characters and adjacent swaps counted (15-digit input against the person''s 15-digit form); NULL when the text is not 15 or 18 characters';

CREATE FUNCTION aidlink.id_number_comparison_level(typed text, person aidlink.resident_id) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN typed IS NULL OR person IS NULL OR NOT aidlink.resident_id_is_number_shaped(typed) THEN NULL
        WHEN aidlink.to_resident_id(typed)::bigint = person::bigint THEN 'exact'
        WHEN EXISTS (SELECT 1 FROM aidlink.resident_id_repair_candidates(typed) c
                     WHERE c.candidate::bigint = person::bigint) THEN 'one_edit'
        WHEN aidlink.resident_id_typed_distance(typed, person) = 2 THEN 'two_edits'
        ELSE 'different' END;
COMMENT ON FUNCTION aidlink.id_number_comparison_level(text, aidlink.resident_id) IS
  'Comparison level of a typed number and a person''s number: exact, one_edit (one substituted character or one adjacent swap away), two_edits, different; NULL when nothing number-shaped was typed';

-- The comparison vector of one pair, field by field, with its weights.
CREATE FUNCTION aidlink.match_weight_terms(
    typed_number text, person aidlink.resident_id,
    name_a text, name_b text, birth_a date, birth_b date, sex_a text, sex_b text,
    phone_a text, phone_b text, address_a text, address_b text,
    OUT field text, OUT value_a text, OUT value_b text, OUT level text,
    OUT m float8, OUT u float8, OUT partial_weight float8, OUT tf_adjustment float8)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
    SELECT f.field, f.a, f.b, f.level, w.m, w.u,
           CASE WHEN w.m IS NOT NULL THEN log(2.0, (w.m / w.u)::numeric)::float8 ELSE 0 END,
           CASE WHEN f.field = 'name' AND f.level = 'exact' AND nf.persons IS NOT NULL
                THEN greatest(least(log(2.0, (w.u * tot.n / nf.persons)::numeric)::float8, 20), -20)
                ELSE 0 END
    FROM (VALUES
        (0, 'id_number', typed_number, person::text, aidlink.id_number_comparison_level(typed_number, person)),
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
COMMENT ON FUNCTION aidlink.match_weight_terms(text, aidlink.resident_id, text, text, date, date, text, text, text, text, text, text) IS
  'The Fellegi-Sunter waterfall of one pair (a: the source row, b: the reference person): the typed number against the person''s, then per field the two values, the comparison level, m, u, the partial weight log2(m/u) and, for an exact name, the term-frequency adjustment log2(u * persons / persons with that name); a missing value weighs 0';

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
    -- The levels not in the table yet start from the shipped values.
    INSERT INTO aidlink.match_weights (field, level, m, u, set_by)
    SELECT d.field, d.level, d.m, d.u, 'default' FROM aidlink.match_weight_defaults() d
    ON CONFLICT (field, level) DO NOTHING;
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

CREATE FUNCTION aidlink.person_known_contacts(person aidlink.resident_id, phone text, address text,
    OUT phone text, OUT address text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, aidlink, pg_temp
    AS $fn$
    SELECT CASE WHEN $2 IS NOT NULL AND EXISTS (
                    SELECT 1 FROM aidlink.person_contacts c
                    WHERE c.resident_id = $1 AND c.kind = 'phone' AND c.value = $2)
                THEN $2 ELSE p.phone END,
           CASE WHEN $3 IS NOT NULL AND EXISTS (
                    SELECT 1 FROM aidlink.person_contacts c
                    WHERE c.resident_id = $1 AND c.kind = 'address' AND c.value = aidlink.name_fold($3))
                THEN $3 ELSE p.address END
    FROM (SELECT $1 AS rid) x LEFT JOIN aidlink.persons p ON p.resident_id::bigint = x.rid::bigint
$fn$;
COMMENT ON FUNCTION aidlink.person_known_contacts(aidlink.resident_id, text, text) IS
  'The phone and address of a person to compare a row''s with: the row''s own when the person was seen with it in a row their number linked (aidlink.person_contacts), else the reference''s';

CREATE FUNCTION aidlink.match_weight_slots(OUT slot integer, OUT field text, OUT level text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'match_weight_slots'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 22;
COMMENT ON FUNCTION aidlink.match_weight_slots() IS
  'Every comparison level the probabilistic method weighs (field and level, as in aidlink.match_weights), numbered in the order aidlink.evidence_pair_weight() reads its weights';

CREATE FUNCTION aidlink.evidence_pair_weight(
    weights float8[], prior float8, floor float8, outside boolean, near boolean,
    typed text, person aidlink.resident_id, name_a text, name_b text, name_tf float8,
    birth_a date, birth_b date, sex_a text, sex_b text, phone_a text, phone_b text,
    address_a text, address_b text) RETURNS float8
    AS 'MODULE_PATHNAME', 'evidence_pair_weight'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.evidence_pair_weight(float8[], float8, float8, boolean, boolean, text, aidlink.resident_id, text, text, float8, date, date, text, text, text, text, text, text) IS
  'The total match weight of a source row (a) and a reference person (b), as aidlink.explain_link() adds it up: prior + the partial weight of the level of each field (weights: one per row of aidlink.match_weight_slots(), in its order; NULL weighs 0) + name_tf when the names are exact. The number''s level is one_edit when near, two_edits at two keying errors, else different. NULL when the total is below floor (compared fields first, names and addresses only while they could still reach it), or when outside and the person''s number is more than two keying errors from the typed one';

-- The address block of the probabilistic method: persons by folded address
-- (a hash index: only equality is asked, and it is half the cost of a
-- B-tree to keep up when the reference is written).
CREATE INDEX persons_address_folded ON aidlink.persons USING hash (aidlink.name_fold(address));

CREATE FUNCTION aidlink.link_by_evidence(source_name text, run bigint, thresholds aidlink.link_thresholds)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    prior float8 := aidlink.link_prior_weight(thresholds);
    accept_w float8 := log(2.0, (thresholds.accept_probability / (1 - thresholds.accept_probability))::numeric)::float8;
    review_w float8 := log(2.0, (thresholds.review_probability / (1 - thresholds.review_probability))::numeric)::float8;
    n_labelled bigint;
    n bigint;
    level_bits float8[];
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
              -- the sample is drawn from the staged rows and their links
              -- found by key: a filter on the links' side would make the
              -- planner expect one row there and scan the staged rows for each
              FROM (SELECT * FROM al_stage s0
                    WHERE n_labelled < 100000
                       OR hashtext(s0.row_key) % greatest(n_labelled / 50000, 1)::int = 0) s
              JOIN aidlink.links l ON l.source_name = link_by_evidence.source_name AND l.row_key = s.row_key
              JOIN aidlink.persons p ON p.resident_id = l.resident_id
              WHERE l.run_id = run
                AND l.method IN ('exact', 'normalised', 'legacy') AND l.in_reference) r
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

    -- The partial weights of this run, once per level, in the order the C
    -- scorer reads them, and the term-frequency adjustment of an exact name,
    -- once per name count.
    SELECT array_agg(coalesce(log(2.0, (mw.m / mw.u)::numeric)::float8, 0) ORDER BY s.slot)
    INTO level_bits
    FROM aidlink.match_weight_slots() s
    LEFT JOIN aidlink.match_weights mw ON mw.field = s.field AND mw.level = s.level;
    PERFORM aidlink.link_drop_work_tables('{al_todo,al_near,al_scored,al_pairs,al_tf}');
    CREATE TEMP TABLE al_tf ON COMMIT DROP AS
    SELECT f.persons, greatest(least(log(2.0, (w.u * tot.n / f.persons)::numeric)::float8, 20), -20) AS bits
    FROM (SELECT DISTINCT persons FROM aidlink.name_frequencies) f
    CROSS JOIN (SELECT greatest(sum(persons), 1)::float8 AS n FROM aidlink.name_frequencies) tot
    JOIN aidlink.match_weights w ON w.field = 'name' AND w.level = 'exact';
    ANALYZE al_tf;

    -- The rows to match, with the evidence a wrong number still gives (its
    -- birth date and sex), and the persons one keying error away from it.
    CREATE TEMP TABLE al_todo ON COMMIT DROP AS
    SELECT s.row_key, s.typed, s.name, s.phone, s.address, l.reason,
           coalesce(s.birth_date, aidlink.resident_id_typed_birth_date(s.typed)) AS birth_date,
           coalesce(s.sex, aidlink.resident_id_typed_sex(s.typed)) AS sex,
           aidlink.name_fold(s.name) AS name_folded, aidlink.name_pinyin(s.name) AS name_sound,
           aidlink.name_fold(s.address) AS address_folded,
           coalesce(aidlink.resident_id_is_number_shaped(s.typed), false) AS shaped,
           true AS use_name, true AS use_sound, true AS use_birth
    FROM aidlink.links l JOIN al_stage s ON s.row_key = l.row_key
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
      AND l.reason IN ('pending_match', 'pending_repair', 'pending_outside');

    -- Rows with neither a number nor a name are left as they are.
    UPDATE aidlink.links l SET reason = 'no_evidence', detail = 'neither a usable number nor a name'
    FROM al_todo t
    WHERE l.source_name = link_by_evidence.source_name AND l.row_key = t.row_key
      AND t.reason IN ('pending_match', 'pending_repair') AND t.name IS NULL;
    DELETE FROM al_todo t WHERE t.reason IN ('pending_match', 'pending_repair') AND t.name IS NULL;

    -- Which wide blocks a row needs.  The narrow ones are always searched:
    -- the same phone, the same address (both also as seen with the person in
    -- rows their number linked), one keying error from the typed number, the
    -- same birth date with the same folded name or the same reading.  A wide
    -- block (the same folded name, or the same reading, at any birth date;
    -- everyone of the birth date and sex) is searched only when a person in
    -- it and in none of the blocks searched could still reach the review
    -- threshold: the best weight each other field can have outside those
    -- blocks, from this run's weights, plus the prior.  A common name's
    -- term-frequency adjustment keeps its block out, so what a row costs
    -- does not grow with the population.  The blocks are decided in turn
    -- (the name, the reading, the birth date), each assuming the ones after
    -- it are searched and knowing the ones before it; the person in no
    -- block at all is, as ever, not found.  A valid number that names
    -- nobody keeps only persons at most two keying errors from it: its
    -- birth date and sex blocks find them (a valid number with an error in
    -- its birth date is rare: the check character must still fit), so its
    -- wide name blocks are not searched.
    WITH b AS (
        SELECT s.field, s.level, coalesce(level_bits[s.slot], 0) AS w FROM aidlink.match_weight_slots() s),
    k AS (
        SELECT max(w) FILTER (WHERE field = 'id_number' AND level IN ('two_edits', 'different')) AS id_out,
               max(w) FILTER (WHERE field = 'name' AND level = 'exact') AS name_exact,
               max(w) FILTER (WHERE field = 'name' AND level = 'variant') AS name_variant,
               greatest(max(w) FILTER (WHERE field = 'name' AND level NOT IN ('exact', 'variant')), 0) AS name_other,
               max(w) FILTER (WHERE field = 'birth_date' AND level = 'exact') AS birth_exact,
               max(w) FILTER (WHERE field = 'birth_date' AND level <> 'exact') AS birth_out,
               max(w) FILTER (WHERE field = 'sex' AND level = 'exact') AS sex_exact,
               max(w) FILTER (WHERE field = 'sex' AND level = 'different') AS sex_different,
               greatest(max(w) FILTER (WHERE field = 'phone' AND level <> 'exact'), 0) AS phone_out,
               greatest(max(w) FILTER (WHERE field = 'address' AND level <> 'exact'), 0) AS address_out
        FROM b),
    r AS (
        SELECT t.row_key, t.birth_date IS NOT NULL AS has_birth,
               prior + CASE WHEN t.shaped THEN k.id_out ELSE 0 END
                     + CASE WHEN t.phone IS NULL THEN 0 ELSE k.phone_out END
                     + CASE WHEN t.address IS NULL THEN 0 ELSE k.address_out END AS outs,
               CASE WHEN t.sex IS NULL THEN 0 ELSE greatest(k.sex_exact, k.sex_different) END AS sex_any,
               CASE WHEN t.sex IS NULL THEN 0 ELSE k.sex_exact END AS sex_in,
               CASE WHEN t.sex IS NULL THEN NULL ELSE k.sex_different END AS sex_out,
               greatest(k.name_exact + coalesce(tf.bits, 0), k.name_variant) AS name_same,
               nf.persons IS NOT NULL AS name_known, k.*
        FROM al_todo t CROSS JOIN k
        LEFT JOIN aidlink.name_frequencies nf ON nf.name_folded = t.name_folded
        LEFT JOIN al_tf tf ON tf.persons = nf.persons),
    d1 AS (
        SELECT r.*,
               CASE WHEN has_birth THEN greatest(birth_out + sex_any, birth_exact + sex_out) ELSE sex_any END AS birth_sex_out
        FROM r),
    d2 AS (
        SELECT d1.*, name_known AND outs + birth_sex_out + name_same >= review_w AS use_name FROM d1),
    d3 AS (
        SELECT d2.*, outs + birth_sex_out
                     + greatest(name_other, CASE WHEN NOT use_name THEN name_same END) >= review_w AS use_sound
        FROM d2)
    UPDATE al_todo t SET
        use_name = d3.use_name AND t.name_folded IS NOT NULL AND t.reason <> 'pending_outside',
        use_sound = d3.use_sound AND t.name_sound IS NOT NULL AND t.reason <> 'pending_outside',
        use_birth = d3.has_birth
                    AND d3.outs + d3.birth_exact + d3.sex_in
                        + CASE WHEN t.name_folded IS NULL THEN 0 ELSE d3.name_other END >= review_w
    FROM d3 WHERE d3.row_key = t.row_key;
    ANALYZE al_todo;

    CREATE TEMP TABLE al_near ON COMMIT DROP AS
    SELECT DISTINCT t.row_key, p.resident_id
    FROM al_todo t CROSS JOIN LATERAL aidlink.resident_id_repair_candidates(t.typed) c
    JOIN aidlink.persons p ON p.resident_id = c.candidate
    WHERE t.reason IN ('pending_repair', 'pending_outside');
    ANALYZE al_near;

    -- Candidate pairs: the union of the row's blocks, each pair once, with
    -- whether the person was seen with the row's phone or address.  A typed
    -- number (wrong, or valid and naming nobody) gives a birth date: its
    -- wide name blocks stay within a year of it.
    CREATE TEMP TABLE al_pairs ON COMMIT DROP AS
    SELECT x.row_key, x.resident_id, bool_or(x.seen_phone) AS seen_phone,
           bool_or(x.seen_address) AS seen_address, bool_or(x.near) AS near
    FROM (
        SELECT t.row_key, p.resident_id, false AS seen_phone, false AS seen_address, false AS near
        FROM al_todo t JOIN aidlink.persons p ON p.birth_date = t.birth_date AND (t.sex IS NULL OR p.sex = t.sex)
        WHERE t.use_birth
          AND (t.reason <> 'pending_outside' OR aidlink.resident_id_typed_distance(t.typed, p.resident_id) <= 2)
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON p.name_folded = t.name_folded AND p.birth_date = t.birth_date
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON p.name_sound = t.name_sound AND p.birth_date = t.birth_date
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON p.name_folded = t.name_folded
        WHERE t.use_name
          AND (NOT t.shaped OR t.birth_date IS NULL
               OR p.birth_date BETWEEN t.birth_date - 366 AND t.birth_date + 366)
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON p.name_sound = t.name_sound
        WHERE t.use_sound
          AND (NOT t.shaped OR t.birth_date IS NULL
               OR p.birth_date BETWEEN t.birth_date - 366 AND t.birth_date + 366)
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON p.phone = t.phone
        UNION ALL
        SELECT t.row_key, c.resident_id, true, false, false
        FROM al_todo t JOIN aidlink.person_contacts c ON c.kind = 'phone' AND c.value = t.phone
        UNION ALL
        SELECT t.row_key, p.resident_id, false, false, false
        FROM al_todo t JOIN aidlink.persons p ON aidlink.name_fold(p.address) = t.address_folded
        UNION ALL
        SELECT t.row_key, c.resident_id, false, true, false
        FROM al_todo t JOIN aidlink.person_contacts c ON c.kind = 'address' AND c.value = t.address_folded
        UNION ALL
        SELECT n.row_key, n.resident_id, false, false, true FROM al_near n) x
    GROUP BY x.row_key, x.resident_id;

    -- Each pair weighed (C, aidlink.evidence_pair_weight): only pairs that
    -- reach the review threshold are kept, and the bound stops a pair's
    -- comparisons as soon as it cannot.  A valid number that names nobody in
    -- the reference is itself strong evidence: such a row keeps only persons
    -- at most two keying errors away from it, never namesakes.
    CREATE TEMP TABLE al_scored ON COMMIT DROP AS
    SELECT pr.row_key, pr.resident_id, sc.weight
    FROM al_pairs pr JOIN al_todo t ON t.row_key = pr.row_key
    JOIN aidlink.persons p ON p.resident_id = pr.resident_id
    LEFT JOIN aidlink.name_frequencies nf ON nf.name_folded = p.name_folded
    LEFT JOIN al_tf tf ON tf.persons = nf.persons
    CROSS JOIN LATERAL (SELECT aidlink.evidence_pair_weight(
        level_bits, prior, review_w, t.reason = 'pending_outside', pr.near, t.typed, p.resident_id,
        t.name, p.name, tf.bits, t.birth_date, p.birth_date, t.sex, p.sex,
        t.phone, CASE WHEN pr.seen_phone THEN t.phone ELSE p.phone END,
        t.address, CASE WHEN pr.seen_address THEN t.address ELSE p.address END) AS weight) sc
    WHERE aidlink.link_progress(format('link %s (run %s): comparing pairs', link_by_evidence.source_name, run), 0)
      AND sc.weight IS NOT NULL;
    RAISE NOTICE 'link %: run %, probabilistic: % rows, wide blocks searched for % (name), % (reading), % (birth date); % pairs, % reach review',
        link_by_evidence.source_name, run, (SELECT count(*) FROM al_todo),
        (SELECT count(*) FROM al_todo WHERE use_name), (SELECT count(*) FROM al_todo WHERE use_sound),
        (SELECT count(*) FROM al_todo WHERE use_birth), (SELECT count(*) FROM al_pairs), (SELECT count(*) FROM al_scored);

    -- The best candidate of each row, and how far ahead of the next it is.
    WITH best AS (
        SELECT sc.row_key,
               (array_agg(sc.resident_id ORDER BY sc.weight DESC, sc.resident_id))[1] AS resident_id,
               max(sc.weight) AS weight,
               (array_agg(sc.weight ORDER BY sc.weight DESC, sc.resident_id))[2] AS next_weight,
               array_agg(sc.resident_id ORDER BY sc.weight DESC, sc.resident_id)
                   FILTER (WHERE sc.weight >= review_w) AS candidates
        FROM al_scored sc
        GROUP BY sc.row_key
        HAVING max(sc.weight) >= review_w)
    UPDATE aidlink.links l SET
        resident_id = CASE WHEN accepted THEN b.resident_id END,
        method = 'probabilistic',
        status = CASE WHEN accepted THEN 'accepted' ELSE 'review' END,
        reason = CASE WHEN accepted THEN NULL ELSE 'probable_match' END,
        detail = concat_ws('; ',
                    CASE WHEN l.reason = 'pending_outside'
                         THEN format('the typed number %s names nobody in the reference', l.candidates[1]) END,
                    CASE WHEN accepted THEN NULL
                         WHEN b.weight >= accept_w THEN format('%s candidates reach the review threshold', array_length(b.candidates, 1))
                         ELSE 'the best candidate is below the acceptance threshold' END),
        in_reference = accepted,
        match_weight = b.weight,
        match_probability = 1 / (1 + power(2::float8, -b.weight)),
        candidates = CASE WHEN accepted THEN NULL ELSE b.candidates END
    FROM best b
    CROSS JOIN LATERAL (SELECT b.weight >= accept_w
                               AND (b.next_weight IS NULL OR b.next_weight < review_w) AS accepted) a
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run AND l.row_key = b.row_key
      AND l.reason IN ('pending_match', 'pending_repair', 'pending_outside');
    GET DIAGNOSTICS n = ROW_COUNT;

    -- The rest stay unresolved, with the reason (valid numbers outside the
    -- reference are the caller's).
    UPDATE aidlink.links l SET
        reason = CASE l.reason WHEN 'pending_match' THEN 'no_number' ELSE 'invalid_number' END,
        detail = CASE WHEN l.reason = 'pending_repair' AND l.problem IS NOT NULL
                      THEN format('the number is wrong (%s) and no person matches the evidence well enough', l.problem)
                      ELSE 'no person matches the evidence well enough' END,
        candidates = NULL
    WHERE l.source_name = link_by_evidence.source_name AND l.run_id = run
      AND l.reason IN ('pending_match', 'pending_repair');
    PERFORM aidlink.link_drop_work_tables('{al_pairs,al_tf}');
    RETURN n;
END
$fn$;
COMMENT ON FUNCTION aidlink.link_by_evidence(text, bigint, aidlink.link_thresholds) IS
  'The probabilistic step of a run (called by aidlink.link_source): counts m from the rows the number linked, estimates the weights, then compares each row without a usable number with the reference persons in its blocks (same birth date and sex; same folded name, or same reading, within a year; same phone; one keying error from the typed number), with the birth date and sex a wrong number still states when the row has none, and accepts the best candidate when its probability reaches the acceptance threshold and no other candidate reaches review; otherwise review or unresolved';
