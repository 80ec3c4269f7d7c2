-- demo/certificates/catalogue.sql — a certificate catalogue shaped like Zhongshan's (example data).
--
-- What the texts say (shared/seeds, DOMAIN.md item 4): Zhongshan's civil affairs bureau
-- surveyed the certificates communities issued every day, found 50 items asked for by dozens
-- of departments and companies, and published 《中山市不应由基层群众性自治组织出具证明事项
-- 清单(第一批)》: 26 items cancelled, 4 retained; the proof for changing a dwelling to
-- business use (住改商证明) went to the subdistrict's market-supervision branch.  Its
-- admission rule for community work cut Huayuan community's routine inspections from 33 to 21
-- and its reports from 40 to 29.  The communities of Dongqu subdistrict named in the texts
-- are 竹苑, 花苑, 桃苑, 桥岗, 东裕 and 夏洋.
--
-- What is ILLUSTRATIVE (the texts do not give it): every item name except 住改商证明, how the
-- 20 items neither cancelled nor retained split between transfers (10) and replacements by
-- commitment (6) and by a data check (4), the legal bases and replacements, the publication
-- and effective dates (2021-10-01), the codes, the task names, and the issuers other than the
-- six communities.  Each such row says so in its note.
--
-- Load after CREATE EXTENSION aidlink, in one transaction (psql -1 -f ...); loading again
-- replaces the rows of this catalogue.
-- The data checks name verifications that demo/certificates/verifications.sql registers over
-- the linked synthetic city; without them the four data-check statuses are not loaded (a
-- status may only name a registered verification).
DELETE FROM aidlink.certificate_item_statuses WHERE list_code IN ('ZS-2021-1', 'ZS-ADM-2021');
DELETE FROM aidlink.certificate_items WHERE item_code LIKE 'ZS-C%' OR item_code LIKE 'ZS-T%';
DELETE FROM aidlink.certificate_issuers WHERE issuer_code LIKE 'ZS-%';
DELETE FROM aidlink.certificate_lists WHERE list_code IN ('ZS-2021-1', 'ZS-ADM-2021');

INSERT INTO aidlink.certificate_lists VALUES
  ('ZS-2021-1', '中山市不应由基层群众性自治组织出具证明事项清单(第一批)', '中山市民政局', '2021-10-01',
   'reported in shared/seeds (Zhongshan civil affairs, 2021-2022)',
   'Title and counts (50 surveyed, 26 cancelled, 4 retained) from the texts; the publication date and the items other than 住改商证明 are illustrative'),
  ('ZS-ADM-2021', '社区工作事项准入办法(东区街道)', '中山市东区街道办事处', '2021-10-01',
   'reported in shared/seeds',
   'Admission rule of community work; Huayuan community: inspections 33 to 21, reports 40 to 29 (from the texts); task names and the date are illustrative');

INSERT INTO aidlink.certificate_issuer_kinds VALUES
  ('community_committee', '社区居民委员会', 'Urban residents'' committee (a self-governing body, not a government office)'),
  ('village_committee', '村民委员会', 'Villagers'' committee (a self-governing body)'),
  ('subdistrict_office', '街道办事处', 'Subdistrict office (or town government)'),
  ('police_station', '公安派出所', 'Police station: household register, identity'),
  ('market_supervision', '市场监督管理分局', 'Market-supervision branch of the subdistrict: business premises and licences'),
  ('civil_affairs', '民政部门', 'Civil affairs: marriage registration, assistance'),
  ('human_resources', '人力资源和社会保障部门', 'Human resources and social security: employment, pensions'),
  ('health', '卫生健康部门', 'Health: births, family planning'),
  ('housing', '住房和城乡建设部门', 'Housing and urban-rural development'),
  ('natural_resources', '自然资源部门', 'Natural resources: property registration'),
  ('judicial_office', '司法所', 'Judicial office: mediation, community correction'),
  ('education', '教育部门', 'Education'),
  ('medical_institution', '医疗机构', 'Hospitals: birth and death certificates')
ON CONFLICT (issuer_kind) DO NOTHING;

INSERT INTO aidlink.certificate_issuers (issuer_code, issuer_name, issuer_kind, note) VALUES
  ('ZS-DQ-ZY', '东区街道竹苑社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-DQ-HY', '东区街道花苑社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-DQ-TY', '东区街道桃苑社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-DQ-QG', '东区街道桥岗社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-DQ-DY', '东区街道东裕社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-DQ-XY', '东区街道夏洋社区居民委员会', 'community_committee', 'community named in the texts'),
  ('ZS-SJ-GX', '三角镇光明村民委员会', 'village_committee', 'illustrative'),
  ('ZS-DQ-PS', '东区派出所', 'police_station', 'illustrative'),
  ('ZS-DQ-SJ', '东区市场监督管理分局', 'market_supervision', 'illustrative'),
  ('ZS-DQ-JD', '东区街道办事处', 'subdistrict_office', 'illustrative');

-- 50 certificate items: (code, name, status, department, replacement or basis, verification)
DROP TABLE IF EXISTS pg_temp.zs_items;
CREATE TEMP TABLE zs_items (n int, name text, status text, dept text, words text, verification text);
INSERT INTO zs_items VALUES
  -- 4 retained (illustrative names and bases)
  ( 1, '社会救助申请家庭入户调查意见', 'retained', NULL, '《社会救助暂行办法》(国务院令第649号)第十一条: 村(居)民委员会协助做好有关工作', NULL),
  ( 2, '人民调解协议证明', 'retained', NULL, '《中华人民共和国人民调解法》第二十八条至第三十一条', NULL),
  ( 3, '居民自治事务证明(居民会议决定)', 'retained', NULL, '《中华人民共和国城市居民委员会组织法》第三条、第十条', NULL),
  ( 4, '村民自治事务证明(村民会议决定)', 'retained', NULL, '《中华人民共和国村民委员会组织法》第二十四条', NULL),
  -- 10 transferred: 住改商证明 is from the texts, the others are illustrative
  ( 5, '住改商证明', 'transferred', 'market_supervision', NULL, NULL),
  ( 6, '经营场所使用证明', 'transferred', 'market_supervision', NULL, NULL),
  ( 7, '无犯罪记录证明', 'transferred', 'police_station', NULL, NULL),
  ( 8, '户籍证明', 'transferred', 'police_station', NULL, NULL),
  ( 9, '同一人证明(曾用名证明)', 'transferred', 'police_station', NULL, NULL),
  (10, '婚姻登记记录证明', 'transferred', 'civil_affairs', NULL, NULL),
  (11, '出生医学证明补办证明', 'transferred', 'medical_institution', NULL, NULL),
  (12, '房屋产权归属证明', 'transferred', 'natural_resources', NULL, NULL),
  (13, '社区矫正人员表现证明', 'transferred', 'judicial_office', NULL, NULL),
  (14, '退休人员领取养老金资格证明', 'transferred', 'human_resources', NULL, NULL),
  -- 6 replaced by the applicant's written commitment (illustrative)
  (15, '居住证明', 'replaced_by_commitment', NULL, '申请人书面承诺居住事实(告知承诺制), 虚假承诺记入信用记录', NULL),
  (16, '婚姻状况证明(未婚、离婚、丧偶)', 'replaced_by_commitment', NULL, '申请人书面承诺婚姻状况, 部门可查询婚姻登记信息', NULL),
  (17, '家庭经济困难证明(助学用)', 'replaced_by_commitment', NULL, '学生或监护人书面承诺家庭经济状况', NULL),
  (18, '独生子女证明', 'replaced_by_commitment', NULL, '申请人书面承诺生育情况', NULL),
  (19, '无固定收入证明', 'replaced_by_commitment', NULL, '申请人书面承诺收入情况', NULL),
  (20, '房屋出租情况证明', 'replaced_by_commitment', NULL, '出租人书面承诺', NULL),
  -- 4 replaced by a check of shared data (illustrative names; the checks run on the linked city)
  (21, '户籍居住证明', 'replaced_by_data_check', NULL, '核查公安户籍登记信息', 'zs_residence'),
  (22, '健在证明(生存证明)', 'replaced_by_data_check', NULL, '核查公安户籍与死亡登记信息', 'zs_alive'),
  (23, '亲属关系证明', 'replaced_by_data_check', NULL, '核查户籍同户成员信息', 'zs_family'),
  (24, '失业(无业)证明', 'replaced_by_data_check', NULL, '核查人社失业登记信息', 'zs_unemployed'),
  -- 26 cancelled (illustrative names)
  (25, '亲属死亡证明', 'cancelled', NULL, '不再索要: 凭医学死亡证明或公安死亡注销信息办理', NULL),
  (26, '火灾事故证明', 'cancelled', NULL, '不再索要: 消防救援机构出具火灾事故认定', NULL),
  (27, '车辆被盗证明', 'cancelled', NULL, '不再索要: 公安机关报案回执', NULL),
  (28, '身份证遗失证明', 'cancelled', NULL, '不再索要: 直接到公安机关补领', NULL),
  (29, '迁坟证明', 'cancelled', NULL, '不再索要', NULL),
  (30, '殡葬补贴证明', 'cancelled', NULL, '不再索要: 殡仪馆火化信息共享', NULL),
  (31, '现实表现证明', 'cancelled', NULL, '不再索要', NULL),
  (32, '政审证明', 'cancelled', NULL, '不再索要: 由组织人事部门依规定调查', NULL),
  (33, '入学居住地址证明', 'cancelled', NULL, '不再索要: 凭房产或居住证信息', NULL),
  (34, '在读证明', 'cancelled', NULL, '不再索要: 学校出具', NULL),
  (35, '邻里纠纷证明', 'cancelled', NULL, '不再索要', NULL),
  (36, '意外伤害事故证明', 'cancelled', NULL, '不再索要', NULL),
  (37, '水电费减免证明', 'cancelled', NULL, '不再索要: 供水供电企业查询救助对象名单', NULL),
  (38, '有线电视减免证明', 'cancelled', NULL, '不再索要', NULL),
  (39, '出国(境)探亲证明', 'cancelled', NULL, '不再索要', NULL),
  (40, '参军入伍家庭情况证明', 'cancelled', NULL, '不再索要: 征兵部门调查', NULL),
  (41, '宠物饲养证明', 'cancelled', NULL, '不再索要', NULL),
  (42, '银行开户居住证明', 'cancelled', NULL, '不再索要', NULL),
  (43, '贷款收入证明', 'cancelled', NULL, '不再索要: 由工作单位或申请人自行提供', NULL),
  (44, '保险理赔证明', 'cancelled', NULL, '不再索要', NULL),
  (45, '遗失物品证明', 'cancelled', NULL, '不再索要', NULL),
  (46, '养犬登记证明', 'cancelled', NULL, '不再索要', NULL),
  (47, '老年人优待证明', 'cancelled', NULL, '不再索要: 凭身份证享受', NULL),
  (48, '残疾人身份证明', 'cancelled', NULL, '不再索要: 凭残疾人证', NULL),
  (49, '企业员工居住证明', 'cancelled', NULL, '不再索要', NULL),
  (50, '社区工作经历证明', 'cancelled', NULL, '不再索要', NULL);

INSERT INTO aidlink.certificate_items (item_code, item_name, item_kind, note)
SELECT format('ZS-C%s', lpad(n::text, 2, '0')), name, 'certificate',
       CASE WHEN name = '住改商证明' THEN 'named in the texts: transferred to the subdistrict market-supervision branch'
            ELSE 'illustrative name (the texts give the counts, not the names)' END
FROM zs_items;

-- the same status for community and village committees (both 基层群众性自治组织)
INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code,
                                               legal_basis, transferred_to, replacement, verification_name, note)
SELECT format('ZS-C%s', lpad(z.n::text, 2, '0')), k.kind, '2021-10-01', z.status, 'ZS-2021-1',
       CASE WHEN z.status = 'retained' THEN z.words END, z.dept,
       CASE WHEN z.status NOT IN ('retained', 'transferred') THEN z.words END, z.verification,
       CASE WHEN z.name = '住改商证明' THEN 'from the texts' ELSE 'illustrative' END
FROM zs_items z CROSS JOIN (VALUES ('community_committee'), ('village_committee')) k(kind)
WHERE z.verification IS NULL
   OR z.verification IN (SELECT verification_name FROM aidlink.certificate_verifications);
-- the transferred items are issued by the departments that took them over
INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, legal_basis, note)
SELECT format('ZS-C%s', lpad(z.n::text, 2, '0')), z.dept, '2021-10-01', 'retained', 'ZS-2021-1',
       'transferred to this department by 中山市不应由基层群众性自治组织出具证明事项清单(第一批)', 'illustrative'
FROM zs_items z WHERE z.status = 'transferred';

-- Community work admission (Huayuan): 33 routine inspections of which 21 stay, 40 reports of which 29 stay.
INSERT INTO aidlink.certificate_items (item_code, item_name, item_kind, note)
SELECT format('ZS-TI%s', lpad(i::text, 2, '0')), format('常态化巡查检查事项%s(示意)', lpad(i::text, 2, '0')), 'task',
       'illustrative name: the texts give the counts (33 inspections, 21 admitted)'
FROM generate_series(1, 33) i
UNION ALL
SELECT format('ZS-TR%s', lpad(i::text, 2, '0')), format('定期上报报表%s(示意)', lpad(i::text, 2, '0')), 'task',
       'illustrative name: the texts give the counts (40 reports, 29 admitted)'
FROM generate_series(1, 40) i;
INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code,
                                               legal_basis, transferred_to, replacement, note)
SELECT format('ZS-TI%s', lpad(i::text, 2, '0')), 'community_committee', date '2021-10-01',
       CASE WHEN i <= 21 THEN 'retained' ELSE 'transferred' END, 'ZS-ADM-2021',
       CASE WHEN i <= 21 THEN '《中山市村(居)民委员会工作职责事项指导目录》' END,
       CASE WHEN i > 21 THEN 'subdistrict_office' END, NULL, 'illustrative'
FROM generate_series(1, 33) i
UNION ALL
SELECT format('ZS-TR%s', lpad(i::text, 2, '0')), 'community_committee', '2021-10-01',
       CASE WHEN i <= 29 THEN 'retained' ELSE 'cancelled' END, 'ZS-ADM-2021',
       CASE WHEN i <= 29 THEN '《中山市村(居)民委员会工作职责事项指导目录》' END,
       NULL, CASE WHEN i > 29 THEN '部门从业务系统提取数据, 不再要求社区填报' END, 'illustrative'
FROM generate_series(1, 40) i;
DROP TABLE pg_temp.zs_items;
