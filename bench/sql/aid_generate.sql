-- bench/sql/aid_generate.sql — household facts for the aid benchmark, made
-- directly and deterministically (no linkage): :households households of 1
-- to 5 members (3 on average), one month (September 2020, so the yearly
-- grants are paid too).  A tenth live in Zhangcha (a seventh of those on
-- one of its three rolls), the rest in Zhongshan's towns with incomes from
-- 0 to 39,999 yuan a month (about 9% below the standard); some patients,
-- students of every level and cost claims.
\set ON_ERROR_STOP 1
TRUNCATE aidlink.aid_households, aidlink.aid_members, aidlink.aid_costs;
ALTER TABLE aidlink.aid_members SET (autovacuum_enabled = false);
INSERT INTO aidlink.aid_households (household_no, month, region, category, income)
SELECT 'H' || lpad(i::text, 8, '0'), date '2020-09-01',
       CASE WHEN i % 10 = 0 THEN 'foshan/chancheng/zhangcha'
            ELSE 'zhongshan/' || (ARRAY['shiqi','dongqu','xiqu','nanqu','wuguishan','huoju','xiaolan','huangpu',
                                        'minzhong','nantou','dongfeng','fusha','dongsheng','gangkou','guzhen',
                                        'henglan','sanjiao','sanxiang','tanzhou','shaxi','banfu','shenwan',
                                        'dachong','nanlang'])[1 + i % 24] END,
       CASE WHEN i % 10 = 0 THEN (ARRAY['dibao','marginal','low_income',NULL,NULL,NULL,NULL])[1 + (i / 10) % 7]
            WHEN i % 13 = 0 THEN 'dibao'
            WHEN i % 29 = 0 THEN 'double_low'
            WHEN i % 31 = 0 THEN 'expenditure_hardship' END,
       CASE WHEN i % 10 = 0 THEN 0 ELSE (i::bigint * 7919) % 40000 END
FROM generate_series(1, :households) i;
INSERT INTO aidlink.aid_members (household_no, month, member_no, attributes)
SELECT 'H' || lpad(i::text, 8, '0'), date '2020-09-01', j::text,
       array_remove(ARRAY[CASE WHEN (i + j) % 50 = 0 THEN 'major_illness' END,
                          (ARRAY['school:junior_high','school:senior_high','school:university',
                                 'school:secondary_vocational','school:college'])[1 + (i * 3 + j) % 40]], NULL)
FROM generate_series(1, :households) i, generate_series(1, 1 + i % 5) j;
INSERT INTO aidlink.aid_costs (household_no, claim_no, member_no, claim_date, kind, amount)
SELECT 'H' || lpad(i::text, 8, '0'), 'C' || i, '1', date '2020-09-01' + i % 30,
       CASE WHEN i % 100 = 0 THEN 'major_illness_burden' ELSE 'in_limit_medical' END,
       CASE WHEN i % 100 = 0 THEN 1000 + (i % 97) * 1000 ELSE 500 + (i % 1000) + (i % 7) * 0.01 END
FROM generate_series(1, :households) i WHERE i % 100 = 0 OR i % 29 = 0;
ANALYZE aidlink.aid_households; ANALYZE aidlink.aid_members; ANALYZE aidlink.aid_costs;
SELECT count(*) AS households FROM aidlink.aid_households;
SELECT count(*) AS people FROM aidlink.aid_members;
SELECT count(*) AS claims FROM aidlink.aid_costs;
