-- 04_names.sql — the name comparators: what the catalogue promises about
-- them, and how they behave (known pairs, and properties over a generated
-- set of names).  Run with pg_prove in a fresh database.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;

BEGIN;
CREATE EXTENSION fuzzystrmatch;   -- what a DBA has without aidlink (rolled back)
SELECT plan(111);

---------------------------------------------------------------------------
-- Catalogue: every function exists with its result type, is IMMUTABLE,
-- STRICT, PARALLEL SAFE and has a comment (8 functions x 6 tests)
---------------------------------------------------------------------------
CREATE TEMP TABLE names_api (fn name, args name[], ret text) ON COMMIT DROP;
INSERT INTO names_api VALUES
    ('name_fold', '{text}', 'text'),
    ('name_pinyin', '{text}', 'text'),
    ('name_surname', '{text}', 'text'),
    ('name_given', '{text}', 'text'),
    ('name_jaro_winkler', '{text,text}', 'double precision'),
    ('name_edit_distance', '{text,text}', 'integer'),
    ('name_sounds_alike', '{text,text}', 'boolean'),
    ('name_comparison_level', '{text,text,double precision}', 'text');

SELECT has_function('aidlink', fn, args, format('aidlink.%s(%s) exists', fn, array_to_string(args, ', ')))
  FROM names_api;
SELECT function_returns('aidlink', fn, args, ret,
                        format('aidlink.%s(%s) returns %s', fn, array_to_string(args, ', '), ret))
  FROM names_api;
SELECT volatility_is('aidlink', fn, args, 'immutable',
                     format('aidlink.%s(%s) is IMMUTABLE', fn, array_to_string(args, ', ')))
  FROM names_api;
SELECT is_strict('aidlink', fn, args, format('aidlink.%s(%s) is STRICT', fn, array_to_string(args, ', ')))
  FROM names_api;
SELECT is(p.proparallel::text, 's', format('aidlink.%s(%s) is PARALLEL SAFE', fn, array_to_string(args, ', ')))
  FROM names_api a
  JOIN pg_catalog.pg_proc p ON p.proname = a.fn AND p.pronamespace = 'aidlink'::regnamespace
   AND p.proargtypes = array_to_string(a.args::regtype[]::oid[], ' ')::oidvector;
SELECT ok(length(obj_description(p.oid, 'pg_proc')) > 40,
          format('aidlink.%s(%s) has a comment', fn, array_to_string(args, ', ')))
  FROM names_api a
  JOIN pg_catalog.pg_proc p ON p.proname = a.fn AND p.pronamespace = 'aidlink'::regnamespace
   AND p.proargtypes = array_to_string(a.args::regtype[]::oid[], ' ')::oidvector;

SELECT is((SELECT pg_get_expr(p.proargdefaults, 0) FROM pg_catalog.pg_proc p
            WHERE p.oid = 'aidlink.name_comparison_level(text, text, float8)'::regprocedure),
          '0.88', 'name_comparison_level: similar_at defaults to 0.88');
SELECT is((SELECT array_to_string(proargnames, ',') FROM pg_catalog.pg_proc p
            WHERE p.oid = 'aidlink.name_comparison_level(text, text, float8)'::regprocedure),
          'a,b,similar_at', 'name_comparison_level: arguments a, b, similar_at');

---------------------------------------------------------------------------
-- Known pairs
---------------------------------------------------------------------------
-- Homophones: the typo of a pinyin input method
SELECT is(name_comparison_level(a, b), 'homophone', format('%s / %s: homophone', a, b))
  FROM (VALUES ('张伟', '章伟'), ('李娜', '李那'), ('王丽', '王莉'), ('刘德华', '刘德化'),
               ('陈静', '陈晶'), ('杨洋', '杨阳'), ('張偉', '章伟')) t(a, b);
SELECT ok(name_sounds_alike(a, b), format('%s / %s sound alike', a, b))
  FROM (VALUES ('张伟', '章伟'), ('李娜', '李那'), ('王丽', '王莉'), ('曾伟', '层伟'), ('单伟', '山伟')) t(a, b);
SELECT ok(NOT name_sounds_alike(a, b), format('%s / %s do not sound alike', a, b))
  FROM (VALUES ('张伟', '李伟'), ('张伟', '张伟伟'), ('王丽', '黄丽')) t(a, b);

-- Variants: traditional and simplified, width, spaces, separators
SELECT is(name_comparison_level(a, b), 'variant', format('%s / %s: variant', a, b))
  FROM (VALUES ('劉德華', '刘德华'), ('陳小明', '陈小明'), ('張學友', '张学友'), ('歐陽娜娜', '欧阳娜娜'),
               ('张 伟', '张伟'), ('ＷＡＮＧ　Ｆａｎｇ', 'wang fang'),
               ('阿依古丽•买买提', '阿依古丽·买买提'), ('阿依古丽.买买提', '阿依古丽・买买提')) t(a, b);
SELECT is(name_fold('劉德華'), '刘德华', 'name_fold simplifies 劉德華');

-- The other levels
SELECT is(name_comparison_level(a, b), lvl, format('%s / %s: %s', a, b, lvl))
  FROM (VALUES ('张伟', '张伟', 'exact'), (' 张伟 ', '张伟', 'exact'),
               ('张伟', '李伟', 'one_edit'), ('张伟', '伟张', 'one_edit'), ('欧阳娜娜', '欧阳娜', 'one_edit'),
               ('欧阳娜娜娜', '欧阳娜', 'similar'), ('张伟', '李娜', 'different')) t(a, b, lvl);
SELECT is(name_comparison_level(a, b), NULL, format('%L / %L: NULL', a, b))
  FROM (VALUES (NULL, '张伟'), ('', '张伟'), ('  ', '张伟'), ('张伟', NULL)) t(a, b);

-- Surnames
SELECT is(name_surname(n), s, format('surname of %s is %s', n, coalesce(s, 'NULL')))
  FROM (VALUES ('欧阳娜娜', '欧阳'), ('司马光', '司马'), ('诸葛亮', '诸葛'), ('上官婉儿', '上官'),
               ('张伟', '张'), ('阿依古丽·买买提', NULL)) t(n, s);

-- What a DBA has without aidlink fails on these names (the reason for it)
SELECT is(soundex('张伟'), '', 'soundex() of a Chinese name is empty');
SELECT is(dmetaphone('张伟'), '', 'dmetaphone() of a Chinese name is empty');

---------------------------------------------------------------------------
-- Properties over a generated set: 60 surnames x 50 given names, with a
-- homophone, a traditional form and a one-character change of each
---------------------------------------------------------------------------
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT s || g AS name
  FROM unnest(string_to_array('王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 欧阳 司马 诸葛 上官 皇甫 尉迟 公孙 慕容 令狐 单', ' ')) s,
       unnest(string_to_array('伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 华 建华 志强 小红 婷 玉兰 浩 宇 子涵 欣怡 梓萱 一诺 晨 阳 雪 琳 鑫 斌 丹 萍 飞 龙 凤 燕 红 文 博', ' ')) g;

CREATE TEMP TABLE gpairs ON COMMIT DROP AS
SELECT a.name AS a, b.name AS b
  FROM (SELECT name, row_number() OVER (ORDER BY name) r FROM gen) a
  JOIN (SELECT name, row_number() OVER (ORDER BY md5(name)) r FROM gen) b ON a.r = b.r
UNION ALL
SELECT name, translate(name, '张李王刘陈丽伟芳', '章里汪流晨莉位方') FROM gen
UNION ALL
SELECT name, translate(name, '张刘陈华红龙凤飞', '張劉陳華紅龍鳳飛') FROM gen
UNION ALL
SELECT name, left(name, -1) || '某' FROM gen;

SELECT cmp_ok((SELECT count(*) FROM gpairs), '>=', 12000::bigint, 'generated at least 12,000 pairs');
SELECT is_empty($$ SELECT a, b FROM gpairs WHERE name_jaro_winkler(a, b) <> name_jaro_winkler(b, a) $$,
                'Jaro-Winkler is symmetric');
SELECT is_empty($$ SELECT a, b FROM gpairs WHERE name_edit_distance(a, b) <> name_edit_distance(b, a) $$,
                'the edit distance is symmetric');
SELECT is_empty($$ SELECT a, b FROM gpairs WHERE name_comparison_level(a, b) <> name_comparison_level(b, a) $$,
                'the comparison level is symmetric');
SELECT is_empty($$ SELECT a, b FROM gpairs WHERE name_sounds_alike(a, b) <> name_sounds_alike(b, a) $$,
                'sounding alike is symmetric');
SELECT is_empty($$ SELECT a FROM gpairs WHERE name_edit_distance(a, a) <> 0 OR name_jaro_winkler(a, a) <> 1
                   OR name_comparison_level(a, a) <> 'exact' $$,
                'a name against itself: distance 0, similarity 1, exact');
SELECT is_empty($$ SELECT a, b FROM gpairs WHERE name_jaro_winkler(a, b) NOT BETWEEN 0 AND 1 $$,
                'Jaro-Winkler lies between 0 and 1');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE (name_comparison_level(a, b) IN ('exact', 'variant')) <> (name_edit_distance(a, b) = 0) $$,
                'exact or variant exactly when the folded names are equal');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE name_comparison_level(a, b) = 'one_edit' AND name_edit_distance(a, b) <> 1 $$,
                'one_edit means edit distance 1');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE name_edit_distance(a, b) = 1
                      AND name_comparison_level(a, b) NOT IN ('homophone', 'one_edit') $$,
                'edit distance 1 is a homophone or one_edit');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE (name_comparison_level(a, b) = 'homophone')
                          <> (name_sounds_alike(a, b) AND name_fold(a) <> name_fold(b)) $$,
                'homophone exactly when the names sound alike and are not equal once folded');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE name_comparison_level(a, b) = 'similar' AND name_jaro_winkler(a, b) < 0.88 $$,
                'similar means Jaro-Winkler at least 0.88');
SELECT is_empty($$ SELECT a, b FROM gpairs
                    WHERE name_comparison_level(a, b) = 'different'
                      AND (name_jaro_winkler(a, b) >= 0.88 OR name_edit_distance(a, b) <= 1
                           OR name_sounds_alike(a, b)) $$,
                'different means none of the above');
SELECT is_empty($$ SELECT a FROM gpairs WHERE name_fold(name_fold(a)) <> name_fold(a) $$,
                'folding is idempotent');
SELECT is_empty($$ SELECT a FROM gpairs WHERE name_surname(a) || name_given(a) <> name_fold(a) $$,
                'surname and given name make up the folded name');
SELECT is((SELECT count(*) FROM gen WHERE name_surname(name) IN ('欧阳', '司马', '诸葛', '上官', '皇甫', '尉迟', '公孙', '慕容', '令狐')),
          9 * 50::bigint, 'every compound surname of the set is split as one');
SELECT is((SELECT count(*) FROM gen g, LATERAL (SELECT name_pinyin(g.name) p) x
            WHERE p ~ '^[a-zü]+( [a-zü]+)*$'
              AND array_length(string_to_array(p, ' '), 1) = length(g.name)),
          (SELECT count(*) FROM gen), 'every generated name has one pinyin syllable per character');
SELECT is((SELECT count(*) FROM gpairs p WHERE p.b = translate(p.a, '张李王刘陈丽伟芳', '章里汪流晨莉位方')
             AND p.a <> p.b AND name_comparison_level(p.a, p.b) <> 'homophone'),
          0::bigint, 'every homophone typo of the set is found as a homophone');

SELECT * FROM finish();
ROLLBACK;
