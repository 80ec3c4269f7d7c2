-- demo/city/next_month.sql — a month of changes to a synthetic city (issue 3:
-- the monthly re-run links only what is new or changed).
--
-- \i demo/city/generate.sql; SELECT city_gen.generate(1, 100000);
-- \i demo/city/next_month.sql
-- SELECT * FROM city_gen.next_month(2);    -- the city as it is a month later
--
-- Deterministic like the city itself: every choice is a function of the
-- city's seed, the month number and a row key (city_gen.u), never of
-- random(), of a plan or of the physical order, so the same city and month
-- give the same tables.  Each month number changes the city once: calling it
-- twice with the same number is refused.  What a month does, at the rates
-- given (shares of each table's rows):
--   removed   1 %   rows deleted (claims withdrawn, cards cancelled ...);
--   changed   2 %   a new phone (or, without a phone column, a new address;
--                   the medical claims have neither);
--   corrected 10 %  of the rows whose number was typed with dirt, the number
--                   retyped as the person's own, in canonical form;
--   new       3 %   rows added: a copy of an existing row of the same person
--                   (another claim, a second application) under a new key;
--   register: births (0.07 % of people: a child born in July 2025 into a
--             registered household, a new number), deaths (0.05 %: status
--             死亡注销, a column the linkage does not read), moves (0.3 %:
--             another household number and address), and the rates above
--             for removals (people who left) and phone changes.
-- The truth (city_truth.row_truth, city_truth.person) follows every change,
-- so precision and recall can be measured after a re-run as after a first run.

CREATE OR REPLACE FUNCTION city_gen.next_month(p_month int,
    OUT source text, OUT removed bigint, OUT changed bigint, OUT corrected bigint, OUT added bigint)
    RETURNS SETOF record
    LANGUAGE plpgsql SET jit = off AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000 + 500 + p_month::bigint * 16;
    src record;
    kexpr text;         -- the row key as a bigint to draw from
    cols text;
    newkey text;
    n bigint;
    v_births bigint := 0;
    v_deaths bigint := 0;
    v_moves bigint := 0;
    tot_removed bigint := 0;
    tot_changed bigint := 0;
    tot_corrected bigint := 0;
    tot_added bigint := 0;
BEGIN
    IF p_month IS NULL OR p_month < 2 THEN
        RAISE EXCEPTION 'city_gen.next_month: month % is not after the first (2, 3 ... )', p_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    CREATE TABLE IF NOT EXISTS city_truth.months (
        month     int PRIMARY KEY,
        applied   timestamptz NOT NULL DEFAULT clock_timestamp(),
        removed   bigint NOT NULL,
        changed   bigint NOT NULL,
        corrected bigint NOT NULL,
        added     bigint NOT NULL,
        births    bigint NOT NULL,
        deaths    bigint NOT NULL,
        moves     bigint NOT NULL
    );
    COMMENT ON TABLE city_truth.months IS
      'The months of changes applied to the city by city_gen.next_month (demo/city/next_month.sql), with what each changed';
    IF EXISTS (SELECT 1 FROM city_truth.months m WHERE m.month = p_month) THEN
        RAISE EXCEPTION 'city_gen.next_month: month % has already been applied to this city', p_month
            USING ERRCODE = 'unique_violation';
    END IF;

    FOR src IN SELECT t.* FROM city_truth.sources t ORDER BY NOT t.is_reference, t.source LOOP
        source := src.source;
        kexpr := CASE WHEN src.source = 'fy_cases' THEN format('hashtextextended(%I, 0)', src.row_key_column)
                      ELSE format('%I::bigint', src.row_key_column) END;

        -- removed: the row and its truth
        EXECUTE format('CREATE TEMP TABLE nm_gone ON COMMIT DROP AS SELECT %1$I::text AS row_key FROM %2$s
                        WHERE city_gen.u(%3$s, %4$s) < 0.01', src.row_key_column, src.relation, kexpr, S + 1);
        EXECUTE format('DELETE FROM %s t USING nm_gone g WHERE t.%I::text = g.row_key', src.relation, src.row_key_column);
        GET DIAGNOSTICS removed = ROW_COUNT;
        DELETE FROM city_truth.row_truth r USING nm_gone g WHERE r.source = src.source AND r.row_key = g.row_key;
        DROP TABLE nm_gone;

        -- changed: a new phone, else a new address (the person stays the same)
        IF src.phone_column IS NOT NULL THEN
            EXECUTE format('UPDATE %s SET %I = ''13'' || lpad(city_gen.r(%s, %s, 1000000000)::text, 9, ''0'')
                            WHERE city_gen.u(%s, %s) < 0.02',
                           src.relation, src.phone_column, kexpr, S + 2, kexpr, S + 3);
            GET DIAGNOSTICS changed = ROW_COUNT;
        ELSIF src.address_column IS NOT NULL THEN
            EXECUTE format('UPDATE %s SET %I = %I || ''（新）'' WHERE %I IS NOT NULL AND city_gen.u(%s, %s) < 0.02',
                           src.relation, src.address_column, src.address_column, src.address_column, kexpr, S + 3);
            GET DIAGNOSTICS changed = ROW_COUNT;
        ELSE
            changed := 0;       -- neither: its rows change by correction only
        END IF;

        -- corrected: a number typed with dirt, retyped as the person's own
        corrected := 0;
        IF NOT src.is_reference THEN
            EXECUTE format('UPDATE %1$s t SET %2$I = p.resident_id::text
                            FROM city_truth.row_truth r JOIN city_truth.person p USING (person_no)
                            WHERE r.source = %3$L AND r.row_key = t.%4$I::text AND p.resident_id IS NOT NULL
                              AND t.%2$I IS DISTINCT FROM p.resident_id::text
                              AND city_gen.u(%5$s, %6$s) < 0.10',
                           src.relation, src.id_column, src.source, src.row_key_column, kexpr, S + 4);
            GET DIAGNOSTICS corrected = ROW_COUNT;
        END IF;

        -- new: a copy of a row of the same person under a new key
        SELECT string_agg(CASE WHEN a.attname = src.row_key_column THEN 'nm_key' ELSE quote_ident(a.attname) END,
                          ', ' ORDER BY a.attnum)
        INTO cols
        FROM pg_attribute a WHERE a.attrelid = src.relation::regclass AND a.attnum > 0 AND NOT a.attisdropped;
        newkey := CASE WHEN src.source = 'fy_cases'
                       THEN format('%I || ''-%s''', src.row_key_column, p_month)
                       ELSE format('(SELECT max(%I) FROM %s) + row_number() OVER (ORDER BY %I)',
                                   src.row_key_column, src.relation, src.row_key_column) END;
        EXECUTE format('CREATE TEMP TABLE nm_new ON COMMIT DROP AS
                        SELECT %s AS nm_key, t.* FROM %s t WHERE city_gen.u(%s, %s) < 0.03',
                       newkey, src.relation, kexpr, S + 5);
        IF src.is_reference THEN
            -- a register row is a person: only births add rows (below)
            TRUNCATE nm_new;
        END IF;
        EXECUTE format('INSERT INTO %s SELECT %s FROM nm_new', src.relation, cols);
        GET DIAGNOSTICS added = ROW_COUNT;
        EXECUTE format('INSERT INTO city_truth.row_truth
                        SELECT r.source, n.nm_key::text, r.person_no, r.dirt_kinds, r.linkable
                        FROM nm_new n JOIN city_truth.row_truth r ON r.source = %L AND r.row_key = n.%I::text',
                       src.source, src.row_key_column);
        DROP TABLE nm_new;

        tot_removed := tot_removed + removed;
        tot_changed := tot_changed + changed;
        tot_corrected := tot_corrected + corrected;
        tot_added := tot_added + added;
        EXECUTE format('ANALYZE %s', src.relation);
        RETURN NEXT;
    END LOOP;

    -- The register: deaths, moves, births.
    UPDATE city.household_register SET hkzt = '死亡注销', zxrq = DATE '2025-07-01' + city_gen.r(id, S + 6, 30)::int
    WHERE hkzt = '正常' AND city_gen.u(id, S + 7) < 0.0005;
    GET DIAGNOSTICS v_deaths = ROW_COUNT;
    UPDATE city_truth.person p SET death_date = r.zxrq - 1
    FROM city.household_register r JOIN city_truth.row_truth t ON t.source = 'household_register' AND t.row_key = r.id::text
    WHERE t.person_no = p.person_no AND r.zxrq >= DATE '2025-07-01' AND p.death_date IS NULL;

    WITH target AS (
        SELECT r.id, h.hh, h.address
        FROM city.household_register r
        JOIN LATERAL (SELECT h.hh, h.address FROM city_truth.household h
                      WHERE h.in_register
                        AND h.household_no = 1 + city_gen.r(r.id, S + 8, (SELECT max(household_no) FROM city_truth.household))
                      ) h ON true
        WHERE r.hkzt = '正常' AND city_gen.u(r.id, S + 9) < 0.003 AND h.hh <> r.hh)
    UPDATE city.household_register r SET hh = t.hh, hjdz = t.address, yhzgx = '其他'
    FROM target t WHERE r.id = t.id;
    GET DIAGNOSTICS v_moves = ROW_COUNT;

    -- births: the k-th child born on a day of July 2025 with a sex gets order
    -- code 2k (+1 for a boy): nobody in the city was born after June 2025
    CREATE TEMP TABLE nm_births ON COMMIT DROP AS
    WITH b AS (
        SELECT h.household_no, h.hh, h.address, h.region, h.family_surname,
               DATE '2025-07-01' + city_gen.r(h.household_no, S + 10, 31)::int AS birth_date,
               CASE WHEN city_gen.u(h.household_no, S + 11) < 0.51 THEN 'M' ELSE 'F' END AS sex
        FROM city_truth.household h
        WHERE h.in_register AND NOT h.minority AND city_gen.u(h.household_no, S + 12) < 0.0018
          AND h.region IS NOT NULL AND h.family_surname IS NOT NULL),
    k AS (
        SELECT b.*, row_number() OVER (PARTITION BY b.region, b.birth_date, b.sex ORDER BY b.household_no) - 1 AS k
        FROM b)
    SELECT k.*,
           (SELECT max(person_no) FROM city_truth.person) + row_number() OVER (ORDER BY k.household_no) AS person_no,
           aidlink.resident_id_from_parts(k.region, k.birth_date, (2 * k.k + CASE k.sex WHEN 'M' THEN 1 ELSE 0 END)::int) AS resident_id,
           k.family_surname || city_gen.pick(k.household_no, S + 13,
               CASE k.sex WHEN 'M' THEN ARRAY['浩然', '子轩', '宇轩', '俊杰', '梓豪', '一鸣']
                          ELSE ARRAY['欣怡', '梓涵', '诗琪', '雨桐', '可馨', '一诺'] END) AS name
    FROM k WHERE k.k < 249;
    INSERT INTO city_truth.person (person_no, household_no, member_no, role, resident_id, name, surname,
                                   given_name, sex, birth_date, region, ethnicity, in_register)
    SELECT b.person_no, b.household_no,
           (SELECT coalesce(max(p.member_no), 0) + 1 FROM city_truth.person p WHERE p.household_no = b.household_no),
           'child', b.resident_id, b.name, b.family_surname, substr(b.name, length(b.family_surname) + 1),
           b.sex, b.birth_date, b.region, '汉族', true
    FROM nm_births b;
    INSERT INTO city.household_register (id, hh, yhzgx, xm, xb, mz, csrq, gmsfhm, hjdz, lxdh, hkzt, zxrq)
    SELECT (SELECT max(id) FROM city.household_register) + row_number() OVER (ORDER BY b.person_no),
           b.hh, CASE b.sex WHEN 'M' THEN '子' ELSE '女' END, b.name, CASE b.sex WHEN 'M' THEN '男' ELSE '女' END,
           '汉族', b.birth_date, b.resident_id, b.address, NULL, '正常', NULL
    FROM nm_births b;
    GET DIAGNOSTICS v_births = ROW_COUNT;
    INSERT INTO city_truth.row_truth
    SELECT 'household_register', r.id::text, b.person_no, '{}', true
    FROM nm_births b JOIN city.household_register r ON r.gmsfhm OPERATOR(aidlink.=) b.resident_id;
    ANALYZE city.household_register;

    INSERT INTO city_truth.months VALUES (p_month, clock_timestamp(), tot_removed, tot_changed, tot_corrected,
                                          tot_added, v_births, v_deaths, v_moves);
    source := 'household_register (births, deaths, moves)';
    removed := 0; changed := v_deaths + v_moves; corrected := 0; added := v_births;
    RETURN NEXT;
END $fn$;
COMMENT ON FUNCTION city_gen.next_month(int) IS
  'A month of changes to the city (demo/city/next_month.sql): rows removed, changed, numbers corrected, rows added, births, deaths and moves in the register, the truth kept in step; deterministic';
