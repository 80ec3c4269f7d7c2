-- demo/scoring/city_signals.sql: example signals for the synthetic city
-- (demo/city), the ones its past visits were drawn with
-- (city_truth.outcome_weights), at a first guess of 1.0 each: calibration
-- (aidlink.calibrate_weights) should find the weights the city was made with.
-- Example data, not part of the extension.  Needs the city's sources
-- registered and linked (aidlink.link_all(), or link_from_truth.sql).
SET client_min_messages = warning;
SELECT count(*) AS signals_defined FROM (VALUES
  (aidlink.define_signal('medical_cost', 'yb_claims', '', 1.0,
       'Out-of-pocket medical cost of a member over the last 12 months, from 2,000 yuan (intensity 0) to 20,000 (intensity 1); the strongest member counts',
       household_rule => 'max', date_column => 'visit_date', look_back => '12 months',
       intensity_column => 'self_paid', intensity_from => 2000, intensity_to => 20000)),
  (aidlink.define_signal('medical_bill_alert', 'yb_claims', 'self_paid >= 30000', 0,
       'A claim with 30,000 yuan or more out of pocket this month: an alert on its own, as local practice does',
       date_column => 'visit_date', look_back => '1 month', alert => true)),
  (aidlink.define_signal('unemployed_recent', 'rs_unemployment', $$status = '失业'$$, 1.0,
       'A member registered unemployed in the last 12 months and still unemployed; each member counts',
       date_column => 'reg_date', look_back => '12 months')),
  (aidlink.define_signal('student_non_compulsory', 'jy_students', $$xd IN ('高中', '中职', '大学')$$, 1.0,
       'A member in senior high school, secondary vocational school or university (tuition and living costs); each counts')),
  (aidlink.define_signal('dangerous_house', 'zj_weifang', $$jddj IN ('C级', 'D级')$$, 1.0,
       'The household''s house appraised dangerous (grade C or D)', level => 'household')),
  (aidlink.define_signal('disability_severe', 'cl_cards', $$cjdj IN ('一级', '二级')$$, 1.0,
       'A member holds a disability card of grade 1 or 2; each counts')),
  (aidlink.define_signal('death_in_household', 'ga_deaths', '', 1.0,
       'A member died in the last 24 months (perhaps the main earner)', level => 'household',
       date_column => 'swrq', look_back => '24 months')),
  (aidlink.define_signal('court_enforcement', 'fy_cases', $$ajlx = '执行' AND dsrdw = '被执行人'$$, 1.0,
       'A member is the party against whom a court enforces a judgment, case filed in the last 24 months',
       household_rule => 'max', date_column => 'larq', look_back => '24 months')),
  (aidlink.define_signal('charity_aid', 'cs_aid', '', 1.0,
       'A member received charity aid in the last 12 months', household_rule => 'max',
       date_column => 'aid_date', look_back => '12 months'))) v(s);
SELECT (aidlink.define_assistance_roll('mz_dibao', 'bzlb',
        '{"低保": "minimum_allowance", "特困": "extreme_poverty", "低保边缘": "marginal", "低收入": "low_income"}')).source_name
       AS roll_defined;
-- members registered dead (死亡注销) are not current: a household of the dead is never listed
SELECT (aidlink.define_current_members($$hkzt = '正常'$$)).condition_text AS current_members;
RESET client_min_messages;
