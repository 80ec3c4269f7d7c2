-- 82_roles.sql — roles, row-level security and masking (issue 8) on a small
-- synthetic city (2,000 people, seed 11) linked, scored and paid by aidlink:
--   * aidlink.create_roles() makes the three roles and grants; a second call
--     (another database of the cluster) keeps them;
--   * a caseworker sees exactly the rows of its communities' households in
--     every aidlink table and view, and every function that returns rows
--     (link explanations and reports, score explanations, candidate lists,
--     alerts and changes, aid lines and differences, certificate audits)
--     returns no row the caseworker could not select itself; row-level
--     security on a departmental table is honoured too;
--   * a report writer sees every row but no identity column: the masked
--     views, aggregate reports, and permission denied on numbers and names;
--   * a role outside the three sees nothing even with SELECT granted;
--   * the catalogue: every table with a number or a household has RLS, every
--     view over them runs with the caller's rights or is a masked view, the
--     SECURITY DEFINER and LEAKPROOF functions are the reviewed ones.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS aidlink;
SET search_path = public, aidlink;
\set QUIET on
-- the policies commit: loaded outside the test's transaction, as 50_aid does
\i demo/aid/policies.sql

BEGIN;
SELECT plan(58);

\i demo/city/generate.sql
SET client_min_messages = warning;
SELECT count(*) AS relations FROM city_gen.generate(11, 2000) \g /dev/null
SELECT count(*) AS registered FROM (
    SELECT aidlink.register_source(source, relation::regclass, row_key_column, id_column, name_column,
                                   birth_date_column, sex_column, phone_column, address_column,
                                   household_column, is_reference)
    FROM city_truth.sources ORDER BY NOT is_reference) r \g /dev/null
SELECT count(aidlink.link_source(s.source_name)) AS runs
FROM (SELECT source_name FROM aidlink.link_sources ORDER BY NOT is_reference, source_name) s \g /dev/null
\o /dev/null
\i demo/scoring/city_signals.sql
\i demo/aid/city.sql
\o
SET client_min_messages = warning;
CALL aidlink.score_month('2025-05-01');
CALL aidlink.score_month('2025-06-01');
SELECT aidlink.compute_aid_month('2024-09-01', 'second run') \g /dev/null
INSERT INTO aidlink.certificate_settings (audit_answers) VALUES (true);
INSERT INTO aidlink.aid_funders (policy, funder, ratio, remainder_rank, effective_from)
SELECT p.policy, f.funder, f.ratio, f.rank, '2020-01-01'
FROM aidlink.aid_policies p, (VALUES ('city', 2, 1), ('town', 1, 2)) f(funder, ratio, rank)
ON CONFLICT DO NOTHING;
SELECT count(aidlink.certificate_audit_record('verify_certificate', 'C03', NULL, p.resident_id, '2022-01-01', '"yes"'))
FROM (SELECT resident_id FROM aidlink.persons ORDER BY resident_id LIMIT 400) p \g /dev/null

-- the roles
SELECT ok((SELECT count(*) FROM aidlink.create_roles() m WHERE m LIKE 'role % created' OR m LIKE 'role % exists %') = 3,
          'create_roles makes (or finds) the three roles');
SELECT is((SELECT count(*) FROM aidlink.create_roles() m WHERE m LIKE 'role % exists %'), 3::bigint,
          'called again (as in a second database) it keeps them and grants again');
SELECT is((SELECT array_agg(rolname::text ORDER BY rolname) FROM pg_roles
           WHERE rolname LIKE 'aidlink\_%' AND NOT rolcanlogin AND NOT rolsuper AND NOT rolbypassrls),
          ARRAY['aidlink_admin', 'aidlink_caseworker', 'aidlink_reporter'], 'NOLOGIN, not superuser, not BYPASSRLS');

-- communities: the town of each household; two caseworkers
INSERT INTO aidlink.household_communities (household_no, community)
SELECT h.hh, h.town FROM city_truth.household h WHERE h.in_register AND h.hh IS NOT NULL;
CREATE ROLE al_tap_cw LOGIN IN ROLE aidlink_caseworker;               -- serves two towns
CREATE ROLE al_tap_office NOLOGIN IN ROLE aidlink_caseworker;         -- a community office ...
CREATE ROLE al_tap_cw2 LOGIN IN ROLE al_tap_office;                   -- ... and one of its caseworkers
CREATE ROLE al_tap_rep LOGIN IN ROLE aidlink_reporter;
CREATE ROLE al_tap_admin LOGIN IN ROLE aidlink_admin;
CREATE ROLE al_tap_other LOGIN;                                       -- no aidlink role, direct grants
INSERT INTO aidlink.caseworker_communities VALUES ('al_tap_cw', '小榄镇'), ('al_tap_cw', '石岐街道'), ('al_tap_office', '古镇镇');
GRANT USAGE ON SCHEMA aidlink TO al_tap_other;
GRANT SELECT ON aidlink.persons, aidlink.links, aidlink.household_scores, aidlink.households TO al_tap_other;

-- a departmental table with a policy of its own: a caseworker sees the
-- claims that are linked to people it may see
GRANT USAGE ON SCHEMA city TO aidlink_caseworker, aidlink_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA city TO aidlink_caseworker, aidlink_admin;
ALTER TABLE city.yb_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY claims_of_my_people ON city.yb_claims TO aidlink_caseworker
    USING (EXISTS (SELECT FROM aidlink.links l WHERE l.source_name = 'yb_claims' AND l.row_key = claim_id::text));
CREATE POLICY all_claims ON city.yb_claims TO aidlink_admin USING (true);
-- an issued-certificates register (stamped by communities) to audit
CREATE TABLE public.stamped (no int PRIMARY KEY, what text, community text, stamped_on date, household_no text);
INSERT INTO public.stamped
SELECT g, (ARRAY['C01', 'C02', 'C03'])[1 + g % 3], '小榄镇社区居委会', date '2022-01-01' + g, h.household_no
FROM generate_series(1, 60) g
JOIN (SELECT household_no, row_number() OVER (ORDER BY household_no) AS i FROM aidlink.household_communities) h ON h.i = g;
ALTER TABLE public.stamped ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON public.stamped USING (household_no IN (SELECT household_no FROM aidlink.my_households));
GRANT SELECT ON public.stamped TO aidlink_caseworker;

-- what each caseworker may see, computed as the superuser
CREATE TEMP TABLE mine AS
SELECT cc.caseworker::text AS who, hc.household_no
FROM aidlink.caseworker_communities cc JOIN aidlink.household_communities hc USING (community);
CREATE TEMP TABLE my_people AS
SELECT m.who, p.resident_id FROM mine m JOIN aidlink.persons p USING (household_no);
CREATE TEMP TABLE one_of_mine AS       -- households with a score, lines and links in each view
SELECT (SELECT s.household_no FROM aidlink.household_scores s JOIN mine m USING (household_no)
        WHERE m.who = 'al_tap_cw' ORDER BY s.score DESC LIMIT 1) AS scored_mine,
       (SELECT s.household_no FROM aidlink.household_scores s
        WHERE s.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw') ORDER BY s.score DESC LIMIT 1) AS scored_other,
       (SELECT a.household_no FROM aidlink.aid_payments a JOIN mine m USING (household_no)
        WHERE m.who = 'al_tap_cw' LIMIT 1) AS paid_mine,
       (SELECT a.household_no FROM aidlink.aid_payments a
        WHERE a.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw') LIMIT 1) AS paid_other,
       (SELECT l.row_key FROM aidlink.links l JOIN my_people p USING (resident_id)
        WHERE p.who = 'al_tap_cw' AND l.source_name = 'yb_claims' ORDER BY l.row_key LIMIT 1) AS claim_mine,
       (SELECT l.row_key FROM aidlink.links l
        WHERE l.source_name = 'yb_claims' AND l.resident_id NOT IN (SELECT resident_id FROM my_people WHERE who = 'al_tap_cw')
        ORDER BY l.row_key LIMIT 1) AS claim_other,
       (SELECT l.resident_id FROM aidlink.links l
        WHERE l.source_name = 'yb_claims' AND l.resident_id NOT IN (SELECT resident_id FROM my_people WHERE who = 'al_tap_cw')
        ORDER BY l.row_key LIMIT 1) AS person_other;
CREATE TEMP TABLE link_report_all AS SELECT * FROM aidlink.link_report();
-- the report writer reads the claims but one (the department's policy)
ALTER TABLE one_of_mine ADD COLUMN claim_hidden text;
UPDATE one_of_mine SET claim_hidden = (SELECT l.row_key FROM aidlink.links l
    WHERE l.source_name = 'yb_claims' AND l.status = 'accepted' AND l.row_key <> claim_mine ORDER BY l.row_key LIMIT 1);
CREATE TABLE public.rep_hidden_claims AS SELECT claim_hidden AS row_key FROM one_of_mine;
GRANT SELECT ON public.rep_hidden_claims TO aidlink_reporter;
GRANT USAGE ON SCHEMA city TO aidlink_reporter;
GRANT SELECT ON city.yb_claims TO aidlink_reporter;
CREATE POLICY claims_for_reports ON city.yb_claims TO aidlink_reporter
    USING (claim_id::text NOT IN (SELECT row_key FROM public.rep_hidden_claims));
CREATE TEMP TABLE expl_full AS SELECT * FROM aidlink.explain_link('yb_claims', (SELECT claim_mine FROM one_of_mine));
CREATE TEMP TABLE score_full AS SELECT * FROM aidlink.explain_score((SELECT scored_mine FROM one_of_mine), '2025-06-01');
GRANT SELECT ON mine, my_people, one_of_mine, link_report_all, expl_full, score_full TO PUBLIC;
SELECT ok((SELECT count(DISTINCT household_no) FROM mine WHERE who = 'al_tap_cw') BETWEEN 50 AND
          (SELECT count(*) / 3 FROM aidlink.household_communities), 'the caseworker serves some households, not most');
SELECT ok((SELECT scored_mine IS NOT NULL AND scored_other IS NOT NULL AND paid_mine IS NOT NULL AND paid_other IS NOT NULL
                 AND claim_mine IS NOT NULL AND claim_other IS NOT NULL FROM one_of_mine), 'the test has rows on both sides');

-- A caseworker: its rows, in every table and view
SET ROLE al_tap_cw;
SELECT set_eq('SELECT household_no FROM aidlink.persons GROUP BY 1',
              $$SELECT household_no FROM mine WHERE who = 'al_tap_cw' AND household_no IN (SELECT household_no FROM aidlink.persons)$$,
              'caseworker: persons of its households only');
SELECT set_eq('SELECT resident_id FROM aidlink.links GROUP BY 1', $$SELECT resident_id FROM my_people WHERE who = 'al_tap_cw'
              AND resident_id IN (SELECT resident_id FROM aidlink.links)$$, 'caseworker: links of its people only');
SELECT is((SELECT count(*) FROM aidlink.links WHERE resident_id NOT IN (SELECT resident_id FROM my_people WHERE who = 'al_tap_cw')),
          0::bigint, 'caseworker: no link of anybody else, not even unlinked rows');
SELECT set_eq('SELECT household_no FROM aidlink.households', $$SELECT household_no FROM aidlink.persons GROUP BY 1$$,
              'caseworker: the households view shows its households (it runs with the caller''s rights)');
SELECT is((SELECT count(*) FROM aidlink.links_to_review r WHERE (r.source_name, r.row_key) NOT IN
           (SELECT source_name, row_key FROM aidlink.links)), 0::bigint, 'caseworker: links_to_review only its links');
SELECT is((SELECT count(*) FROM aidlink.outside_persons), 0::bigint, 'caseworker: no outside person (clusters are for admins)');
SELECT is((SELECT count(*) FROM aidlink.household_scores WHERE household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')),
          0::bigint, 'caseworker: household scores of its households only');
SELECT is((SELECT count(*) FROM aidlink.person_scores WHERE household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')),
          0::bigint, 'caseworker: person scores of its households only');
SELECT is((SELECT count(*) FROM aidlink.aid_payments WHERE household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw'))
        + (SELECT count(*) FROM aidlink.aid_households WHERE household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw'))
        + (SELECT count(*) FROM aidlink.aid_members WHERE household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')),
          0::bigint, 'caseworker: aid households, members and payments of its households only');
SELECT cmp_ok((SELECT count(*) FROM aidlink.aid_payments), '>', 0::bigint, 'caseworker: ... and it does see its own payments');
SELECT is((SELECT count(*) FROM aidlink.certificate_answers WHERE person NOT IN (SELECT resident_id FROM my_people WHERE who = 'al_tap_cw')),
          0::bigint, 'caseworker: certificate answers about its people only');
SELECT is((SELECT count(*) FROM city.yb_claims c WHERE NOT EXISTS (SELECT FROM aidlink.links l
           WHERE l.source_name = 'yb_claims' AND l.row_key = c.claim_id::text)), 0::bigint,
          'caseworker: the departmental table''s own policy holds (claims of its people)');

-- ... in every function that returns rows
SELECT cmp_ok((SELECT count(*) FROM aidlink.explain_link('yb_claims', (SELECT claim_mine FROM one_of_mine))), '>', 2::bigint,
              'explain_link: the caseworker''s own row is explained');
SELECT throws_ok($$SELECT * FROM aidlink.explain_link('yb_claims', (SELECT claim_other FROM one_of_mine))$$, 'P0002', NULL,
                 'explain_link: a row of another community is "no link", as if it did not exist');
SELECT is((SELECT count(*) FILTER (WHERE person_value IS NOT NULL) FROM aidlink.explain_link('yb_claims',
              (SELECT claim_mine FROM one_of_mine), (SELECT person_other FROM one_of_mine))), 0::bigint,
          'explain_link: a candidate of another community shows nothing of that person');
SELECT set_eq($$SELECT source_name, sum(rows) FROM aidlink.link_report() WHERE section = 'status' GROUP BY 1$$,
              $$SELECT source_name, count(*) FROM aidlink.links GROUP BY 1$$,
              'link_report: counts only the links the caseworker may see');
SELECT throws_ok($$SELECT * FROM aidlink.explain_score((SELECT scored_other FROM one_of_mine), '2025-06-01')$$, 'P0002', NULL,
                 'explain_score: a household of another community is "not in the reference population", as if it did not exist');
SELECT cmp_ok((SELECT count(*) FROM aidlink.explain_score((SELECT scored_mine FROM one_of_mine), '2025-06-01')), '>', 0::bigint,
              'explain_score: its own household is explained');
SELECT is((SELECT count(*) FROM aidlink.score_candidates('2025-06-01') c
           WHERE c.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')), 0::bigint,
          'score_candidates: its households only');
SELECT is((SELECT count(*) FROM aidlink.score_alerts('2025-06-01') c
           WHERE c.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw'))
        + (SELECT count(*) FROM aidlink.score_changes('2025-06-01', 0.01) c
           WHERE c.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')), 0::bigint,
          'score_alerts, score_changes: its households only');
SELECT throws_ok($$SELECT * FROM aidlink.aid_lines('2024-09-01', (SELECT paid_other FROM one_of_mine))$$, 'P0002', NULL,
                 'aid_lines: a household of another community "has no facts", as if it did not exist (the C engine reads with the caller''s rights)');
SELECT throws_ok($$SELECT * FROM aidlink.compute_aid((SELECT paid_other FROM one_of_mine), '2024-09-01')$$, 'P0002', NULL,
                 'compute_aid: a household of another community "has no facts", as if it did not exist');
SELECT cmp_ok((SELECT count(*) FROM aidlink.aid_lines('2024-09-01', (SELECT paid_mine FROM one_of_mine))), '>', 0::bigint,
              'aid_lines: its own household''s lines');
SELECT is((SELECT count(*) FROM aidlink.aid_lines('2024-09-01') l
           WHERE l.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')), 0::bigint,
          'aid_lines for the whole month: its households only');
SELECT is((SELECT count(*) FROM aidlink.aid_differences('2024-09-01') d
           WHERE d.household_no NOT IN (SELECT household_no FROM mine WHERE who = 'al_tap_cw')), 0::bigint,
          'aid_differences: its households only');
SELECT set_eq($$SELECT DISTINCT policy, total FROM aidlink.aid_cofunding((SELECT max(run_id) FROM aidlink.aid_runs))$$,
              $$SELECT policy, sum(amount) FROM aidlink.aid_payments WHERE run_id = (SELECT max(run_id) FROM aidlink.aid_runs) GROUP BY 1$$,
              'aid_cofunding: the totals of the payments the caseworker may see');
SELECT set_eq($$SELECT row_key FROM aidlink.audit_issued_certificates('public.stamped', 'no', 'what', 'community', 'stamped_on')$$,
              $$SELECT no::text FROM public.stamped$$,
              'audit_issued_certificates: the rows of the register the caseworker may see, no more');
SELECT cmp_ok((SELECT count(*) FROM public.stamped), '<', 60::bigint, '... which are fewer than all');
RESET ROLE;

-- A caseworker through a group role (a community office)
SET ROLE al_tap_cw2;
SELECT set_eq('SELECT household_no FROM aidlink.persons GROUP BY 1',
              $$SELECT household_no FROM mine WHERE who = 'al_tap_office' AND household_no IN (SELECT household_no FROM aidlink.persons)$$,
              'a member of a community office sees the office''s households');
RESET ROLE;

-- A report writer: every row, no identity
SET ROLE al_tap_rep;
SELECT throws_ok('SELECT resident_id FROM aidlink.persons', '42501', NULL, 'reporter: numbers are not readable');
SELECT throws_ok('SELECT name FROM aidlink.persons', '42501', NULL, 'reporter: names are not readable');
SELECT throws_ok('SELECT row_key, detail FROM aidlink.links', '42501', NULL, 'reporter: row keys and details of links are not readable');
SELECT results_eq($$SELECT step, field, row_value, person_value, level, m, u, partial_weight, total_weight
                     FROM aidlink.explain_link('yb_claims', (SELECT claim_mine FROM one_of_mine)) ORDER BY step$$,
                  $$SELECT step, field, aidlink.explain_value_mask(field, row_value), aidlink.explain_value_mask(field, person_value),
                           CASE WHEN field = 'number' THEN split_part(level, ':', 1) ELSE level END, m, u, partial_weight, total_weight
                    FROM expl_full ORDER BY step$$,
                  'reporter: explain_link gives the administrator''s explanation, masked');
SELECT is((SELECT count(*) FROM aidlink.explain_link('yb_claims', (SELECT claim_mine FROM one_of_mine))
           WHERE (field IN ('number', 'id_number') AND (row_value !~ '^.{6}\*+.{4}$' OR person_value !~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$'))
              OR (field = 'name' AND (row_value !~ '^.\**$' OR person_value !~ '^.\**$'))
              OR (field IN ('phone', 'address') AND coalesce(row_value, person_value) IS NOT NULL)
              OR (field = 'birth_date' AND person_value !~ '^[0-9]{4}-\*\*-\*\*$')), 0::bigint,
          'reporter: ... every number, name and birth date masked, no phone or address');
SELECT throws_ok($$SELECT * FROM aidlink.explain_link('yb_claims', (SELECT claim_hidden FROM one_of_mine))$$, 'P0002', NULL,
                 'reporter: a claim the department''s policy hides from it is "no link", as if it did not exist');
SELECT throws_ok($$SELECT * FROM aidlink.explain_link_masked('yb_claims', (SELECT claim_hidden FROM one_of_mine), NULL, md5('guess'))$$,
                 '42501', NULL, 'reporter: explain_link_masked called directly with a made-up row explains nothing');
SELECT results_eq($$SELECT signal_name, member, resident_id, row_keys, rows_counted, amount, weight, intensity, contribution, counted
                     FROM aidlink.explain_score((SELECT scored_mine FROM one_of_mine), '2025-06-01') ORDER BY 1, 2$$,
                  $$SELECT signal_name, aidlink.resident_id_mask(resident_id), NULL::aidlink.resident_id, NULL::text[], NULL::bigint,
                           NULL::float8, weight, intensity, contribution, counted
                    FROM score_full ORDER BY 1, 2$$,
                  'reporter: explain_score gives the same signals, weights and contributions, the member masked, nothing from the rows');
SELECT lives_ok($$SELECT * FROM aidlink.score_changes('2025-06-01')$$,
                'reporter: score_changes (households and scores, no identity) is answered');
SELECT is((SELECT count(*) FROM aidlink.persons_masked WHERE resident_id !~ '^[0-9]{6}\*{8}[0-9]{3}[0-9X]$' OR name !~ '^.\**$'),
          0::bigint, 'reporter: persons_masked shows every number and name masked');
SELECT is((SELECT count(*) FROM aidlink.persons_masked), (SELECT count(*) FROM aidlink.persons),
          'reporter: ... for every person');
SELECT set_eq('SELECT * FROM aidlink.link_report()', 'SELECT * FROM link_report_all',
              'reporter: link_report gives the whole city''s figures');
SELECT is((SELECT count(*) FROM aidlink.links_masked WHERE resident_id IS NOT NULL AND resident_id !~ '\*{8}'), 0::bigint,
          'reporter: links_masked masks every number');
SELECT is((SELECT aidlink.resident_id_shown('11010519491231002X') || ' ' || aidlink.name_shown('陈秀英')),
          '110105********002X 陈**', 'reporter: resident_id_shown and name_shown mask');
RESET ROLE;
SELECT is((SELECT aidlink.resident_id_shown('11010519491231002X') || ' ' || aidlink.name_shown('陈秀英')),
          '11010519491231002X 陈秀英', 'superuser: resident_id_shown and name_shown show');

-- A role outside aidlink's, with SELECT granted by hand: no row
SET ROLE al_tap_other;
SELECT is((SELECT count(*) FROM aidlink.persons) + (SELECT count(*) FROM aidlink.links)
        + (SELECT count(*) FROM aidlink.household_scores) + (SELECT count(*) FROM aidlink.households), 0::bigint,
          'a role in none of the three sees no row, even with SELECT granted');
RESET ROLE;

-- An administrator: every row
SET ROLE al_tap_admin;
SELECT is((SELECT count(*) FROM aidlink.links), (SELECT count(*) FROM aidlink.links_masked), 'admin: every link');
RESET ROLE;

-- The catalogue
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                WHERE c.relnamespace = 'aidlink'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
                  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                              AND (a.atttypid = 'aidlink.resident_id'::regtype OR a.attname = 'household_no'))
                ORDER BY 1), ARRAY['household_communities'],
          'every table with an identity number or a household has row-level security (but the community list)');
SELECT is(ARRAY(SELECT format('%s.%s', c.relname, a.attname) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                WHERE c.relnamespace = 'aidlink'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
                  AND c.relname NOT LIKE '%\_masked' AND c.relname NOT LIKE 'my\_%'   -- the caller's own rows
                  AND (c.relrowsecurity OR EXISTS (SELECT FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
                                                   JOIN pg_class t ON t.oid = d.refobjid
                                                   WHERE w.ev_class = c.oid AND t.relrowsecurity))
                  AND (a.atttypid IN ('aidlink.resident_id'::regtype, 'aidlink.resident_id[]'::regtype)
                       OR a.attname IN ('name', 'phone', 'address', 'row_key', 'detail', 'member_no', 'value', 'name_folded', 'trace', 'answer'))
                  AND has_column_privilege('aidlink_reporter', c.oid, a.attnum, 'SELECT')
                ORDER BY 1), '{}'::text[],
          'no number, name, phone, address, row key or detail is readable by aidlink_reporter');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                WHERE c.relnamespace = 'aidlink'::regnamespace AND c.relkind = 'v'
                  AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
                  AND EXISTS (SELECT FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
                              JOIN pg_class t ON t.oid = d.refobjid
                              WHERE w.ev_class = c.oid AND t.relrowsecurity)
                ORDER BY 1), ARRAY['links_masked', 'my_residents', 'person_scores_masked', 'persons_masked'],
          'views over tables with row-level security run with the caller''s rights, but the masked views and my_residents');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prosecdef ORDER BY 1),
          ARRAY['certificate_audit_record(text,text,text,resident_id,date,jsonb)',
                'explain_link_masked(text,text,resident_id,text)',
                'explain_score_masked(text,date)',
                'pseudonym_key_create(text,timestamp with time zone,text)',
                'pseudonym_key_grant(text,regrole)',
                'pseudonym_key_retire(text,integer)',
                'pseudonym_key_revoke(text,regrole)',
                'pseudonym_rotate(text,interval,timestamp with time zone,text)'],
          'the SECURITY DEFINER functions are the reviewed ones (keys, the write-only audit log, the masked explanations)');
SELECT is(ARRAY(SELECT p.proname::text FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prosecdef
                  AND p.proowner <> 'aidlink_admin'::regrole AND p.proname LIKE 'explain%' ORDER BY 1), '{}'::text[],
          'the masked explanations run as aidlink_admin, not as a superuser');
SELECT is(ARRAY(SELECT p.proname::text FROM pg_proc p WHERE p.pronamespace = 'aidlink'::regnamespace AND p.prosecdef
                  AND p.proname LIKE 'explain%' AND (has_function_privilege('public', p.oid, 'EXECUTE')
                       OR has_function_privilege('aidlink_caseworker', p.oid, 'EXECUTE')) ORDER BY 1), '{}'::text[],
          '... and only report writers (and administrators) may call them');
SELECT is(ARRAY(SELECT p.proname::text FROM pg_proc p
                WHERE p.pronamespace = 'aidlink'::regnamespace AND p.proleakproof
                  AND p.proname !~ '^(resident_id|org_code|uscc|bracket_schedule|signal_set)_(eq|ne|lt|le|gt|ge|cmp|hash|hash_extended)$'
                ORDER BY 1),
          ARRAY['org_code_to_text', 'resident_id_birth_date', 'resident_id_legacy15', 'resident_id_mask',
                'resident_id_plausibility_problem', 'resident_id_region', 'resident_id_sex', 'resident_id_to_bigint',
                'resident_id_to_text', 'uscc_authority', 'uscc_entity_type', 'uscc_org_code', 'uscc_region', 'uscc_to_text'],
          'LEAKPROOF: the comparison and hash functions of the types and the reviewed accessors that raise no error');

SELECT * FROM finish();
ROLLBACK;
