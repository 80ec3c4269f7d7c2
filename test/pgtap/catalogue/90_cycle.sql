-- 90_cycle.sql — the SQL API of the monthly cycle (issue 7), for 01_catalogue.sql.
-- INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES ...;
-- INSERT INTO api_procedures / api_aggregates likewise.
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- bookkeeping of the runs
    ('cycle_month', '{date}', 'date', 'stable', false, 's'),
    ('cycle_lock_held', '{}', 'boolean', 'volatile', false, 's'),
    ('cycle_open', '{date,text[]}', 'bigint', 'volatile', false, 'u'),
    ('cycle_close', '{bigint,text,text}', 'void', 'volatile', false, 'u'),
    ('cycle_stage_begin', '{bigint,text}', 'void', 'volatile', false, 'u'),
    ('cycle_stage_end', '{bigint,text,text,bigint,jsonb,text}', 'void', 'volatile', false, 'u'),
    ('cycle_reraise', '{text,text,text,text}', 'void', 'volatile', false, 's'),
    ('cycle_stage_start', '{date,bigint,text}', 'bigint', 'volatile', false, 'u'),
    ('cycle_wants', '{bigint,text}', 'boolean', 'stable', true, 's'),
    ('cycle_stage_failed', '{bigint,text,text}', 'void', 'volatile', false, 'u'),
    ('cycle_stage_done', '{bigint,text,boolean,jsonb}', 'void', 'volatile', false, 'u'),
    ('cycle_score_month', '{date}', 'void', 'volatile', false, 'u'),
    ('cycle_compute_aid', '{date,bigint}', 'bigint', 'volatile', false, 'u'),
    ('cycle_audit_certificates', '{date}', 'jsonb', 'volatile', false, 'u'),
    -- the reports
    ('cycle_for_report', '{bigint}', 'bigint', 'stable', false, 's'),
    ('household_eldest', '{text}', 'record', 'stable', true, 's'),
    ('cycle_community', '{text}', 'text', 'stable', false, 's'),
    ('cycle_report', '{bigint,integer}', 'setof text', 'stable', false, 's'),
    ('html_escape', '{text}', 'text', 'immutable', true, 's'),
    ('svg_bar_chart', '{text,text[],numeric[],text}', 'text', 'immutable', false, 's'),
    ('cycle_report_html', '{bigint,integer}', 'text', 'stable', false, 's');
INSERT INTO api_procedures VALUES
    ('cycle_link(date,bigint)'), ('cycle_score(date,bigint)'), ('cycle_aid(date,bigint)'),
    ('cycle_certificates(date,bigint)'), ('run_monthly_cycle(date,text[])');
