--
-- Roles and masking (issue 8): what explain_link and explain_score give each
-- role.  A superuser and aidlink_admin get every value; a caseworker the
-- rows of its community only (another's is "not found"); a report writer
-- the same steps, weights and scores with numbers and names masked and no
-- phone, address, row key or amount, only for departmental rows it may read
-- itself; a role in none of the three nothing.  All in one transaction,
-- rolled back (the roles too).
--
SET search_path = public, aidlink;
BEGIN;
SET client_min_messages = warning;
SELECT count(aidlink.unregister_source(source_name)) >= 0 AS unregistered
FROM (SELECT source_name FROM aidlink.link_sources ORDER BY is_reference, source_name) s;

-- Two households of a register, in two communities; a department's claims
-- with phones and addresses, one with a mistyped number
CREATE TABLE rl_register (id int PRIMARY KEY, sfzh text, xm text, csrq date, xb text, dh text, dz text, hh text);
INSERT INTO rl_register
SELECT i, aidlink.resident_id_from_parts('110105', d, 10 + 2 * i)::text, n, d, s, p, a, h
FROM (VALUES (1, '陈秀英', '1949-12-31'::date, '女', '13800000001', '西城区一路1号', 'H1'),
             (2, '陈建国', '1947-03-02', '男', '13800000002', '西城区一路1号', 'H1'),
             (3, '王小明', '1980-05-06', '男', '13900000003', '东城区二路2号', 'H2'),
             (4, '李丽', '1982-07-08', '女', NULL, '东城区二路2号', 'H2')) v(i, n, d, s, p, a, h);
CREATE TABLE rl_claims (claim_id int PRIMARY KEY, sfzh text, xm text, dh text, dz text, visit_date date, self_paid numeric);
INSERT INTO rl_claims
SELECT c, CASE WHEN c = 2 THEN overlay(r.sfzh PLACING '8' FROM 7 FOR 1) ELSE r.sfzh END, r.xm, r.dh, r.dz, d, amt
FROM (VALUES (1, 1, '2025-06-03'::date, 6000), (2, 2, '2025-05-20', 3500),
             (3, 3, '2025-06-15', 9000), (4, 1, '2025-04-01', 1200)) v(c, p, d, amt)
JOIN rl_register r ON r.id = v.p;
SELECT count(*) AS registered FROM (VALUES
    (aidlink.register_source('rl_register', 'rl_register', 'id', 'sfzh', 'xm', 'csrq', 'xb', 'dh', 'dz', 'hh', true)),
    (aidlink.register_source('rl_claims', 'rl_claims', 'claim_id', 'sfzh', 'xm', phone_column => 'dh', address_column => 'dz'))) v(s);
SELECT count(aidlink.link_source(s)) AS runs FROM unnest('{rl_register,rl_claims}'::text[]) s;
SELECT row_key, method, status FROM aidlink.links WHERE source_name = 'rl_claims' ORDER BY row_key;
SELECT (aidlink.define_signal('rl_medical', 'rl_claims', '', 2.0, 'Medical cost over 12 months, 1,000 to 10,000 yuan',
                              household_rule => 'max', date_column => 'visit_date', look_back => '12 months',
                              intensity_column => 'self_paid', intensity_from => 1000, intensity_to => 10000)).signal_name;
CALL aidlink.score_month('2025-06-01');

-- The roles, the communities, one person of each role
SELECT count(*) > 0 AS roles_ready FROM aidlink.create_roles();
INSERT INTO aidlink.household_communities VALUES ('H1', 'west'), ('H2', 'east');
CREATE ROLE regress_al_admin IN ROLE aidlink_admin;
CREATE ROLE regress_al_cw IN ROLE aidlink_caseworker;
CREATE ROLE regress_al_rep IN ROLE aidlink_reporter;
CREATE ROLE regress_al_nobody;
INSERT INTO aidlink.caseworker_communities VALUES ('regress_al_cw', 'west');
-- the department lets every aidlink role read its claims, but a report
-- writer not claim 4
GRANT SELECT ON rl_register, rl_claims TO aidlink_admin, aidlink_caseworker, aidlink_reporter, regress_al_nobody;
ALTER TABLE rl_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY rl_all ON rl_claims TO aidlink_admin, aidlink_caseworker USING (true);
CREATE POLICY rl_reporter ON rl_claims TO aidlink_reporter USING (claim_id <> 4);
RESET client_min_messages;

-- explain_link, claim 2 (a mistyped number, repaired), by role
SELECT step, field, row_value, person_value, level, round(partial_weight::numeric, 3) AS partial_weight,
       round(total_weight::numeric, 3) AS total_weight
FROM aidlink.explain_link('rl_claims', '2');
SET ROLE regress_al_admin;
SELECT step, field, row_value, person_value, level FROM aidlink.explain_link('rl_claims', '2');
SET ROLE regress_al_cw;
SELECT step, field, row_value, person_value, level FROM aidlink.explain_link('rl_claims', '2');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('rl_claims', '3')$$);    -- another community
SET ROLE regress_al_rep;
SELECT step, field, row_value, person_value, level, round(partial_weight::numeric, 3) AS partial_weight,
       round(total_weight::numeric, 3) AS total_weight
FROM aidlink.explain_link('rl_claims', '2');
SELECT count(*) AS steps, count(*) FILTER (WHERE row_value LIKE '110105%' AND row_value NOT LIKE '%19491231%') AS numbers_masked
FROM aidlink.explain_link('rl_claims', '3');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('rl_claims', '4')$$);    -- hidden by the department
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('rl_claims', '99')$$);   -- no such row
-- called directly with a made-up row: nothing explained
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link_masked('rl_claims', '4', NULL, md5('guess'))$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link_masked('rl_claims', '2', NULL, md5('guess'))$$);
SET ROLE regress_al_nobody;
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('rl_claims', '2')$$);
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link_masked('rl_claims', '2', NULL, aidlink.source_row_digest('rl_claims', '2'))$$);
RESET ROLE;

-- explain_score, household H1 in June, by role
SELECT signal_name, level, resident_id, member, row_keys, rows_counted, amount, weight,
       round(intensity::numeric, 4) AS intensity, round(contribution::numeric, 4) AS contribution, counted
FROM aidlink.explain_score('H1', '2025-06-01');
SET ROLE regress_al_admin;
SELECT signal_name, resident_id, member, row_keys, amount FROM aidlink.explain_score('H1', '2025-06-01');
SET ROLE regress_al_cw;
SELECT signal_name, resident_id, member, row_keys, amount FROM aidlink.explain_score('H1', '2025-06-01');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_score('H2', '2025-06-01')$$);  -- another community
SET ROLE regress_al_rep;
SELECT signal_name, level, resident_id, member, row_keys, rows_counted, amount, weight,
       round(intensity::numeric, 4) AS intensity, round(contribution::numeric, 4) AS contribution, counted
FROM aidlink.explain_score('H1', '2025-06-01');
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_score('H9', '2025-06-01')$$);
SET ROLE regress_al_nobody;
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_score('H1', '2025-06-01')$$);
RESET ROLE;

-- The masked functions run as aidlink_admin; owned by a superuser (as right
-- after a restore without the roles) they refuse
SELECT p.proname, p.proowner::regrole AS owner, p.prosecdef AS security_definer,
       has_function_privilege('aidlink_reporter', p.oid, 'EXECUTE') AS reporter,
       has_function_privilege('aidlink_caseworker', p.oid, 'EXECUTE') AS caseworker,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public
FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proname LIKE 'explain\_%\_masked' ORDER BY 1;
ALTER FUNCTION aidlink.explain_link_masked(text, text, aidlink.resident_id, text) OWNER TO CURRENT_USER;
SET ROLE regress_al_rep;
SELECT * FROM public.try($$SELECT * FROM aidlink.explain_link('rl_claims', '2')$$);
RESET ROLE;
ROLLBACK;
