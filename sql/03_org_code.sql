--
-- aidlink.org_code: input, output, every error, every function.
--
SET search_path = public, aidlink;
SET datestyle = ISO;

SELECT v AS input, v::org_code AS canonical
FROM (VALUES ('M000100Y-4'), ('M000100Y4'), ('m000100y-4'), ('D2143569-X'), ('D2143569x'),
             ('Ｄ２１４３５６９－Ｘ'), ('  00000001-9 '), ('00000000-0')) t(v);

\x on
SELECT left(v, 40) AS input, (try(format('SELECT %L::aidlink.org_code', v))).*
FROM (VALUES (''), ('D2143569'), ('D2143569-XX'), ('D2143569_X'), ('D21435#9X'),
             ('D2143569-Y'), ('D2143569-1'), ('D214 3569-X'), ('中2143569-X')) t(v);
\x off

SELECT 'D2143569-1'::org_code;

SELECT v AS input, to_org_code(v) AS lenient, org_code_problem(v) AS problem
FROM (VALUES ('D214-3569-X'), ('d214 3569 x'), (''), ('D2143569'), ('D2143569-1'), ('D21435#9X')) t(v);

SELECT 'D2143569-X'::org_code::text AS to_text;
SELECT a, b, a < b AS lt, a = b AS eq, (a::text < b::text) = (a < b) AS same_as_text
FROM (VALUES ('D2143569-X'::org_code, 'M000100Y-4'::org_code),
             ('Z0000000-5', '00000001-9')) t(a, b);
SELECT min(c), max(c) FROM (VALUES ('D2143569-X'::org_code), ('M000100Y-4'), ('00000000-0')) t(c);

-- NULL in, NULL out; mixed half- and full-width characters
SELECT NULL::org_code IS NULL AS null_input, to_org_code(NULL) IS NULL AS null_lenient,
       org_code_problem(NULL) IS NULL AS null_problem;
SELECT 'Ｄ2143５69-ｘ'::org_code AS mixed_width, to_org_code('Ｄ214 3５69－ｘ') AS mixed_lenient;
SELECT repeat('Ｄ', 50)::org_code;
