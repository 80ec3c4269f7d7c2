--
-- The monthly cycle (issue 7): procedures per stage and for the month, the
-- records they keep, the reports, and every refusal.  In a database of its
-- own (the cycle commits, so nothing here can be rolled back, and it must
-- not meet the sources the other files register).
--
SET client_min_messages = warning;
CREATE DATABASE aidlink_cycle;
\c aidlink_cycle
SET client_min_messages = warning;
CREATE EXTENSION aidlink;
SET search_path = public, aidlink;
\set VERBOSITY default
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

-- the month: any day of it; never NULL or infinite
SELECT aidlink.cycle_month('2025-06-17'), aidlink.cycle_month('2025-06-01');
SELECT * FROM try($$SELECT aidlink.cycle_month(NULL)$$);
SELECT * FROM try($$SELECT aidlink.cycle_month('infinity')$$);

-- the stages asked for
CALL aidlink.run_monthly_cycle(NULL);
CALL aidlink.run_monthly_cycle('2025-06-01', '{}');
CALL aidlink.run_monthly_cycle('2025-06-01', '{link,bogus}');
CALL aidlink.run_monthly_cycle('2025-06-01', ARRAY['score', NULL]);
SELECT count(*) AS runs_recorded FROM aidlink.cycle_runs;

-- inside a transaction block it cannot commit its stages
BEGIN;
CALL aidlink.run_monthly_cycle('2025-06-01', '{certificates}');
ROLLBACK;

-- no report before a cycle has finished, and none of a cycle that is not there
SELECT * FROM try($$SELECT * FROM aidlink.cycle_report()$$);
SELECT * FROM try($$SELECT aidlink.cycle_report_html()$$);
SELECT * FROM try($$SELECT * FROM aidlink.cycle_report(42)$$);

-- linkage without a reference population: refused before a run is opened
CALL aidlink.cycle_link('2025-06-01');
SELECT count(*) AS runs_recorded FROM aidlink.cycle_runs;

-- scoring without signals: the stage and the run are recorded as failed
CALL aidlink.cycle_score('2025-06-01');
SELECT cycle_id, month, stages, status, error FROM aidlink.cycle_runs ORDER BY cycle_id;
SELECT cycle_id, stage, status, rows, detail, error, finished_at IS NOT NULL AS ended FROM aidlink.cycle_stages ORDER BY 1, 2;

-- aid with no policy in force that month (none at all here)
CALL aidlink.cycle_aid('1990-01-01');

-- a policy, but no household facts for the month
INSERT INTO aidlink.aid_policies (policy, region, title, categories, effective_from, rounding, source) VALUES
  ('town_supplement', 'town', 'A town''s supplement', '{dibao}', '2020-01-01', 'fen', 'regress');
INSERT INTO aidlink.aid_rules (policy, rule, benefit, kind, categories, effective_from) VALUES
  ('town_supplement', 'per_person', 'living supplement', 'per_person_month', '{dibao}', '2020-01-01');
INSERT INTO aidlink.aid_parameters (policy, rule, parameter, value, effective_from) VALUES
  ('town_supplement', 'per_person', 'amount', 200, '2020-01-01');
CALL aidlink.cycle_aid('1990-01-01');
CALL aidlink.cycle_aid('2025-06-01');

-- an aid input procedure that is not a procedure of a date
CREATE FUNCTION public.not_a_procedure(date) RETURNS void LANGUAGE sql AS '';
INSERT INTO aidlink.cycle_settings (aid_input_procedure) VALUES ('public.not_a_procedure(date)');
CALL aidlink.cycle_aid('2025-06-01');
-- a settings row naming a table of certificates without its columns, or a second row
UPDATE aidlink.cycle_settings SET certificates_table = 'pg_class';
INSERT INTO aidlink.cycle_settings (only_row) VALUES (false);

-- an input procedure that fills the month: two households on the roll, one not
CREATE PROCEDURE public.fill_town(month date) LANGUAGE sql AS $$
    DELETE FROM aidlink.aid_members WHERE aid_members.month = fill_town.month;
    DELETE FROM aidlink.aid_households WHERE aid_households.month = fill_town.month;
    INSERT INTO aidlink.aid_households (household_no, month, region, category, income) VALUES
      ('H1', fill_town.month, 'town', 'dibao', 100), ('H2', fill_town.month, 'town', 'dibao', 0),
      ('H3', fill_town.month, 'town', NULL, 9000);
    INSERT INTO aidlink.aid_members (household_no, month, member_no, attributes) VALUES
      ('H1', fill_town.month, 'a', '{}'), ('H1', fill_town.month, 'b', '{}'),
      ('H2', fill_town.month, 'c', '{}'), ('H2', fill_town.month, 'd', '{}'), ('H2', fill_town.month, 'e', '{}'),
      ('H3', fill_town.month, 'f', '{}');
$$;
UPDATE aidlink.cycle_settings SET aid_input_procedure = 'public.fill_town(date)';
CALL aidlink.run_monthly_cycle('2025-06-17', '{certificates,aid}');
SELECT max(cycle_id) AS c FROM aidlink.cycle_runs \gset
SELECT cycle_id, month, stages, status, error FROM aidlink.cycle_runs ORDER BY cycle_id;
SELECT stage, status, rows, detail - 'run_id' AS detail FROM aidlink.cycle_stages WHERE cycle_id = :c
 ORDER BY array_position(ARRAY['link', 'score', 'aid', 'certificates'], stage);
SELECT stage, seconds >= 0 AS timed FROM aidlink.cycle_stage_times WHERE cycle_id = :c ORDER BY stage;

-- the report (its first line and the times vary: left out)
SELECT l FROM aidlink.cycle_report() l WHERE l !~ '^aidlink monthly cycle' AND l !~ ' s$';
SELECT * FROM try(format('SELECT * FROM aidlink.cycle_report(%s, -1)', :c));

-- the certificate stage over a table of issued certificates: the month's rows only
CREATE TABLE public.stamped (no int, item text, issuer text, stamped_on date);
INSERT INTO public.stamped VALUES (1, 'no such certificate', 'no such office', '2025-06-03'),
                                  (2, 'another', 'no such office', '2025-06-30'),
                                  (3, 'outside the month', 'no such office', '2025-07-01');
UPDATE aidlink.cycle_settings SET certificates_table = 'public.stamped', certificates_item_column = 'item',
       certificates_issuer_column = 'issuer', certificates_date_column = 'stamped_on';
CALL aidlink.cycle_certificates('2025-06-01');
SELECT stage, status, rows, detail FROM aidlink.cycle_stages WHERE cycle_id = :c + 1;
-- a column that is not there
UPDATE aidlink.cycle_settings SET certificates_item_column = 'nothing';
CALL aidlink.cycle_certificates('2025-06-01');
SELECT cycle_id - :c AS after_the_month, status, error FROM aidlink.cycle_runs WHERE cycle_id = :c + 2;

-- the HTML report: one page, charts as inline SVG, text escaped
SELECT h LIKE '<!DOCTYPE html>%</html>' AS page, h ~ '<svg' AS svg, h !~* '<script|https?://[^"]*\.(js|css)' AS self_contained,
       h ~ 'id="aid-total">1000.00<' AS aid_total
FROM aidlink.cycle_report_html(:c) h;
SELECT aidlink.html_escape('<a href="x">&''</a>');
SELECT aidlink.svg_bar_chart('empty', '{}', '{}');
SELECT aidlink.svg_bar_chart('two <bars>', '{a,b}', '{1,2}', ' yuan');
SELECT aidlink.cycle_community('广东省中山市石岐街道孙文中路12号'), aidlink.cycle_community('广东省中山市小榄镇'),
       aidlink.cycle_community('somewhere');

\c contrib_regression
DROP DATABASE aidlink_cycle;
