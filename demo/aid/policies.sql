-- demo/aid/policies.sql — the seed texts' aid policies as example data for
-- aidlink's aid calculation (not part of the extension's install script).
--
-- Figures are quoted from /work/shared/seeds (see /work/shared/DOMAIN.md, item 3).
-- The texts give no dates of effect; the dates below are this demo's reading
-- and are said so.  Amounts in yuan, rates in percent.
--   psql -f demo/aid/policies.sql    (in a database with CREATE EXTENSION aidlink)

BEGIN;
DELETE FROM aidlink.aid_parameters WHERE policy IN ('zhangcha_supplement', 'zhongshan_dibao', 'zhongshan_major_illness',
                                                   'zhongshan_education', 'zhongshan_government_student_aid');
DELETE FROM aidlink.aid_rules WHERE policy IN ('zhangcha_supplement', 'zhongshan_dibao', 'zhongshan_major_illness',
                                              'zhongshan_education', 'zhongshan_government_student_aid');
DELETE FROM aidlink.aid_policies WHERE policy IN ('zhangcha_supplement', 'zhongshan_dibao', 'zhongshan_major_illness',
                                                 'zhongshan_education', 'zhongshan_government_student_aid');

-- Zhangcha subdistrict (Chancheng, Foshan), on top of city and district aid
-- (seed 000): minimum-allowance households 200 yuan per person per month,
-- marginal 150, low-income 100; each patient with a major or long illness
-- 3,000 a year; students 2,000 a school year in senior high or secondary
-- vocational school, 3,000 in college or university.  Start: July (the
-- text's "this July"; the year 2016 is this demo's reading).  Yearly amounts
-- are paid in a payment month (a parameter): patients in July, students in
-- September, at the start of the school year.
INSERT INTO aidlink.aid_policies (policy, region, title, categories, effective_from, rounding, source) VALUES
  ('zhangcha_supplement', 'foshan/chancheng/zhangcha', 'Zhangcha living supplements and student grants for households in hardship',
   '{dibao,marginal,low_income}', '2016-07-01', 'fen', 'seed 000: Zhangcha pairing of party organisations with 152 households');
INSERT INTO aidlink.aid_rules (policy, rule, benefit, kind, categories, attribute, effective_from) VALUES
  ('zhangcha_supplement', 'dibao_per_person',      'living supplement', 'per_person_month', '{dibao}',      NULL, '2016-07-01'),
  ('zhangcha_supplement', 'marginal_per_person',   'living supplement', 'per_person_month', '{marginal}',   NULL, '2016-07-01'),
  ('zhangcha_supplement', 'low_income_per_person', 'living supplement', 'per_person_month', '{low_income}', NULL, '2016-07-01'),
  ('zhangcha_supplement', 'patient_per_year',      'patient supplement', 'per_member_year', '{dibao,marginal,low_income}', 'major_illness', '2016-07-01'),
  ('zhangcha_supplement', 'senior_high_grant',     'student grant', 'per_member_year', '{dibao,marginal,low_income}', 'school:senior_high', '2016-07-01'),
  ('zhangcha_supplement', 'vocational_grant',      'student grant', 'per_member_year', '{dibao,marginal,low_income}', 'school:secondary_vocational', '2016-07-01'),
  ('zhangcha_supplement', 'college_grant',         'student grant', 'per_member_year', '{dibao,marginal,low_income}', 'school:college', '2016-07-01'),
  ('zhangcha_supplement', 'university_grant',      'student grant', 'per_member_year', '{dibao,marginal,low_income}', 'school:university', '2016-07-01');
INSERT INTO aidlink.aid_parameters (policy, rule, parameter, value, effective_from) VALUES
  ('zhangcha_supplement', 'dibao_per_person',      'amount', 200, '2016-07-01'),
  ('zhangcha_supplement', 'marginal_per_person',   'amount', 150, '2016-07-01'),
  ('zhangcha_supplement', 'low_income_per_person', 'amount', 100, '2016-07-01'),
  ('zhangcha_supplement', 'patient_per_year',      'amount', 3000, '2016-07-01'),
  ('zhangcha_supplement', 'patient_per_year',      'payment_month', 7, '2016-07-01'),
  ('zhangcha_supplement', 'senior_high_grant',     'amount', 2000, '2016-07-01'),
  ('zhangcha_supplement', 'senior_high_grant',     'payment_month', 9, '2016-07-01'),
  ('zhangcha_supplement', 'vocational_grant',      'amount', 2000, '2016-07-01'),
  ('zhangcha_supplement', 'vocational_grant',      'payment_month', 9, '2016-07-01'),
  ('zhangcha_supplement', 'college_grant',         'amount', 3000, '2016-07-01'),
  ('zhangcha_supplement', 'college_grant',         'payment_month', 9, '2016-07-01'),
  ('zhangcha_supplement', 'university_grant',      'amount', 3000, '2016-07-01'),
  ('zhangcha_supplement', 'university_grant',      'payment_month', 9, '2016-07-01');

-- Zhongshan minimum living standard (seed 001): raised from 629 to 1,160
-- yuan per person per month; a household whose income per person is below
-- it qualifies, and the allowance tops it up to the standard.  The dates of
-- the two values are this demo's reading (the text gives none).
INSERT INTO aidlink.aid_policies (policy, region, title, categories, effective_from, rounding, source) VALUES
  ('zhongshan_dibao', 'zhongshan', 'Zhongshan minimum living allowance: top-up to the standard', NULL, '2015-01-01', 'fen',
   'seed 001: the standard rose from 629 to 1,160 yuan per person per month');
INSERT INTO aidlink.aid_rules (policy, rule, benefit, kind, categories, effective_from) VALUES
  ('zhongshan_dibao', 'top_up', 'minimum living allowance', 'top_up', NULL, '2015-01-01');
INSERT INTO aidlink.aid_parameters (policy, rule, parameter, value, effective_from, effective_to) VALUES
  ('zhongshan_dibao', 'top_up', 'standard', 629,  '2015-01-01', '2020-06-30'),
  ('zhongshan_dibao', 'top_up', 'standard', 1160, '2020-07-01', NULL);

-- Zhongshan major-illness aid (seed 001), "government funds + charity":
-- staged, 50% of the personal burden, then 80% of what remains (a patient
-- with a 74,600 burden: 37,300, then 29,840, leaving 7,460).  Households with
-- both low income and low assets get at least 95% of the in-limit
-- out-of-pocket cost, other expenditure-type patients at least 80%.
INSERT INTO aidlink.aid_policies (policy, region, title, categories, effective_from, rounding, source) VALUES
  ('zhongshan_major_illness', 'zhongshan', 'Zhongshan hardship centre: major-illness aid', NULL, '2019-01-01', 'fen',
   'seed 001: major-illness hardship centre, fund of 3 million yuan a year');
INSERT INTO aidlink.aid_rules (policy, rule, benefit, kind, categories, attribute, effective_from) VALUES
  ('zhongshan_major_illness', 'staged_burden', 'major-illness aid', 'staged', NULL, 'major_illness_burden', '2019-01-01'),
  ('zhongshan_major_illness', 'double_low_in_limit', 'in-limit medical cost aid', 'cost_share', '{double_low}', 'in_limit_medical', '2019-01-01'),
  ('zhongshan_major_illness', 'expenditure_in_limit', 'in-limit medical cost aid', 'cost_share', '{expenditure_hardship}', 'in_limit_medical', '2019-01-01');
INSERT INTO aidlink.aid_parameters (policy, rule, parameter, value, effective_from) VALUES
  ('zhongshan_major_illness', 'staged_burden', 'stage_1_rate', 50, '2019-01-01'),
  ('zhongshan_major_illness', 'staged_burden', 'stage_2_rate', 80, '2019-01-01'),
  ('zhongshan_major_illness', 'double_low_in_limit', 'rate', 95, '2019-01-01'),
  ('zhongshan_major_illness', 'expenditure_in_limit', 'rate', 80, '2019-01-01');

-- Zhongshan education aid (seed 001), on top of the government's student
-- aid, per school year: 1,500 yuan (junior high), 3,000 (senior high), 4,000
-- (university); "a university student gets at least 8,000 a year in all".
-- The government's own aid to a university student is not in the text; the
-- 4,000 below is this demo's reading of 8,000 - 4,000.  Paid in September.
INSERT INTO aidlink.aid_policies (policy, region, title, categories, effective_from, rounding, source) VALUES
  ('zhongshan_education', 'zhongshan', 'Zhongshan education hardship centre: grants on top of government student aid',
   NULL, '2019-01-01', 'fen', 'seed 001: education hardship centre with two charity funds'),
  ('zhongshan_government_student_aid', 'zhongshan', 'Government student aid to university students of households in hardship (amount implied by the seed text)',
   NULL, '2019-01-01', 'fen', 'seed 001: 8,000 in all minus the centre''s 4,000');
INSERT INTO aidlink.aid_rules (policy, rule, benefit, kind, categories, attribute, effective_from) VALUES
  ('zhongshan_education', 'junior_high', 'education grant', 'per_member_year', '{dibao,marginal,low_income,double_low,expenditure_hardship}', 'school:junior_high', '2019-01-01'),
  ('zhongshan_education', 'senior_high', 'education grant', 'per_member_year', '{dibao,marginal,low_income,double_low,expenditure_hardship}', 'school:senior_high', '2019-01-01'),
  ('zhongshan_education', 'university',  'education grant', 'per_member_year', '{dibao,marginal,low_income,double_low,expenditure_hardship}', 'school:university', '2019-01-01'),
  ('zhongshan_government_student_aid', 'university', 'government student aid', 'per_member_year', '{dibao,marginal,low_income,double_low,expenditure_hardship}', 'school:university', '2019-01-01');
INSERT INTO aidlink.aid_parameters (policy, rule, parameter, value, effective_from) VALUES
  ('zhongshan_education', 'junior_high', 'amount', 1500, '2019-01-01'),
  ('zhongshan_education', 'junior_high', 'payment_month', 9, '2019-01-01'),
  ('zhongshan_education', 'senior_high', 'amount', 3000, '2019-01-01'),
  ('zhongshan_education', 'senior_high', 'payment_month', 9, '2019-01-01'),
  ('zhongshan_education', 'university',  'amount', 4000, '2019-01-01'),
  ('zhongshan_education', 'university',  'payment_month', 9, '2019-01-01'),
  ('zhongshan_government_student_aid', 'university', 'amount', 4000, '2019-01-01'),
  ('zhongshan_government_student_aid', 'university', 'payment_month', 9, '2019-01-01');
COMMIT;
