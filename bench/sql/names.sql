-- bench/sql/names.sql — the name comparators against what a DBA would write.
-- psql variables: name_pairs (how many pairs for the timings), seed.
--
-- 1. Speed, over N pairs of Chinese names (bench.name_pairs), each query
--    counting the pairs it would call a match:
--      scan          count(a || b)                               the floor
--      level         aidlink.name_comparison_level(a, b) <> 'different'
--      jaro_winkler  aidlink.name_jaro_winkler(a, b) >= 0.88
--      edit          aidlink.name_edit_distance(a, b) <= 1
--      levenshtein   fuzzystrmatch levenshtein(a, b) <= 1
--      trgm          pg_trgm similarity(a, b) >= 0.3 (its default threshold)
--      plpgsql_jw    a PL/pgSQL Jaro–Winkler >= 0.88 (measured on a subset, scaled)
-- 2. Quality, over labelled pairs (bench.name_truth): typos that keep the
--    person (a homophone of one or two characters — what a pinyin input
--    method produces —, a traditional form, both) and pairs that are another
--    person (one character replaced by one that does not sound alike).  For
--    each method, how many pairs of each kind it calls a match.
--
-- The homophone groups below are an independent list (characters common in
-- names that share a toneless reading), not taken from aidlink's table.

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

SELECT setseed(:seed);

CREATE TABLE bench.hgroup (syl text PRIMARY KEY, chars text[] NOT NULL);
INSERT INTO bench.hgroup
SELECT syl, regexp_split_to_array(chars, '')
FROM (VALUES ('zhang', '张章彰璋'), ('wei', '伟维卫位威薇玮'), ('li', '李里理礼丽莉力立利俐'),
             ('na', '娜那纳'), ('wang', '王汪旺望'), ('liu', '刘柳流留'), ('chen', '陈晨辰臣'),
             ('jing', '静晶京精敬婧'), ('min', '敏民闵珉'), ('hua', '华化话桦'), ('ming', '明名鸣铭'),
             ('fang', '芳方放房'), ('jun', '军君均俊'), ('yang', '杨洋阳扬'), ('hong', '红宏鸿洪'),
             ('ping', '平萍苹评'), ('xia', '霞夏侠'), ('tao', '涛陶桃'), ('qiang', '强蔷'),
             ('lei', '磊雷蕾'), ('yan', '艳燕颜岩严'), ('jie', '杰洁婕'), ('juan', '娟鹃'),
             ('chao', '超潮朝'), ('gang', '刚钢港'), ('ying', '英莹颖瑛'), ('lan', '兰蓝岚'),
             ('yu', '宇雨玉于余'), ('hao', '浩昊皓'), ('xin', '欣新鑫心'), ('lin', '林琳霖'),
             ('bin', '斌彬滨'), ('fei', '飞菲非'), ('long', '龙隆'), ('feng', '凤峰锋丰'),
             ('wen', '文雯'), ('zhi', '志智芝'), ('jian', '建健剑'), ('xiu', '秀修'),
             ('gui', '桂贵'), ('tian', '田天甜'), ('zhou', '周洲舟'), ('xu', '徐许旭'),
             ('huang', '黄皇煌'), ('wu', '吴武伍'), ('zhao', '赵照昭')) v(syl, chars);

-- Every character of a group, with its homophones.
CREATE TABLE bench.hchar AS
SELECT c, syl, array_remove(chars, c) AS others FROM bench.hgroup, unnest(chars) c;

CREATE FUNCTION bench.pick(a text[]) RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT a[1 + floor(random() * array_length(a, 1))::int] $$;

-- Replace the character at position p with a homophone (or leave it).
CREATE FUNCTION bench.homophone_at(s text, p int) RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT overlay(s PLACING coalesce((SELECT bench.pick(others) FROM bench.hchar WHERE c = substr(s, p, 1)),
                                            substr(s, p, 1)) FROM p FOR 1) $$;

-- Replace the character at p with one of the pool that does not sound alike.
CREATE FUNCTION bench.other_at(s text, p int) RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT overlay(s PLACING (SELECT c FROM bench.hchar
                                     WHERE syl IS DISTINCT FROM (SELECT syl FROM bench.hchar WHERE c = substr(s, p, 1))
                                     ORDER BY random() LIMIT 1) FROM p FOR 1) $$;

-- Surnames and given-name characters, all from the groups (so that a typo
-- can strike anywhere), and a name drawn from them: surname + 1 or 2.
CREATE TABLE bench.pool AS
SELECT ARRAY['张', '王', '李', '刘', '陈', '杨', '黄', '吴', '赵', '周', '徐', '林', '汪', '于', '余',
             '章', '柳', '洪', '严', '颜', '夏', '陶', '雷', '蓝', '田', '武', '伍', '房', '闵', '方']::text[] AS surnames,
       (SELECT array_agg(c ORDER BY c) FROM bench.hchar
         WHERE c NOT IN ('张', '王', '李', '刘', '陈', '杨', '黄', '吴', '赵', '周', '徐')) AS given;

CREATE FUNCTION bench.random_name() RETURNS text LANGUAGE sql VOLATILE
    AS $$ SELECT bench.pick(surnames) || bench.pick(given) || CASE WHEN random() < 0.7 THEN bench.pick(given) ELSE '' END
          FROM bench.pool $$;

-- Traditional forms of the simplified characters above that have one.
CREATE FUNCTION bench.traditional(s text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT translate(s, '张刘陈杨黄吴赵周许汪于伟维卫丽莉娜纳静敏华话鸣芳军君红宏鸿艳燕颜岩严杰洁娟鹃刚钢兰蓝岚鑫斌滨飞龙凤锋丰雯志建剑秀修贵昭',
                                 '張劉陳楊黃吳趙周許汪於偉維衛麗莉娜納靜敏華話鳴芳軍君紅宏鴻艷燕顏巖嚴傑潔娟鵑剛鋼蘭藍嵐鑫斌濱飛龍鳳鋒豐雯誌建劍秀修貴昭') $$;

---------------------------------------------------------------------------
-- 1. Speed
---------------------------------------------------------------------------
-- N pairs: 25% the same name, 25% a homophone typo, 10% the traditional
-- form, 20% one character replaced by another, 20% another person.
CREATE UNLOGGED TABLE bench.name_pairs AS
SELECT a, CASE WHEN k < 0.25 THEN a
               WHEN k < 0.50 THEN bench.homophone_at(a, 1 + floor(random() * length(a))::int)
               WHEN k < 0.60 THEN bench.traditional(a)
               WHEN k < 0.80 THEN bench.other_at(a, 1 + floor(random() * length(a))::int)
               ELSE bench.random_name() END AS b
FROM (SELECT bench.random_name() AS a, random() AS k FROM generate_series(1, :name_pairs)) s;
VACUUM ANALYZE bench.name_pairs;
SELECT bench.set_fact('names', 'pairs', 'count', count(*)::text) FROM bench.name_pairs;

-- The Jaro–Winkler a DBA would write: characters through substr(), the
-- textbook matching window and transpositions, Winkler's prefix boost.
CREATE FUNCTION bench.jaro_winkler_plpgsql(s1 text, s2 text) RETURNS float8
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
DECLARE
    l1 int := length(s1);
    l2 int := length(s2);
    w  int;
    m  int := 0;
    t  int := 0;
    k  int := 1;
    p  int := 0;
    f1 boolean[];
    f2 boolean[];
    j  float8;
BEGIN
    IF l1 = 0 AND l2 = 0 THEN
        RETURN 1;
    ELSIF l1 = 0 OR l2 = 0 THEN
        RETURN 0;
    END IF;
    w := greatest(greatest(l1, l2) / 2 - 1, 0);
    f1 := array_fill(false, ARRAY[l1]);
    f2 := array_fill(false, ARRAY[l2]);
    FOR i IN 1 .. l1 LOOP
        FOR x IN greatest(1, i - w) .. least(l2, i + w) LOOP
            IF NOT f2[x] AND substr(s1, i, 1) = substr(s2, x, 1) THEN
                f1[i] := true;
                f2[x] := true;
                m := m + 1;
                EXIT;
            END IF;
        END LOOP;
    END LOOP;
    IF m = 0 THEN
        RETURN 0;
    END IF;
    FOR i IN 1 .. l1 LOOP
        IF f1[i] THEN
            WHILE NOT f2[k] LOOP
                k := k + 1;
            END LOOP;
            IF substr(s1, i, 1) <> substr(s2, k, 1) THEN
                t := t + 1;
            END IF;
            k := k + 1;
        END IF;
    END LOOP;
    j := (m::float8 / l1 + m::float8 / l2 + (m - t / 2)::float8 / m) / 3;
    WHILE p < 4 AND p < least(l1, l2) AND substr(s1, p + 1, 1) = substr(s2, p + 1, 1) LOOP
        p := p + 1;
    END LOOP;
    IF j > 0.7 THEN
        j := j + p * 0.1 * (1 - j);
    END IF;
    RETURN j;
END
$$;

-- The PL/pgSQL version and aidlink agree wherever folding changes nothing
-- (so the comparison is of the same measure).
DO $$
DECLARE
    bad bigint;
BEGIN
    SELECT count(*) INTO bad FROM (SELECT a, b FROM bench.name_pairs LIMIT 20000) s
    WHERE aidlink.name_fold(a) = a AND aidlink.name_fold(b) = b
      AND abs(bench.jaro_winkler_plpgsql(a, b) - aidlink.name_jaro_winkler(a, b)) > 1e-12;
    IF bad > 0 THEN
        RAISE EXCEPTION 'the PL/pgSQL Jaro-Winkler and aidlink disagree on % pairs', bad;
    END IF;
END
$$;

CHECKPOINT;
CALL bench.measure('names',
    ARRAY['scan', 'level', 'jaro_winkler', 'edit', 'levenshtein', 'trgm'],
    ARRAY['SELECT count(a || b) FROM bench.name_pairs',
          $q$SELECT count(*) FILTER (WHERE aidlink.name_comparison_level(a, b) <> 'different') FROM bench.name_pairs$q$,
          'SELECT count(*) FILTER (WHERE aidlink.name_jaro_winkler(a, b) >= 0.88) FROM bench.name_pairs',
          'SELECT count(*) FILTER (WHERE aidlink.name_edit_distance(a, b) <= 1) FROM bench.name_pairs',
          'SELECT count(*) FILTER (WHERE levenshtein(a, b) <= 1) FROM bench.name_pairs',
          'SELECT count(*) FILTER (WHERE similarity(a, b) >= 0.3) FROM bench.name_pairs'],
    :name_pairs);

-- PL/pgSQL on a subset of at most 50,000 pairs (scaled in the report), with
-- the aidlink level and the bare scan on the same subset.
CREATE UNLOGGED TABLE bench.name_pairs_subset AS
SELECT * FROM bench.name_pairs LIMIT least(:name_pairs, 50000);
CALL bench.measure('names_subset',
    ARRAY['scan', 'level', 'plpgsql_jw'],
    ARRAY['SELECT count(a || b) FROM bench.name_pairs_subset',
          $q$SELECT count(*) FILTER (WHERE aidlink.name_comparison_level(a, b) <> 'different') FROM bench.name_pairs_subset$q$,
          'SELECT count(*) FILTER (WHERE bench.jaro_winkler_plpgsql(a, b) >= 0.88) FROM bench.name_pairs_subset'],
    least(:name_pairs, 50000), warmup => false);

---------------------------------------------------------------------------
-- 2. Quality: labelled pairs, 2,000 of each kind
---------------------------------------------------------------------------
CREATE TABLE bench.name_truth AS
WITH base AS (SELECT g, bench.random_name() AS a FROM generate_series(1, 2000) g),
     two AS (SELECT g, bench.pick(surnames) || bench.pick(given) || bench.pick(given) AS a
             FROM bench.pool, generate_series(1, 2000) g)
SELECT 'a. homophone, 1 character' AS kind, true AS same_person, a,
       bench.homophone_at(a, 1 + floor(random() * length(a))::int) AS b FROM base
UNION ALL
SELECT 'b. homophone, 2 characters', true, a, bench.homophone_at(bench.homophone_at(a, 2), 3) FROM two
UNION ALL
SELECT 'c. traditional form', true, a, bench.traditional(a) FROM base WHERE bench.traditional(a) <> a
UNION ALL
SELECT 'd. traditional and homophone', true, a,
       bench.traditional(bench.homophone_at(a, 1 + floor(random() * length(a))::int)) FROM base
UNION ALL
SELECT 'e. another person: 1 character, not alike', false, a,
       bench.other_at(a, 1 + floor(random() * length(a))::int) FROM base;
-- A typo that drew the same character is no typo.
DELETE FROM bench.name_truth WHERE a = b;

CREATE TABLE bench.name_quality AS
SELECT kind, same_person, count(*) AS pairs,
       count(*) FILTER (WHERE aidlink.name_comparison_level(a, b) IN ('exact', 'variant', 'homophone')) AS aidlink_alike,
       count(*) FILTER (WHERE aidlink.name_comparison_level(a, b) <> 'different') AS aidlink_any,
       count(*) FILTER (WHERE levenshtein(a, b) <= 1) AS levenshtein_1,
       count(*) FILTER (WHERE similarity(a, b) >= 0.3) AS trgm_03,
       count(*) FILTER (WHERE bench.jaro_winkler_plpgsql(a, b) >= 0.88) AS plpgsql_jw_088,
       count(*) FILTER (WHERE soundex(a) = soundex(b)) AS soundex_equal,
       count(*) FILTER (WHERE dmetaphone(a) = dmetaphone(b)) AS dmetaphone_equal
FROM bench.name_truth GROUP BY kind, same_person;

-- bench.report() calls this when it exists: the rows of section f.
CREATE FUNCTION bench.report_names()
    RETURNS TABLE (benchmark text, variant text, value text, other text, ratio text, target text, result text, notes text)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
DECLARE
    n      bigint := (SELECT value::bigint FROM bench.fact WHERE section = 'names' AND label = 'pairs' AND name = 'count');
    scan   float8 := bench.best_ms('names', 'scan');
    lvl    float8 := bench.best_ms('names', 'level');
    t      float8;
    lbl    text;
    what   text;
    q      record;
BEGIN
    IF lvl IS NULL THEN
        RETURN;
    END IF;
    FOR lbl, what IN VALUES ('scan', 'bare scan: count(a || b)'),
                            ('level', 'aidlink.name_comparison_level'),
                            ('jaro_winkler', 'aidlink.name_jaro_winkler >= 0.88'),
                            ('edit', 'aidlink.name_edit_distance <= 1'),
                            ('levenshtein', 'fuzzystrmatch levenshtein <= 1'),
                            ('trgm', 'pg_trgm similarity >= 0.3') LOOP
        t := bench.best_ms('names', lbl);
        RETURN QUERY SELECT 'f. names, N pairs', what, bench.fmt_ms(t), bench.other_ms('names', lbl),
            CASE WHEN lbl = 'scan' THEN '' ELSE bench.fmt_x(t / lvl) || ' of level' END, '', '',
            CASE WHEN lbl = 'scan' THEN format('%s pairs', n)
                 ELSE format('%s ns per pair over the scan; matches: %s', round(((t - scan) * 1e6 / n)::numeric),
                             (SELECT answer FROM bench.best WHERE section = 'names' AND label = lbl)) END;
    END LOOP;
    SELECT * INTO q FROM bench.best WHERE section = 'names_subset' AND label = 'plpgsql_jw';
    IF q.ms IS NOT NULL THEN
        t := bench.best_ms('names_subset', 'level');
        RETURN QUERY SELECT 'f. names, N pairs', 'PL/pgSQL Jaro-Winkler >= 0.88', bench.fmt_ms(q.ms * n / q.nrows), '',
            bench.fmt_x(q.ms / t) || ' of level', '', '',
            format('measured on %s pairs (%s; level %s, scan %s) and scaled; matches: %s of %s',
                   q.nrows, bench.fmt_ms(q.ms), bench.fmt_ms(t), bench.fmt_ms(bench.best_ms('names_subset', 'scan')),
                   q.answer, q.nrows);
    END IF;
    FOR q IN SELECT * FROM bench.name_quality ORDER BY kind LOOP
        RETURN QUERY SELECT 'g. names, pairs called a match', q.kind, format('%s pairs', q.pairs), '', '', '', '',
            format('aidlink alike (exact/variant/homophone) %s, aidlink any level but different %s, levenshtein<=1 %s, trgm>=0.3 %s, PL/pgSQL JW>=0.88 %s, soundex %s, dmetaphone %s',
                   q.aidlink_alike, q.aidlink_any, q.levenshtein_1, q.trgm_03, q.plpgsql_jw_088,
                   q.soundex_equal, q.dmetaphone_equal);
    END LOOP;
END
$$;
