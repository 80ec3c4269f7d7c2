-- 05_city.sql — the synthetic city of demo/city/generate.sql and its truth.
--
-- Generates 2,000-person cities and checks: the same seed and size give
-- byte-identical tables (also with parallel query forced), another seed does
-- not; every departmental row has exactly one truth row; the reference
-- numbers are valid, unique and agree with sex and birth date; every dirt
-- kind is what it claims to be (a legacy15 number is the 15-digit form of the
-- truth, a wrong_digit differs in exactly one place and is invalid, a
-- valid_but_wrong is valid and is not the truth, a homophone differs in one
-- character of the same group ...); the measured dirt rates are those stated
-- in city_truth.dirt_rates, within binomial tolerance; the dead do not appear
-- after their death.  Everything is rolled back.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
\ir ../../demo/city/generate.sql
SET client_min_messages = warning;
SET search_path = public, aidlink;
SELECT plan(53);

-- md5 of every table of city and city_truth, each ordered by all its columns (by name)
CREATE FUNCTION pg_temp.city_md5() RETURNS TABLE (tab text, md5 text) LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS rel, n.nspname || '.' || c.relname AS name,
                    (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('city', 'city_truth') AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 2 LOOP
        tab := r.name;
        EXECUTE format('SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY %s), '''')) FROM (SELECT * FROM %s) t',
                       r.cols, r.rel)
            INTO md5;
        RETURN NEXT;
    END LOOP;
END $$;

---------------------------------------------------------------- determinism
CREATE TEMP TABLE gen_other AS SELECT * FROM city_gen.generate(8, 2000);
CREATE TEMP TABLE md5_other AS SELECT * FROM pg_temp.city_md5();
SELECT is((SELECT count(*)::int FROM city_gen.generate(7, 2000)), 14, 'generate(7, 2000) reports the register, 11 departmental tables, the truth and the persons');
CREATE TEMP TABLE md5_a AS SELECT * FROM pg_temp.city_md5();
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 4;
CREATE TEMP TABLE gen_b AS SELECT * FROM city_gen.generate(7, 2000);
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
CREATE TEMP TABLE md5_b AS SELECT * FROM pg_temp.city_md5();
SELECT is((SELECT count(*)::int FROM md5_a), 18, 'md5 of 18 tables (12 in city, 6 in city_truth)');
SELECT is((SELECT array_agg(a.tab ORDER BY a.tab) FROM md5_a a JOIN md5_b b USING (tab) WHERE a.md5 <> b.md5),
          NULL, 'same seed and size, parallel query forced the second time: every table byte-identical');
SELECT is((SELECT array_agg(a.tab ORDER BY a.tab) FROM md5_a a JOIN md5_other o USING (tab) WHERE a.md5 = o.md5),
          '{city_truth.dirt_rates,city_truth.sources}', 'another seed: every table differs but the stated rates and the catalogue');

---------------------------------------------------------------- one view of every row
-- the typed values of every departmental row, from the catalogue
CREATE TEMP TABLE typed (source text, row_key text, id_txt text, name_txt text, birth_txt text,
                         birth_fmt text, sex_txt text, addr_txt text, hh_txt text, ev date);
DO $$
DECLARE s record;
BEGIN
    FOR s IN SELECT * FROM city_truth.sources WHERE NOT is_reference LOOP
        EXECUTE format('INSERT INTO typed SELECT %L, %I::text, %I::text, %s, %s, %L, %s, %s, %s, %s FROM %s',
            s.source, s.row_key_column, s.id_column,
            coalesce(quote_ident(s.name_column), 'NULL'),
            coalesce(quote_ident(s.birth_date_column) || '::text', 'NULL'), s.birth_date_format,
            coalesce(quote_ident(s.sex_column), 'NULL'),
            coalesce(quote_ident(s.address_column), 'NULL'),
            coalesce(quote_ident(s.household_column), 'NULL'),
            coalesce(quote_ident(s.event_date_column) || '::date', 'NULL'),
            s.relation);
    END LOOP;
END $$;
CREATE TEMP TABLE r AS
SELECT t.*, x.person_no, x.dirt_kinds AS k, x.linkable, p.resident_id::text AS rid, p.name, p.birth_date, p.sex,
       p.death_date, p.prev_household_no,
       upper(regexp_replace(translate(t.id_txt, '０１２３４５６７８９Ｘｘ', '0123456789Xx'), '[^0-9Xx]', '', 'g')) AS norm,
       CASE t.birth_fmt WHEN 'date' THEN t.birth_txt::date
                        WHEN 'YYYYMMDD' THEN to_date(t.birth_txt, 'YYYYMMDD')
                        WHEN 'YYYY-MM-DD' THEN to_date(t.birth_txt, 'YYYY-MM-DD')
                        WHEN 'YYYY年M月D日' THEN to_date(t.birth_txt, 'YYYY"年"MM"月"DD"日"') END AS bd
FROM typed t
LEFT JOIN city_truth.row_truth x ON x.source = t.source AND x.row_key = t.row_key
LEFT JOIN city_truth.person p ON p.person_no = x.person_no;

---------------------------------------------------------------- truth rows
SELECT is((SELECT count(*)::int FROM r WHERE person_no IS NULL), 0, 'every departmental row has a truth row');
SELECT is((SELECT count(*)::int FROM city_truth.row_truth x WHERE x.source <> 'household_register'
           AND NOT EXISTS (SELECT 1 FROM typed t WHERE t.source = x.source AND t.row_key = x.row_key)),
          0, 'every truth row has its departmental row');
SELECT is((SELECT count(*)::int FROM city_truth.row_truth WHERE source = 'household_register'),
          (SELECT count(*)::int FROM city.household_register), 'every register row has a truth row');
SELECT is((SELECT count(*)::int FROM typed), (SELECT count(*)::int FROM city_truth.row_truth WHERE source <> 'household_register'),
          'as many truth rows as departmental rows');
SELECT is((SELECT array_agg(source ORDER BY source) FROM city_truth.sources),
          (SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'city' AND c.relkind = 'r'),
          'the catalogue describes every table of schema city');
SELECT ok((SELECT count(*) FROM typed)::numeric / 2000 BETWEEN 3.9 AND 4.9,
          'about 4.4 departmental rows per person (' || round((SELECT count(*) FROM typed)::numeric / 2000, 2) || ')');
SELECT ok((SELECT count(*) FILTER (WHERE NOT linkable)::numeric / count(*) FROM r) < .002
          AND (SELECT bool_and(linkable = NOT ('missing' = ANY (k) AND 'name_missing' = ANY (k))) FROM r),
          'rows with neither a number nor a name are rare, and exactly those are flagged unlinkable');

---------------------------------------------------------------- the people and the register
SELECT is((SELECT count(*)::int FROM city_truth.person), 2000, '2,000 people');
SELECT is((SELECT count(*)::int FROM city_truth.person WHERE aidlink.resident_id_sex(resident_id) <> sex), 0,
          'every number''s 17th digit agrees with the sex');
SELECT is((SELECT count(*)::int FROM city_truth.person WHERE aidlink.resident_id_birth_date(resident_id) <> birth_date), 0,
          'every number carries the birth date');
SELECT is((SELECT count(DISTINCT resident_id)::int FROM city_truth.person), 2000, 'numbers are unique');
SELECT is((SELECT count(*)::int FROM city_truth.person
           WHERE aidlink.resident_id_legacy15(resident_id) IS NULL AND birth_date < '2000-01-01'), 0,
          'everybody born in the 1900s has a 15-digit legacy form');
SELECT ok((SELECT min(birth_date) >= '1920-01-01' AND max(birth_date) <= '2025-06-30' FROM city_truth.person),
          'birth dates 1920-2025');
SELECT is((SELECT count(*)::int FROM city.household_register r
           WHERE aidlink.to_resident_id(r.gmsfhm::text) IS DISTINCT FROM r.gmsfhm OR r.gmsfhm::text !~ '^\d{17}[\dX]$'), 0,
          'register: every number a valid canonical 18-character number');
SELECT is((SELECT count(*)::int - count(DISTINCT gmsfhm)::int FROM city.household_register), 0, 'register: numbers unique');
SELECT is((SELECT count(*)::int FROM city.household_register r JOIN city_truth.person p ON p.resident_id OPERATOR(aidlink.=) r.gmsfhm
           WHERE r.xm <> p.name OR r.csrq <> p.birth_date OR r.xb <> CASE p.sex WHEN 'M' THEN '男' ELSE '女' END), 0,
          'register: name, birth date and sex as in the truth');
SELECT ok((SELECT count(*) FILTER (WHERE NOT in_register)::numeric / count(*) FROM city_truth.person) BETWEEN .02 AND .10,
          'a few percent of people are not in the register');
SELECT ok((SELECT count(DISTINCT source) FROM r WHERE NOT EXISTS (
               SELECT 1 FROM city_truth.person p WHERE p.person_no = r.person_no AND p.in_register)) >= 5,
          'people missing from the register appear in departmental tables');
SELECT ok((SELECT bool_and(size BETWEEN 1 AND 6) FROM city_truth.household)
          AND (SELECT count(*) FROM city_truth.household) BETWEEN 600 AND 1000, 'households of 1-6 people');
SELECT ok((SELECT count(*) FROM city_truth.person t JOIN city_truth.person e ON e.person_no = t.twin_of
           WHERE t.household_no = e.household_no AND t.birth_date = e.birth_date) = (SELECT count(*) FROM city_truth.person WHERE twin_of IS NOT NULL)
          AND (SELECT count(*) FROM city_truth.person WHERE twin_of IS NOT NULL) > 0,
          'twins: same household and birth date');
SELECT ok((SELECT count(*) FROM city_truth.person d JOIN city_truth.person o ON o.person_no = d.doppelganger_of
           WHERE d.name = o.name AND d.birth_date = o.birth_date AND d.sex = o.sex AND d.household_no <> o.household_no
             AND d.resident_id OPERATOR(aidlink.<>) o.resident_id) = (SELECT count(*) FROM city_truth.person WHERE doppelganger_of IS NOT NULL),
          'doppelgangers: same name, sex and birth date, another household and number');
SELECT ok((SELECT count(*) FROM (SELECT name, birth_date FROM city_truth.person GROUP BY 1, 2 HAVING count(DISTINCT household_no) > 1) z) > 0,
          'some people share name and birth date across households');
SELECT ok((SELECT max(c) FROM (SELECT count(*) c FROM city_truth.person GROUP BY name) z) >= 4,
          'common names repeat');
SELECT ok((SELECT count(*) FROM city_gen.surname WHERE char_length(surname) = 2) >= 5
          AND (SELECT count(*) FROM city_gen.surname) >= 100
          AND (SELECT count(*) FROM city_gen.homophone_group) >= 150,
          'lists: over 100 surnames (compound ones among them), over 150 homophone groups');

---------------------------------------------------------------- every dirt kind is what it says
SELECT is((SELECT count(*)::int FROM r WHERE NOT k && '{missing,legacy15,wrong_digit,swap,valid_but_wrong,lower_x,full_width,separators,apostrophe}'
           AND id_txt IS DISTINCT FROM rid), 0, 'numbers without dirt are the truth, character for character');
SELECT is((SELECT count(*)::int FROM r WHERE NOT k && '{missing,legacy15,wrong_digit,swap,valid_but_wrong}'
           AND aidlink.to_resident_id(id_txt)::text IS DISTINCT FROM rid), 0,
          'numbers with only format dirt (lower_x, full_width, separators, apostrophe) parse to the truth');
SELECT is((SELECT count(*)::int FROM r WHERE 'lower_x' = ANY (k) AND id_txt !~ '[xｘ]'), 0, 'lower_x rows have a lower-case x');
SELECT is((SELECT count(*)::int FROM r WHERE 'full_width' = ANY (k) AND id_txt !~ '[０-９]'), 0, 'full_width rows have full-width digits');
SELECT is((SELECT count(*)::int FROM r WHERE 'separators' = ANY (k) AND id_txt !~ '[ 　-]'), 0, 'separators rows have spaces or hyphens');
SELECT is((SELECT count(*)::int FROM r WHERE 'legacy15' = ANY (k)
           AND (char_length(norm) <> 15 OR aidlink.to_resident_id(id_txt)::text IS DISTINCT FROM rid)), 0,
          'legacy15 rows: 15 digits, and to_resident_id gives the truth');
SELECT is((SELECT count(*)::int FROM r WHERE 'wrong_digit' = ANY (k)
           AND (char_length(norm) <> 18 OR aidlink.to_resident_id(id_txt) IS NOT NULL
                OR (SELECT count(*) FROM generate_series(1, 18) i WHERE substr(norm, i, 1) <> substr(rid, i, 1)) <> 1)), 0,
          'wrong_digit rows: exactly one character differs from the truth, and the number is invalid');
SELECT is((SELECT count(*)::int FROM r WHERE 'swap' = ANY (k)
           AND (char_length(norm) <> 18 OR aidlink.to_resident_id(id_txt) IS NOT NULL
                OR NOT EXISTS (SELECT 1 FROM generate_series(1, 17) i
                               WHERE substr(norm, i, 1) <> substr(norm, i + 1, 1)
                                 AND overlay(norm PLACING substr(norm, i + 1, 1) || substr(norm, i, 1) FROM i FOR 2) = rid))), 0,
          'swap rows: two adjacent characters of the truth swapped, and the number is invalid');
SELECT is((SELECT count(*)::int FROM r WHERE 'valid_but_wrong' = ANY (k)
           AND (aidlink.to_resident_id(id_txt) IS NULL OR aidlink.to_resident_id(id_txt)::text = rid
                OR (SELECT count(*) FROM generate_series(1, 17) i WHERE substr(norm, i, 1) <> substr(rid, i, 1)) <> 1)), 0,
          'valid_but_wrong rows: a valid number, one digit off the truth (check character recomputed)');
SELECT is((SELECT count(*)::int FROM r WHERE 'valid_but_wrong' = ANY (k)
           AND ('other_person' = ANY (k)) IS DISTINCT FROM EXISTS (
               SELECT 1 FROM city_truth.person o WHERE o.resident_id OPERATOR(aidlink.=) aidlink.to_resident_id(r.id_txt))), 0,
          'other_person marks exactly the valid_but_wrong numbers that belong to somebody else');
SELECT is((SELECT count(*)::int FROM r WHERE 'missing' = ANY (k) AND (aidlink.to_resident_id(id_txt) IS NOT NULL OR norm ~ '\d')), 0,
          'missing rows have no number');
SELECT is((SELECT count(*)::int FROM r WHERE 'homophone' = ANY (k) AND NOT 'name_dot' = ANY (k)
           AND NOT (char_length(name_txt) = char_length(name)
                    AND (SELECT count(*) FROM generate_series(1, char_length(name)) i
                         WHERE substr(name, i, 1) <> substr(name_txt, i, 1)) = 1
                    AND EXISTS (SELECT 1 FROM generate_series(1, char_length(name)) i
                                JOIN city_gen.homophone a ON a.ch = substr(name, i, 1)
                                JOIN city_gen.homophone b ON b.ch = substr(name_txt, i, 1)
                                WHERE a.ch <> b.ch AND a.grp = b.grp))), 0,
          'homophone rows: one character replaced by another of its homophone group');
SELECT is((SELECT count(*)::int FROM r WHERE 'name_dot' = ANY (k) AND NOT 'homophone' = ANY (k) AND NOT 'variant' = ANY (k)
           AND (name_txt LIKE '%·%' OR translate(name_txt, '.•・．-', '') <> translate(name, '·', ''))), 0,
          'name_dot rows: the minority name with its dot written otherwise or left out');
SELECT is((SELECT count(*)::int FROM r WHERE 'variant' = ANY (k) AND NOT 'name_dot' = ANY (k)
           AND (name_txt = name OR city_gen.to_simplified(name_txt) <> name)), 0,
          'variant rows: traditional forms of the true name''s characters');
SELECT is((SELECT count(*)::int FROM r WHERE 'name_space' = ANY (k) AND (name_txt = name OR translate(name_txt, ' 　', '') <> name)), 0,
          'name_space rows: the name with spaces inside');
SELECT is((SELECT count(*)::int FROM r WHERE 'name_missing' = ANY (k) AND coalesce(name_txt, '') <> ''), 0, 'name_missing rows have no name');
SELECT is((SELECT count(*)::int FROM r WHERE name_txt IS NOT NULL AND NOT k && '{homophone,variant,name_space,name_missing,name_dot}'
           AND name_txt <> name), 0, 'names without dirt are the truth');
SELECT is((SELECT count(*)::int FROM r WHERE birth_fmt IS NOT NULL AND (
               ('birth_missing' = ANY (k) AND birth_txt IS NOT NULL)
            OR ('birth_typo' = ANY (k) AND (bd IS NULL OR bd = birth_date))
            OR (NOT k && '{birth_missing,birth_typo}' AND bd IS DISTINCT FROM birth_date))), 0,
          'birth dates: the truth unless birth_missing (none) or birth_typo (another date)');
SELECT is((SELECT count(*)::int FROM r WHERE sex_txt IS NOT NULL AND CASE WHEN sex_txt IN ('男', '1', 'M') THEN 'M' WHEN sex_txt IN ('女', '2', 'F') THEN 'F' END IS DISTINCT FROM sex), 0,
          'sex as in the truth');
SELECT is((SELECT count(*)::int FROM r JOIN city_truth.person p USING (person_no)
           JOIN city_truth.household h ON h.household_no = CASE WHEN 'moved' = ANY (r.k) THEN p.prev_household_no ELSE p.household_no END
           WHERE r.addr_txt IS NOT NULL AND position(h.street IN r.addr_txt) = 0), 0,
          'addresses: the household''s, or the previous household''s on moved rows');
SELECT is((SELECT count(*)::int FROM r WHERE death_date IS NOT NULL AND ev > death_date), 0,
          'nobody appears in a record dated after their death');
SELECT is((SELECT count(*)::int FROM r WHERE source = 'ga_deaths' AND ev IS DISTINCT FROM death_date), 0,
          'deaths: only the dead, on their death date');

---------------------------------------------------------------- dirt rates
-- measured share of each kind over the rows it applies to, against the
-- stated rate: within four binomial standard deviations (plus one row)
CREATE TEMP TABLE measured AS
SELECT d.source, d.dirt_kind, d.rate, count(*) AS n,
       count(*) FILTER (WHERE d.dirt_kind = ANY (r.k)) AS hits
FROM city_truth.dirt_rates d JOIN r ON r.source = d.source
WHERE CASE d.dirt_kind
        WHEN 'legacy15' THEN r.birth_date < '2000-01-01'
        WHEN 'lower_x' THEN NOT 'missing' = ANY (r.k) AND r.norm LIKE '%X%'
        WHEN 'full_width' THEN NOT 'missing' = ANY (r.k)
        WHEN 'separators' THEN NOT 'missing' = ANY (r.k)
        WHEN 'apostrophe' THEN NOT 'missing' = ANY (r.k)
        WHEN 'homophone' THEN city_gen.homophone_eligible(r.name)
        WHEN 'variant' THEN city_gen.variant_eligible(r.name)
        WHEN 'name_space' THEN char_length(r.name) = 2
        WHEN 'name_dot' THEN r.name LIKE '%·%'
        WHEN 'moved' THEN r.prev_household_no IS NOT NULL
        ELSE true END
GROUP BY 1, 2, 3;
SELECT is((SELECT array_agg(source || '.' || dirt_kind || ' ' || hits || '/' || n || ' vs ' || rate ORDER BY source, dirt_kind)
           FROM measured WHERE abs(hits - n * rate) > 4 * sqrt(n * rate * (1 - rate)) + 1), NULL,
          'every measured dirt rate within tolerance of city_truth.dirt_rates');
SELECT cmp_ok((SELECT count(*)::int FROM measured WHERE n >= 1000), '>=', 15, 'rates checked on large enough samples');
SELECT ok((SELECT bool_and(rate BETWEEN 0 AND 1) FROM city_truth.dirt_rates)
          AND (SELECT count(DISTINCT source) FROM city_truth.dirt_rates) = 11
          AND (SELECT rate FROM city_truth.dirt_rates WHERE source = 'zw_yichuang' AND dirt_kind = 'wrong_digit')
              > 10 * (SELECT rate FROM city_truth.dirt_rates WHERE source = 'yb_claims' AND dirt_kind = 'wrong_digit'),
          'rates are stated for all 11 sources and differ by department');

SELECT * FROM finish();
ROLLBACK;
