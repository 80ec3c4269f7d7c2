-- 84_signal_condition_fuzz.sql — the signal-condition parser of scoring
-- (aidlink.parse_signal_condition, aidlink.signal_condition_sql) under random
-- and mutated input (issue 8): 6,000 conditions made from a grammar of
-- valid and hostile pieces (quotes, comments, semicolons, casts, function
-- calls, subqueries, dollar quotes, backslashes, full-width and control
-- characters, overlong text), then byte-level mutations of valid ones.
-- Every one either parses or fails with one of the parser's own SQLSTATEs
-- (never another, never a crash); what parses names only real columns and
-- the fixed operators, runs as SQL without error, and never calls a function
-- or touches a table the text mentions; conditions made from a known
-- structure parse back to exactly that structure.  Deterministic (setseed).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
SELECT plan(12);

-- a registered source with columns of several types
CREATE TABLE public.fz_source (k bigint PRIMARY KEY, sfzh text, xm text, kind text, amount numeric(12,2),
                               n integer, d date, flag boolean, rid aidlink.resident_id);
INSERT INTO public.fz_source
SELECT g, NULL, '张三', (ARRAY['住院', '门诊', 'a''b', 'x;y', NULL])[1 + g % 5], g * 10.5, g, date '2024-01-01' + g,
       g % 2 = 0, NULL
FROM generate_series(1, 200) g;
SELECT aidlink.register_source('fz_source', 'public.fz_source', 'k', 'sfzh', 'xm') \g /dev/null

-- traps: a function and a table that only a condition run as code could reach
CREATE TABLE public.fz_canary (what text);
CREATE TABLE public.fz_trap_log (what text);
INSERT INTO public.fz_canary VALUES ('alive');
CREATE FUNCTION public.fz_trap() RETURNS text LANGUAGE plpgsql VOLATILE AS
$$ BEGIN INSERT INTO public.fz_trap_log VALUES ('called'); RETURN '住院'; END $$;

SELECT setseed(0.84);
CREATE TEMP TABLE piece (kind text, p text);
INSERT INTO piece (kind, p) SELECT 'col', unnest(ARRAY[
    'kind', 'amount', 'n', 'd', 'flag', 'rid', 'xm', 'KIND', 'kind2', 'no_such', '"kind"', 'kind"', 'k ind', '_',
    'fz_trap()', 'public.fz_trap', 'xm;', 'ｋｉｎｄ', 'kind--', repeat('a', 70), '1kind', 'pg_sleep(1)', 'select'])
UNION ALL SELECT 'op', unnest(ARRAY[
    '=', '<>', '!=', '<', '<=', '>', '>=', ' in ', ' not in ', ' is null', ' is not null', ' IN ', ' NOT  IN ',
    ' IS NOT NULL', '==', '=>', ' like ', '~', '::', ' between ', ';', '', ' = ANY ', ' ISNULL', ' is', '＝'])
UNION ALL SELECT 'val', unnest(ARRAY[
    '''住院''', '''门诊''', '''a''''b''', '''x;y''', '10', '10.5', '-3', '1e3', '''2024-03-01''', 'true', '''t''',
    '''11010519491231002X''', '''110105194912310021''', '''''', '''', '''''''', '''abc', 'abc''', 'fz_trap()',
    '(SELECT fz_trap())', '''住院''); DELETE FROM public.fz_canary; --', '1; DROP TABLE public.fz_canary; --',
    '$$x$$', 'E''\x41''', '''\''', '''/*''', '*/', '--', 'NULL', '(1, 2)', '(''住院'', ''门诊'')', '(''a'',',
    '()', '(,)', '(''x'' ''y'')', '''住院''::text', 'kind', '"kind"', '１０', '''' || repeat('长', 300) || '''',
    '99999999999999999999999', '''2024-02-30''', '''infinity''', 'chr(0)', E'\t10\n', '(fz_trap(), ''x'')'])
UNION ALL SELECT 'join', unnest(ARRAY[
    ' and ', ' AND ', E'\nand\t', ' or ', ',', ';', ' and and ', ' ', '', ' -- ', ' /* x */ and ', ' && ', ' AND NOT '])
UNION ALL SELECT 'tail', unnest(ARRAY['', '', '', ' ', ';', ' --', ')', '(', '''', E'\n']);
-- the valid pieces weigh more, so that many conditions get past their first clause
INSERT INTO piece (kind, p)
SELECT v.kind, v.p FROM (VALUES ('col', 'kind'), ('col', 'amount'), ('col', 'n'), ('col', 'xm'), ('col', 'd'),
                                ('op', '='), ('op', '<>'), ('op', ' in '), ('op', ' IS NOT NULL'), ('op', '>='),
                                ('val', '''住院'''), ('val', '''a''''b'''), ('val', '10'), ('val', '(''x'', ''y'')'),
                                ('join', ' and '), ('join', E' AND\n'), ('tail', ''), ('tail', ' ')) v(kind, p),
     generate_series(1, 8);
CREATE TEMP TABLE pieces AS SELECT kind, array_agg(p ORDER BY p) AS ps FROM piece GROUP BY kind;
CREATE FUNCTION pg_temp.pick(k text) RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT ps[1 + floor(random() * cardinality(ps))::int] FROM pieces WHERE kind = k $$;

-- 1. conditions from the grammar: 1 to 4 clauses of random pieces
CREATE TEMP TABLE fz (id serial, origin text, cond text);
INSERT INTO fz (origin, cond)
SELECT 'grammar', string_agg(pg_temp.pick('col') || pg_temp.pick('op') ||
                             CASE WHEN random() < 0.85 THEN pg_temp.pick('val') ELSE '' END,
                             pg_temp.pick('join') ORDER BY c) || pg_temp.pick('tail')
FROM generate_series(1, 4000) g, LATERAL generate_series(1, 1 + (random() * 3)::int + g * 0) c
GROUP BY g;

-- 2. valid conditions with a known structure, then mutated byte by byte
CREATE TEMP TABLE known (id serial, cond text, structure jsonb);
CREATE TEMP TABLE clause (i int, txt text, js jsonb);
INSERT INTO clause VALUES
    (1, 'kind = ''住院''', '{"column": "kind", "op": "=", "values": ["住院"]}'),
    (2, 'kind IN (''住院'', ''a''''b'')', '{"column": "kind", "op": "in", "values": ["住院", "a''b"]}'),
    (3, 'amount >= 100.5', '{"column": "amount", "op": ">=", "values": ["100.5"]}'),
    (4, 'n<>3', '{"column": "n", "op": "<>", "values": ["3"]}'),
    (5, 'd < ''2024-03-01''', '{"column": "d", "op": "<", "values": ["2024-03-01"]}'),
    (6, 'flag is not null', '{"column": "flag", "op": "is not null", "values": []}'),
    (7, 'kind NOT IN (''x;y'')', '{"column": "kind", "op": "not in", "values": ["x;y"]}'),
    (8, 'xm != ''张三''', '{"column": "xm", "op": "<>", "values": ["张三"]}'),
    (9, 'rid IS NULL', '{"column": "rid", "op": "is null", "values": []}');
INSERT INTO known (cond, structure)
SELECT string_agg(x.txt, CASE WHEN random() < 0.5 THEN ' and ' ELSE E' AND\n ' END ORDER BY c), jsonb_agg(x.js ORDER BY c)
FROM generate_series(1, 1000) g,
     LATERAL generate_series(1, 1 + (random() * 2)::int + g * 0) c,
     LATERAL (SELECT 1 + floor(random() * 9)::int + c * 0 AS i) r
     JOIN clause x ON x.i = r.i
GROUP BY g;
INSERT INTO fz (origin, cond) SELECT 'known', cond FROM known;
CREATE FUNCTION pg_temp.mutate(s text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    junk text[] := ARRAY['''', '"', ';', '(', ')', ',', '-', '*', '/', '\', ' ', E'\t', '$', '=', '<', 'x', '0', 'ｘ', '¡',
                         E'\x01', 'and', 'AND ', 'or', ' in (', ')::text', '--', '/*'];
    n int := 1 + (random() * 3)::int;
    pos int;
BEGIN
    FOR i IN 1 .. n LOOP
        pos := 1 + floor(random() * greatest(char_length(s), 1))::int;
        CASE floor(random() * 4)::int
            WHEN 0 THEN s := overlay(s placing junk[1 + floor(random() * cardinality(junk))::int] from pos for 0);
            WHEN 1 THEN s := overlay(s placing '' from pos for 1 + floor(random() * 3)::int);
            WHEN 2 THEN s := overlay(s placing substr(s, pos, 5) from pos for 0);
            ELSE        s := overlay(s placing junk[1 + floor(random() * cardinality(junk))::int] from pos for 1);
        END CASE;
    END LOOP;
    RETURN s;
END $$;
INSERT INTO fz (origin, cond) SELECT 'mutated', pg_temp.mutate(cond) FROM known;
INSERT INTO fz (origin, cond) VALUES ('edge', ''), ('edge', '   '), ('edge', NULL), ('edge', repeat('kind = ''x'' and ', 300) || 'n = 1'),
    ('edge', repeat('(', 5000)), ('edge', 'kind in (' || repeat('''x'',', 500) || '''y'')');

-- parse every one, keeping what happened
CREATE TEMP TABLE outcome AS SELECT f.id, f.origin, f.cond, NULL::jsonb AS parsed, NULL::text AS state, NULL::text AS message
FROM fz f WHERE false;
DO $$
DECLARE
    f record;
    j jsonb;
BEGIN
    FOR f IN SELECT * FROM fz ORDER BY id LOOP
        BEGIN
            j := aidlink.parse_signal_condition('fz_source', f.cond);
            INSERT INTO outcome VALUES (f.id, f.origin, f.cond, j, NULL, NULL);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO outcome VALUES (f.id, f.origin, f.cond, NULL, SQLSTATE, SQLERRM);
        END;
    END LOOP;
END $$;

SELECT is((SELECT count(*) FROM outcome), (SELECT count(*) FROM fz), 'every condition gave a result or an error (no crash)');
SELECT is(ARRAY(SELECT DISTINCT state FROM outcome WHERE state IS NOT NULL AND state NOT IN ('42601', '42703', '22P02', '54000', '22004')
                ORDER BY 1), '{}'::text[],
          'every error is one of the parser''s: syntax_error, undefined_column, invalid_text_representation, program_limit_exceeded, null_value_not_allowed');
SELECT cmp_ok((SELECT count(*) FROM outcome WHERE state IS NULL AND origin IN ('grammar', 'mutated')), '>', 100::bigint,
              'over a hundred random and mutated conditions parse (the fuzzing reaches past the first clause)');
SELECT cmp_ok((SELECT count(DISTINCT state) FROM outcome), '>=', 4::bigint, 'and the errors cover at least four kinds');
SELECT is(aidlink.parse_signal_condition('fz_source', E'rid IS NULL AND n = 1 and flag is not null\tand kind in (''x'')'),
          '[{"column": "rid", "op": "is null", "values": []}, {"column": "n", "op": "=", "values": ["1"]},
            {"column": "flag", "op": "is not null", "values": []}, {"column": "kind", "op": "in", "values": ["x"]}]'::jsonb,
          'a clause after IS [NOT] NULL parses (the fuzzing found that it did not)');
SELECT is((SELECT count(*) FROM outcome o WHERE o.origin = 'known' AND o.parsed IS DISTINCT FROM (SELECT structure FROM known k WHERE k.cond = o.cond LIMIT 1)),
          0::bigint, 'every condition written from a known structure parses back to exactly that structure');
SELECT is((SELECT count(*) FROM outcome o, jsonb_array_elements(o.parsed) c
           WHERE c->>'column' NOT IN ('k', 'sfzh', 'xm', 'kind', 'amount', 'n', 'd', 'flag', 'rid')
              OR c->>'op' NOT IN ('=', '<>', '<', '<=', '>', '>=', 'in', 'not in', 'is null', 'is not null')
              OR jsonb_typeof(c->'values') <> 'array'), 0::bigint,
          'what parses names only real columns and the fixed operators');
SELECT is((SELECT count(*) FROM outcome WHERE state IS NULL AND cond ~* 'fz_trap|fz_canary|drop|delete|select|pg_sleep'
           AND EXISTS (SELECT FROM jsonb_array_elements(parsed) c WHERE c->>'column' ~* 'trap|canary|drop|delete|select|sleep')), 0::bigint,
          'no hostile word ever becomes a column');

-- run what parsed, as scoring would: the SQL made from it, values as parameters
CREATE TEMP TABLE ran (id int, rows bigint, state text, message text);
DO $$
DECLARE
    o record;
    frag text;
    vals text[];
    n bigint;
BEGIN
    FOR o IN SELECT * FROM outcome WHERE state IS NULL ORDER BY id LOOP
        BEGIN
            SELECT s.fragment, s.values_out INTO frag, vals
            FROM aidlink.signal_condition_sql('public.fz_source', o.parsed, 1, '{}') s;
            EXECUTE format('SELECT count(*) FROM public.fz_source t WHERE %s', frag) INTO n USING vals;
            INSERT INTO ran VALUES (o.id, n, NULL, NULL);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO ran VALUES (o.id, NULL, SQLSTATE, SQLERRM);
        END;
    END LOOP;
END $$;
SELECT is((SELECT count(*) FROM ran WHERE state IS NOT NULL), 0::bigint, 'the SQL of every parsed condition runs without error');
SELECT is((SELECT count(*) FROM ran r JOIN outcome o USING (id)
           WHERE o.parsed = '[{"column": "kind", "op": "=", "values": ["住院"]}]' AND r.rows <> 40), 0::bigint,
          'and selects the right rows (kind = ''住院'': 40 of 200)');

-- crafted parsed forms (a row written into score_signals by hand)
CREATE TEMP TABLE crafted (j jsonb, state text);
DO $$
DECLARE
    j jsonb;
    frag text;
    vals text[];
    n bigint;
BEGIN
    FOREACH j IN ARRAY ARRAY[
        '[{"column": "kind\"; DELETE FROM public.fz_canary; --", "op": "=", "values": ["x"]}]',
        '[{"column": "kind", "op": "= fz_trap() OR kind =", "values": ["x"]}]',
        '[{"column": "kind", "op": "in", "values": ["x''); DELETE FROM public.fz_canary; --"]}]',
        '[{"column": "kind", "op": "=", "values": ["x", "y"]}]',
        '[{"column": "fz_trap()", "op": "is null", "values": []}]',
        '[{"op": "=", "values": ["x"]}]']::jsonb[] LOOP
        BEGIN
            SELECT s.fragment, s.values_out INTO frag, vals FROM aidlink.signal_condition_sql('public.fz_source', j, 1, '{}') s;
            EXECUTE format('SELECT count(*) FROM public.fz_source t WHERE %s', frag) INTO n USING vals;
            INSERT INTO crafted VALUES (j, NULL);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO crafted VALUES (j, SQLSTATE);
        END;
    END LOOP;
END $$;
SELECT is(ARRAY(SELECT coalesce(state, 'ran') FROM crafted ORDER BY j::text),
          ARRAY(SELECT coalesce(state, 'ran') FROM crafted WHERE state IN ('42703', '42601') OR state IS NULL ORDER BY j::text),
          'crafted parsed forms are refused as unknown column or operator, or run as plain values');
SELECT is((SELECT count(*) FROM public.fz_trap_log) || ' ' || (SELECT string_agg(what, ',') FROM public.fz_canary), '0 alive',
          'no condition ever called a function or touched a table it mentioned');

SELECT * FROM finish();
ROLLBACK;
