--
-- Certificate items (issue 6): the catalogue, its integrity, checks, batch
-- forms, the audit log, verifications of shared data, task admission, and
-- SQL injection through every text argument.  A small hand-made catalogue;
-- the seed catalogue against the synthetic city is tested in
-- test/pgtap/60_certificates_city.sql.
--
SET search_path = public, aidlink;
SET client_min_messages = warning;

-- Runs a statement and reports its error as SQLSTATE, message, detail and
-- hint (or 'ok'), so that each error's code is part of the expected output.
CREATE FUNCTION pg_temp.try(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hin text;
BEGIN
    EXECUTE statement;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
    RETURN st || ': ' || msg || coalesce(E'\n  detail: ' || nullif(det, ''), '') || coalesce(E'\n  hint: ' || nullif(hin, ''), '');
END $$;

-- a fingerprint of the whole catalogue, to show that a refused change changed nothing
CREATE FUNCTION pg_temp.catalogue_md5() RETURNS text LANGUAGE sql AS $$
SELECT md5(concat_ws('|',
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM aidlink.certificate_item_statuses t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM aidlink.certificate_items t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM aidlink.certificate_issuers t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM aidlink.certificate_issuer_kinds t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM aidlink.certificate_lists t),
    (SELECT string_agg(t.verification_name || t.check_function::text, ',' ORDER BY 1) FROM aidlink.certificate_verifications t)))
$$;

---------------------------------------------------------------------------
-- A small catalogue
---------------------------------------------------------------------------
INSERT INTO certificate_lists VALUES
  ('T-2021-1', '不应由基层群众性自治组织出具证明事项清单(测试)', '测试市民政局', '2021-09-01', NULL, 'test data'),
  ('T-2024-1', '证明事项清单(测试, 第二批)', '测试市民政局', '2024-01-01', NULL, 'test data');
INSERT INTO certificate_issuer_kinds VALUES
  ('community_committee', '社区居民委员会', 'urban community committee'),
  ('village_committee', '村民委员会', 'village committee'),
  ('police_station', '公安派出所', NULL),
  ('market_supervision', '市场监督管理分局', NULL);
INSERT INTO certificate_issuers VALUES
  ('HY', '花苑社区居民委员会', 'community_committee', NULL, NULL),
  ('ZY', '竹苑社区居民委员会', 'community_committee', NULL, NULL),
  ('SJ', '三角村民委员会', 'village_committee', NULL, NULL),
  ('DQ-PS', '东区派出所', 'police_station', NULL, NULL);
INSERT INTO certificate_items (item_code, item_name, legal_basis) VALUES
  ('C01', '住改商证明', NULL),
  ('C02', '居住证明', NULL),
  ('C03', '健在证明', NULL),
  ('C04', '亲属关系证明', NULL),
  ('C05', '无犯罪记录证明', NULL),
  ('C06', '婚姻状况证明', NULL),
  ('C07', '独生子女证明', NULL),
  ('C08', '出租屋证明', NULL);
INSERT INTO certificate_items (item_code, item_name, item_kind) VALUES
  ('T01', '消防安全巡查', 'task'),
  ('T02', '出租屋月报表', 'task');

-- a verification to replace the proof of being alive, over a table of this test
CREATE TABLE cert_deaths (death_no text PRIMARY KEY, resident_id resident_id NOT NULL, death_date date NOT NULL);
INSERT INTO cert_deaths VALUES ('D1', '11010519491231002X', '2023-03-01');
CREATE FUNCTION public.cert_alive(person resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE AS $$
    SELECT 'cert_deaths', d.death_no, d.death_date, false, 'died on ' || d.death_date
      FROM public.cert_deaths d WHERE d.resident_id = person AND d.death_date <= on_date
    UNION ALL
    SELECT 'resident_id', person::text, resident_id_birth_date(person), true, 'born, no death recorded'
     WHERE resident_id_birth_date(person) <= on_date
       AND NOT EXISTS (SELECT 1 FROM public.cert_deaths d WHERE d.resident_id = person AND d.death_date <= on_date)
$$;
SELECT verification_name, check_function, registered_by = current_user AS by_me
FROM register_certificate_verification('alive_test', 'public.cert_alive(resident_id, date)', 'alive: no death recorded (test)');

INSERT INTO certificate_item_statuses (item_code, issuer_kind, effective_from, effective_until, status, list_code,
                                       legal_basis, transferred_to, replacement, verification_name) VALUES
  ('C01', 'community_committee', '2021-10-01', NULL, 'transferred', 'T-2021-1', NULL, 'market_supervision', NULL, NULL),
  ('C02', 'community_committee', '2021-10-01', NULL, 'replaced_by_commitment', 'T-2021-1', NULL, NULL, '申请人书面承诺', NULL),
  ('C03', 'community_committee', '2021-10-01', NULL, 'replaced_by_data_check', 'T-2021-1', NULL, NULL, '核查死亡信息', 'alive_test'),
  ('C04', 'community_committee', '2021-10-01', '2024-01-01', 'retained', 'T-2021-1', '民法典 1045', NULL, NULL, NULL),
  ('C04', 'community_committee', '2024-01-01', NULL, 'cancelled', 'T-2024-1', NULL, NULL, 'nothing: the office no longer asks for it', NULL),
  ('C05', 'community_committee', '2021-10-01', NULL, 'transferred', 'T-2021-1', NULL, 'police_station', NULL, NULL),
  ('C05', 'police_station', '2021-10-01', NULL, 'retained', 'T-2021-1', '公安机关办理无犯罪记录证明的规定', NULL, NULL, NULL),
  ('C06', 'community_committee', '2021-10-01', NULL, 'cancelled', 'T-2021-1', NULL, NULL, '申请人书面承诺或民政部门婚姻登记信息', NULL),
  ('C06', 'village_committee', '2021-10-01', NULL, 'cancelled', 'T-2021-1', NULL, NULL, '申请人书面承诺', NULL),
  ('T01', 'community_committee', '2021-10-01', NULL, 'retained', 'T-2021-1', '准入目录第3项', NULL, NULL, NULL),
  ('T02', 'community_committee', '2021-10-01', NULL, 'cancelled', 'T-2021-1', NULL, NULL, '由部门从系统中提取数据', NULL);
SELECT pg_temp.catalogue_md5() AS before \gset

---------------------------------------------------------------------------
-- Integrity: each refused with its SQLSTATE, and nothing changed
---------------------------------------------------------------------------
-- two statuses of one item for one kind of issuer on one date
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C02', 'community_committee', '2023-05-01', 'cancelled', 'T-2024-1', 'nothing')$$);
-- ... also when the new one starts earlier and runs into the existing one
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, effective_until, status, list_code, replacement)
                     VALUES ('C04', 'community_committee', '2020-01-01', '2021-10-02', 'cancelled', 'T-2021-1', 'nothing')$$);
-- ... or an update moves one onto another
SELECT pg_temp.try($$UPDATE aidlink.certificate_item_statuses SET effective_until = NULL
                     WHERE item_code = 'C04' AND effective_from = '2021-10-01'$$);
-- a cancelled item that does not say what replaces it (NULL, empty, blank)
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'cancelled', 'T-2021-1')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'replaced_by_commitment', 'T-2021-1', '   ')$$);
-- a transferred item that names no department, or itself
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'transferred', 'T-2021-1')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, transferred_to)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'transferred', 'T-2021-1', 'community_committee')$$);
-- a department named for a status that is not a transfer
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement, transferred_to)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'cancelled', 'T-2021-1', 'nothing', 'police_station')$$);
-- a retained item without its basis
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'retained', 'T-2021-1')$$);
-- a data check without a verification, and a verification on another status
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'replaced_by_data_check', 'T-2021-1', 'check')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement, verification_name)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'cancelled', 'T-2021-1', 'nothing', 'alive_test')$$);
-- dates out of order, and equal
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, effective_until, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2022-01-01', '2021-01-01', 'cancelled', 'T-2021-1', 'nothing')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, effective_until, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2022-01-01', '2022-01-01', 'cancelled', 'T-2021-1', 'nothing')$$);
-- an unknown status, item, kind, list or verification
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'abolished', 'T-2021-1', 'nothing')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C99', 'community_committee', '2021-10-01', 'cancelled', 'T-2021-1', 'nothing')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, transferred_to)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'transferred', 'T-2021-1', 'tax_bureau')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'cancelled', 'NO-LIST', 'nothing')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement, verification_name)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'replaced_by_data_check', 'T-2021-1', 'check', 'no_such_check')$$);
-- malformed codes and names
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_items (item_code, item_name) VALUES ('C 10', '证明')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_items (item_code, item_name) VALUES ('C10', ' 证明')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_items (item_code, item_name) VALUES ('C10', '居住证明')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_items (item_code, item_name, item_kind) VALUES ('C10', '证明', 'form')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_issuer_kinds VALUES ('Tax Bureau', '税务局', NULL)$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_issuers VALUES ('X1', '某社区', 'no_kind', NULL, NULL)$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_lists VALUES ('L2', '', 'someone', '2021-01-01', NULL, NULL)$$);
-- the statuses' referenced rows cannot be deleted from under them
SELECT pg_temp.try($$DELETE FROM aidlink.certificate_items WHERE item_code = 'C01'$$);
SELECT pg_temp.catalogue_md5() = :'before' AS nothing_changed;

-- an exclusion constraint, not only the trigger, keeps one status per date
-- (the trigger cannot see another session's uncommitted row)
ALTER TABLE certificate_item_statuses DISABLE TRIGGER certificate_status_guard;
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C02', 'community_committee', '2023-05-01', 'cancelled', 'T-2024-1', 'nothing')$$) ~ '^23P01: conflicting key value violates exclusion constraint "certificate_status_one_per_date"' AS excluded;
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_item_statuses (item_code, issuer_kind, effective_from, status, list_code, replacement)
                     VALUES ('C07', 'community_committee', '2021-10-01', 'cancelled', 'T-2021-1', '')$$);
ALTER TABLE certificate_item_statuses ENABLE TRIGGER certificate_status_guard;
SELECT pg_temp.catalogue_md5() = :'before' AS nothing_changed;

---------------------------------------------------------------------------
-- check_certificate: every status, by code, name, folded name, kind name
---------------------------------------------------------------------------
\x on
SELECT * FROM check_certificate('住改商证明', '花苑社区居民委员会', '2022-03-01');
SELECT * FROM check_certificate('C04', 'HY', '2023-12-31');
\x off
SELECT item, issuer, d, c.item_code, c.issuer_kind, c.may_issue, c.status, c.send_to, c.replacement, c.verification_name, c.list_code
FROM (VALUES ('C04', 'HY', date '2024-01-01'),            -- the day the second list takes effect
             ('亲属关系证明', 'ZY', '2021-09-30'),          -- before any list
             ('居住证明', '竹苑社区居民委员会', '2022-01-01'),
             ('健在证明', 'hy', '2022-01-01'),              -- code in the wrong case
             ('婚姻状况证明', '三角村民委员会', '2022-01-01'),
             ('婚姻状况证明', '村民委员会', '2022-01-01'),   -- a kind of issuer, by name
             ('无犯罪记录证明', 'HY', '2022-01-01'),
             ('无犯罪记录证明', '东区派出所', '2022-01-01'),
             ('無犯罪記錄證明', 'police_station', '2022-01-01'), -- traditional characters, kind by code
             ('  住改商 证明 ', 'ＨＹ', '2022-01-01'),        -- spaces, full-width code
             ('独生子女证明', 'HY', '2022-01-01')           -- an item no list covers
     ) v(item, issuer, d),
     LATERAL check_certificate(item, issuer, d) c;
SELECT (check_certificate('C01', 'HY')).status AS today;

-- unknown names: an error listing the closest known ones
SELECT pg_temp.try($$SELECT aidlink.check_certificate('住改商正明', 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('居住证', 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C5', 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C01', '花园社区居民委员会', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C01', '派出所', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('消防安全巡查', 'HY', '2022-01-01')$$);  -- a task is not a certificate
SELECT pg_temp.try($$SELECT aidlink.check_certificate('', 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate(NULL, 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C01', NULL, '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C01', 'HY', NULL)$$);
SELECT pg_temp.try($$SELECT aidlink.check_certificate(repeat('证', 100000), 'HY', '2022-01-01')$$) ~ '^22023: unknown certificate item' AS overlong_refused;
SELECT pg_temp.try($$SELECT aidlink.check_certificate('C01', 'HY', '2022-02-30')$$);

---------------------------------------------------------------------------
-- Batch: an application's items, and a table of issued certificates
---------------------------------------------------------------------------
SELECT item_number, item, item_code, may_issue, status, send_to, replacement
FROM check_certificates(ARRAY['居住证明', 'C05', '亲属关系证明', 'C01'], 'HY', '2023-06-01');
SELECT pg_temp.try($$SELECT * FROM aidlink.check_certificates(ARRAY['居住证明', '居往证明'], 'HY', '2023-06-01')$$);
SELECT count(*) FROM check_certificates('{}', 'HY', '2023-06-01');

CREATE TABLE issued_last_year (no integer PRIMARY KEY, what text, stamped_by text, stamped_on date);
INSERT INTO issued_last_year VALUES
  (1, '亲属关系证明', '花苑社区居民委员会', '2023-12-31'),
  (2, '亲属关系证明', '花苑社区居民委员会', '2024-01-01'),
  (3, '住改商证明', 'HY', '2021-09-30'),
  (4, '住改商证明', 'HY', '2021-10-01'),
  (5, '无犯罪记录证明', '东区派出所', '2023-03-03'),
  (6, '婚姻状况证明', 'SJ', '2023-03-03'),
  (7, '居住证名', 'HY', '2023-03-03'),
  (8, '居住证明', '花苑社区', '2023-03-03'),
  (9, NULL, 'HY', '2023-03-03'),
  (10, '居住证明', 'HY', NULL),
  (11, '独生子女证明', 'ZY', '2023-03-03');
SELECT row_key, item, issuer, issued_on, item_code, issuer_kind, verdict, status, send_to, list_code, reason
FROM audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped_by', 'stamped_on') ORDER BY row_key::int;
SELECT verdict, count(*) FROM audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped_by', 'stamped_on')
GROUP BY 1 ORDER BY 1;
-- the same, counted
SELECT * FROM summarise_issued_certificates('issued_last_year', 'what', 'stamped_by', 'stamped_on')
ORDER BY verdict, item_code, issuer_kind, unknown_name;
-- only those dated in a range (the monthly cycle's certificates stage): 2023
SELECT * FROM summarise_issued_certificates('issued_last_year', 'what', 'stamped_by', 'stamped_on',
                                            '2023-01-01', '2024-01-01')
ORDER BY verdict, item_code, issuer_kind, unknown_name;
-- a partitioned table is counted partition by partition (on each shard when
-- they are foreign tables, sql/95_shards.sql), then merged: the same answers
CREATE TABLE issued_parted (no integer, what text, stamped_by text, stamped_on date) PARTITION BY HASH (no);
CREATE TABLE issued_parted_0 PARTITION OF issued_parted FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE issued_parted_1 PARTITION OF issued_parted FOR VALUES WITH (MODULUS 3, REMAINDER 1)
    PARTITION BY LIST (stamped_by);     -- leaves at any depth
CREATE TABLE issued_parted_1a PARTITION OF issued_parted_1 FOR VALUES IN ('HY');
CREATE TABLE issued_parted_1b PARTITION OF issued_parted_1 DEFAULT;
CREATE TABLE issued_parted_2 PARTITION OF issued_parted FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO issued_parted SELECT * FROM issued_last_year;
SELECT leaf FROM leaf_partitions('issued_parted') leaf ORDER BY 1::text;
SELECT leaf FROM leaf_partitions('issued_last_year') leaf;
SELECT (SELECT count(*) FROM (SELECT * FROM summarise_issued_certificates('issued_parted', 'what', 'stamped_by', 'stamped_on')
                              EXCEPT ALL
                              SELECT * FROM summarise_issued_certificates('issued_last_year', 'what', 'stamped_by', 'stamped_on')) d) AS differing,
       (SELECT count(*) FROM (SELECT * FROM summarise_issued_certificates('issued_last_year', 'what', 'stamped_by', 'stamped_on')
                              EXCEPT ALL
                              SELECT * FROM summarise_issued_certificates('issued_parted', 'what', 'stamped_by', 'stamped_on')) d) AS missing,
       (SELECT count(*) FROM (SELECT * FROM audit_issued_certificates('issued_parted', 'no', 'what', 'stamped_by', 'stamped_on')
                              EXCEPT ALL
                              SELECT * FROM audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped_by', 'stamped_on')) d) AS audit_differing,
       (SELECT sum(certificates) FROM summarise_issued_certificates('issued_parted', 'what', 'stamped_by', 'stamped_on')) AS certificates;
DROP TABLE issued_parted;
SELECT pg_temp.try($$SELECT * FROM aidlink.summarise_issued_certificates('issued_last_year', 'what', 'stamped_by', 'no_such_column')$$);
SELECT pg_temp.try($$SELECT * FROM aidlink.summarise_issued_certificates('issued_last_year', NULL, 'stamped_by', 'stamped_on')$$);
SELECT pg_temp.try($$SELECT * FROM aidlink.audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped', 'stamped_on')$$);
SELECT pg_temp.try($$SELECT * FROM aidlink.audit_issued_certificates('no_such_table', 'no', 'what', 'stamped_by', 'stamped_on')$$);
SELECT pg_temp.try($$SELECT * FROM aidlink.audit_issued_certificates(NULL, 'no', 'what', 'stamped_by', 'stamped_on')$$);

---------------------------------------------------------------------------
-- Task admission: the same mechanism
---------------------------------------------------------------------------
SELECT task, t.task_code, t.unit_kind, t.admitted, t.status, t.replacement
FROM unnest(ARRAY['消防安全巡查', 'T02']) task, LATERAL check_task_admission(task, '花苑社区居民委员会', '2022-01-01') t;
SELECT (check_task_admission('T01', 'SJ', '2022-01-01')).status AS village;
SELECT pg_temp.try($$SELECT aidlink.check_task_admission('消防安全检查', 'HY', '2022-01-01')$$);
SELECT pg_temp.try($$SELECT aidlink.check_task_admission('住改商证明', 'HY', '2022-01-01')$$);

---------------------------------------------------------------------------
-- Verifications: shape, privilege, and running one
---------------------------------------------------------------------------
SELECT item_code, verification_name, verified, answer, evidence
FROM verify_certificate('健在证明', '11010519491231002X', '2023-02-28');
SELECT item_code, verification_name, verified, answer, evidence
FROM verify_certificate('C03', '11010519491231002X', '2023-03-01');
SELECT pg_temp.try($$SELECT aidlink.verify_certificate('C03', '11010519491231002X', '1940-01-01')$$);  -- before the list
SELECT pg_temp.try($$SELECT aidlink.verify_certificate('C02', '11010519491231002X', '2023-03-01')$$);
SELECT pg_temp.try($$SELECT aidlink.verify_certificate('健康证明', '11010519491231002X', '2023-03-01')$$);
SELECT pg_temp.try($$SELECT aidlink.verify_certificate('C03', '110105194912310021', '2023-03-01')$$);
SELECT pg_temp.try($$SELECT aidlink.verify_certificate('C03', NULL, '2023-03-01')$$);

-- functions of the wrong shape
CREATE FUNCTION public.cert_wrong_args(person text, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE AS $$ SELECT NULL::text, NULL::text, NULL::date, true, NULL::text $$;
CREATE FUNCTION public.cert_wrong_columns(person resident_id, on_date date)
RETURNS TABLE (source_name text, row_key bigint, evidence_date date, holds boolean, detail text)
LANGUAGE sql STABLE AS $$ SELECT NULL::text, NULL::bigint, NULL::date, true, NULL::text $$;
CREATE FUNCTION public.cert_not_a_set(person resident_id, on_date date) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT true $$;
CREATE FUNCTION public.cert_volatile(person resident_id, on_date date)
RETURNS TABLE (source_name text, row_key text, evidence_date date, holds boolean, detail text)
LANGUAGE sql VOLATILE AS $$ SELECT NULL::text, NULL::text, NULL::date, true, NULL::text $$;
CREATE PROCEDURE public.cert_procedure(person resident_id, on_date date) LANGUAGE sql AS $$ SELECT 1 $$;
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_wrong_args(text, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_wrong_columns(resident_id, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_not_a_set(resident_id, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_volatile(resident_id, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_procedure(resident_id, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('Wrong Name', 'public.cert_alive(resident_id, date)', 'x')$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.cert_alive(resident_id, date)', NULL)$$);
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('wrong', 'public.no_such_function(resident_id, date)', 'x')$$);
-- the constraint holds for a direct update too
SELECT pg_temp.try($$UPDATE aidlink.certificate_verifications SET check_function = 'public.cert_volatile(resident_id, date)'$$);

-- a role without the privilege, and a privileged role registering a function it does not own
CREATE ROLE regress_aidlink_clerk;
CREATE ROLE regress_aidlink_admin;
GRANT USAGE ON SCHEMA public TO regress_aidlink_clerk, regress_aidlink_admin;
GRANT INSERT, UPDATE ON certificate_verifications TO regress_aidlink_admin;
SET ROLE regress_aidlink_clerk;
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('mine', 'public.cert_alive(aidlink.resident_id, date)', 'x')$$);
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_verifications (verification_name, check_function, description) VALUES ('mine', 'public.cert_alive(aidlink.resident_id, date)', 'x')$$);
-- ... who may still ask
SELECT status, may_issue FROM aidlink.check_certificate('C02', 'HY', '2022-01-01');
SET ROLE regress_aidlink_admin;
SELECT pg_temp.try($$SELECT aidlink.register_certificate_verification('mine', 'public.cert_alive(aidlink.resident_id, date)', 'x')$$);
RESET ROLE;
SELECT pg_temp.catalogue_md5() = :'before' AS nothing_changed;

---------------------------------------------------------------------------
-- The audit log, switched on per database
---------------------------------------------------------------------------
SELECT count(*) AS logged_while_off FROM certificate_answers;
INSERT INTO certificate_settings (audit_answers) VALUES (true);
SELECT status FROM check_certificate('C01', 'HY', '2022-01-01');
SELECT count(*) FROM check_certificates(ARRAY['C01', 'C02'], 'ZY', '2022-01-01');
SELECT admitted FROM check_task_admission('T01', 'HY', '2022-01-01');
SELECT answer FROM verify_certificate('C03', '11010519491231002X', '2022-01-01');
SELECT count(*) FROM audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped_by', 'stamped_on');
SET ROLE regress_aidlink_clerk;
SELECT status FROM aidlink.check_certificate('居住证明', 'ZY', '2022-01-01');
SELECT pg_temp.try($$SELECT * FROM aidlink.certificate_answers$$);          -- the log is not public
SELECT pg_temp.try($$DELETE FROM aidlink.certificate_settings$$);          -- nor the switch
RESET ROLE;
SELECT answer_id, asked_by, question, item, issuer, person, on_date, answer
FROM certificate_answers ORDER BY answer_id;
SELECT pg_temp.try($$INSERT INTO aidlink.certificate_settings (audit_answers) VALUES (false)$$);  -- one row only
UPDATE certificate_settings SET audit_answers = false;
SELECT status FROM check_certificate('C01', 'HY', '2022-01-01');
SELECT count(*) AS logged FROM certificate_answers;

---------------------------------------------------------------------------
-- SQL injection through every text argument: refused or answered as data
---------------------------------------------------------------------------
CREATE TEMP TABLE attacks (attack text);
INSERT INTO attacks VALUES
  ($$'; DROP TABLE aidlink.certificate_items; --$$),
  ($$C01'); DELETE FROM aidlink.certificate_item_statuses; --$$),
  ($$x" OR 1=1; --$$),
  ($q$$$; TRUNCATE aidlink.certificate_lists CASCADE; $$$q$),
  ($$C01' OR '1'='1$$),
  ($q$\'; SELECT pg_sleep(0); --$q$);
SELECT a.attack,
       pg_temp.try(format('SELECT aidlink.check_certificate(%L, %L, %L)', a.attack, 'HY', '2022-01-01')) ~ '^22023: unknown certificate item' AS item,
       pg_temp.try(format('SELECT aidlink.check_certificate(%L, %L, %L)', 'C01', a.attack, '2022-01-01')) ~ '^22023: unknown issuer' AS issuer,
       pg_temp.try(format('SELECT aidlink.check_certificate(%L, %L, %L)', 'C01', 'HY', a.attack)) ~ '^22007: invalid input syntax for type date' AS on_date,
       pg_temp.try(format('SELECT * FROM aidlink.check_certificates(ARRAY[%L], %L, %L)', a.attack, 'HY', '2022-01-01')) ~ '^22023: unknown certificate item' AS items,
       pg_temp.try(format('SELECT aidlink.check_task_admission(%L, %L, %L)', a.attack, 'HY', '2022-01-01')) ~ '^22023: unknown task' AS task,
       pg_temp.try(format('SELECT aidlink.check_task_admission(%L, %L, %L)', 'T01', a.attack, '2022-01-01')) ~ '^22023: unknown unit' AS unit,
       pg_temp.try(format('SELECT aidlink.verify_certificate(%L, %L, %L)', a.attack, '11010519491231002X', '2022-01-01')) ~ '^22023: unknown certificate item' AS verify_item,
       pg_temp.try(format('SELECT aidlink.verify_certificate(%L, %L, %L)', 'C03', a.attack, '2022-01-01')) ~ '^22P02: ' AS verify_person,
       pg_temp.try(format('SELECT aidlink.audit_issued_certificates(%L, %L, %L, %L, %L)', 'issued_last_year', a.attack, 'what', 'stamped_by', 'stamped_on')) ~ '^42703: column ".*" does not exist in public\.issued_last_year' AS audit_columns,
       pg_temp.try(format('SELECT aidlink.audit_issued_certificates(%L, %L, %L, %L, %L)', a.attack, 'no', 'what', 'stamped_by', 'stamped_on')) ~ '^(42P01|42602|22P02|3F000): ' AS audit_table,
       pg_temp.try(format('SELECT aidlink.summarise_issued_certificates(%L, %L, %L, %L)', 'issued_last_year', 'what', a.attack, 'stamped_on')) ~ '^42703: column ".*" does not exist in public\.issued_last_year' AS summary_columns,
       pg_temp.try(format('SELECT aidlink.register_certificate_verification(%L, %L, %L)', a.attack, 'public.cert_alive(aidlink.resident_id, date)', 'x')) ~ '^22023: invalid verification name' AS verification_name
FROM attacks a;
-- rows whose values are attacks are data to the batch audit
INSERT INTO issued_last_year SELECT 100 + row_number() OVER (), attack, attack, '2022-01-01' FROM attacks;
SELECT verdict, count(*) FROM audit_issued_certificates('issued_last_year', 'no', 'what', 'stamped_by', 'stamped_on')
WHERE row_key::int > 100 GROUP BY 1;
-- a verification's description is data too
SELECT description FROM register_certificate_verification('alive_test', 'public.cert_alive(resident_id, date)',
                                                          $$x'); DROP TABLE aidlink.certificate_items; --$$);
SELECT pg_temp.try($$UPDATE aidlink.certificate_verifications SET description = 'alive: no death recorded (test)'$$);
SELECT pg_temp.catalogue_md5() = :'before' AS nothing_changed,
       (SELECT count(*) FROM certificate_item_statuses) AS statuses, (SELECT count(*) FROM certificate_lists) AS lists;

---------------------------------------------------------------------------
-- The rules view and the closest names
---------------------------------------------------------------------------
SELECT item_code, issuer_kind, in_force, status, may_issue, send_to, verification_name, list_code
FROM certificate_rules ORDER BY item_code, issuer_kind, in_force;
SELECT catalogue_closest_names('certificate', '证明', 2), catalogue_closest_names('issuer', 'HY-', 1),
       catalogue_closest_names('task', 'x', 0);

-- a verification whose function was dropped is a clear error
BEGIN;
DROP FUNCTION public.cert_alive(resident_id, date);
SELECT regexp_replace(pg_temp.try($$SELECT aidlink.verify_certificate('C03', '11010519491231002X', '2023-03-01')$$), 'OID [0-9]+', 'OID <n>');
ROLLBACK;

-- clean up
DELETE FROM certificate_answers;
DELETE FROM certificate_settings;
DELETE FROM certificate_item_statuses;
DELETE FROM certificate_verifications;
DELETE FROM certificate_items;
DELETE FROM certificate_issuers;
DELETE FROM certificate_issuer_kinds;
DELETE FROM certificate_lists;
DROP TABLE issued_last_year, cert_deaths CASCADE;
DROP FUNCTION public.cert_alive, public.cert_wrong_args, public.cert_wrong_columns, public.cert_not_a_set, public.cert_volatile;
DROP PROCEDURE public.cert_procedure;
REVOKE ALL ON certificate_verifications FROM regress_aidlink_admin;
REVOKE ALL ON SCHEMA public FROM regress_aidlink_clerk, regress_aidlink_admin;
DROP ROLE regress_aidlink_clerk, regress_aidlink_admin;
