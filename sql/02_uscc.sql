--
-- aidlink.uscc: input, output, every error, every function.
--
SET search_path = public, aidlink;
SET datestyle = ISO;

-- Accepted forms; codes beginning with A, N, Y and check character 0 are valid
SELECT v AS input, v::uscc AS canonical, uscc_authority(v::uscc) AS authority,
       uscc_entity_type(v::uscc) AS entity_type, uscc_region(v::uscc) AS region,
       uscc_org_code(v::uscc) AS org_code
FROM (VALUES ('91350100M000100Y43'), ('91350100m000100y43'), ('  91350100M000100Y43  '),
             ('９１３５０１００Ｍ０００１００Ｙ４３'), ('A1100000MA00000072'),
             ('N2440103MA5F00018H'), ('Y1440103MA5F000342'),
             ('91440101000000000J'), ('91440101000000019F'), ('12100000000013127A'),
             ('9144019100000591X0'), ('914401800000078000')) t(v);

\x on
SELECT left(v, 40) AS input, (try(format('SELECT %L::aidlink.uscc', v))).*
FROM (VALUES (''), ('91350100M000100Y4'), ('91350100M000100Y433'), ('91350100M000100I43'),
             ('91350100M00010#Y43'), ('9135 0100M000100Y43'), ('B1350100M000100Y43'),
             ('01350100M000100Y43'), ('90350100M000100Y43'), ('9A350100M000100Y43'),
             ('913501A0M000100Y43'), ('91350100M000100Y44'), ('91350100M000100Y56')) t(v);
\x off

SELECT '91350100M000100Y44'::uscc;

SELECT v AS input, to_uscc(v) AS lenient, uscc_problem(v) AS problem
FROM (VALUES ('9135-0100-M000-100Y-43'), ('9135 0100 m000 100y 43'), (''), ('x'),
             ('91350100M000100Y4'), ('91350100M000100I43'), ('B1350100M000100Y43'),
             ('90350100M000100Y43'), ('913501A0M000100Y43'), ('91350100M000100Y44'),
             ('91350100M000100Y56')) t(v);

-- Casts and order
SELECT '91350100M000100Y43'::uscc::text AS to_text,
       '91350100M000100Y43'::uscc::org_code AS to_org_code;
SELECT a, b, a < b AS lt, a = b AS eq, a > b AS gt, (a::text < b::text) = (a < b) AS same_as_text
FROM (VALUES ('91350100M000100Y43'::uscc, '91440101000000000J'::uscc),
             ('A1100000MA00000072', '91350100M000100Y43'),
             ('91440101000000000J', '91440101000000000J')) t(a, b);
SELECT min(c), max(c)
FROM (VALUES ('91350100M000100Y43'::uscc), ('A1100000MA00000072'), ('12100000000013127A')) t(c);

-- Names of authorities and entity types for reports
SELECT c, e.name_en, e.name_zh
FROM (VALUES ('91350100M000100Y43'::uscc), ('N2440103MA5F00018H')) t(c)
JOIN uscc_entity_types e ON e.entity_type = uscc_entity_type(c);

-- NULL in, NULL out; mixed half- and full-width characters
SELECT NULL::uscc IS NULL AS null_input, to_uscc(NULL) IS NULL AS null_lenient,
       uscc_problem(NULL) IS NULL AS null_problem;
SELECT '９１３５0100Ｍ000100ｙ43'::uscc AS mixed_width, to_uscc('９１３５－0100 Ｍ000100ｙ43') AS mixed_lenient;
