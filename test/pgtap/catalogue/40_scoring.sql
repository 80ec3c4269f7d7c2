-- 40_scoring.sql — the SQL API of weighted data-overlap scoring (issue 4), for 01_catalogue.sql.
-- INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES ...;
-- INSERT INTO api_procedures / api_aggregates likewise.
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- signals and rolls as data
    ('signal_source_relation', '{text}', 'regclass', 'stable', false, 's'),
    ('signal_column_type', '{regclass,text}', 'text', 'stable', false, 's'),
    ('parse_signal_condition', '{text,text}', 'jsonb', 'stable', false, 's'),
    ('signal_condition_sql', '{regclass,jsonb,integer,text[]}', 'record', 'stable', false, 's'),
    ('define_signal', '{text,text,text,double precision,text,text,text,text,interval,text,double precision,double precision,boolean,date}',
     'score_signals', 'volatile', false, 'u'),
    ('set_signal_weight', '{text,double precision,date,text}', 'score_signal_weights', 'volatile', false, 'u'),
    ('drop_signal', '{text}', 'void', 'volatile', true, 'u'),
    ('define_assistance_roll', '{text,text,jsonb,text}', 'assistance_rolls', 'volatile', false, 'u'),
    -- the monthly run and its reports
    ('signal_rows_sql', '{score_signals,date,integer,text[]}', 'record', 'stable', false, 's'),
    ('score_signals_in_effect', '{date}', 'setof record', 'stable', false, 's'),
    ('score_candidates', '{date}', 'setof record', 'stable', true, 's'),
    ('score_alerts', '{date}', 'setof record', 'stable', true, 's'),
    ('explain_score', '{text,date}', 'setof record', 'stable', false, 's'),
    ('score_changes', '{date,double precision}', 'setof record', 'stable', false, 's');
INSERT INTO api_procedures VALUES ('score_month(date)');
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- calibration on past visits
    ('solve_linear_system', '{double precision[],double precision[]}', 'double precision[]', 'immutable', true, 's'),
    ('roc_auc', '{double precision[],boolean[]}', 'double precision', 'immutable', true, 's'),
    ('calibrate_weights', '{double precision,date}', 'setof record', 'volatile', false, 'u');
