-- demo/city/generate.sql — a deterministic synthetic city with ground truth.
--
--   psql -f demo/city/generate.sql                 -- defines schema city_gen
--   SELECT * FROM city_gen.generate(1, 100000);    -- (re)creates city and city_truth
--
-- Needs CREATE EXTENSION aidlink first.  city_gen.generate(seed, people)
-- drops and recreates two schemas:
--   city        the reference population (household_register, 户籍) and 11
--               departmental tables, each with its own columns and its own dirt
--   city_truth  who every row really is (person, household, row_truth), the
--               dirt rates each table was made with (dirt_rates), and a
--               catalogue of the tables' columns (sources)
-- See demo/city/README.md for the tables, the dirt kinds and their rates.
--
-- Everything is a function of (seed, people): every value comes from
-- hashint8extended() of a key (a household, person or row number) with a
-- seed-derived salt, never from random(), and every row key is computed, not
-- drawn from a sequence, so the same seed and size give byte-identical tables
-- whatever the plan (parallel or not) and the physical order.  Floating-point
-- functions (ln, exp, cos) are used only for counts and amounts; they are
-- deterministic on one platform.

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS city_gen CASCADE;
CREATE SCHEMA city_gen;
COMMENT ON SCHEMA city_gen IS 'Generator of the synthetic city (demo/city/generate.sql): lists, wheels, dirt functions and city_gen.generate(seed, people)';

-----------------------------------------------------------------------------
-- Pseudo-randomness: a uniform double in [0,1) and an integer in [0,n)
-- from a key and a salt.  Inlinable SQL, parallel safe.
-----------------------------------------------------------------------------
CREATE FUNCTION city_gen.u(k bigint, salt bigint) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ((hashint8extended(k, salt) >> 11) & 9007199254740991)::double precision * 1.1102230246251565e-16::double precision $$;
CREATE FUNCTION city_gen.r(k bigint, salt bigint, n bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (hashint8extended(k, salt) & 9223372036854775807) % n $$;
-- pick one element of a small array
CREATE FUNCTION city_gen.pick(k bigint, salt bigint, a text[]) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT a[1 + (hashint8extended(k, salt) & 9223372036854775807) % cardinality(a)] $$;
-- a standard normal deviate (Box-Muller) from a key
CREATE FUNCTION city_gen.z(k bigint, salt bigint) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT sqrt(-2.0 * ln(1.0 - city_gen.u(k, salt))) * cos(2.0 * pi() * city_gen.u(k, salt + 1)) $$;

-----------------------------------------------------------------------------
-- Weighted lists become "wheels": 10,000 (or 100,000) numbered slots, each
-- item holding a share of slots proportional to its weight; a row picks a
-- slot with city_gen.r() and joins the wheel (a hash join with a small table).
-----------------------------------------------------------------------------
-- Each wheel has a number (wid); a slot's key is wid * 100000 + slot, so a
-- lookup is a hash join on one integer.
CREATE TABLE city_gen.wheel (
    wheel text NOT NULL,
    wid   int  NOT NULL,
    slot  int  NOT NULL CHECK (slot BETWEEN 0 AND 99999),
    k     int  NOT NULL PRIMARY KEY,
    v     text NOT NULL
);
CREATE FUNCTION city_gen.add_wheel(p_wheel text, p_wid int, p_slots int, p_items text[], p_weights double precision[])
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE missing text;
BEGIN
    INSERT INTO city_gen.wheel (wheel, wid, slot, k, v)
    SELECT p_wheel, p_wid, s, p_wid * 100000 + s, item
    FROM (SELECT item,
                 round(coalesce(sum(w) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
                       / sum(w) OVER () * p_slots)::int AS lo,
                 round(sum(w) OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                       / sum(w) OVER () * p_slots)::int AS hi
          FROM unnest(p_items, p_weights) WITH ORDINALITY AS t(item, w, i)) x,
         generate_series(x.lo, x.hi - 1) AS s;
    SELECT string_agg(i, ' ') INTO missing FROM unnest(p_items) i
    WHERE NOT EXISTS (SELECT 1 FROM city_gen.wheel w WHERE w.wheel = p_wheel AND w.v = i);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'wheel %: items with no slot (weight too small): %', p_wheel, missing;
    END IF;
END $$;
-- Zipf-like weights for a ranked list: 1/(rank+4)
CREATE FUNCTION city_gen.zipf(n int) RETURNS double precision[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT array_agg(1.0 / (i + 4) ORDER BY i) FROM generate_series(1, n) i $$;
CREATE FUNCTION city_gen.chars(s text) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT regexp_split_to_array(s, '') $$;

-----------------------------------------------------------------------------
-- Surnames: ~115, weights per mille (rough national frequencies and rough
-- Guangdong ones: 陈 林 黄 梁 何 are far commoner in Guangdong), including
-- compound surnames.  Local and Guangdong households draw from w_gd, others
-- from w_cn.
-----------------------------------------------------------------------------
CREATE TABLE city_gen.surname (surname text PRIMARY KEY, w_cn double precision, w_gd double precision);
INSERT INTO city_gen.surname VALUES
('王',71,25),('李',70,66),('张',64,45),('刘',52,35),('陈',46,90),('杨',31,22),('黄',22,60),('赵',21,5),
('吴',20,30),('周',19,15),('徐',15,8),('孙',15,4),('马',14,8),('朱',13,10),('胡',13,12),('郭',11,13),
('何',11,28),('林',10,40),('高',10,9),('罗',9,20),('郑',8,18),('梁',8,45),('谢',8,16),('宋',7,3),
('唐',7,8),('许',7,10),('韩',7,2),('冯',7,15),('邓',6.6,16),('曹',6,3),('彭',6,7),('曾',6,14),
('肖',6,4),('萧',1,8),('田',5,1),('董',5,2),('袁',5,4),('潘',5,7),('于',5,1),('蒋',5,2),('蔡',5,9),
('余',5,8),('杜',4,3),('叶',4,14),('程',4,2),('苏',4,6),('魏',4,2),('吕',4,2),('丁',4,2),('任',4,2),
('沈',4,2),('姚',4,3),('卢',4,10),('姜',4,1),('崔',4,1),('钟',4,12),('谭',4,8),('陆',4,3),('汪',3,1),
('范',3,3),('金',3,1),('石',3,2),('廖',3,9),('贾',3,1),('夏',3,2),('韦',3,3),('付',3,1),('方',3,4),
('白',3,1),('邹',3,4),('孟',3,1),('熊',3,2),('秦',3,1),('邱',3,5),('江',3,4),('尹',2.5,1),('薛',2.5,1),
('闫',2.5,0.5),('段',2.5,0.5),('雷',2.5,1),('侯',2.5,1),('龙',2.5,1),('史',2.5,0.5),('陶',2.3,1),
('黎',2.3,5),('贺',2.2,1),('顾',2.2,1),('毛',2.2,1),('郝',2.1,0.3),('龚',2,1),('邵',2,1),('万',2,1),
('钱',1.9,0.5),('严',1.9,1),('覃',1.8,1),('武',1.8,0.3),('戴',1.8,1),('莫',1.8,5),('孔',1.7,1),
('向',1.7,0.5),('汤',1.7,1),('阮',0.5,2),('伍',1,4),('甘',0.8,2),('古',0.5,2),('区',0.1,3),
('庄',1.2,2),('赖',1.2,3),('欧阳',0.6,2),('司徒',0.1,1),('司马',0.1,0.1),('诸葛',0.05,0.05),
('上官',0.1,0.1),('东方',0.05,0.05);

-- Given names.  A share of people carry one of the popular given names of
-- their generation and sex (so 张伟, 王芳, 李娜, 王秀英 repeat many times:
-- what term-frequency adjustment is for); the others get one or two
-- characters drawn from weighted character lists.  era 0: born before 1960,
-- 1: 1960-1989, 2: 1990 on.
CREATE TABLE city_gen.given_popular (sex text, era int, names text);
INSERT INTO city_gen.given_popular VALUES
('M',0,'建国 建华 国华 国强 志强 德明 振华 永明 文华 玉明 国庆 建军 金山 树林 长生 明 华 军 福生 德华'),
('M',1,'伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 志强 建华 海涛 晓东 小龙 俊 峰 亮 文 东'),
('M',2,'浩然 子轩 宇轩 浩宇 俊杰 梓豪 宇航 子豪 浩 宇 博文 一鸣 皓轩 子涵 睿 晨 鑫 杰 俊熙 梓睿'),
('F',0,'秀英 桂英 秀兰 玉兰 桂兰 秀珍 凤英 玉珍 玉英 兰英 淑珍 秀云 桂芳 玉梅 秀芳 桂珍 淑英 凤兰 玉华 素珍'),
('F',1,'芳 娜 敏 静 丽 艳 燕 娟 霞 玲 红 梅 莉 婷 雪 丽娟 艳红 晓燕 春梅 海燕 红霞 丽华 秀英'),
('F',2,'欣怡 梓涵 诗涵 雨涵 子涵 一诺 可馨 思琪 佳怡 雨欣 婷 琳 欣 怡 悦 萱 雪 颖 晨曦 梦琪');
CREATE TABLE city_gen.given_chars (sex text, part text, chars text);
INSERT INTO city_gen.given_chars VALUES
('M','single','伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建亮成峰东锋彬坤毅晨博文海江松清兵雷'),
('M','first', '志建俊文国明永伟晓海子宇浩家嘉振立金德天世承思一梓博鸿君卫兴少春新小光锦展炜泽宏'),
('M','second','华明强军杰涛斌辉峰龙平东林鹏飞宇轩豪博成勇伟刚文荣贤良生辰然航涵铭翔彬坤超'),
('F','single','芳娜敏静丽艳燕娟霞玲红梅莉婷雪琳晶慧洁萍丹颖倩佳琴云英兰凤玉'),
('F','first', '秀玉丽美晓春雪婷静佳欣雨诗梦思淑慧海艳金桂凤小紫可嘉若子月'),
('F','second','英兰芳华珍梅玲娟燕霞婷琳怡涵琪颖蓉丹萍红莹娜妍萱雯倩琴洁敏霏');
-- Uyghur names (households from Xinjiang): given name · father's name
CREATE TABLE city_gen.minority_names (part text, names text);
INSERT INTO city_gen.minority_names VALUES
('M','买买提 艾力 阿不都 艾尔肯 吐尔逊 努尔 阿迪力 伊力哈木 热合曼 亚森'),
('F','阿依古丽 古丽娜尔 帕提古丽 热依拉 迪丽努尔 阿依努尔 米娜 再努尔'),
('father','艾力 吐尔逊 阿不都 买买提 热合曼 亚森 吾斯曼 司马义 艾买提 尼亚孜');

-- Where numbers were issued: Zhongshan, nearby Guangdong counties, and the
-- provinces Zhongshan's migrants come from (grp: zs, gd, other, xj).
CREATE TABLE city_gen.region (code text PRIMARY KEY, name text, grp text, w double precision);
INSERT INTO city_gen.region VALUES
('442000','广东省中山市','zs',62),('440604','广东省佛山市禅城区','gd',4),('441900','广东省东莞市','gd',4),
('440103','广东省广州市荔湾区','gd',2),('440305','广东省深圳市南山区','gd',1),('440402','广东省珠海市香洲区','gd',1.5),
('440703','广东省江门市蓬江区','gd',2),('445102','广东省潮州市湘桥区','gd',1),('441402','广东省梅州市梅江区','gd',1.5),
('440803','广东省湛江市霞山区','gd',1.5),('430104','湖南省长沙市岳麓区','other',2.5),('431121','湖南省永州市祁阳县','other',2),
('450102','广西壮族自治区南宁市兴宁区','other',2),('450821','广西壮族自治区贵港市平南县','other',2),
('360102','江西省南昌市东湖区','other',1.5),('360732','江西省赣州市兴国县','other',1.5),
('510104','四川省成都市锦江区','other',1.5),('511321','四川省南充市南部县','other',1.5),
('410105','河南省郑州市金水区','other',1.5),('411326','河南省南阳市淅川县','other',1),
('420106','湖北省武汉市武昌区','other',1),('421181','湖北省黄冈市麻城市','other',1),
('350102','福建省福州市鼓楼区','other',0.5),('520102','贵州省贵阳市南明区','other',1),
('530102','云南省昆明市五华区','other',0.5),('220102','吉林省长春市南关区','other',0.3),
('610113','陕西省西安市雁塔区','other',0.3),('130102','河北省石家庄市长安区','other',0.3),
('650102','新疆维吾尔自治区乌鲁木齐市天山区','xj',0.2),('653101','新疆维吾尔自治区喀什市','xj',0.2);

-- Zhongshan's towns and subdistricts (weights roughly by population) and roads
CREATE TABLE city_gen.town (town text PRIMARY KEY, w double precision);
INSERT INTO city_gen.town VALUES
('石岐街道',6),('东区街道',5),('西区街道',4),('南区街道',2.5),('火炬开发区',9),('五桂山街道',1),('小榄镇',10),
('古镇镇',5),('横栏镇',4.5),('东凤镇',4),('南头镇',3),('黄圃镇',3),('阜沙镇',1.5),('港口镇',3),('沙溪镇',3.5),
('大涌镇',2),('坦洲镇',4),('三乡镇',5),('板芙镇',2),('神湾镇',1),('东升镇',3),('南朗街道',3),('民众街道',2.5),('三角镇',2);
CREATE TABLE city_gen.road (road text PRIMARY KEY);
INSERT INTO city_gen.road SELECT unnest(string_to_array(
'中山路 兴中道 孙文中路 孙文东路 博爱路 岐关西路 富华道 莲塘路 悦来南路 康华路 长江路 起湾道 东明路 民族路 凤鸣路 '
'银通街 安栏路 员峰路 华柏路 岐江路 张溪路 青溪路 柏苑路 翠亨大道 沙岗路 新安路 竹苑路 兴文路 光明路 人民路 建设路 '
'和平路 文明路 环城路 工业大道 新城路 朝阳路 东港大道 龙山路 广丰路 宏基路 金港路 沿江路 美景路 南外环路', ' '));

-----------------------------------------------------------------------------
-- Name typos.  Homophones: 171 hand-made groups of characters common in
-- names that a pinyin input method offers for the same syllable (tones
-- ignored: the input method ignores them too); groups are disjoint, and a
-- typo replaces one character by another of its group.  Variants: the
-- traditional form a simplified character gets from conversion software or
-- a traditional-mode input method (陈→陳, 刘→劉, 范→範 ...); a variant typo
-- converts every convertible character of the name.
-----------------------------------------------------------------------------
CREATE TABLE city_gen.homophone_group (grp int PRIMARY KEY, chars text NOT NULL CHECK (char_length(chars) >= 2));
INSERT INTO city_gen.homophone_group
SELECT i, g FROM unnest(string_to_array(
'伟玮炜韦苇卫维薇巍威魏为 丽莉俐立力利李黎理礼励 明铭鸣名茗 华桦骅花化 张章彰璋樟 刘留柳流浏 杰洁婕捷结 '
'军君俊骏峻珺钧 静晶菁京婧敬靖景精 海孩亥 芳方舫昉 燕艳雁彦妍岩颜炎言延晏严闫 敏闵民珉旻岷 王汪旺望 陈晨辰臣琛 '
'杨阳洋扬 黄皇煌凰璜 赵昭照兆钊 吴武伍吾午 周舟洲州 徐许旭栩绪续 孙荪 胡湖虎 朱珠株竹诸祝 高皋 林琳霖麟淋 何贺和荷 '
'郭国 马玛 罗洛骆 梁良亮 宋松嵩颂 郑正政铮峥 谢协 韩涵寒晗翰 唐棠堂汤 冯峰锋丰枫凤 于余俞宇雨玉瑜渝钰 董东栋冬 '
'萧肖晓小筱 程成诚承城 曹草 袁元媛远源苑圆 邓登 傅付符富福芙 沈深申 曾增 彭鹏朋 陆路鲁卢露璐禄 吕律 苏素 蒋江姜疆 '
'蔡彩才财 贾佳嘉家 丁鼎 薛雪学 叶业烨晔 潘攀 杜都 戴代黛 夏霞侠 钟忠中仲 田甜天添 任仁 范凡帆樊 石史施师诗时世 '
'姚瑶遥耀 谭覃檀 廖辽 熊雄 金锦晋进津 郝浩昊豪皓 白柏百 崔翠 毛茂 邱秋丘 秦琴勤 顾谷古 侯厚 邵少绍 孟梦萌蒙 龙隆珑 '
'万婉宛琬 雷蕾磊 钱倩茜谦千 尹殷银音寅 易毅怡艺义依宜逸仪亿 常昌长畅 乔桥巧 赖来莱 龚宫恭功 文温雯闻 强蔷 涛陶桃韬 '
'斌彬滨宾 超潮朝 刚钢纲 平萍苹 辉慧惠晖会 飞菲非斐 鑫欣新心馨昕 波博勃 凯楷铠 建健剑坚 帅率 宁凝 欢焕环 娜纳 娟涓鹃 '
'秀修 玲铃灵凌龄 桂贵 英莹颖瑛鹰盈 红宏洪虹鸿弘 梅美媚玫 兰岚蓝澜 婷亭庭廷霆 丹单 子紫梓 然冉 轩萱璇宣 瑞睿锐蕊 哲浙 '
'淑舒书树 珍贞振真桢 芬分 清青庆晴卿 祥翔香湘 生胜盛圣 光广 德得 荣蓉容融 志智芝之治 勇永泳咏 琪琦奇其齐启淇 坤昆 '
'可柯科克 乐勒 安岸 珊山姗善 莎沙纱 月悦越岳 淼苗妙 春纯淳 莲连廉 娇姣 双爽 爱艾 楚初 冰兵炳 云芸韵运昀 熙希曦溪喜玺 '
'杭航 南楠男 宝保 恒衡 泽则 彤桐童通 思斯丝 慕木沐牧 友佑优有 兴星杏幸 贤先仙娴 展战湛 莫默墨 欧鸥区 甘干 裴培佩沛 '
'涂屠图 耿庚 牛纽', ' ')) WITH ORDINALITY AS t(g, i);
CREATE TABLE city_gen.homophone (ch text PRIMARY KEY, grp int NOT NULL REFERENCES city_gen.homophone_group, pos int NOT NULL);
INSERT INTO city_gen.homophone
SELECT c, grp, p::int - 1 FROM city_gen.homophone_group g, unnest(city_gen.chars(g.chars)) WITH ORDINALITY AS t(c, p);
-- (the primary key makes the groups disjoint)

CREATE TABLE city_gen.variant (simplified text PRIMARY KEY, traditional text NOT NULL UNIQUE);
INSERT INTO city_gen.variant
SELECT s, t FROM unnest(city_gen.chars(
'陈刘张华国杨黄赵吴孙马罗郑谢韩冯邓许萧吕苏卢蒋贾叶阎钟范谭邹陆顾龙万钱汤乔贺赖龚庄齐严欧阳诸伟丽军杰静艳涛强兰红凤辉鹏飞凯帅宁欢锋颖洁晓东荣云庆贵顺兴学义发宝丰爱岚莹娇艺诗乐鸿钰亿铭鸣骅桦炜玮韦闵伦进书梦轩诺泽刚长卫达贤远园圆怀娴琼广胜龄铃灵宾滨纲钢苹晖会坚剑焕环纳鹃贞桢圣咏启岳纯莲连双芸韵运玺恒则丝优战鸥区干涂图纽'),
                   city_gen.chars(
'陳劉張華國楊黃趙吳孫馬羅鄭謝韓馮鄧許蕭呂蘇盧蔣賈葉閻鍾範譚鄒陸顧龍萬錢湯喬賀賴龔莊齊嚴歐陽諸偉麗軍傑靜艷濤強蘭紅鳳輝鵬飛凱帥寧歡鋒穎潔曉東榮雲慶貴順興學義發寶豐愛嵐瑩嬌藝詩樂鴻鈺億銘鳴驊樺煒瑋韋閔倫進書夢軒諾澤剛長衛達賢遠園圓懷嫻瓊廣勝齡鈴靈賓濱綱鋼蘋暉會堅劍煥環納鵑貞楨聖詠啟嶽純蓮連雙蕓韻運璽恆則絲優戰鷗區幹塗圖紐'))
    AS t(s, t);

-- The translate() maps behind the typo functions: for homophones, 9 maps
-- sending each character to its 1st..9th successor in its group (cyclically,
-- never to itself); for variants, simplified to traditional.
CREATE TABLE city_gen.charmap (name text PRIMARY KEY, src text NOT NULL, dst text NOT NULL);
INSERT INTO city_gen.charmap
SELECT 'homophone_' || k,
       string_agg(h.ch, '' ORDER BY h.grp, h.pos),
       string_agg(substr(g.chars, 1 + (h.pos + 1 + (k - 1) % (char_length(g.chars) - 1)) % char_length(g.chars), 1),
                  '' ORDER BY h.grp, h.pos)
FROM generate_series(1, 9) k, city_gen.homophone h JOIN city_gen.homophone_group g USING (grp)
GROUP BY k;
INSERT INTO city_gen.charmap
SELECT 'variant', string_agg(simplified, '' ORDER BY simplified), string_agg(traditional, '' ORDER BY simplified)
FROM city_gen.variant;
INSERT INTO city_gen.charmap VALUES ('full_width', '0123456789Xx-', '０１２３４５６７８９Ｘｘ－');

-- Typo functions with their maps baked in as literals (so they need no
-- table lookups and stay cheap per row).
DO $do$
DECLARE
    hs text; ht text; vs text; vt text;
BEGIN
    SELECT src INTO hs FROM city_gen.charmap WHERE name = 'homophone_1';
    SELECT '{' || string_agg(dst, ',' ORDER BY substr(name, 11)::int) || '}' INTO ht
    FROM city_gen.charmap WHERE name LIKE 'homophone\_%';
    SELECT src, dst INTO vs, vt FROM city_gen.charmap WHERE name = 'variant';

    EXECUTE format($f$
CREATE FUNCTION city_gen.homophone_eligible(nm text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $b$ SELECT nm ~ %6$L $b$;
CREATE FUNCTION city_gen.variant_eligible(nm text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $b$ SELECT nm ~ %7$L $b$;
CREATE FUNCTION city_gen.to_traditional(nm text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $b$ SELECT translate(nm, %3$L, %4$L) $b$;
CREATE FUNCTION city_gen.to_simplified(nm text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $b$ SELECT translate(nm, %4$L, %3$L) $b$;
-- one character (from a hash-chosen position on) replaced by a homophone
CREATE FUNCTION city_gen.homophone_typo(nm text, h bigint) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $b$
DECLARE
    maps constant text[] := %5$L::text[];
    n int := char_length(nm);
    p0 int := (h & 65535) %% n;
    k int := 1 + ((h >> 16) & 65535) %% 9;
    i int; c text; a text;
BEGIN
    FOR t IN 0 .. n - 1 LOOP
        i := (p0 + t) %% n + 1;
        c := substr(nm, i, 1);
        a := translate(c, %1$L, maps[k]);
        IF a <> c THEN
            RETURN overlay(nm PLACING a FROM i FOR 1);
        END IF;
    END LOOP;
    RETURN nm;
END $b$;
$f$, hs, (ht::text[])[1], vs, vt, ht, '[' || hs || ']', '[' || vs || ']');
END $do$;

-- 'name_missing', 'homophone', 'variant', 'name_space' (a two-character name
-- padded to align with three-character ones), and for names with '·' the
-- dot written otherwise (or left out).
CREATE FUNCTION city_gen.dirty_name(nm text, nk text, dot boolean, h bigint) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE s text := nm;
BEGIN
    IF nk = 'name_missing' THEN
        RETURN CASE WHEN h & 3 = 0 THEN '' END;
    ELSIF nk = 'homophone' THEN
        s := city_gen.homophone_typo(s, h >> 8);
    ELSIF nk = 'variant' THEN
        s := city_gen.to_traditional(s);
    ELSIF nk = 'name_space' THEN
        s := left(s, 1) || (ARRAY[' ', '　', '  ', '　'])[1 + ((h >> 24) & 255) % 4] || substr(s, 2);
    END IF;
    IF dot THEN
        s := replace(s, '·', (ARRAY['.', '•', '・', '', '．', '-'])[1 + ((h >> 32) & 255) % 6]);
    END IF;
    RETURN s;
END $$;

-- A typed identity number.  ck, the content dirt: 'missing' (NULL, '' or a
-- placeholder), 'legacy15' (the 15-digit number), 'wrong_digit' (one
-- character replaced: always invalid, since the MOD 11-2 check character
-- catches every single substitution), 'swap' (two adjacent different
-- characters swapped: always invalid too), 'valid_but_wrong' (one digit of the
-- county or order code replaced and the check character recomputed, as forms
-- that fill in the 18th character do: a valid number of somebody else, or of
-- nobody).  Then the format dirt: lower-case x, full-width characters,
-- separators (spaces, hyphens, ideographic spaces), a spreadsheet's leading
-- apostrophe.
CREATE FUNCTION city_gen.dirty_id(rid text, ck text, fw boolean, sep boolean, apos boolean, lowx boolean, h bigint)
    RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    s text := rid;
    i int; p0 int; c text; d int; n int;
BEGIN
    IF ck = 'missing' THEN
        RETURN (ARRAY[NULL, NULL, NULL, NULL, '', '', '无', '/'])[1 + ((h >> 4) & 255) % 8];
    ELSIF ck = 'legacy15' THEN
        s := aidlink.resident_id_legacy15(rid::aidlink.resident_id);
    ELSIF ck = 'wrong_digit' THEN
        i := 1 + ((h >> 8) & 65535) % 18;
        c := substr(s, i, 1);
        d := CASE WHEN c = 'X' THEN ((h >> 24) & 65535) % 10
                  ELSE (c::int + 1 + ((h >> 24) & 65535) % 9) % 10 END;
        s := overlay(s PLACING d::text FROM i FOR 1);
    ELSIF ck = 'swap' THEN
        p0 := ((h >> 8) & 65535) % 17;
        FOR t IN 0 .. 16 LOOP
            i := (p0 + t) % 17 + 1;
            IF substr(s, i, 1) <> substr(s, i + 1, 1) THEN
                s := overlay(s PLACING substr(s, i + 1, 1) || substr(s, i, 1) FROM i FOR 2);
                EXIT;
            END IF;
        END LOOP;
    ELSIF ck = 'valid_but_wrong' THEN
        i := (ARRAY[3, 4, 5, 6, 15, 16, 17])[1 + ((h >> 8) & 65535) % 7];
        d := (substr(s, i, 1)::int + 1 + ((h >> 24) & 65535) % 9) % 10;
        s := (overlay(left(s, 17) PLACING d::text FROM i FOR 1)::bigint)::aidlink.resident_id::text;
    END IF;
    IF lowx THEN
        s := replace(s, 'X', 'x');
    END IF;
    IF fw THEN
        s := translate(s, '0123456789Xx', '０１２３４５６７８９Ｘｘ');
    END IF;
    IF sep THEN
        n := char_length(s);
        s := CASE ((h >> 40) & 65535) % 6
               WHEN 0 THEN left(s, 6) || ' ' || substr(s, 7, n - 10) || ' ' || right(s, 4)
               WHEN 1 THEN left(s, 6) || '-' || substr(s, 7, n - 10) || '-' || right(s, 4)
               WHEN 2 THEN rtrim(regexp_replace(s, '(....)', '\1 ', 'g'))
               WHEN 3 THEN overlay(s PLACING ' ' FROM (2 + ((h >> 48) & 255) % (n - 1))::int FOR 0)
               WHEN 4 THEN left(s, 6) || '　' || substr(s, 7)
               ELSE left(s, 6) || ' ' || substr(s, 7, n - 10) || '-' || right(s, 4) END;
    END IF;
    IF apos THEN
        s := '''' || s;
    END IF;
    RETURN s;
END $$;

-- A birth date typed with one digit wrong (year's last digit, day's last
-- digit) or day and month swapped: always another valid date in the past.
CREATE FUNCTION city_gen.birth_typo(d date, h bigint) RETURNS date
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    y int := extract(year FROM d); m int := extract(month FROM d); dd int := extract(day FROM d);
    y2 int := y; m2 int := m; d2 int := dd; r date;
BEGIN
    CASE (h & 65535) % 3
    WHEN 0 THEN y2 := y - y % 10 + (y % 10 + 1 + ((h >> 16) & 255) % 9) % 10;
    WHEN 1 THEN d2 := dd - dd % 10 + (dd % 10 + 1 + ((h >> 16) & 255) % 9) % 10;
    ELSE m2 := dd; d2 := m;
    END CASE;
    IF m2 BETWEEN 1 AND 12 AND d2 >= 1
       AND d2 <= extract(day FROM (make_date(y2, m2, 1) + interval '1 month - 1 day'))
       AND make_date(y2, m2, d2) <> d AND make_date(y2, m2, d2) <= date '2025-06-30' THEN
        r := make_date(y2, m2, d2);
    ELSIF d > date '1900-01-10' THEN
        r := d - (1 + ((h >> 24) & 255) % 9)::int;
    ELSE
        r := d + 1;
    END IF;
    RETURN r;
END $$;

-----------------------------------------------------------------------------
-- The departmental sources: dates they cover, and the dirt rates (percent)
-- each was made with.
-----------------------------------------------------------------------------
CREATE TABLE city_gen.source (
    source text PRIMARY KEY,
    idx int NOT NULL UNIQUE,
    ws date,            -- first event date
    we date,            -- last event date
    has_birth boolean NOT NULL,
    description text NOT NULL
);
INSERT INTO city_gen.source VALUES
('mz_dibao',        1, '2015-01-01', '2025-06-30', true,  '民政 civil affairs: members of households on a guaranteed roll (低保, 特困, 低保边缘, 低收入)'),
('yb_claims',       2, '2023-01-01', '2025-06-30', true,  '医保 medical insurance: claims (outpatient, inpatient, chronic-disease outpatient) with amounts'),
('jy_students',     3, '2024-09-01', '2024-09-01', true,  '教育 education: students enrolled in the 2024-25 school year, kindergarten to university'),
('zj_weifang',      4, '2019-01-01', '2025-06-30', false, '住建 housing: dangerous-house appraisals (C and D grade), one row per owner household'),
('rs_unemployment', 5, '2020-01-01', '2025-06-30', true,  '人社 human resources: unemployment registrations'),
('cl_cards',        6, '2008-01-01', '2025-06-30', true,  '残联 disabled persons'' federation: disability cards'),
('ga_deaths',       7, '2020-01-01', '2025-06-30', true,  '公安 public security: deaths (household registrations cancelled)'),
('fy_cases',        8, '2019-01-01', '2025-06-30', true,  '法院 courts: cases, one party each, keyed by case number'),
('zw_yichuang',     9, '2022-01-01', '2025-06-30', false, '政务 one-window service centre: applications typed in by clerks'),
('wj_health_decl', 10, '2022-01-01', '2022-12-31', false, '卫健 health: health declarations typed by residents on their phones'),
('cs_aid',         11, '2021-01-01', '2025-06-30', false, '慈善 charity federation: aid given, kept in volunteers'' spreadsheets');

CREATE TABLE city_gen.rate (source text REFERENCES city_gen.source, kind text, rate double precision, PRIMARY KEY (source, kind));
INSERT INTO city_gen.rate
SELECT s, k, r FROM (VALUES
 --                 missing wrong swap  vbw  leg15 lowx  full  sep  apos  nmiss homo  var  nspace ndot bmiss btypo moved
 ('mz_dibao',       '{1.0,  0.8,  0.4,  0.05, 3,    20,   1.0,  1.5, 1.0,  0,    0.8,  0.2, 2.0,   30,  0.5,  0.3,  40}'::float8[]),
 ('yb_claims',      '{0.1,  0.03, 0.02, 0.01, 0,    0,    0,    0.2, 0,    0,    0.1,  0.05,0,     10,  0,    0.02, 20}'),
 ('jy_students',    '{1.5,  0.6,  0.4,  0.05, 0,    30,   2.0,  1.0, 0,    0,    0.6,  0.1, 1.0,   40,  0,    0.3,  30}'),
 ('zj_weifang',     '{6.0,  1.2,  0.6,  0.1,  12,   25,   1.0,  3.0, 0.5,  0.5,  1.5,  1.0, 3.0,   50,  0,    0,    50}'),
 ('rs_unemployment','{0.3,  0.3,  0.2,  0.05, 1,    10,   0.5,  0.5, 0,    0,    0.4,  0.1, 0.5,   30,  0.5,  0.2,  30}'),
 ('cl_cards',       '{0.5,  0.5,  0.3,  0.05, 5,    15,   1.0,  1.0, 0.3,  0,    0.6,  0.3, 1.5,   40,  0.2,  0.2,  40}'),
 ('ga_deaths',      '{0.5,  0.1,  0.05, 0.02, 8,    5,    0,    0.3, 0,    0.3,  0.2,  0.2, 0,     20,  1.0,  0.1,  10}'),
 ('fy_cases',       '{15,   0.4,  0.2,  0.05, 2,    10,   2.0,  1.0, 0,    0,    0.5,  0.5, 0,     30,  20,   0.3,  40}'),
 ('zw_yichuang',    '{4.0,  3.0,  2.0,  0.25, 2,    45,   4.0,  5.0, 2.0,  0.3,  2.5,  0.5, 4.0,   60,  0,    0,    50}'),
 ('wj_health_decl', '{2.0,  1.5,  1.0,  0.1,  0.5,  55,   3.0,  2.0, 0,    0.2,  1.5,  0.5, 0.5,   60,  0,    0,    60}'),
 ('cs_aid',         '{8.0,  2.0,  1.2,  0.15, 3,    35,   3.0,  4.0, 6.0,  0.5,  2.0,  1.0, 5.0,   60,  0,    0,    50}')
) AS v(s, a),
LATERAL unnest(a, '{missing,wrong_digit,swap,valid_but_wrong,legacy15,lower_x,full_width,separators,apostrophe,name_missing,homophone,variant,name_space,name_dot,birth_missing,birth_typo,moved}'::text[]) AS t(r, k);

-- What each rate is a share of (the test measures it the same way).
CREATE TABLE city_gen.rate_base (kind text PRIMARY KEY, applies_to text NOT NULL, ord int NOT NULL);
INSERT INTO city_gen.rate_base VALUES
('missing',         'all rows', 1),
('wrong_digit',     'all rows', 2),
('swap',            'all rows', 3),
('valid_but_wrong', 'all rows', 4),
('legacy15',        'rows of people born before 2000', 5),
('lower_x',         'rows whose typed number (before formatting) contains an X', 6),
('full_width',      'rows with a number', 7),
('separators',      'rows with a number', 8),
('apostrophe',      'rows with a number', 9),
('name_missing',    'all rows', 10),
('homophone',       'rows whose name has a character with a homophone (city_gen.homophone_eligible)', 11),
('variant',         'rows whose name has a character with a traditional form (city_gen.variant_eligible)', 12),
('name_space',      'rows with a two-character name', 13),
('name_dot',        'rows with a name written with · (minority names)', 14),
('birth_missing',   'all rows', 15),
('birth_typo',      'all rows', 16),
('moved',           'rows of people who moved household', 17);

-----------------------------------------------------------------------------
-- Households: size, type (who lives there), where they come from, whether
-- they hold a Zhongshan household registration, hardship and roll category.
-----------------------------------------------------------------------------
CREATE TABLE city_gen.hh_type (size int, variant int, lo double precision, hi double precision, roles text[], htype text);
INSERT INTO city_gen.hh_type VALUES
(1,0,0,1,'{head}','single'),
(2,0,0,.7,'{head,spouse}','couple'),                   (2,1,.7,1,'{head,child}','single_parent'),
(3,0,0,.8,'{head,spouse,child}','family'),             (3,1,.8,1,'{head,child,child}','single_parent'),
(4,0,0,.7,'{head,spouse,child,child}','family'),       (4,1,.7,1,'{head,spouse,child,parent}','three_gen'),
(5,0,0,.5,'{head,spouse,child,child,parent}','three_gen'), (5,1,.5,.8,'{head,spouse,child,child,child}','family'),
(5,2,.8,1,'{head,spouse,child,parent,parent}','three_gen'),
(6,0,0,.6,'{head,spouse,child,child,parent,parent}','three_gen'), (6,1,.6,1,'{head,spouse,child,child,child,parent}','three_gen');

-- The wheels (independent of the seed)
DO $$
DECLARE r record;
BEGIN
    -- wheel numbers: 1-2 surnames, 10-15 popular given names (10 + 3 * sex + era,
    -- sex 0 for M, 1 for F), 20-25 given-name characters, 30-32 minority names,
    -- 40 regions, 41 towns, 42 roads
    PERFORM city_gen.add_wheel('surname_cn', 1, 100000, array_agg(surname ORDER BY surname), array_agg(w_cn ORDER BY surname))
    FROM city_gen.surname;
    PERFORM city_gen.add_wheel('surname_gd', 2, 100000, array_agg(surname ORDER BY surname), array_agg(w_gd ORDER BY surname))
    FROM city_gen.surname;
    FOR r IN SELECT * FROM city_gen.given_popular LOOP
        PERFORM city_gen.add_wheel('pop_' || r.sex || '_' || r.era,
                                   10 + 3 * CASE r.sex WHEN 'M' THEN 0 ELSE 1 END + r.era, 10000, string_to_array(r.names, ' '),
                                   city_gen.zipf(cardinality(string_to_array(r.names, ' '))));
    END LOOP;
    FOR r IN SELECT * FROM city_gen.given_chars LOOP
        PERFORM city_gen.add_wheel(r.part || '_' || r.sex,
                                   CASE r.part WHEN 'single' THEN 20 WHEN 'first' THEN 22 ELSE 24 END
                                   + CASE r.sex WHEN 'M' THEN 0 ELSE 1 END, 10000, city_gen.chars(r.chars),
                                   city_gen.zipf(char_length(r.chars)));
    END LOOP;
    FOR r IN SELECT * FROM city_gen.minority_names LOOP
        PERFORM city_gen.add_wheel('min_' || r.part, CASE r.part WHEN 'M' THEN 30 WHEN 'F' THEN 31 ELSE 32 END, 10000, string_to_array(r.names, ' '),
                                   city_gen.zipf(cardinality(string_to_array(r.names, ' '))));
    END LOOP;
    PERFORM city_gen.add_wheel('region', 40, 10000, array_agg(code ORDER BY code), array_agg(w ORDER BY code)) FROM city_gen.region;
    PERFORM city_gen.add_wheel('town', 41, 10000, array_agg(town ORDER BY town), array_agg(w ORDER BY town)) FROM city_gen.town;
    PERFORM city_gen.add_wheel('road', 42, 10000, array_agg(road ORDER BY road), array_agg(1.0::float8 ORDER BY road)) FROM city_gen.road;
END $$;
ANALYZE city_gen.wheel;

-- The person-level plan of the departmental rows (one row per person, in a
-- scrambled order j): how many rows each source has for the person, and
-- where the person's block of row keys starts (b_*: keys are dense 1..n).
CREATE UNLOGGED TABLE city_gen.plan (
    part int, j bigint, person_no int, household_no int, role text, sex text, age int, age_sy int,
    birth_date date, death_date date, rid text, name text, name_len int,
    hom_ok boolean, var_ok boolean, has_dot boolean, ethnicity text, in_register boolean, mobile text,
    town text, street text, hh text, landline text,
    prev_household_no int, prev_town text, prev_street text, prev_hh text, prev_landline text,
    hardship int, roll_cat text, hh_size int, head_name text, head_mobile text,
    n_mz_dibao int, n_yb_claims int, n_jy_students int, n_zj_weifang int, n_rs_unemployment int, n_cl_cards int,
    n_ga_deaths int, n_fy_cases int, n_zw_yichuang int, n_wj_health_decl int, n_cs_aid int,
    b_mz_dibao bigint, b_yb_claims bigint, b_jy_students bigint, b_zj_weifang bigint, b_rs_unemployment bigint,
    b_cl_cards bigint, b_ga_deaths bigint, b_fy_cases bigint, b_zw_yichuang bigint, b_wj_health_decl bigint,
    b_cs_aid bigint,
    pk int      -- planted rows of this person (bits as city_truth.household.planted_kinds)
);
-- the persons with rows in the seven small sources (a few percent), so that
-- loading those does not scan the whole plan
CREATE UNLOGGED TABLE city_gen.plan_small (LIKE city_gen.plan);

-----------------------------------------------------------------------------
-- The departmental tables: columns, and how each column is made from a
-- generated row (see load_source for the row's common columns).
-----------------------------------------------------------------------------
CREATE TABLE city_gen.source_sql (
    source text PRIMARY KEY REFERENCES city_gen.source,
    ddl text NOT NULL,        -- column definitions
    key_expr text NOT NULL,   -- the row key as text
    pre text NOT NULL,        -- intermediate columns
    exprs text NOT NULL       -- one expression per column, AS the column's name
);
INSERT INTO city_gen.source_sql VALUES
('mz_dibao',
 'id bigint NOT NULL, xm text, xb text, sfzh text, csrq date, mz text, hh text, yhzgx text, jtzz text, lxdh text, '
 'bzlb text, jtrk int, bzje numeric(10,2), pzrq date, zt text',
 'key::text', 'NULL AS pre',
 $x$key AS id, name_txt AS xm, CASE sex WHEN 'M' THEN '男' ELSE '女' END AS xb, id_txt AS sfzh, bd AS csrq,
    ethnicity AS mz, a_hh AS hh,
    CASE role WHEN 'head' THEN '户主' WHEN 'spouse' THEN '配偶'
              WHEN 'child' THEN CASE sex WHEN 'M' THEN '儿子' ELSE '女儿' END
              ELSE CASE sex WHEN 'M' THEN '父亲' ELSE '母亲' END END AS yhzgx,
    '广东省中山市' || a_town || a_street AS jtzz, coalesce(mobile, a_landline) AS lxdh,
    CASE roll_cat WHEN 'dibao' THEN '低保' WHEN 'tekun' THEN '特困' WHEN 'marginal' THEN '低保边缘' ELSE '低收入' END AS bzlb,
    hh_size AS jtrk,
    CASE roll_cat WHEN 'dibao' THEN 1160 - 10 * city_gen.r(h, 1, 60) WHEN 'tekun' THEN 1508
                  WHEN 'marginal' THEN 150 ELSE 100 END AS bzje,
    ev AS pzrq, CASE WHEN city_gen.u(h, 2) < .95 THEN '在保' ELSE '停保' END AS zt$x$),
('yb_claims',
 'claim_id bigint NOT NULL, insured_id text, insured_name text, gender text, birth text, visit_date date, '
 'claim_type text, hospital text, icd10 text, diagnosis text, total_amount numeric(12,2), fund_paid numeric(12,2), '
 'self_paid numeric(12,2)',
 'key::text',
 $x$CASE WHEN pr THEN 2 WHEN city_gen.u(h, 1) < .88 THEN 1 WHEN city_gen.u(h, 1) < .97 THEN 2 ELSE 3 END AS ct,
    -- amounts in cents (integers: a float-to-numeric cast goes through text)
    -- (planted: an inpatient stay of 20,000-36,000 yuan, a quarter paid out of pocket)
    (100 * CASE WHEN pr THEN 20000 + 16000 * city_gen.u(h, 12)
                WHEN city_gen.u(h, 1) < .88 THEN exp(4.6 + .9 * city_gen.z(h, 2))
                WHEN city_gen.u(h, 1) < .97 THEN exp(9.2 + .8 * city_gen.z(h, 2))
                ELSE exp(7.0 + .6 * city_gen.z(h, 2)) END)::bigint AS total_c,
    CASE WHEN pr THEN .75
         ELSE CASE WHEN city_gen.u(h, 1) < .88 THEN .5 WHEN city_gen.u(h, 1) < .97 THEN .7 ELSE .8 END + .1 * city_gen.u(h, 6) END AS ratio,
    city_gen.r(h, 4, 16)::int + 1 AS dx$x$,
 $x$key AS claim_id, id_txt AS insured_id, name_txt AS insured_name, CASE sex WHEN 'M' THEN '1' ELSE '2' END AS gender,
    to_char(bd, 'YYYYMMDD') AS birth, ev AS visit_date,
    (ARRAY['门诊', '住院', '门诊特定病种'])[ct] AS claim_type,
    city_gen.pick(h, 5, '{中山市人民医院,中山市中医院,中山市博爱医院,中山市小榄人民医院,中山市陈星海医院,中山市第二人民医院,中山市第三人民医院,中山市黄圃人民医院,中山市古镇人民医院,中山市坦洲医院,中山市三乡医院,中山市火炬开发区医院,中山市石岐街道社区卫生服务中心,中山市东区街道社区卫生服务中心,中山市沙溪隆都医院}') AS hospital,
    (ARRAY['J06.9','I10','E11.9','K29.7','M54.5','J20.9','I25.1','N18.9','C34.9','J18.9','K80.2','S72.0','O80','H25.9','I63.9','F20.9'])[dx] AS icd10,
    (ARRAY['急性上呼吸道感染','原发性高血压','2型糖尿病','慢性胃炎','腰痛','急性支气管炎','慢性缺血性心脏病','慢性肾脏病','肺恶性肿瘤','肺炎','胆囊结石','股骨颈骨折','单胎顺产','老年性白内障','脑梗死','精神分裂症'])[dx] AS diagnosis,
    total_c * 0.01 AS total_amount,
    (total_c * ratio)::bigint * 0.01 AS fund_paid,
    (total_c - (total_c * ratio)::bigint) * 0.01 AS self_paid$x$),
('jy_students',
 'xsid bigint NOT NULL, xm text, xb text, sfzh text, csrq text, xd text, nj text, xxmc text, rxrq date, jhrxm text, '
 'jhrlxdh text, jtzz text',
 'key::text',
 $x$CASE WHEN age_sy <= 5 THEN 1 WHEN age_sy <= 11 THEN 2 WHEN age_sy <= 14 THEN 3
         WHEN age_sy <= 17 THEN CASE WHEN city_gen.u(h, 1) < .3 THEN 5 ELSE 4 END ELSE 6 END AS sc,
    age_sy - CASE WHEN age_sy <= 5 THEN 2 WHEN age_sy <= 11 THEN 5 WHEN age_sy <= 14 THEN 11
                  WHEN age_sy <= 17 THEN 14 ELSE 17 END AS g,
    regexp_replace(CASE WHEN mv THEN prev_town ELSE town END, '(街道|镇|开发区)$', '') AS town_short$x$,
 $x$key AS xsid, name_txt AS xm, CASE sex WHEN 'M' THEN '男' ELSE '女' END AS xb, id_txt AS sfzh,
    to_char(bd, 'YYYY-MM-DD') AS csrq,
    (ARRAY['幼儿园', '小学', '初中', '高中', '中职', '大学'])[sc] AS xd,
    CASE sc WHEN 1 THEN (ARRAY['小班', '中班', '大班'])[g]
            WHEN 2 THEN (ARRAY['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'])[g]
            WHEN 3 THEN (ARRAY['初一', '初二', '初三'])[g]
            WHEN 4 THEN (ARRAY['高一', '高二', '高三'])[g]
            WHEN 5 THEN (ARRAY['一年级', '二年级', '三年级'])[g]
            ELSE (ARRAY['大一', '大二', '大三', '大四'])[g] END AS nj,
    CASE sc WHEN 1 THEN '中山市' || town_short || city_gen.pick(h, 2, '{中心幼儿园,第一幼儿园,实验幼儿园}')
            WHEN 2 THEN '中山市' || town_short || city_gen.pick(h, 2, '{中心小学,第一小学,第二小学,实验小学}')
            WHEN 3 THEN '中山市' || town_short || city_gen.pick(h, 2, '{中学,第一中学,初级中学}')
            WHEN 4 THEN city_gen.pick(h, 2, '{中山纪念中学,中山市第一中学,中山市华侨中学,中山市实验中学,中山市龙山中学,中山市杨仙逸中学,中山市东升高级中学}')
            WHEN 5 THEN city_gen.pick(h, 2, '{中山市中等专业学校,中山市沙溪理工学校,中山市建斌中等职业技术学校}')
            ELSE city_gen.pick(h, 2, '{电子科技大学中山学院,中山职业技术学院,广东理工职业学院中山校区,中山火炬职业技术学院}') END AS xxmc,
    make_date(2025 - g, 9, 1) AS rxrq,
    CASE WHEN role = 'child' THEN head_name END AS jhrxm,
    CASE WHEN role = 'child' THEN coalesce(head_mobile, a_landline) ELSE coalesce(mobile, a_landline) END AS jhrlxdh,
    '广东省中山市' || a_town || a_street AS jtzz$x$),
('zj_weifang',
 'fwbh bigint NOT NULL, hzxm text, hzsfzh text, lxdh text, fwdz text, jzmj numeric(8,2), jglx text, jddj text, jdrq date',
 'key::text', 'NULL AS pre',
 $x$key AS fwbh, name_txt AS hzxm, id_txt AS hzsfzh, coalesce(mobile, a_landline) AS lxdh,
    '中山市' || a_town || a_street AS fwdz, (4000 + city_gen.r(h, 1, 11000)) * 0.01 AS jzmj,
    city_gen.pick(h, 2, '{砖木,砖混,土木,石木,砖木}') AS jglx,
    CASE WHEN pr OR city_gen.u(h, 3) < .7 THEN 'C级' ELSE 'D级' END AS jddj, ev AS jdrq$x$),
('rs_unemployment',
 'reg_no bigint NOT NULL, name text, id_card text, sex text, birth_date date, phone text, address text, '
 'education text, reg_date date, reason text, status text',
 'key::text', 'NULL AS pre',
 $x$key AS reg_no, name_txt AS name, id_txt AS id_card, sex AS sex, bd AS birth_date,
    coalesce(mobile, a_landline) AS phone, '中山市' || a_town || a_street AS address,
    city_gen.pick(h, 1, '{小学,初中,初中,高中,中专,中专,大专,本科}') AS education, ev AS reg_date,
    city_gen.pick(h, 2, '{合同期满,单位裁员,个人原因离职,企业关闭破产,毕业未就业,个人原因离职}') AS reason,
    CASE WHEN pr OR city_gen.u(h, 3) < .5 THEN '失业' WHEN city_gen.u(h, 3) < .85 THEN '已就业' ELSE '已注销' END AS status$x$),
('cl_cards',
 'id bigint NOT NULL, xm text, xb text, sfzh text, czh text, csrq date, cjlb text, cjdj text, fzrq date, lxdh text, hjdz text',
 'key::text',
 $x$CASE WHEN city_gen.u(h, 1) < .12 THEN 1 WHEN city_gen.u(h, 1) < .27 THEN 2 WHEN city_gen.u(h, 1) < .29 THEN 3
         WHEN city_gen.u(h, 1) < .74 THEN 4 WHEN city_gen.u(h, 1) < .84 THEN 5 WHEN city_gen.u(h, 1) < .96 THEN 6 ELSE 7 END AS cat,
    CASE WHEN city_gen.u(h, 2) < .15 THEN 1 WHEN city_gen.u(h, 2) < .40 THEN 2 WHEN city_gen.u(h, 2) < .70 THEN 3 ELSE 4 END AS grade$x$,
 $x$key AS id, name_txt AS xm, CASE sex WHEN 'M' THEN '男' ELSE '女' END AS xb, id_txt AS sfzh,
    rid || cat || grade AS czh, bd AS csrq,
    (ARRAY['视力', '听力', '言语', '肢体', '智力', '精神', '多重'])[cat] AS cjlb,
    (ARRAY['一级', '二级', '三级', '四级'])[grade] AS cjdj, ev AS fzrq,
    coalesce(mobile, a_landline) AS lxdh, '广东省中山市' || a_town || a_street AS hjdz$x$),
('ga_deaths',
 'swbh bigint NOT NULL, xm text, xb text, sfzh text, csrq date, swrq date, swyy text, swdd text, hjdz text, zxrq date',
 'key::text', 'NULL AS pre',
 $x$key AS swbh, name_txt AS xm, CASE sex WHEN 'M' THEN '男' ELSE '女' END AS xb, id_txt AS sfzh, bd AS csrq,
    ev AS swrq,
    city_gen.pick(h, 1, '{心脑血管疾病,心脑血管疾病,恶性肿瘤,恶性肿瘤,呼吸系统疾病,意外伤害,衰老,其他疾病}') AS swyy,
    city_gen.pick(h, 2, '{医院,医院,家中,家中,养老机构,其他}') AS swdd,
    '广东省中山市' || a_town || a_street AS hjdz,
    least(DATE '2025-06-30', ev + 1 + city_gen.r(h, 3, 60)::int) AS zxrq$x$),
('fy_cases',
 'ah text NOT NULL, larq date, ajlx text, ay text, dsrdw text, dsrxm text, dsrxb text, dsrcsrq text, dsrsfzh text, '
 'dsrdz text, dsrlxdh text, bdje numeric(14,2)',
 $x$'(' || extract(year FROM ev)::int || ')粤' || (ARRAY['2071', '2072'])[1 + city_gen.r(h, 2, 2)]
    || (ARRAY['民初', '执', '刑初'])[at] || key || '号'$x$,
 $x$CASE WHEN pr THEN 2 WHEN city_gen.u(h, 1) < .7 THEN 1 WHEN city_gen.u(h, 1) < .92 THEN 2 ELSE 3 END AS at$x$,
 $x${KEY} AS ah, ev AS larq, (ARRAY['民事', '执行', '刑事'])[at] AS ajlx,
    CASE WHEN at < 3 THEN city_gen.pick(h, 3, '{民间借贷纠纷,离婚纠纷,劳动争议,机动车交通事故责任纠纷,买卖合同纠纷,物业服务合同纠纷,信用卡纠纷,房屋租赁合同纠纷}')
         ELSE city_gen.pick(h, 3, '{盗窃罪,危险驾驶罪,诈骗罪,故意伤害罪,帮助信息网络犯罪活动罪}') END AS ay,
    CASE WHEN pr THEN '被执行人' WHEN at = 1 THEN city_gen.pick(h, 4, '{原告,被告,被告}')
         WHEN at = 2 THEN city_gen.pick(h, 4, '{申请执行人,被执行人,被执行人}') ELSE '被告人' END AS dsrdw,
    name_txt AS dsrxm, CASE sex WHEN 'M' THEN '男' ELSE '女' END AS dsrxb,
    to_char(bd, 'YYYY"年"FMMM"月"FMDD"日"') AS dsrcsrq, id_txt AS dsrsfzh,
    '广东省中山市' || a_town || a_street AS dsrdz,
    CASE WHEN city_gen.u(h, 5) < .6 THEN coalesce(mobile, a_landline) END AS dsrlxdh,
    CASE WHEN at < 3 THEN (100 * exp(9.5 + 1.2 * city_gen.z(h, 6)))::bigint * 0.01 END AS bdje$x$),
('zw_yichuang',
 'bjbh bigint NOT NULL, sxmc text, sqrxm text, sqrzjlx text, sqrzjhm text, sqrlxdh text, sqrdz text, sqsj timestamp, '
 'ckbh int, slr text, blzt text',
 'key::text', 'NULL AS pre',
 $x$key AS bjbh,
    city_gen.pick(h, 1, '{最低生活保障申请,临时救助申请,特困人员供养申请,残疾人两项补贴申请,居住证办理,城乡居民医保参保登记,高龄津贴申请,生育登记,就业失业登记,灵活就业人员社保登记,廉租住房申请,计划生育家庭特别扶助,学生资助申请,医疗救助申请,户籍证明}') AS sxmc,
    name_txt AS sqrxm, '居民身份证' AS sqrzjlx, id_txt AS sqrzjhm, coalesce(mobile, a_landline) AS sqrlxdh,
    a_town || a_street AS sqrdz,
    ev + time '08:30' + make_interval(secs => city_gen.r(h, 3, 32400)::int) AS sqsj,
    1 + city_gen.r(h, 4, 20)::int AS ckbh,
    city_gen.pick(h, 5, '{黄婉婷,梁嘉欣,陈志明,李晓彤,何俊杰,林淑仪,吴家豪,冯丽华,郑颖诗,周子健,谢美玲,卢伟强}') AS slr,
    CASE WHEN city_gen.u(h, 6) < .9 THEN '已办结' WHEN city_gen.u(h, 6) < .96 THEN '办理中' ELSE '退回' END AS blzt$x$),
('wj_health_decl',
 'sbid bigint NOT NULL, xm text, zjhm text, sjhm text, xzz text, sbrq date, tw numeric(3,1), jkm text, ymjzjc int, ywzz text',
 'key::text', 'NULL AS pre',
 $x$key AS sbid, name_txt AS xm, id_txt AS zjhm,
    coalesce(mobile, CASE WHEN role = 'child' THEN head_mobile END, a_landline) AS sjhm,
    CASE WHEN city_gen.u(h, 1) < .2 THEN a_street ELSE a_town || a_street END AS xzz,
    ev AS sbrq, (360 + city_gen.r(h, 2, 13)) * 0.1 AS tw,
    CASE WHEN city_gen.u(h, 3) < .985 THEN '绿码' WHEN city_gen.u(h, 3) < .997 THEN '黄码' ELSE '红码' END AS jkm,
    CASE WHEN age < 3 THEN 0 WHEN city_gen.u(h, 4) < .08 THEN 0 WHEN city_gen.u(h, 4) < .15 THEN 1
         WHEN city_gen.u(h, 4) < .55 THEN 2 ELSE 3 END AS ymjzjc,
    CASE WHEN city_gen.u(h, 5) < .99 THEN '否' ELSE '是' END AS ywzz$x$),
('cs_aid',
 'aid_id bigint NOT NULL, recipient_name text, recipient_idno text, phone text, address text, project text, '
 'aid_type text, amount numeric(10,2), aid_date date, handler text',
 'key::text',
 $x$CASE WHEN pr THEN 3 ELSE 1 + city_gen.r(h, 1, 6)::int END AS pj$x$,
 $x$key AS aid_id, name_txt AS recipient_name, id_txt AS recipient_idno, coalesce(mobile, a_landline) AS phone,
    a_town || a_street AS address,
    (ARRAY['慈善助学', '大病救助', '临时困难救助', '春节慰问', '助残帮扶', '长者关爱'])[pj] AS project,
    CASE WHEN pj IN (4, 6) THEN city_gen.pick(h, 2, '{物资,代金券,现金}') ELSE '现金' END AS aid_type,
    (CASE pj WHEN 1 THEN 2000 + 500 * city_gen.r(h, 3, 5) WHEN 2 THEN 3000 + 1000 * city_gen.r(h, 3, 18)
             WHEN 3 THEN 500 + 100 * city_gen.r(h, 3, 26) WHEN 4 THEN 300 + 100 * city_gen.r(h, 3, 5)
             WHEN 5 THEN 1000 + 500 * city_gen.r(h, 3, 5) ELSE 200 + 100 * city_gen.r(h, 3, 4) END)::numeric AS amount,
    ev AS aid_date,
    city_gen.pick(h, 4, '{志愿者梁姨,王社工,陈社工,李主任,何干事,林社工,慈善会办公室}') AS handler$x$);

-----------------------------------------------------------------------------
-- Loading one departmental table from the plan: every row gets its dirt
-- (kinds drawn at the source's rates), its typed values, and one truth row.
-----------------------------------------------------------------------------
-- The statement that fills one departmental table and its truth (to read:
-- SELECT city_gen.source_query('yb_claims') once a plan is made)
CREATE FUNCTION city_gen.source_query(p_source text) RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    src city_gen.source;
    q city_gen.source_sql;
    rt jsonb;
    ss bigint;
    ev text;
    sql text;
    p_seed int;
    offs bigint[];
    np int;
    npmax int;
BEGIN
    SELECT * INTO STRICT src FROM city_gen.source WHERE source = p_source;
    p_seed := (city_gen.setting()).seed;
    -- rows of the earlier parts of the plan come first
    EXECUTE format('SELECT array_agg(o ORDER BY part), count(*), max(nparts) FROM (
                        SELECT part, nparts, coalesce(sum(%1$I) OVER (ORDER BY part ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS o
                        FROM city_gen.plan_total) x', 't_' || p_source)
        INTO offs, np, npmax;
    IF np = 0 OR np <> npmax THEN
        RAISE EXCEPTION 'city_gen.load_source: the plan is not complete (% of % parts; run city_gen.make_plan)', np, npmax;
    END IF;
    SELECT * INTO STRICT q FROM city_gen.source_sql WHERE source = p_source;
    SELECT jsonb_object_agg(kind, rate / 100.0) INTO rt FROM city_gen.rate WHERE source = p_source;
    ss := p_seed::bigint * 1000 + 100 + src.idx * 50;
    ev := CASE p_source
            WHEN 'ga_deaths' THEN 'pl.death_date'
            WHEN 'jy_students' THEN 'DATE ''2024-09-01'''
            ELSE format('greatest(DATE %1$L, pl.birth_date) + floor(city_gen.u(key, {SS} + 10) * (least(DATE %2$L, coalesce(pl.death_date - 1, DATE %2$L)) - greatest(DATE %1$L, pl.birth_date) + 1))::int',
                        src.ws, src.we) END;
    sql := $t$
WITH d AS (
    -- one draw per kind of dirt, each a hash of the row key; a simple CASE on
    -- width_bucket() draws once and picks the kind whose interval holds it
    SELECT pl.person_no, pl.rid, pl.name, pl.name_len, pl.has_dot, pl.sex, pl.birth_date,
           pl.death_date, pl.age, pl.age_sy, pl.role, pl.ethnicity, pl.mobile, pl.town, pl.street, pl.hh, pl.landline,
           pl.prev_household_no, pl.prev_town, pl.prev_street, pl.prev_hh, pl.prev_landline, pl.hardship, pl.roll_cat,
           pl.hh_size, pl.head_name, pl.head_mobile, key,
           hashint8extended(key, {SS}) AS h,
           {EV} AS ev,
           CASE width_bucket(city_gen.u(key, {SS} + 1), '{{M1},{M2},{M3},{M4},{M5}}'::float8[])
                WHEN 0 THEN 'missing' WHEN 1 THEN 'wrong_digit' WHEN 2 THEN 'swap' WHEN 3 THEN 'valid_but_wrong'
                WHEN 4 THEN CASE WHEN pl.birth_date < DATE '2000-01-01' THEN 'legacy15' END END AS ck,
           city_gen.u(key, {SS} + 2) < {R_FULL} AS fw,
           city_gen.u(key, {SS} + 3) < {R_SEP} AS sep,
           city_gen.u(key, {SS} + 4) < {R_APOS} AS apos,
           city_gen.u(key, {SS} + 5) < {R_LOWX} AS lowx,
           CASE width_bucket(city_gen.u(key, {SS} + 6), '{{N1},{N2},{N3},{N4}}'::float8[])
                WHEN 0 THEN 'name_missing'
                WHEN 1 THEN CASE WHEN pl.hom_ok THEN 'homophone' END
                WHEN 2 THEN CASE WHEN pl.var_ok THEN 'variant' END
                WHEN 3 THEN CASE WHEN pl.name_len = 2 THEN 'name_space' END END AS nk,
           pl.has_dot AND city_gen.u(key, {SS} + 7) < {R_DOT} AS dot,
           CASE width_bucket(city_gen.u(key, {SS} + 8), '{{B1},{B2}}'::float8[])
                WHEN 0 THEN 'birth_missing' WHEN 1 THEN 'birth_typo' END AS bk,
           pl.prev_household_no IS NOT NULL AND city_gen.u(key, {SS} + 9) < {R_MOVED} AS mv,
           -- a planted row (the person's last row of the source): its values are set below
           pl.pk_here AND key = pl.last_key AS pr
    -- (the set-returning function in the select list runs as a ProjectSet,
    -- far cheaper per person than a lateral function scan)
    FROM (SELECT pl.person_no, pl.rid, pl.name, pl.name_len, pl.hom_ok, pl.var_ok, pl.has_dot, pl.sex,
                 pl.birth_date, pl.death_date, pl.age, pl.age_sy, pl.role, pl.ethnicity, pl.mobile, pl.town,
                 pl.street, pl.hh, pl.landline, pl.prev_household_no, pl.prev_town, pl.prev_street, pl.prev_hh,
                 pl.prev_landline, pl.hardship, pl.roll_cat, pl.hh_size, pl.head_name, pl.head_mobile,
                 pl.pk & {BIT} <> 0 AS pk_here, pl.{B} + ('{OFFS}'::bigint[])[pl.part + 1] + pl.{N} AS last_key,
                 pl.{B} + ('{OFFS}'::bigint[])[pl.part + 1] + generate_series(1, pl.{N}) AS key
          FROM {PLAN} pl WHERE pl.{N} > 0) pl
    OFFSET 0   -- (each stage is computed once per row, not inlined into the next)
), x AS (
    SELECT d.*,
           CASE WHEN ck IS NULL AND NOT (fw OR sep OR apos OR (lowx AND right(rid, 1) = 'X')) THEN rid
                ELSE city_gen.dirty_id(rid, ck, fw, sep, apos, lowx, h) END AS id_txt,
           CASE WHEN nk IS NULL AND NOT dot THEN name ELSE city_gen.dirty_name(name, nk, dot, h) END AS name_txt,
           CASE bk WHEN 'birth_missing' THEN NULL WHEN 'birth_typo' THEN city_gen.birth_typo(birth_date, h)
                   ELSE birth_date END AS bd,
           CASE WHEN mv THEN prev_town ELSE town END AS a_town,
           CASE WHEN mv THEN prev_street ELSE street END AS a_street,
           CASE WHEN mv THEN prev_hh ELSE hh END AS a_hh,
           CASE WHEN mv THEN prev_landline ELSE landline END AS a_landline,
           {PRE}
    FROM d
    OFFSET 0
), s AS MATERIALIZED (
    SELECT {KEY} AS key_txt, person_no,
           CASE WHEN ck IS NULL AND nk IS NULL AND bk IS NULL AND NOT (fw OR sep OR apos OR lowx OR dot OR mv)
                THEN '{}'::text[] ELSE
           array_remove(ARRAY[ck,
               -- (a lookup for these rows only: LIMIT keeps the planner from hashing all persons)
               CASE WHEN ck = 'valid_but_wrong' THEN
                    CASE WHEN (SELECT true FROM city_truth.person o
                               WHERE o.resident_id OPERATOR(aidlink.=) aidlink.to_resident_id(x.id_txt) LIMIT 1)
                         THEN 'other_person' END END,
               CASE WHEN ck IS DISTINCT FROM 'missing' AND lowx AND id_txt ~ '[xｘ]' THEN 'lower_x' END,
               CASE WHEN ck IS DISTINCT FROM 'missing' AND fw THEN 'full_width' END,
               CASE WHEN ck IS DISTINCT FROM 'missing' AND sep THEN 'separators' END,
               CASE WHEN ck IS DISTINCT FROM 'missing' AND apos THEN 'apostrophe' END,
               nk,
               CASE WHEN dot AND nk IS DISTINCT FROM 'name_missing' THEN 'name_dot' END,
               bk,
               CASE WHEN mv THEN 'moved' END], NULL) END AS kinds,
           NOT (ck IS NOT DISTINCT FROM 'missing' AND nk IS NOT DISTINCT FROM 'name_missing') AS linkable,
           {EXPRS}
    FROM x
), t AS (
    INSERT INTO city_truth.row_truth_{SRC} (source, row_key, person_no, dirt_kinds, linkable)
    SELECT '{SRC}', key_txt, person_no, kinds, linkable FROM s
)
INSERT INTO city.{SRC} SELECT {COLS} FROM s
$t$;
    sql := replace(sql, '{SRC}', p_source);
    sql := replace(sql, '{OFFS}', offs::text);
    sql := replace(sql, '{PLAN}', CASE WHEN p_source IN ('mz_dibao', 'zj_weifang', 'rs_unemployment', 'cl_cards', 'ga_deaths',
                                                         'fy_cases', 'cs_aid')
                                       THEN 'city_gen.plan_small' ELSE 'city_gen.plan' END);
    sql := replace(sql, '{B}', 'b_' || p_source);
    sql := replace(sql, '{N}', 'n_' || p_source);
    sql := replace(sql, '{EV}', CASE WHEN src.idx IN (2, 4, 5, 8, 11)
                                     THEN format('CASE WHEN pl.pk_here AND key = pl.last_key THEN DATE ''2025-06-20'' - city_gen.r(key, {SS} + 11, 330)::int ELSE %s END', ev)
                                     ELSE ev END);
    sql := replace(sql, '{BIT}', CASE p_source WHEN 'yb_claims' THEN '1' WHEN 'rs_unemployment' THEN '2' WHEN 'cs_aid' THEN '4'
                                               WHEN 'fy_cases' THEN '8' WHEN 'zj_weifang' THEN '16' ELSE '0' END);
    sql := replace(sql, '{SS}', ss::text);
    sql := replace(sql, '{M1}', (coalesce((rt->>'missing')::float8, 0))::text);
    sql := replace(sql, '{M2}', (coalesce((rt->>'missing')::float8, 0) + coalesce((rt->>'wrong_digit')::float8, 0))::text);
    sql := replace(sql, '{M3}', (coalesce((rt->>'missing')::float8, 0) + coalesce((rt->>'wrong_digit')::float8, 0)
                                 + coalesce((rt->>'swap')::float8, 0))::text);
    sql := replace(sql, '{M4}', (coalesce((rt->>'missing')::float8, 0) + coalesce((rt->>'wrong_digit')::float8, 0)
                                 + coalesce((rt->>'swap')::float8, 0) + coalesce((rt->>'valid_but_wrong')::float8, 0))::text);
    sql := replace(sql, '{M5}', (coalesce((rt->>'missing')::float8, 0) + coalesce((rt->>'wrong_digit')::float8, 0)
                                 + coalesce((rt->>'swap')::float8, 0) + coalesce((rt->>'valid_but_wrong')::float8, 0)
                                 + coalesce((rt->>'legacy15')::float8, 0))::text);
    sql := replace(sql, '{R_FULL}', coalesce(rt->>'full_width', '0'));
    sql := replace(sql, '{R_SEP}', coalesce(rt->>'separators', '0'));
    sql := replace(sql, '{R_APOS}', coalesce(rt->>'apostrophe', '0'));
    sql := replace(sql, '{R_LOWX}', coalesce(rt->>'lower_x', '0'));
    sql := replace(sql, '{R_DOT}', coalesce(rt->>'name_dot', '0'));
    sql := replace(sql, '{R_MOVED}', coalesce(rt->>'moved', '0'));
    sql := replace(sql, '{N1}', (coalesce((rt->>'name_missing')::float8, 0))::text);
    sql := replace(sql, '{N2}', (coalesce((rt->>'name_missing')::float8, 0) + coalesce((rt->>'homophone')::float8, 0))::text);
    sql := replace(sql, '{N3}', (coalesce((rt->>'name_missing')::float8, 0) + coalesce((rt->>'homophone')::float8, 0)
                                 + coalesce((rt->>'variant')::float8, 0))::text);
    sql := replace(sql, '{N4}', (coalesce((rt->>'name_missing')::float8, 0) + coalesce((rt->>'homophone')::float8, 0)
                                 + coalesce((rt->>'variant')::float8, 0) + coalesce((rt->>'name_space')::float8, 0))::text);
    sql := replace(sql, '{B1}', (coalesce((rt->>'birth_missing')::float8, 0))::text);
    sql := replace(sql, '{B2}', (coalesce((rt->>'birth_missing')::float8, 0) + coalesce((rt->>'birth_typo')::float8, 0))::text);
    sql := replace(sql, '{PRE}', q.pre);
    sql := replace(sql, '{EXPRS}', q.exprs);
    sql := replace(sql, '{KEY}', q.key_expr);
    sql := replace(sql, '{COLS}', (SELECT string_agg(m[1], ', ') FROM regexp_matches(q.ddl, '(?:^|, )([a-z_0-9]+) ', 'g') AS m));
    RETURN sql;
END $fn$;

CREATE FUNCTION city_gen.load_source(p_source text) RETURNS bigint
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET enable_memoize = off SET work_mem = '64MB' SET maintenance_work_mem = '1GB' AS $fn$
DECLARE
    n bigint;
    t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE format('CREATE TABLE city.%I (%s)', p_source,
                   (SELECT ddl FROM city_gen.source_sql WHERE source = p_source));
    EXECUTE city_gen.source_query(p_source);
    GET DIAGNOSTICS n = ROW_COUNT;
    EXECUTE format('ALTER TABLE city.%I ADD PRIMARY KEY (%I)', p_source,
                   (SELECT attname FROM pg_attribute WHERE attrelid = ('city.' || p_source)::regclass AND attnum = 1));
    -- (row_key first: within a partition the source is always the same, and
    -- sorting on it first would make building the key several times slower)
    EXECUTE format('ALTER TABLE city_truth.%I ADD PRIMARY KEY (row_key, source)', 'row_truth_' || p_source);
    INSERT INTO city_gen.loaded VALUES (p_source, n);
    RAISE NOTICE 'city: % % rows (%)', p_source, n, clock_timestamp() - t0;
    RETURN n;
END $fn$;

-----------------------------------------------------------------------------
-- Making a city, in steps (city_gen.generate runs them all in one session;
-- demo/city/make-city spreads the parts of each step over several):
--   setup(seed, people)          schemas, tables, households
--   make_persons(part, nparts)   people of the households with household_no % nparts = part
--   make_doppelgangers()
--   make_numbers(part, nparts)   resident identity numbers, deaths, moves, phones
--   index_persons()
--   make_register()              the household register (reference population)
--   make_plan(part, nparts)      how many rows each person has in each department
--   load_source(source)          one departmental table and its truth
--   finish_city()                keys of the truth, dirt rates, catalogue
-- Every step's result is a function of the seed and size only, never of the
-- number of parts.
-----------------------------------------------------------------------------
CREATE TABLE city_gen.loaded (source text PRIMARY KEY, rows bigint NOT NULL);   -- rows of each table made
CREATE TABLE city_gen.plan_total (
    part int PRIMARY KEY, nparts int NOT NULL,
    t_mz_dibao bigint, t_yb_claims bigint, t_jy_students bigint, t_zj_weifang bigint, t_rs_unemployment bigint,
    t_cl_cards bigint, t_ga_deaths bigint, t_fy_cases bigint, t_zw_yichuang bigint, t_wj_health_decl bigint,
    t_cs_aid bigint
);
CREATE UNLOGGED TABLE city_gen.person0 (
    person_no int NOT NULL, household_no int NOT NULL, member_no int NOT NULL, role text NOT NULL,
    resident_id aidlink.resident_id, name text NOT NULL, surname text, given_name text NOT NULL,
    sex text NOT NULL, birth_date date NOT NULL, region text NOT NULL, ethnicity text NOT NULL,
    in_register boolean NOT NULL, death_date date, prev_household_no int, twin_of int, doppelganger_of int,
    mobile text
);

CREATE FUNCTION city_gen.exec(sql text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE sql; END $$;

CREATE FUNCTION city_gen.setting(OUT seed int, OUT people int, OUT households int, OUT perm_a bigint, OUT perm_ainv bigint)
    LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    IF to_regclass('city_truth.generation') IS NULL THEN
        RAISE EXCEPTION 'city_gen: no city is being made (run city_gen.setup first)';
    END IF;
    SELECT g.seed, g.people, g.households, g.perm_a, g.perm_ainv INTO STRICT seed, people, households, perm_a, perm_ainv
    FROM city_truth.generation g;
END $fn$;

CREATE FUNCTION city_gen.setup(seed int, people int) RETURNS void
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '512MB' AS $fn$
DECLARE
    S bigint := seed::bigint * 1000;      -- salt base: S + 1 .. S + 99 for households and persons
    ref constant date := DATE '2025-06-30';
    nh int;
    v_a bigint; ainv bigint;
    t1 timestamptz := clock_timestamp();
BEGIN
    IF people IS NULL OR people < 20 OR people > 20000000 THEN
        RAISE EXCEPTION 'city_gen.generate: people must be between 20 and 20,000,000 (got %)', people;
    END IF;
    IF seed IS NULL OR seed < 0 OR seed > 9000000 THEN
        RAISE EXCEPTION 'city_gen.generate: seed must be between 0 and 9,000,000 (got %)', seed;
    END IF;
    DECLARE cmm text := current_setting('client_min_messages');
    BEGIN
        PERFORM set_config('client_min_messages', 'warning', true);
        DROP SCHEMA IF EXISTS city CASCADE;
        DROP SCHEMA IF EXISTS city_truth CASCADE;
        PERFORM set_config('client_min_messages', cmm, true);
    END;
    CREATE SCHEMA city;
    COMMENT ON SCHEMA city IS 'Synthetic city (demo/city): the household register and 11 departmental tables, dirty as departments keep them';
    CREATE SCHEMA city_truth;
    COMMENT ON SCHEMA city_truth IS 'Ground truth of the synthetic city: who every row of schema city really is, and how it was made dirty';
    TRUNCATE city_gen.plan, city_gen.plan_small, city_gen.plan_total, city_gen.person0, city_gen.loaded;

    CREATE TABLE city_truth.household (
        household_no int NOT NULL, first_person_no int NOT NULL, size int NOT NULL, htype text NOT NULL,
        roles text[] NOT NULL, region text NOT NULL, region_grp text NOT NULL, in_register boolean NOT NULL,
        hh text, town text NOT NULL, street text NOT NULL, address text NOT NULL, landline text,
        hardship int NOT NULL, roll_category text, family_surname text NOT NULL, minority boolean NOT NULL,
        head_sex text NOT NULL, head_age int NOT NULL, spouse_age int, twins boolean NOT NULL,
        planted boolean NOT NULL, planted_kinds int NOT NULL
    );
    CREATE TABLE city_truth.person (LIKE city_gen.person0);
    CREATE TABLE city_truth.generation (
        seed int NOT NULL, people int NOT NULL, households int NOT NULL, perm_a bigint NOT NULL, perm_ainv bigint NOT NULL
    );
    COMMENT ON TABLE city_truth.generation IS 'The seed and size this city was made with (city_gen.generate), and values the steps share';
    -- (one partition per source, each indexed by the session that loads it)
    CREATE TABLE city_truth.row_truth (
        source text COLLATE "C" NOT NULL,   -- the table's name in schema city
        row_key text COLLATE "C" NOT NULL,  -- its row key, as text
        person_no int NOT NULL,        -- who the row really is
        dirt_kinds text[] NOT NULL,    -- what was done to it (see city_truth.dirt_rates)
        linkable boolean NOT NULL      -- false: neither a number nor a name left
    ) PARTITION BY LIST (source);
    -- (all made here: attaching a partition locks the whole table, which
    -- would make the loading sessions wait for each other)
    CREATE TABLE city_truth.row_truth_household_register PARTITION OF city_truth.row_truth
        FOR VALUES IN ('household_register');
    PERFORM city_gen.exec(format('CREATE TABLE city_truth.%I PARTITION OF city_truth.row_truth FOR VALUES IN (%L)',
                                 'row_truth_' || s.source, s.source))
    FROM city_gen.source s ORDER BY s.idx;

    ---------------------------------------------------------------- households
    INSERT INTO city_truth.household
    WITH g AS (
        SELECT gs.i AS household_no,
               CASE WHEN u < .24 THEN 1 WHEN u < .53 THEN 2 WHEN u < .75 THEN 3 WHEN u < .89 THEN 4
                    WHEN u < .96 THEN 5 ELSE 6 END AS size0
        FROM generate_series(1, people / 2 + 1000) AS gs(i), LATERAL (SELECT city_gen.u(gs.i, S + 1) AS u) x
    ), c AS (
        SELECT household_no, size0,
               sum(size0) OVER (ORDER BY household_no ROWS UNBOUNDED PRECEDING) - size0 AS before
        FROM g
    ), c2 AS (
        SELECT household_no, before::int AS before, least(size0, people - before)::int AS size
        FROM c WHERE before < people
    ), t AS (
        SELECT c2.*, ht.htype, ht.roles, wr.v AS region,
               CASE WHEN wr.v = '442000' THEN 'zs' WHEN wr.v LIKE '44%' THEN 'gd' WHEN wr.v LIKE '65%' THEN 'xj'
                    ELSE 'other' END AS region_grp,
               city_gen.u(household_no, S + 5) AS u_reg, city_gen.u(household_no, S + 6) AS u_hard,
               city_gen.u(household_no, S + 7) AS u_roll, city_gen.u(household_no, S + 8) AS u_roll2,
               city_gen.u(household_no, S + 10) AS ua, city_gen.u(household_no, S + 11) AS ub,
               city_gen.u(household_no, S + 12) AS uc, city_gen.u(household_no, S + 13) AS ud,
               wt.v AS town, wr2.v AS road
        FROM c2
        JOIN city_gen.hh_type ht ON ht.size = c2.size
             AND city_gen.u(c2.household_no, S + 2) >= ht.lo AND city_gen.u(c2.household_no, S + 2) < ht.hi
        JOIN (SELECT k, v FROM city_gen.wheel WHERE wid = 40) wr ON wr.k = 4000000 + city_gen.r(c2.household_no, S + 3, 10000)
        JOIN (SELECT k, v FROM city_gen.wheel WHERE wid = 41) wt ON wt.k = 4100000 + city_gen.r(c2.household_no, S + 4, 10000)
        JOIN (SELECT k, v FROM city_gen.wheel WHERE wid = 42) wr2 ON wr2.k = 4200000 + city_gen.r(c2.household_no, S + 9, 10000)
        OFFSET 0
    ), t2 AS (
        SELECT t.*,
               CASE region_grp WHEN 'zs' THEN true WHEN 'gd' THEN u_reg >= .05 ELSE u_reg >= .18 END AS in_register,
               CASE WHEN u_hard < .90 THEN 0 WHEN u_hard < .97 THEN 1 ELSE 2 END AS hardship,
               CASE htype
                   WHEN 'single' THEN CASE WHEN ua < .45 THEN 19 + floor(ub * 16) ELSE 50 + floor(45 * power(ub, .8)) END
                   WHEN 'couple' THEN CASE WHEN ua < .4 THEN 22 + floor(ub * 13) ELSE 48 + floor(37 * ub) END
                   WHEN 'single_parent' THEN 28 + floor(30 * ub)
                   WHEN 'family' THEN 25 + floor(33 * ub)
                   ELSE 28 + floor(24 * ub) END::int AS head_age,
               CASE WHEN uc < CASE htype WHEN 'single' THEN .45 WHEN 'single_parent' THEN .3 ELSE .8 END
                    THEN 'M' ELSE 'F' END AS head_sex,
               road || (1 + city_gen.r(household_no, S + 14, 180)) || '号'
                 || CASE WHEN city_gen.u(household_no, S + 15) < .6
                         THEN (1 + city_gen.r(household_no, S + 16, 12)) || '栋'
                              || (1 + city_gen.r(household_no, S + 17, 18)) || '0' || (1 + city_gen.r(household_no, S + 18, 6)) || '房'
                         ELSE '' END AS street
        FROM t
        OFFSET 0
    )
    SELECT household_no, before + 1, size, htype, roles, region, region_grp, in_register,
           CASE WHEN in_register THEN (100000000 + (household_no::bigint * 48271) % 900000000)::text END,
           town, street, '广东省中山市' || town || street,
           CASE WHEN city_gen.u(household_no, S + 19) < .55
                THEN '0760-8' || lpad(city_gen.r(household_no, S + 20, 10000000)::text, 7, '0') END,
           hardship,
           CASE WHEN NOT in_register THEN NULL
                WHEN hardship = 2 AND u_roll < .65 THEN
                     CASE WHEN size = 1 THEN 'tekun' WHEN u_roll2 < .7 THEN 'dibao' WHEN u_roll2 < .85 THEN 'marginal'
                          ELSE 'low_income' END
                WHEN hardship = 1 AND u_roll < .12 THEN CASE WHEN u_roll2 < .5 THEN 'marginal' ELSE 'low_income' END
           END,
           ws.v, region_grp = 'xj' AND city_gen.u(household_no, S + 22) < .8,
           head_sex, head_age,
           CASE WHEN 'spouse' = ANY (roles)
                THEN greatest(19, head_age + CASE WHEN head_sex = 'M' THEN -2 ELSE 2 END + floor(ud * 7)::int - 3) END,
           city_gen.u(household_no, S + 23) < .03,
           -- planted overlap households (see make_plan): registered, no
           -- hardship drawn above, each of five moderate signals with
           -- probability .7 (bits 1 medical, 2 unemployment, 4 charity,
           -- 8 court enforcement, 16 dangerous house)
           in_register AND hardship = 0 AND city_gen.u(household_no, S + 900) < .02,
           CASE WHEN in_register AND hardship = 0 AND city_gen.u(household_no, S + 900) < .02
                THEN (city_gen.u(household_no, S + 901) < .7)::int + 2 * (city_gen.u(household_no, S + 902) < .7)::int
                     + 4 * (city_gen.u(household_no, S + 903) < .7)::int + 8 * (city_gen.u(household_no, S + 904) < .7)::int
                     + 16 * (city_gen.u(household_no, S + 905) < .7)::int
                ELSE 0 END
    FROM t2
    JOIN (SELECT k, v FROM city_gen.wheel WHERE wid IN (1, 2)) ws
         ON ws.k = CASE WHEN region_grp IN ('zs', 'gd') THEN 200000 ELSE 100000 END + city_gen.r(household_no, S + 21, 100000);
    GET DIAGNOSTICS nh = ROW_COUNT;
    ALTER TABLE city_truth.household ADD PRIMARY KEY (household_no);
    ANALYZE city_truth.household;

    -- Persons are visited in a scrambled order j (person_no = j * a mod N + 1)
    -- when the departmental rows are made, so that a department's rows are
    -- not in household order; a = N * 0.618..., made coprime with N.
    v_a := round(people * 0.6180339887)::bigint;
    WHILE gcd(v_a, people::bigint) <> 1 LOOP v_a := v_a + 1; END LOOP;
    DECLARE r0 bigint := people; r1 bigint := v_a; s0 bigint := 0; s1 bigint := 1; qq bigint; tmp bigint;
    BEGIN                                 -- modular inverse of a (extended Euclid)
        WHILE r1 <> 0 LOOP
            qq := r0 / r1;
            tmp := r0 - qq * r1; r0 := r1; r1 := tmp;
            tmp := s0 - qq * s1; s0 := s1; s1 := tmp;
        END LOOP;
        ainv := ((s0 % people) + people) % people;
    END;
    INSERT INTO city_truth.generation VALUES (seed, people, nh, v_a, ainv);
    RAISE NOTICE 'city: % households (%)', nh, clock_timestamp() - t1;
END $fn$;

CREATE FUNCTION city_gen.make_persons(part int, nparts int) RETURNS void
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '512MB' AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000;
    ref constant date := DATE '2025-06-30';
    t1 timestamptz := clock_timestamp();
BEGIN
    INSERT INTO city_gen.person0
    WITH m AS (
        SELECT h.*, k, h.first_person_no + k - 1 AS person_no, h.roles[k] AS role,
               k - array_position(h.roles, 'child') + 1 AS child_idx,
               k - array_position(h.roles, 'parent') + 1 AS parent_idx,
               cardinality(array_positions(h.roles, 'parent')) AS n_parents,
               cardinality(array_positions(h.roles, 'child')) AS n_children,
               greatest(0, least(40, least(h.head_age, coalesce(h.spouse_age, h.head_age)) - 20)) AS max_child_age
        FROM city_truth.household h, generate_series(1, h.size) k
        WHERE h.household_no % nparts = part
        OFFSET 0
    ), m2 AS (
        SELECT m.*,
               -- children's birth keys: a twin shares its elder sibling's key
               CASE WHEN role = 'child'
                    THEN household_no::bigint * 8 + CASE WHEN twins AND n_children >= 2 AND child_idx = 2 THEN 1 ELSE child_idx END
                    ELSE person_no::bigint * 8 + 7 END AS bkey,
               CASE role
                   WHEN 'head' THEN head_sex
                   WHEN 'spouse' THEN CASE head_sex WHEN 'M' THEN 'F' ELSE 'M' END
                   WHEN 'child' THEN CASE WHEN city_gen.u(person_no, S + 30) < .515 THEN 'M' ELSE 'F' END
                   ELSE CASE WHEN n_parents = 2 THEN CASE parent_idx WHEN 1 THEN 'M' ELSE 'F' END
                             WHEN city_gen.u(person_no, S + 30) < .35 THEN 'M' ELSE 'F' END
               END AS sex
        FROM m
        OFFSET 0
    ), m3 AS (
        SELECT m2.*,
               CASE role
                   WHEN 'head' THEN head_age
                   WHEN 'spouse' THEN spouse_age
                   -- (fewer small children than a uniform draw: births have fallen)
                   WHEN 'child' THEN floor(power(city_gen.u(bkey, S + 31), .6) * (max_child_age + 1))::int
                   ELSE least(104, greatest(head_age, coalesce(spouse_age, 0)) + 22 + floor(city_gen.u(person_no, S + 32) * 14)::int)
               END AS age,
               CASE WHEN role = 'spouse' AND city_gen.u(person_no, S + 33) < .4 THEN wrs.v ELSE m2.region END AS p_region
        FROM m2
        JOIN (SELECT k, v FROM city_gen.wheel WHERE wid = 40) wrs ON wrs.k = 4000000 + city_gen.r(m2.person_no, S + 34, 10000)
        OFFSET 0
    ), m4 AS (
        SELECT m3.*,
               greatest(DATE '1920-01-01', ref - age * 36524 / 100 - floor(city_gen.u(bkey, S + 35) * 365)::int) AS birth_date,
               CASE WHEN role = 'child' AND region_grp <> 'zs' AND city_gen.u(person_no, S + 36) < .5 THEN '442000'
                    ELSE p_region END AS region2
        FROM m3
        OFFSET 0
    ), m5 AS (
        SELECT m4.*,
               CASE WHEN birth_date < DATE '1960-01-01' THEN 0
                    WHEN birth_date < DATE '1990-01-01' THEN 1 ELSE 2 END AS era,
               (role = 'child' OR (role IN ('head', 'spouse', 'parent') AND sex = 'M')
                OR (role = 'head' AND NOT 'spouse' = ANY (roles))) AS family_name,
               CASE WHEN region2 = '442000' THEN 'zs' WHEN region2 LIKE '44%' THEN 'gd' ELSE 'other' END AS own_grp,
               CASE sex WHEN 'M' THEN 0 ELSE 1 END AS sexi,
               CASE WHEN city_gen.u(person_no, S + 45) < .2 THEN 0      -- a popular given name
                    WHEN city_gen.u(person_no, S + 46) < CASE WHEN birth_date < DATE '1960-01-01' THEN .2
                                                              WHEN birth_date < DATE '1990-01-01' THEN .3 ELSE .08 END
                    THEN 1                                               -- one character
                    ELSE 2 END AS gkind                                  -- two characters
        FROM m4
        OFFSET 0
    )
    -- a given name is one of the popular ones of the person's generation and
    -- sex, or one character, or two; a minority name is a given name and the
    -- father's name (children share their father's)
    SELECT m5.person_no, m5.household_no, m5.k, m5.role, NULL,
           CASE WHEN minority THEN g1.v || '·' || g2.v
                ELSE coalesce(so.v, family_surname) || g1.v || coalesce(g2.v, '') END,
           CASE WHEN NOT minority THEN coalesce(so.v, family_surname) END,
           CASE WHEN minority THEN g1.v || '·' || g2.v ELSE g1.v || coalesce(g2.v, '') END,
           m5.sex, m5.birth_date, m5.region2,
           CASE WHEN minority THEN '维吾尔族' ELSE '汉族' END,
           in_register AND NOT (role = 'spouse' AND own_grp <> 'zs' AND city_gen.u(person_no, S + 37) < .25),
           NULL, NULL,
           CASE WHEN role = 'child' AND twins AND n_children >= 2 AND child_idx = 2 THEN person_no - 1 END,
           NULL,
           NULL
    FROM m5
    LEFT JOIN (SELECT k, v FROM city_gen.wheel WHERE wid IN (1, 2)) so
         ON so.k = CASE WHEN NOT minority AND NOT family_name
                        THEN CASE WHEN region_grp IN ('zs', 'gd') THEN 200000 ELSE 100000 END
                             + city_gen.r(m5.person_no, S + 38, 100000) END
    JOIN (SELECT k, v FROM city_gen.wheel WHERE wid BETWEEN 10 AND 31) g1
         ON g1.k = CASE WHEN minority THEN (30 + sexi) * 100000 + city_gen.r(m5.person_no, S + 43, 10000)
                        WHEN gkind = 0 THEN (10 + 3 * sexi + era) * 100000 + city_gen.r(m5.person_no, S + 39, 10000)
                        WHEN gkind = 1 THEN (20 + sexi) * 100000 + city_gen.r(m5.person_no, S + 40, 10000)
                        ELSE (22 + sexi) * 100000 + city_gen.r(m5.person_no, S + 41, 10000) END
    LEFT JOIN (SELECT k, v FROM city_gen.wheel WHERE wid IN (24, 25, 32)) g2
         ON g2.k = CASE WHEN minority
                        THEN 3200000 + city_gen.r(CASE WHEN m5.role = 'child' THEN -m5.household_no ELSE m5.person_no END, S + 44, 10000)
                        WHEN gkind = 2 THEN (24 + sexi) * 100000 + city_gen.r(m5.person_no, S + 42, 10000) END;
    RAISE NOTICE 'city: persons, part % of % (%)', part + 1, nparts, clock_timestamp() - t1;
END $fn$;

CREATE FUNCTION city_gen.make_doppelgangers() RETURNS void
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '512MB' AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000;
    people int := (city_gen.setting()).people;
    t1 timestamptz := clock_timestamp();
BEGIN
    -- Doppelgangers: a few women (spouses, grandmothers, people living alone)
    -- share name, sex and birth date with somebody in another household.
    UPDATE city_gen.person0 p
    SET name = q.name, surname = q.surname, given_name = q.given_name, birth_date = q.birth_date,
        doppelganger_of = q.person_no
    FROM city_gen.person0 q, city_truth.household hh
    WHERE city_gen.u(p.person_no, S + 50) < .01
      AND hh.household_no = p.household_no
      AND ((p.role IN ('spouse', 'parent') AND p.sex = 'F') OR (p.role = 'head' AND NOT 'child' = ANY (hh.roles)))
      AND p.ethnicity = '汉族'
      AND q.person_no = 1 + city_gen.r(p.person_no, S + 51, people)
      AND q.sex = p.sex AND q.household_no <> p.household_no AND q.role <> 'child' AND q.ethnicity = '汉族'
      AND abs(q.birth_date - p.birth_date) < 15 * 365;
    RAISE NOTICE 'city: doppelgangers (%)', clock_timestamp() - t1;
END $fn$;

CREATE FUNCTION city_gen.make_numbers(part int, nparts int) RETURNS void
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '512MB' AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000;
    nh int := (city_gen.setting()).households;
    ref constant date := DATE '2025-06-30';
    t1 timestamptz := clock_timestamp();
BEGIN
    -- Order codes: the k-th person (by person_no) with a given region, birth
    -- date and sex gets the k-th code of a permutation of 0..497 (so codes stay
    -- below 996, which the legacy numbers reserve), doubled, plus 1 for men:
    -- unique numbers whose 17th digit agrees with the sex.  (Parts split by
    -- birth date, so each part holds whole groups.)
    INSERT INTO city_truth.person
    SELECT person_no, household_no, member_no, role,
           aidlink.resident_id_from_parts(region, birth_date,
               ((city_gen.r(region::bigint * 100000 + (birth_date - DATE '1900-01-01'), S + 52, 498) + rk * 337) % 498)::int * 2
               + CASE sex WHEN 'M' THEN 1 ELSE 0 END),
           name, surname, given_name, sex, birth_date, region, ethnicity, in_register,
           -- deaths 2020-01-01 .. 2025-06-30, by an age-dependent hazard
           CASE WHEN city_gen.u(person_no, S + 53) <
                     1 - power(1 - CASE WHEN age2020 < 30 THEN 0.0004::float8
                                       ELSE least(0.35::float8, 0.0005::float8 * exp(0.09::float8 * (age2020 - 30))) END, 5.5::float8)
                THEN least(ref, greatest(birth_date + 1, DATE '2020-01-01' + floor(city_gen.u(person_no, S + 54) * 2008)::int)) END,
           -- 3% of adults moved in from another household
           CASE WHEN (ref - birth_date) >= 18 * 365 AND city_gen.u(person_no, S + 55) < .03 AND nh > 1
                THEN (household_no + city_gen.r(person_no, S + 56, nh - 1)::int) % nh + 1 END,
           twin_of, doppelganger_of,
           CASE WHEN (ref - birth_date) >= 14 * 365 AND city_gen.u(person_no, S + 57) < .93
                  OR (ref - birth_date) >= 8 * 365 AND city_gen.u(person_no, S + 57) < .3
                THEN city_gen.pick(person_no, S + 58, '{130,131,132,133,134,135,136,137,138,139,150,151,152,153,155,156,157,158,159,166,176,177,178,180,181,182,183,184,185,186,187,188,189,198,199}')
                     || lpad(city_gen.r(person_no, S + 59, 100000000)::text, 8, '0') END
    FROM (SELECT p.*, (row_number() OVER (PARTITION BY region, birth_date, sex ORDER BY person_no) - 1)::int AS rk,
                 (ref - birth_date) * 100 / 36524 - 5 AS age2020
          FROM city_gen.person0 p
          WHERE (p.birth_date - DATE '1900-01-01') % nparts = part) x;
    RAISE NOTICE 'city: numbers, part % of % (%)', part + 1, nparts, clock_timestamp() - t1;
END $fn$;

CREATE FUNCTION city_gen.index_persons() RETURNS void
    LANGUAGE plpgsql SET maintenance_work_mem = '1GB' AS $fn$
DECLARE
    t1 timestamptz := clock_timestamp();
BEGIN
    IF (SELECT count(*) FROM city_truth.person) <> (city_gen.setting()).people THEN
        RAISE EXCEPTION 'city_gen.index_persons: the persons are not all made (city_gen.make_persons, make_numbers)';
    END IF;
    TRUNCATE city_gen.person0;
    ALTER TABLE city_truth.person ADD PRIMARY KEY (person_no);
    BEGIN
        CREATE UNIQUE INDEX person_resident_id ON city_truth.person (resident_id);
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'city_gen.generate: more than 498 people share a region, birth date and sex; the order codes cannot keep their numbers apart';
    END;
    ANALYZE city_truth.person;
    RAISE NOTICE 'city: persons indexed (%)', clock_timestamp() - t1;
END $fn$;

CREATE FUNCTION city_gen.make_register() RETURNS bigint
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '1GB' SET maintenance_work_mem = '1GB' AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000;
    ref constant date := DATE '2025-06-30';
    v_n bigint;
    v_a bigint := (city_gen.setting()).perm_a;
    v_people int := (city_gen.setting()).people;
    t1 timestamptz := clock_timestamp();
BEGIN
    CREATE TABLE city.household_register (
        id bigint NOT NULL, hh text COLLATE "C" NOT NULL, yhzgx text NOT NULL, xm text NOT NULL, xb text NOT NULL,
        mz text NOT NULL, csrq date NOT NULL, gmsfhm aidlink.resident_id NOT NULL, hjdz text NOT NULL,
        lxdh text, hkzt text NOT NULL, zxrq date
    );
    -- (register ids: the persons' numbers scrambled, with gaps where people are
    -- not registered; two statements are cheaper here than one that materialises)
    INSERT INTO city.household_register
    SELECT ((p.person_no - 1)::bigint * v_a) % v_people + 1, h.hh,
           CASE p.role WHEN 'head' THEN '户主' WHEN 'spouse' THEN '配偶'
                       WHEN 'child' THEN CASE p.sex WHEN 'M' THEN '子' ELSE '女' END
                       ELSE CASE p.sex WHEN 'M' THEN '父亲' ELSE '母亲' END END,
           p.name, CASE p.sex WHEN 'M' THEN '男' ELSE '女' END, p.ethnicity, p.birth_date, p.resident_id,
           h.address, coalesce(p.mobile, h.landline),
           CASE WHEN p.death_date IS NULL THEN '正常' ELSE '死亡注销' END,
           CASE WHEN p.death_date IS NOT NULL
                THEN least(ref, p.death_date + 1 + city_gen.r(p.person_no, S + 60, 60)::int) END
    FROM city_truth.person p JOIN city_truth.household h USING (household_no)
    WHERE p.in_register;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    INSERT INTO city_truth.row_truth_household_register
    SELECT 'household_register', (((p.person_no - 1)::bigint * v_a) % v_people + 1)::text, p.person_no, '{}', true
    FROM city_truth.person p WHERE p.in_register;
    ALTER TABLE city.household_register ADD PRIMARY KEY (id);
    ALTER TABLE city_truth.row_truth_household_register ADD PRIMARY KEY (row_key, source);
    CREATE UNIQUE INDEX household_register_gmsfhm ON city.household_register (gmsfhm);
    CREATE INDEX household_register_hh ON city.household_register (hh);
    ANALYZE city.household_register;
    INSERT INTO city_gen.loaded VALUES ('household_register', v_n);
    RAISE NOTICE 'city: household_register % rows (%)', v_n, clock_timestamp() - t1;
    RETURN v_n;
END $fn$;

CREATE FUNCTION city_gen.make_plan(part int, nparts int) RETURNS void
    LANGUAGE plpgsql SET jit = off SET enable_nestloop = off SET work_mem = '2GB' AS $fn$
DECLARE
    S bigint := (city_gen.setting()).seed::bigint * 1000;
    people int := (city_gen.setting()).people;
    ainv bigint := (city_gen.setting()).perm_ainv;
    ref constant date := DATE '2025-06-30';
    j0 bigint := people::bigint * part / nparts;          -- this part's persons: j0 <= j <= j1
    j1 bigint := people::bigint * (part + 1) / nparts - 1;
    t1 timestamptz := clock_timestamp();
BEGIN
    -- b_*: where the person's rows start among this part's rows; load_source
    -- adds the rows of the earlier parts (plan_total), so keys are dense
    INSERT INTO city_gen.plan
    WITH p AS (
        SELECT p.person_no, ((p.person_no - 1)::bigint * ainv) % people AS j, p.household_no, p.role, p.sex,
               (ref - p.birth_date) * 100 / 36524 AS age,
               (20240901 - (date_part('year', p.birth_date) * 10000 + date_part('month', p.birth_date) * 100
                            + date_part('day', p.birth_date))::int) / 10000 AS age_sy,
               p.birth_date, p.death_date, p.resident_id::text AS rid, p.name, char_length(p.name) AS name_len,
               city_gen.homophone_eligible(p.name) AS hom_ok, city_gen.variant_eligible(p.name) AS var_ok,
               p.name LIKE '%·%' AS has_dot, p.ethnicity, p.in_register, p.mobile,
               h.town, h.street, h.hh, h.landline,
               p.prev_household_no, hp.town AS prev_town, hp.street AS prev_street, hp.hh AS prev_hh,
               hp.landline AS prev_landline,
               h.hardship, h.roll_category AS roll_cat, h.size AS hh_size,
               CASE WHEN p.role = 'child' THEN hd.name END AS head_name,
               CASE WHEN p.role = 'child' THEN hd.mobile END AS head_mobile,
               -- planted overlap rows: each kind the household was given goes
               -- to one member drawn for it (the head for the dangerous
               -- house) if that member can have it: alive, registered, adult
               CASE WHEN h.planted AND p.in_register AND p.death_date IS NULL AND p.birth_date < DATE '2006-06-30' THEN
                    CASE WHEN h.planted_kinds & 1 <> 0 AND p.member_no = 1 + city_gen.r(h.household_no, S + 911, h.size) THEN 1 ELSE 0 END
                  + CASE WHEN h.planted_kinds & 2 <> 0 AND p.member_no = 1 + city_gen.r(h.household_no, S + 912, h.size)
                          AND p.birth_date > DATE '1966-07-01' THEN 2 ELSE 0 END
                  + CASE WHEN h.planted_kinds & 4 <> 0 AND p.member_no = 1 + city_gen.r(h.household_no, S + 913, h.size) THEN 4 ELSE 0 END
                  + CASE WHEN h.planted_kinds & 8 <> 0 AND p.member_no = 1 + city_gen.r(h.household_no, S + 914, h.size)
                          AND p.birth_date > DATE '1946-07-01' THEN 8 ELSE 0 END
                  + CASE WHEN h.planted_kinds & 16 <> 0 AND p.role = 'head' THEN 16 ELSE 0 END
                ELSE 0 END AS pk,
               (ARRAY[1, 2.5, 6]::float8[])[h.hardship + 1] AS hf
        FROM city_truth.person p
        JOIN city_truth.household h ON h.household_no = p.household_no AND ((p.person_no - 1)::bigint * ainv) % people BETWEEN j0 AND j1
        LEFT JOIN city_truth.household hp ON hp.household_no = p.prev_household_no
        JOIN (SELECT person_no, name, mobile FROM city_truth.person WHERE member_no = 1) hd ON hd.person_no = h.first_person_no
        OFFSET 0
    ), c AS (
        SELECT p.*,
            CASE WHEN roll_cat IS NOT NULL AND in_register AND death_date IS NULL THEN 1 ELSE 0 END AS n_mz_dibao,
            CASE WHEN greatest(DATE '2023-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 702) < least(.95, CASE WHEN age < 6 THEN .5 WHEN age < 18 THEN .3 WHEN age < 45 THEN .32
                                                                    WHEN age < 60 THEN .45 ELSE .7 END
                                                               * (ARRAY[1, 1.2, 1.35]::float8[])[hardship + 1])
                 THEN 1 + least(80, floor(-ln(1 - city_gen.u(person_no, S + 703))
                                          * CASE WHEN age < 18 THEN 2.2 WHEN age < 45 THEN 2.7 WHEN age < 60 THEN 4.3 ELSE 6.5 END
                                          * (ARRAY[1, 1.3, 1.8]::float8[])[hardship + 1]))::int
                 ELSE pk & 1 END AS n_yb_claims,
            CASE WHEN birth_date <= DATE '2024-09-01' AND (death_date IS NULL OR death_date > DATE '2024-09-01')
                  AND city_gen.u(person_no, S + 712) < CASE WHEN age_sy BETWEEN 3 AND 5 THEN .85 WHEN age_sy BETWEEN 6 AND 14 THEN .99
                                                         WHEN age_sy BETWEEN 15 AND 17 THEN .92 WHEN age_sy BETWEEN 18 AND 21 THEN .3
                                                         ELSE 0 END
                 THEN 1 ELSE 0 END AS n_jy_students,
            CASE WHEN role = 'head' AND greatest(DATE '2019-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 722) < .006 * power(hf, 1.5) THEN 1 ELSE (pk & 16) >> 4 END AS n_zj_weifang,
            CASE WHEN age BETWEEN 18 AND 59 AND greatest(DATE '2020-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 732) < .025 * hf
                 THEN 1 + floor(-ln(1 - city_gen.u(person_no, S + 733)) * .5)::int ELSE (pk & 2) >> 1 END AS n_rs_unemployment,
            CASE WHEN in_register AND greatest(DATE '2008-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 742) < CASE WHEN age < 18 THEN .006 WHEN age < 60 THEN .015 WHEN age < 80 THEN .05
                                                         ELSE .12 END * power(hf, .7)
                 THEN 1 ELSE 0 END AS n_cl_cards,
            CASE WHEN death_date BETWEEN DATE '2020-01-01' AND ref THEN 1 ELSE 0 END AS n_ga_deaths,
            CASE WHEN age BETWEEN 18 AND 80 AND greatest(DATE '2019-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 762) < .012 * sqrt(hf)
                 THEN 1 + floor(-ln(1 - city_gen.u(person_no, S + 763)) * .4)::int ELSE (pk & 8) >> 3 END AS n_fy_cases,
            CASE WHEN age >= 18 AND greatest(DATE '2022-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 772) < .15 * sqrt(hf)
                 THEN 1 + floor(-ln(1 - city_gen.u(person_no, S + 773)) * .7)::int ELSE 0 END AS n_zw_yichuang,
            CASE WHEN greatest(DATE '2022-01-01', birth_date) <= least(DATE '2022-12-31', coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 782) < CASE WHEN age < 3 THEN .3 WHEN age < 80 THEN .78 ELSE .45 END
                 THEN 1 + floor(-ln(1 - city_gen.u(person_no, S + 783)) * 2.2)::int ELSE 0 END AS n_wj_health_decl,
            CASE WHEN greatest(DATE '2021-01-01', birth_date) <= least(ref, coalesce(death_date - 1, ref))
                  AND city_gen.u(person_no, S + 792) < least(.5, .003 * hf * hf)
                 THEN 1 + floor(-ln(1 - city_gen.u(person_no, S + 793)) * .6)::int ELSE (pk & 4) >> 2 END AS n_cs_aid
        FROM p
        OFFSET 0
    )
    SELECT part, j, person_no, household_no, role, sex, age, age_sy, birth_date, death_date, rid, name, name_len,
           hom_ok, var_ok, has_dot, ethnicity, in_register, mobile, town, street, hh, landline,
           prev_household_no, prev_town, prev_street, prev_hh, prev_landline, hardship, roll_cat, hh_size,
           head_name, head_mobile,
           n_mz_dibao, n_yb_claims, n_jy_students, n_zj_weifang, n_rs_unemployment, n_cl_cards,
           n_ga_deaths, n_fy_cases, n_zw_yichuang, n_wj_health_decl, n_cs_aid,
           sum(n_mz_dibao) OVER w - n_mz_dibao, sum(n_yb_claims) OVER w - n_yb_claims,
           sum(n_jy_students) OVER w - n_jy_students, sum(n_zj_weifang) OVER w - n_zj_weifang,
           sum(n_rs_unemployment) OVER w - n_rs_unemployment, sum(n_cl_cards) OVER w - n_cl_cards,
           sum(n_ga_deaths) OVER w - n_ga_deaths, sum(n_fy_cases) OVER w - n_fy_cases,
           sum(n_zw_yichuang) OVER w - n_zw_yichuang, sum(n_wj_health_decl) OVER w - n_wj_health_decl,
           sum(n_cs_aid) OVER w - n_cs_aid, pk
    FROM c
    WINDOW w AS (ORDER BY j ROWS UNBOUNDED PRECEDING);
    INSERT INTO city_gen.plan_small SELECT * FROM city_gen.plan
    WHERE plan.part = make_plan.part
      AND n_mz_dibao + n_zj_weifang + n_rs_unemployment + n_cl_cards + n_ga_deaths + n_fy_cases + n_cs_aid > 0;
    INSERT INTO city_gen.plan_total
    SELECT make_plan.part, nparts, sum(n_mz_dibao), sum(n_yb_claims), sum(n_jy_students), sum(n_zj_weifang),
           sum(n_rs_unemployment), sum(n_cl_cards), sum(n_ga_deaths), sum(n_fy_cases), sum(n_zw_yichuang),
           sum(n_wj_health_decl), sum(n_cs_aid)
    FROM city_gen.plan WHERE plan.part = make_plan.part;
    RAISE NOTICE 'city: plan, part % of % (%)', part + 1, nparts, clock_timestamp() - t1;
END $fn$;

-----------------------------------------------------------------------------
-- Past visits, for calibrating scoring weights (issue 4): a household's
-- features as of June 2025, computed from the departmental tables and the
-- truth (who each row really is), with the same meaning as the example
-- signals of demo/scoring/city_signals.sql; visited households and whether
-- the visit confirmed hardship, drawn from a logistic model with the weights
-- of city_truth.outcome_weights.
-----------------------------------------------------------------------------
CREATE FUNCTION city_gen.make_outcomes() RETURNS void
    LANGUAGE plpgsql AS $fn$
BEGIN
    -- (views: computed when read, from the tables and the seed, so they are
    -- as deterministic as the tables)
    CREATE VIEW city_truth.outcome_weights AS SELECT * FROM (VALUES
    ('(intercept)',            -2.5, 'log-odds of a confirmed visit to a household with no feature'),
    ('medical_cost',            1.5, 'out-of-pocket medical cost of a member over 12 months, 2,000 to 20,000 yuan scaled 0 to 1 (strongest member)'),
    ('medical_bill_alert',      0.0, 'a claim of 30,000 yuan or more out of pocket in the month (an alert, no weight)'),
    ('unemployed_recent',       1.0, 'members registered unemployed (status 失业) in the last 12 months (each counts)'),
    ('student_non_compulsory',  0.6, 'members in senior high, secondary vocational school or university (each counts)'),
    ('dangerous_house',         1.2, 'the household''s house appraised C or D (once)'),
    ('disability_severe',       1.0, 'members with a grade 1 or 2 disability card (each counts)'),
    ('death_in_household',      0.8, 'a member died in the last 24 months (once)'),
    ('court_enforcement',       0.7, 'a member is the party against whom a court enforces, case filed in the last 24 months (once)'),
    ('charity_aid',             0.8, 'a member received charity aid in the last 12 months (once)')
    ) v(feature, weight, description);

    CREATE VIEW city_truth.household_features AS
    WITH rows_of AS (
        SELECT 'medical_cost' AS f, t.person_no, c.self_paid::float8 AS v FROM city.yb_claims c
        JOIN city_truth.row_truth_yb_claims t ON t.row_key = c.claim_id::text
        WHERE c.visit_date >= DATE '2024-07-01' AND c.visit_date < DATE '2025-07-01'
        UNION ALL
        SELECT 'medical_bill_alert', t.person_no, NULL FROM city.yb_claims c
        JOIN city_truth.row_truth_yb_claims t ON t.row_key = c.claim_id::text
        WHERE c.visit_date >= DATE '2025-06-01' AND c.visit_date < DATE '2025-07-01' AND c.self_paid >= 30000
        UNION ALL
        SELECT 'unemployed_recent', t.person_no, NULL FROM city.rs_unemployment c
        JOIN city_truth.row_truth_rs_unemployment t ON t.row_key = c.reg_no::text
        WHERE c.reg_date >= DATE '2024-07-01' AND c.reg_date < DATE '2025-07-01' AND c.status = '失业'
        UNION ALL
        SELECT 'student_non_compulsory', t.person_no, NULL FROM city.jy_students c
        JOIN city_truth.row_truth_jy_students t ON t.row_key = c.xsid::text
        WHERE c.xd IN ('高中', '中职', '大学')
        UNION ALL
        SELECT 'dangerous_house', t.person_no, NULL FROM city.zj_weifang c
        JOIN city_truth.row_truth_zj_weifang t ON t.row_key = c.fwbh::text
        WHERE c.jddj IN ('C级', 'D级')
        UNION ALL
        SELECT 'disability_severe', t.person_no, NULL FROM city.cl_cards c
        JOIN city_truth.row_truth_cl_cards t ON t.row_key = c.id::text
        WHERE c.cjdj IN ('一级', '二级')
        UNION ALL
        SELECT 'death_in_household', t.person_no, NULL FROM city.ga_deaths c
        JOIN city_truth.row_truth_ga_deaths t ON t.row_key = c.swbh::text
        WHERE c.swrq >= DATE '2023-07-01' AND c.swrq < DATE '2025-07-01'
        UNION ALL
        SELECT 'court_enforcement', t.person_no, NULL FROM city.fy_cases c
        JOIN city_truth.row_truth_fy_cases t ON t.row_key = c.ah
        WHERE c.larq >= DATE '2023-07-01' AND c.larq < DATE '2025-07-01' AND c.ajlx = '执行' AND c.dsrdw = '被执行人'
        UNION ALL
        SELECT 'charity_aid', t.person_no, NULL FROM city.cs_aid c
        JOIN city_truth.row_truth_cs_aid t ON t.row_key = c.aid_id::text
        WHERE c.aid_date >= DATE '2024-07-01' AND c.aid_date < DATE '2025-07-01'
    ), per_person AS (
        -- registered persons only: the others belong to no household of the register
        SELECT r.f, p.household_no, r.person_no,
               CASE WHEN r.f = 'medical_cost' THEN least(1, (sum(r.v) - 2000) / 18000) ELSE 1 END AS x
        FROM rows_of r JOIN city_truth.person p ON p.person_no = r.person_no AND p.in_register
        GROUP BY r.f, p.household_no, r.person_no
        HAVING r.f <> 'medical_cost' OR sum(r.v) > 2000
    )
    SELECT household_no, f AS feature,
           CASE WHEN f IN ('unemployed_recent', 'student_non_compulsory', 'disability_severe', 'medical_bill_alert')
                THEN sum(x) ELSE max(x) END AS intensity
    FROM per_person GROUP BY household_no, f;

    -- Visits: 60% of the households with a feature, 3% of the others, among
    -- registered households on no guaranteed roll (low income is none)
    CREATE VIEW city_truth.visit_outcomes AS
    WITH g AS (SELECT seed::bigint * 1000 AS s FROM city_truth.generation),
    m AS (SELECT f.household_no, sum(f.intensity * w.weight) AS lo, count(*) AS nf
          FROM city_truth.household_features f JOIN city_truth.outcome_weights w USING (feature)
          GROUP BY f.household_no),
    v AS (SELECT h.household_no, h.hh, g.s,
                 (SELECT weight FROM city_truth.outcome_weights WHERE feature = '(intercept)') + coalesce(m.lo, 0) AS lo
          FROM city_truth.household h CROSS JOIN g LEFT JOIN m USING (household_no)
          WHERE h.in_register AND (h.roll_category IS NULL OR h.roll_category = 'low_income')
            AND city_gen.u(h.household_no, g.s + 920) < CASE WHEN m.nf > 0 THEN .6 ELSE .03 END)
    SELECT household_no, hh, DATE '2025-06-01' + city_gen.r(household_no, s + 921, 30)::int AS visited_on,
           city_gen.u(household_no, s + 922) < 1 / (1 + exp(-lo)) AS confirmed, 1 / (1 + exp(-lo)) AS probability
    FROM v;
    COMMENT ON VIEW city_truth.outcome_weights IS 'The weights past visits were drawn with (log-odds of a confirmed visit): what calibration should recover';
    COMMENT ON VIEW city_truth.household_features IS 'Each registered household''s features as of June 2025 (the example signals of demo/scoring), from the truth';
    COMMENT ON VIEW city_truth.visit_outcomes IS 'Past visits: households visited in June 2025 and whether hardship was confirmed, drawn from the logistic model of city_truth.outcome_weights';
END $fn$;
COMMENT ON FUNCTION city_gen.make_outcomes() IS
  'Features of each household as of June 2025 (from the truth), the weights of the logistic model and the past visits drawn from it (called by finish_city)';

CREATE FUNCTION city_gen.finish_city() RETURNS bigint
    LANGUAGE plpgsql SET jit = off SET maintenance_work_mem = '1GB' AS $fn$
DECLARE
    t1 timestamptz := clock_timestamp();
    v_src text;
    n bigint;
BEGIN
    FOR v_src IN SELECT s.source FROM city_gen.source s ORDER BY s.idx LOOP
        IF to_regclass('city.' || v_src) IS NULL THEN
            RAISE EXCEPTION 'city_gen.finish_city: city.% has not been loaded (city_gen.load_source)', v_src;
        END IF;
    END LOOP;
    ALTER TABLE city_truth.row_truth ADD PRIMARY KEY (row_key, source);      -- (attaches the partitions' keys)
    CREATE INDEX person_household_no ON city_truth.person (household_no);

    CREATE TABLE city_truth.dirt_rates (
        source text NOT NULL, dirt_kind text NOT NULL, rate double precision NOT NULL, applies_to text NOT NULL,
        PRIMARY KEY (source, dirt_kind)
    );
    INSERT INTO city_truth.dirt_rates
    SELECT r.source, r.kind, r.rate / 100.0, b.applies_to
    FROM city_gen.rate r JOIN city_gen.rate_base b USING (kind) JOIN city_gen.source s USING (source)
    WHERE r.rate > 0
    ORDER BY s.idx, b.ord;

    CREATE TABLE city_truth.sources (
        source text PRIMARY KEY, relation text NOT NULL, is_reference boolean NOT NULL,
        row_key_column text NOT NULL, id_column text NOT NULL, name_column text, birth_date_column text,
        birth_date_format text, sex_column text, sex_format text, phone_column text, address_column text,
        household_column text, event_date_column text, description text NOT NULL
    );
    INSERT INTO city_truth.sources VALUES
    ('household_register', 'city.household_register', true, 'id', 'gmsfhm', 'xm', 'csrq', 'date', 'xb', '男/女', 'lxdh', 'hjdz', 'hh', NULL,
     '公安 household register (户籍): the reference population, clean numbers (aidlink.resident_id), the dead kept with status 死亡注销'),
    ('mz_dibao', 'city.mz_dibao', false, 'id', 'sfzh', 'xm', 'csrq', 'date', 'xb', '男/女', 'lxdh', 'jtzz', 'hh', 'pzrq', ''),
    ('yb_claims', 'city.yb_claims', false, 'claim_id', 'insured_id', 'insured_name', 'birth', 'YYYYMMDD', 'gender', '1/2', NULL, NULL, NULL, 'visit_date', ''),
    ('jy_students', 'city.jy_students', false, 'xsid', 'sfzh', 'xm', 'csrq', 'YYYY-MM-DD', 'xb', '男/女', 'jhrlxdh', 'jtzz', NULL, 'rxrq', ''),
    ('zj_weifang', 'city.zj_weifang', false, 'fwbh', 'hzsfzh', 'hzxm', NULL, NULL, NULL, NULL, 'lxdh', 'fwdz', NULL, 'jdrq', ''),
    ('rs_unemployment', 'city.rs_unemployment', false, 'reg_no', 'id_card', 'name', 'birth_date', 'date', 'sex', 'M/F', 'phone', 'address', NULL, 'reg_date', ''),
    ('cl_cards', 'city.cl_cards', false, 'id', 'sfzh', 'xm', 'csrq', 'date', 'xb', '男/女', 'lxdh', 'hjdz', NULL, 'fzrq', ''),
    ('ga_deaths', 'city.ga_deaths', false, 'swbh', 'sfzh', 'xm', 'csrq', 'date', 'xb', '男/女', NULL, 'hjdz', NULL, 'swrq', ''),
    ('fy_cases', 'city.fy_cases', false, 'ah', 'dsrsfzh', 'dsrxm', 'dsrcsrq', 'YYYY年M月D日', 'dsrxb', '男/女', 'dsrlxdh', 'dsrdz', NULL, 'larq', ''),
    ('zw_yichuang', 'city.zw_yichuang', false, 'bjbh', 'sqrzjhm', 'sqrxm', NULL, NULL, NULL, NULL, 'sqrlxdh', 'sqrdz', NULL, 'sqsj', ''),
    ('wj_health_decl', 'city.wj_health_decl', false, 'sbid', 'zjhm', 'xm', NULL, NULL, NULL, NULL, 'sjhm', 'xzz', NULL, 'sbrq', ''),
    ('cs_aid', 'city.cs_aid', false, 'aid_id', 'recipient_idno', 'recipient_name', NULL, NULL, NULL, NULL, 'phone', 'address', NULL, 'aid_date', '');
    UPDATE city_truth.sources t SET description = s.description FROM city_gen.source s WHERE s.source = t.source;

    COMMENT ON TABLE city_truth.person IS 'Every person of the synthetic city: the truth behind every row of schema city';
    COMMENT ON TABLE city_truth.household IS 'Households of the synthetic city (current addresses; movers keep their old one in person.prev_household_no)';
    COMMENT ON TABLE city_truth.row_truth IS 'One row per row of every table of schema city: who it is and what dirt it carries';
    COMMENT ON TABLE city_truth.dirt_rates IS 'The rate each kind of dirt was generated at, per source, and what the rate is a share of';
    COMMENT ON TABLE city_truth.sources IS 'Catalogue of the tables of schema city: which column holds the row key, the number, the name ...';
    COMMENT ON COLUMN city_truth.person.prev_household_no IS 'Household the person lived in before; some departmental rows still carry its address, phone and household number (dirt kind moved)';
    COMMENT ON COLUMN city_truth.person.doppelganger_of IS 'Another person (other household) whose name, sex and birth date this person shares';
    COMMENT ON COLUMN city_truth.person.twin_of IS 'Elder twin (same household and birth date, another name)';

    ANALYZE city_truth.row_truth;
    PERFORM city_gen.make_outcomes();
    TRUNCATE city_gen.plan, city_gen.plan_small, city_gen.plan_total;
    SELECT sum(rows) INTO n FROM city_gen.loaded;
    RAISE NOTICE 'city: truth keys, rates and catalogue (%)', clock_timestamp() - t1;
    RETURN n;
END $fn$;
COMMENT ON FUNCTION city_gen.finish_city() IS
  'Last step of making a city: keys and indexes of the truth, the dirt rates and the catalogue';

CREATE FUNCTION city_gen.generate(seed int, people int)
    RETURNS TABLE (relation text, row_count bigint, seconds numeric)
    LANGUAGE plpgsql AS $fn$
DECLARE
    t0 timestamptz := clock_timestamp();
    t1 timestamptz;
    v_src text;
BEGIN
    PERFORM city_gen.setup(seed, people);
    PERFORM city_gen.make_persons(0, 1);
    PERFORM city_gen.make_doppelgangers();
    PERFORM city_gen.make_numbers(0, 1);
    PERFORM city_gen.index_persons();
    t1 := clock_timestamp();
    relation := 'city.household_register';
    row_count := city_gen.make_register();
    seconds := round(extract(epoch FROM clock_timestamp() - t1)::numeric, 1);
    RETURN NEXT;
    PERFORM city_gen.make_plan(0, 1);
    FOR v_src IN SELECT s.source FROM city_gen.source s ORDER BY s.idx LOOP
        t1 := clock_timestamp();
        relation := 'city.' || v_src;
        row_count := city_gen.load_source(v_src);
        seconds := round(extract(epoch FROM clock_timestamp() - t1)::numeric, 1);
        RETURN NEXT;
    END LOOP;
    t1 := clock_timestamp();
    relation := 'city_truth.row_truth';
    row_count := city_gen.finish_city();
    seconds := round(extract(epoch FROM clock_timestamp() - t1)::numeric, 1);
    RETURN NEXT;
    relation := 'city_truth.person'; row_count := people;
    seconds := round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1);
    RETURN NEXT;
END $fn$;
COMMENT ON FUNCTION city_gen.generate(int, int) IS
  'Drops and recreates schemas city (household register + 11 departmental tables) and city_truth (the truth) for a city of the given size; the same seed and size give the same tables';
