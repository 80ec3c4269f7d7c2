--
-- Chinese names: folding, pinyin, surnames, comparators and comparison levels.
--
SET search_path = public, aidlink;
SET extra_float_digits = 0;

-- Folding: trimming, inner spaces, full-width, traditional, separators, case
SELECT v AS input, name_fold(v) AS folded, length(name_fold(v)) AS chars
FROM (VALUES ('张伟'), (E'  劉德華　\t'), ('陳 小 明'), ('張學友'), ('歐陽娜娜'),
             ('ＺＨＡＮＧ　Ｗｅｉ'), ('Zhang Wei'), ('ÉLODIE'), ('阿依古丽·买买提'),
             ('阿依古丽•买买提'), ('阿依古丽・买买提'), ('阿依古丽．买买提'), ('阿依古丽.买买提'),
             ('阿依古丽 · · 买买提·'), ('·张伟'), (E'张\u200B伟\u00AD'), (E'\uFEFF王芳'),
             (E'\uF9D1'), ('乾隆'), ('于'), ('於'), (''), ('   '), (' · ')) t(v);

-- Pinyin: customary reading, the surname's own reading, ü, other characters
SELECT v AS input, name_pinyin(v) AS pinyin
FROM (VALUES ('张伟'), ('劉德華'), ('曾伟'), ('曾经'), ('单田芳'), ('简单'), ('解放'),
             ('仇英'), ('区志强'), ('查良镛'), ('朴槿惠'), ('长孙无忌'), ('尉迟恭'), ('单于夜'),
             ('吕布'), ('女娲'), ('阿依古丽·买买提'), ('张A伟'), ('Zhang Wei'), ('王〇'),
             (''), (' ')) t(v);

-- Surname and given name: single, compound (simplified or traditional), minority, Latin
SELECT v AS input, name_surname(v) AS surname, name_given(v) AS given
FROM (VALUES ('张伟'), ('王小明'), ('欧阳娜娜'), ('歐陽娜娜'), ('司马光'), ('诸葛亮'),
             ('上官婉儿'), ('皇甫嵩'), ('慕容复'), ('令狐冲'), ('东方不败'), ('欧阳'),
             ('张'), ('阿依古丽·买买提'), ('约翰·史密斯'), ('Zhang Wei'), ('ZHANG伟'),
             (''), ('  ')) t(v);

-- Jaro-Winkler and edit distance over characters (folded); NULL for an empty name
SELECT a, b, round(name_jaro_winkler(a, b)::numeric, 4) AS jaro_winkler,
       name_edit_distance(a, b) AS edits
FROM (VALUES ('张伟', '张伟'), ('张伟', '章伟'), ('张伟', '伟张'), ('张伟', '张小伟'),
             ('张伟', '李娜'), ('劉德華', '刘德华'), ('欧阳娜娜', '欧阳娜'),
             ('阿依古丽·买买提', '阿依古丽买买提'), ('MARTHA', 'MARHTA'), ('DWAYNE', 'DUANE'),
             ('DIXON', 'DICKSONX'), ('ca', 'abc'), ('kitten', 'sitting'),
             ('张伟', ''), ('', ''), (' ', '张伟')) t(a, b);

-- Symmetry on the same pairs
SELECT bool_and(name_jaro_winkler(a, b) = name_jaro_winkler(b, a)) AS jw_symmetric,
       bool_and(name_edit_distance(a, b) = name_edit_distance(b, a)) AS dl_symmetric,
       bool_and(name_comparison_level(a, b) = name_comparison_level(b, a)) AS level_symmetric
FROM (VALUES ('张伟', '章伟'), ('张伟', '伟张'), ('MARTHA', 'MARHTA'), ('DIXON', 'DICKSONX'),
             ('阿依古丽·买买提', '阿依古丽买提'), ('ab', 'ba')) t(a, b);

-- Homophones: the typo of a pinyin input method
SELECT a, b, name_sounds_alike(a, b) AS sounds_alike
FROM (VALUES ('张伟', '章伟'), ('李娜', '李那'), ('王丽', '王莉'), ('刘德华', '刘德化'),
             ('張偉', '章伟'), ('曾伟', '层伟'), ('单伟', '山伟'), ('吕布', '旅布'),
             ('张伟', '张伟'), ('张伟', '李伟'), ('张伟', '张伟伟'), ('张伟', '')) t(a, b);

-- Every level, in order, and NULL
SELECT a, b, name_comparison_level(a, b) AS level
FROM (VALUES ('张伟', '张伟'), (' 张伟　', '张伟'), ('劉德華', '刘德华'), ('张 伟', '张伟'),
             ('ＺＨＡＮＧ', 'zhang'), ('阿依古丽•买买提', '阿依古丽·买买提'),
             ('张伟', '章伟'), ('李娜', '李那'), ('王丽', '王莉'), ('張偉', '章伟'),
             ('张伟', '李伟'), ('张伟', '张小伟'), ('张伟', '伟张'), ('欧阳娜娜', '欧阳娜'),
             ('欧阳娜娜娜', '欧阳娜'), ('阿依古丽·买买提', '阿依古丽·买买提江'),
             ('张伟', '李娜'), ('', '张伟'), ('   ', '张伟'), ('·', '·'),
             ('张伟', NULL), (NULL, NULL)) t(a, b);

-- The threshold of "similar"
SELECT name_jaro_winkler('欧阳娜娜娜', '欧阳娜') AS jw,
       name_comparison_level('欧阳娜娜娜', '欧阳娜') AS at_default,
       name_comparison_level('欧阳娜娜娜', '欧阳娜', 0.95) AS at_095,
       name_comparison_level('欧阳娜娜娜', '欧阳娜', 0.0) AS at_0,
       name_comparison_level('张伟', '李娜', 0.0) AS nothing_common_at_0,
       name_comparison_level('欧阳娜娜娜', '欧阳娜', NULL) AS at_null;

-- NULL in, NULL out
SELECT name_fold(NULL) IS NULL AS fold, name_pinyin(NULL) IS NULL AS pinyin,
       name_surname(NULL) IS NULL AS surname, name_given(NULL) IS NULL AS given,
       name_jaro_winkler(NULL, 'a') IS NULL AS jw, name_edit_distance('a', NULL) IS NULL AS dl,
       name_sounds_alike(NULL, NULL) IS NULL AS sounds, name_comparison_level(NULL, 'a') IS NULL AS level;

-- Very long names: levels in linear time; the edit distance has a limit
SELECT name_comparison_level(repeat('张', 100000), repeat('张', 100000)) AS same,
       name_comparison_level(repeat('张', 100000), repeat('張', 100000)) AS traditional,
       name_comparison_level(repeat('张', 100000), repeat('张', 50000) || '章' || repeat('张', 49999)) AS homophone,
       name_comparison_level(repeat('张', 100000), repeat('张', 50000) || '李' || repeat('张', 49999)) AS one_edit,
       name_comparison_level(repeat('张', 100000), repeat('张李', 50000)) AS different,
       round(name_jaro_winkler(repeat('张', 100000), repeat('张', 99990))::numeric, 6) AS jw,
       name_edit_distance(repeat('张伟', 5000), repeat('伟张', 5000)) AS dl_10000,
       length(name_fold(repeat(' 劉 ', 100000))) AS folded_chars,
       length(name_pinyin(repeat('张', 100000))) AS pinyin_chars;

-- Errors: the edit distance limit, a threshold out of range
\x on
SELECT call, (try(call)).*
FROM (VALUES ($$SELECT aidlink.name_edit_distance(repeat('张', 10001), '张')$$),
             ($$SELECT aidlink.name_comparison_level('a', 'b', 1.5)$$),
             ($$SELECT aidlink.name_comparison_level('a', 'b', -0.1)$$),
             ($$SELECT aidlink.name_comparison_level('a', 'b', 'NaN')$$)) t(call);
\x off

-- In a table: the levels of a department's names against the population's
CREATE TEMP TABLE pairs (dept text, pop text);
INSERT INTO pairs VALUES ('章伟', '张伟'), ('劉德華', '刘德华'), ('王莉', '王丽'), ('李娜娜', '李娜'),
    ('欧阳娜', '欧阳娜娜'), ('赵敏', '周芷若'), (NULL, '张三'), ('', '李四');
SELECT name_comparison_level(dept, pop) AS level, count(*)
FROM pairs GROUP BY 1 ORDER BY min(coalesce(name_comparison_level(dept, pop), 'zz'));

-- An EUC_CN database: input and output go through the conversion
SET client_min_messages = warning;
DROP DATABASE IF EXISTS aidlink_names_euc_cn;
CREATE DATABASE aidlink_names_euc_cn ENCODING 'EUC_CN' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C';
\c aidlink_names_euc_cn
SET client_encoding = UTF8;
SET client_min_messages = warning;
CREATE EXTENSION aidlink;
SET search_path = public, aidlink;
SELECT name_fold(' 欧阳 娜娜 ') AS folded, name_pinyin('张伟') AS pinyin, name_surname('欧阳娜娜') AS surname,
       name_given('欧阳娜娜') AS given, name_comparison_level('张伟', '章伟') AS level,
       name_fold('阿依古丽・买买提') AS minority, name_pinyin('阿依古丽・买买提') AS minority_pinyin,
       name_fold('ＷＡＮＧ') AS full_width;
\c contrib_regression
DROP DATABASE aidlink_names_euc_cn;

-- A SQL_ASCII database stores any bytes: text that is not UTF-8 is an error
-- that points at the byte (a UTF-8 database never holds such text)
SET client_min_messages = warning;
DROP DATABASE IF EXISTS aidlink_names_sql_ascii;
CREATE DATABASE aidlink_names_sql_ascii ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C';
\c aidlink_names_sql_ascii
SET client_min_messages = warning;
CREATE EXTENSION aidlink;
SET search_path = public, aidlink;
CREATE FUNCTION public.try(stmt text,
    OUT state text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    state := '00000';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;
SELECT name_comparison_level('张伟', '章伟') AS valid_utf8, name_fold(' 劉德華 ') AS folded;
\x on
SELECT call, (try(call)).*
FROM (VALUES ($$SELECT aidlink.name_fold(E'\xe5\xbc\xa0\xff')$$),
             ($$SELECT aidlink.name_comparison_level('ab', E'A\xc0\xaf')$$),
             ($$SELECT aidlink.name_jaro_winkler(E'\xe5\xbc', 'a')$$),
             ($$SELECT aidlink.name_sounds_alike('a', E'\xed\xa0\x80')$$),
             ($$SELECT aidlink.name_edit_distance('a', E'\xf4\x90\x80\x80')$$),
             ($$SELECT aidlink.name_pinyin(E'\x80')$$),
             ($$SELECT aidlink.name_surname(E'\xff')$$),
             ($$SELECT aidlink.name_given(E'ok\xff')$$)) t(call);
\x off
\c contrib_regression
DROP DATABASE aidlink_names_sql_ascii;
