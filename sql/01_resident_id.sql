--
-- aidlink.resident_id: input, output, every error, every function.
--
SET search_path = public, aidlink;
SET datestyle = ISO;

-- Accepted forms: canonical, lower-case x, surrounding space, full-width, legacy 15
SELECT v AS input, v::resident_id AS canonical
FROM (VALUES ('11010519491231002X'), ('11010519491231002x'), (E'  11010519491231002X\t\n'),
             ('１１０１０５１９４９１２３１００２Ｘ'), ('　11010519491231002ｘ　'),
             ('110105491231002'), ('110105491231996'), ('440103200002290017'),
             ('810000199001010019'), ('830000199001010012'), ('710000199001010015')) t(v);

-- Every kind of rejection, with its SQLSTATE, message, detail and hint
\x on
SELECT left(v, 40) AS input, (try(format('SELECT %L::aidlink.resident_id', v))).*
FROM (VALUES (''), ('   '), ('1101051949123100'), ('11010519491231002XX'),
             ('1101051949123100aX'), ('11010519491231002Y'), ('11010519491231002中'),
             (E'1101051949123\u0001002X'), ('110105 19491231002X'), ('110105-19491231002X'),
             ('''11010519491231002X'), ('11010549123100X'),
             ('99010519491231002X'), ('00010519491231002X'),
             ('440103199002291234'), ('440103199013011234'), ('440103199002301234'),
             ('440103199004001234'), ('440103179912311234'), ('440103901301123'),
             ('440103900229123'), ('110105194912310021'), ('１１０１０５１９４９１２３１００２１'),
             (repeat('1', 100)), (repeat('中', 30))) t(v);
\x off

-- What a user sees in psql
SELECT '11010519491231002Y'::resident_id;
SELECT '440103199002291234'::resident_id;
SELECT '110105 19491231002X'::resident_id;
SELECT resident_id(repeat('8', 200));

-- NULL in, NULL out
SELECT NULL::resident_id IS NULL AS null_input, to_resident_id(NULL) IS NULL AS null_lenient,
       resident_id_problem(NULL) IS NULL AS null_problem;

-- The lenient parser and the problem codes agree: NULL exactly when a code is given
SELECT left(v, 40) AS input, to_resident_id(v) AS lenient, resident_id_problem(v) AS problem
FROM (VALUES ('11010519491231002x'), ('110105 1949 1231 002X'), ('110105-1949-1231-002X'),
             ('''11010519491231002X'), ('１１０１０５－１９４９１２３１－００２Ｘ'), ('110105491231002'),
             (''), ('  -  '), ('abc'), ('1101051949123100'), ('11010519491231002Y'),
             ('99010519491231002X'), ('440103199002291234'), ('110105194912310021'),
             ('1''1010519491231002X'), (repeat('1', 100000))) t(v);

-- What a number says
SELECT id, resident_id_birth_date(id) AS birth_date, resident_id_sex(id) AS sex,
       resident_id_region(id) AS region, resident_id_age(id, '2026-11-22') AS age,
       resident_id_mask(id) AS masked, resident_id_legacy15(id) AS legacy15
FROM (VALUES ('11010519491231002X'::resident_id), ('440103200002290017'),
             ('44010318991231997X'), ('440103189912311230'), ('500101202611220017')) t(id)
ORDER BY id;

-- Age counts completed years; the day before a birthday is one year less
SELECT resident_id_age('11010519491231002X', '2026-12-30') AS day_before,
       resident_id_age('11010519491231002X', '2026-12-31') AS birthday,
       resident_id_age('440103200002290017', '2001-02-28') AS leapling_feb28,
       resident_id_age('440103200002290017', '2001-03-01') AS leapling_mar1;
SELECT resident_id_age('11010519491231002X', '1949-12-30');
SELECT resident_id_age('11010519491231002X', 'infinity');

-- Legacy form round trip
SELECT v, v::resident_id AS upgraded, resident_id_legacy15(v::resident_id) AS back
FROM (VALUES ('110105491231002'), ('440103990506997'), ('440103000101999')) t(v);

-- Building numbers from parts (for generators and tests)
SELECT resident_id_from_parts('440103', '1990-05-06', 123) AS built,
       resident_id_from_parts('110105', '1949-12-31', 2) AS known;
\x on
SELECT call, (try(call)).*
FROM (VALUES ('SELECT aidlink.resident_id_from_parts(''990103'', ''1990-05-06'', 1)'),
             ('SELECT aidlink.resident_id_from_parts(''4401'', ''1990-05-06'', 1)'),
             ('SELECT aidlink.resident_id_from_parts(''44010A'', ''1990-05-06'', 1)'),
             ('SELECT aidlink.resident_id_from_parts(''440103'', ''1799-12-31'', 1)'),
             ('SELECT aidlink.resident_id_from_parts(''440103'', ''1990-05-06'', 1000)'),
             ('SELECT aidlink.resident_id_from_parts(''440103'', ''infinity'', 1)')) t(call);
\x off

-- Plausibility on a date is apart from validity
SELECT id, resident_id_plausibility_problem(id, '2026-11-22') AS on_2026_11_22,
       resident_id_plausibility_problem(id, '1900-01-01') AS on_1900_01_01
FROM (VALUES ('11010519491231002X'::resident_id), ('110105185001010013'),
             ('110105209901010012')) t(id);
SELECT resident_id_is_plausible('11010519491231002X') AS plausible_today,
       resident_id_is_plausible('110105209901010012') AS born_2099;

-- Casts: text (strict), assignment to text, bigint body both ways
SELECT '11010519491231002X'::resident_id::text AS to_text,
       '11010519491231002X'::resident_id::bigint AS body,
       11010519491231002::bigint::resident_id AS from_body;
CREATE TEMP TABLE t_text (v text);
INSERT INTO t_text VALUES ('11010519491231002x'::resident_id);   -- assignment cast
SELECT v FROM t_text;
\x on
SELECT call, (try(call)).*
FROM (VALUES ('SELECT (-1)::bigint::aidlink.resident_id'),
             ('SELECT 100000000000000000::bigint::aidlink.resident_id'),
             ('SELECT 99010519491231002::bigint::aidlink.resident_id'),
             ('SELECT 44010319900229123::bigint::aidlink.resident_id')) t(call);
\x off

-- Comparison follows the canonical text
SELECT a, b, a < b AS lt, a <= b AS le, a = b AS eq, a <> b AS ne, a >= b AS ge, a > b AS gt,
       (a::text < b::text) = (a < b) AS same_as_text
FROM (VALUES ('11010519491231002X'::resident_id, '110105194912310038'::resident_id),
             ('110105491231002', '11010519491231002X'),
             ('650102199912310010', '11010519491231002X')) t(a, b);
SELECT min(id), max(id)
FROM (VALUES ('11010519491231002X'::resident_id), ('650102199912310010'), ('440103200002290017')) t(id);

-- Mixed half- and full-width characters in one number
SELECT '１１０１０５19491231００２x'::resident_id AS mixed_width,
       to_resident_id('１１０１０５－1949 1231　００２x') AS mixed_lenient;
