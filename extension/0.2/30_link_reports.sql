
-----------------------------------------------------------------------------
-- Record linkage: what a DBA shows each department, what a caseworker
-- reviews, and households
-----------------------------------------------------------------------------

CREATE FUNCTION aidlink.link_report(run bigint,
    OUT source_name text, OUT section text, OUT item text, OUT rows bigint, OUT share numeric)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
    WITH r AS (SELECT * FROM aidlink.link_runs u WHERE u.run_id = run),
    l AS (SELECT l.method, l.status, l.in_reference, l.reason, l.problem   -- no identifying column: report writers may run it
          FROM aidlink.links l JOIN r ON l.source_name = r.source_name),
    tot AS (SELECT count(*) AS n FROM l),
    items AS (
        SELECT 1 AS ord, 'rows' AS section, x.item, x.rows, x.o AS sub
        FROM r CROSS JOIN LATERAL (VALUES
            (1, 'read', r.rows_read), (2, 'linked by this run', r.rows_linked),
            (3, 'unchanged since the last run', r.rows_unchanged),
            (4, 'links new', r.links_new), (5, 'links changed', r.links_changed),
            (6, 'links removed', r.links_removed)) x(o, item, rows)
        UNION ALL
        SELECT 2, 'method', l.method, count(*), array_position(
                 ARRAY['exact', 'normalised', 'legacy', 'repaired', 'probabilistic', 'unresolved'], l.method)
        FROM l GROUP BY l.method
        UNION ALL
        SELECT 3, 'status', l.status, count(*), array_position(ARRAY['accepted', 'review', 'unresolved'], l.status)
        FROM l GROUP BY l.status
        UNION ALL
        SELECT 4, 'in reference', CASE WHEN l.in_reference THEN 'in the reference' ELSE 'outside the reference' END,
               count(*), NULL FROM l WHERE l.status = 'accepted' GROUP BY l.in_reference
        UNION ALL
        SELECT 5, 'review reason', l.reason, count(*), NULL FROM l WHERE l.status = 'review' GROUP BY l.reason
        UNION ALL
        SELECT 6, 'unresolved reason', l.reason, count(*), NULL FROM l WHERE l.status = 'unresolved' GROUP BY l.reason
        UNION ALL
        SELECT 7, 'problem', t.problem, t.n, NULL FROM (
            SELECT l.problem, count(*) AS n FROM l WHERE l.problem IS NOT NULL
            GROUP BY l.problem ORDER BY count(*) DESC, l.problem LIMIT 10) t)
    SELECT r.source_name, i.section, i.item, i.rows,
           CASE WHEN i.section <> 'rows' AND tot.n > 0 THEN round(100.0 * i.rows / tot.n, 2) END
    FROM items i CROSS JOIN r CROSS JOIN tot
    ORDER BY i.ord, i.sub, i.rows DESC, i.item
$fn$;
COMMENT ON FUNCTION aidlink.link_report(bigint) IS
  'The quality report of one run, for the department whose source it linked: rows read, (re)linked and unchanged, links new, changed and removed; then, over all the source''s links, counts and shares (%) by method, by status, in or outside the reference, by review reason, by unresolved reason, and the ten commonest problems of the typed numbers';

CREATE FUNCTION aidlink.link_report(
    OUT source_name text, OUT section text, OUT item text, OUT rows bigint, OUT share numeric)
RETURNS SETOF record
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
    SELECT rep.*
    FROM (SELECT DISTINCT ON (u.source_name) u.source_name, u.run_id
          FROM aidlink.link_runs u JOIN aidlink.link_sources s USING (source_name)
          WHERE u.finished_at IS NOT NULL
          ORDER BY u.source_name, u.run_id DESC) last
    CROSS JOIN LATERAL aidlink.link_report(last.run_id) rep
$fn$;
COMMENT ON FUNCTION aidlink.link_report() IS
  'The quality report (see aidlink.link_report(bigint)) of the last run of every registered source';

CREATE VIEW aidlink.links_to_review AS
SELECT l.source_name, l.row_key, l.reason, l.detail, l.problem, l.method,
       round(l.match_probability::numeric, 6) AS match_probability,
       (SELECT array_agg(format('%s %s %s %s', p.resident_id, coalesce(p.name, '-'),
                                coalesce(p.birth_date::text, '-'), coalesce(p.sex, '-'))
                         ORDER BY c.ord)
        FROM unnest(coalesce(l.candidates, ARRAY[l.resident_id])) WITH ORDINALITY c(rid, ord)
        JOIN aidlink.persons p ON p.resident_id = c.rid) AS candidates,
       l.run_id
FROM aidlink.links l
WHERE l.status = 'review';
COMMENT ON VIEW aidlink.links_to_review IS
  'Links a person must decide, with why (name_disagrees: the number names someone whose name is different; ambiguous_repair: several repaired numbers fit; probable_match: the evidence points to a person but not surely enough) and every candidate person (number, name, birth date, sex); aidlink.explain_link() shows the weights';
COMMENT ON COLUMN aidlink.links_to_review.source_name IS 'The source';
COMMENT ON COLUMN aidlink.links_to_review.row_key IS 'The row''s key in its source';
COMMENT ON COLUMN aidlink.links_to_review.reason IS 'name_disagrees, ambiguous_repair or probable_match';
COMMENT ON COLUMN aidlink.links_to_review.detail IS 'The reason in words';
COMMENT ON COLUMN aidlink.links_to_review.problem IS 'What is wrong with the typed number, if anything';
COMMENT ON COLUMN aidlink.links_to_review.method IS 'The method that proposed the link';
COMMENT ON COLUMN aidlink.links_to_review.match_probability IS 'Match probability of the best candidate (probabilistic method)';
COMMENT ON COLUMN aidlink.links_to_review.candidates IS 'Every candidate person: number, name, birth date, sex';
COMMENT ON COLUMN aidlink.links_to_review.run_id IS 'The run that wrote the link';

-- The evidence a source's row carries, read with the caller's rights (the
-- source's own privileges and row-level security apply): all NULL when the
-- caller cannot see the row.
CREATE FUNCTION aidlink.source_row_evidence(src aidlink.link_sources, row_key text,
    OUT typed text, OUT name text, OUT birth_date date, OUT sex text, OUT phone text, OUT address text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
DECLARE
    ex   jsonb := '{}';
    key_type text;
    c    record;
BEGIN
    FOR c IN SELECT * FROM aidlink.source_columns(src) LOOP
        ex := ex || jsonb_build_object(c.role, c.read_as);
        IF c.role = 'row_key' THEN key_type := c.column_type; END IF;
    END LOOP;
    EXECUTE format('SELECT %s AS typed, %s AS name, %s AS birth_date, %s AS sex, %s AS phone, %s AS address
                    FROM %s WHERE %I = $1::%s',
                   coalesce(ex->>'id', 'NULL::text'), coalesce(ex->>'name', 'NULL::text'),
                   coalesce(ex->>'birth_date', 'NULL::date'), coalesce(ex->>'sex', 'NULL::text'),
                   coalesce(ex->>'phone', 'NULL::text'), coalesce(ex->>'address', 'NULL::text'),
                   src.relation, src.row_key_column, key_type)
        INTO typed, name, birth_date, sex, phone, address USING row_key;
END
$fn$;
COMMENT ON FUNCTION aidlink.source_row_evidence(aidlink.link_sources, text) IS
  'The number, name, birth date, sex, phone and address a registered source''s row carries (as the linkage reads them), read with the caller''s rights: all NULL when there is no such row or the caller may not see it. aidlink.explain_link() reads its row with it';

CREATE FUNCTION aidlink.explain_link(source_name text, row_key text, candidate aidlink.resident_id DEFAULT NULL,
    OUT step integer, OUT field text, OUT row_value text, OUT person_value text, OUT level text,
    OUT m float8, OUT u float8, OUT partial_weight float8, OUT tf_adjustment float8,
    OUT total_weight float8, OUT match_probability float8)
RETURNS SETOF record
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, aidlink, pg_temp
AS $fn$
#variable_conflict use_variable
DECLARE
    src  aidlink.link_sources;
    lnk  aidlink.links;
    p    aidlink.persons;
    ev   record;
    thr  aidlink.link_thresholds;
    t    record;
    total float8;
BEGIN
    IF NOT has_column_privilege('aidlink.links', 'row_key', 'SELECT')
       OR NOT has_column_privilege('aidlink.persons', 'name', 'SELECT') THEN
        -- a report writer: the same explanation, masked (aidlink.explain_link_masked,
        -- 82_roles.sql), given the row as the caller reads it (its own rights)
        RETURN QUERY SELECT * FROM aidlink.explain_link_masked(source_name, row_key, candidate,
                                                                aidlink.source_row_digest(source_name, row_key));
        RETURN;
    END IF;
    SELECT * INTO src FROM aidlink.link_sources s WHERE s.source_name = explain_link.source_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source "%" is not registered', source_name USING ERRCODE = 'undefined_object';
    END IF;
    SELECT * INTO lnk FROM aidlink.links l
    WHERE l.source_name = explain_link.source_name AND l.row_key = explain_link.row_key;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'source "%" has no link for row key %', source_name, quote_literal(row_key)
            USING ERRCODE = 'no_data_found', HINT = 'Run aidlink.link_source() first, or check the key.';
    END IF;
    SELECT * INTO ev FROM aidlink.source_row_evidence(src, row_key);

    SELECT * INTO p FROM aidlink.persons x
    WHERE x.resident_id = coalesce(candidate, lnk.resident_id, lnk.candidates[1]);

    -- The number.
    step := 1; field := 'number'; row_value := ev.typed; person_value := p.resident_id::text;
    level := CASE WHEN lnk.method IN ('exact', 'normalised', 'legacy', 'repaired') THEN lnk.method
                  ELSE coalesce(aidlink.resident_id_problem(coalesce(ev.typed, '')), 'not used') END;
    m := NULL; u := NULL; partial_weight := NULL; tf_adjustment := NULL;
    total_weight := NULL; match_probability := CASE WHEN lnk.method <> 'probabilistic' THEN lnk.match_probability END;
    IF lnk.detail IS NOT NULL AND lnk.method = 'repaired' THEN
        level := level || ': ' || lnk.detail;
    END IF;
    RETURN NEXT;
    IF p.resident_id IS NULL THEN
        RETURN;
    END IF;

    -- The evidence, field by field, as the probabilistic method weighs it.
    SELECT * INTO thr FROM aidlink.link_thresholds x
    WHERE x.effective_from <= current_date ORDER BY x.effective_from DESC LIMIT 1;
    total := aidlink.link_prior_weight(thr);
    step := 2; field := 'prior'; row_value := NULL; person_value := NULL; level := NULL;
    m := NULL; u := NULL; partial_weight := total; tf_adjustment := 0; total_weight := total;
    match_probability := 1 / (1 + power(2::float8, -total));
    RETURN NEXT;
    FOR t IN SELECT w.*
             FROM aidlink.person_known_contacts(p.resident_id, ev.phone, ev.address) k
             CROSS JOIN LATERAL aidlink.match_weight_terms(
                 ev.typed, p.resident_id, ev.name, p.name,
                 coalesce(ev.birth_date, aidlink.resident_id_typed_birth_date(ev.typed)), p.birth_date,
                 coalesce(ev.sex, aidlink.resident_id_typed_sex(ev.typed)), p.sex,
                 ev.phone, k.phone, ev.address, k.address) w LOOP
        step := step + 1;
        field := t.field; row_value := t.value_a; person_value := t.value_b; level := t.level;
        m := t.m; u := t.u; partial_weight := t.partial_weight; tf_adjustment := t.tf_adjustment;
        total := total + t.partial_weight + t.tf_adjustment;
        total_weight := total;
        match_probability := 1 / (1 + power(2::float8, -total));
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION aidlink.explain_link(text, text, aidlink.resident_id) IS
  'Why a row is linked as it is: the typed number and what the method made of it, then the Fellegi-Sunter waterfall against the linked person (or the first candidate, or the candidate given): the prior, and per field the two values, the comparison level, m, u, the partial weight log2(m/u), the term-frequency adjustment, the running total weight and match probability';

CREATE FUNCTION aidlink.person_household(person aidlink.resident_id) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN (SELECT p.household_no FROM aidlink.persons p WHERE p.resident_id = person);
COMMENT ON FUNCTION aidlink.person_household(aidlink.resident_id) IS
  'The household number of a person in the reference population (NULL when the person is not in it)';

CREATE VIEW aidlink.households AS
SELECT p.household_no, count(*) AS members,
       array_agg(p.resident_id ORDER BY p.birth_date, p.resident_id) AS member_ids
FROM aidlink.persons p
WHERE p.household_no IS NOT NULL
GROUP BY p.household_no;
COMMENT ON VIEW aidlink.households IS
  'Households of the reference population: the household number, how many members, and their numbers, eldest first';
COMMENT ON COLUMN aidlink.households.household_no IS 'Household number in the reference';
COMMENT ON COLUMN aidlink.households.members IS 'Members in the reference';
COMMENT ON COLUMN aidlink.households.member_ids IS 'Their numbers, eldest first';
