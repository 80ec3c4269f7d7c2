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
    ('score_changes', '{date,double precision}', 'setof record', 'stable', false, 's'),
    -- internal to score_month: the sources' step in one pass over the links
    ('score_hits', '{text[],text[],text[]}', 'setof record', 'volatile', false, 'u');
INSERT INTO api_procedures VALUES ('score_month(date)');
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- calibration on past visits
    ('solve_linear_system', '{double precision[],double precision[]}', 'double precision[]', 'immutable', true, 's'),
    ('roc_auc', '{double precision[],boolean[]}', 'double precision', 'immutable', true, 's'),
    ('calibrate_weights', '{double precision,date}', 'setof record', 'volatile', false, 'u');
INSERT INTO api (fn, args, ret, vol) VALUES
    -- signal_set (a set of signal numbers): I/O, comparison, hashing
    ('signal_set_in', '{cstring}', 'signal_set', 'immutable'),
    ('signal_set_out', '{signal_set}', 'cstring', 'immutable'),
    ('signal_set_recv', '{internal}', 'signal_set', 'immutable'),
    ('signal_set_send', '{signal_set}', 'bytea', 'immutable'),
    ('signal_set_eq', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_ne', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_lt', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_le', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_gt', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_ge', '{signal_set,signal_set}', 'boolean', 'immutable'),
    ('signal_set_cmp', '{signal_set,signal_set}', 'integer', 'immutable'),
    ('signal_set_sortsupport', '{internal}', 'void', 'immutable'),
    ('signal_set_equalimage', '{oid}', 'boolean', 'immutable'),
    ('signal_set_hash', '{signal_set}', 'integer', 'immutable'),
    ('signal_set_hash_extended', '{signal_set,bigint}', 'bigint', 'immutable'),
    -- signal_set: set operations
    ('signal_set_union', '{signal_set,signal_set}', 'signal_set', 'immutable'),
    ('signal_set_intersect', '{signal_set,signal_set}', 'signal_set', 'immutable'),
    ('signal_set_contains', '{signal_set,integer}', 'boolean', 'immutable'),
    ('signal_set_count', '{signal_set}', 'integer', 'immutable'),
    ('signal_set_members', '{signal_set}', 'integer[]', 'immutable'),
    ('signal_set_names', '{signal_set,text[]}', 'text[]', 'immutable');
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- transition functions (not strict: they start from a NULL state)
    ('signal_set_add', '{signal_set,integer}', 'signal_set', 'immutable', false, 's'),
    ('signal_score_step', '{internal,integer,double precision,double precision[],boolean[]}', 'internal', 'immutable', false, 's'),
    ('signal_score_combine', '{internal,internal}', 'internal', 'immutable', false, 's'),
    ('signal_score_final', '{internal}', 'signal_score', 'immutable', false, 's'),
    ('signal_score_serialize', '{internal}', 'bytea', 'immutable', true, 's'),
    ('signal_score_deserialize', '{bytea,internal}', 'internal', 'immutable', true, 's');
-- aidlink.signal_score_agg(integer, double precision, double precision[],
-- boolean[]) has four arguments: sql/44_signal_set.sql checks it.
INSERT INTO api_aggregates VALUES ('signal_set_agg', 'integer', 'signal_set'), ('signal_set_agg', 'signal_set', 'signal_set');
INSERT INTO api_aggregates_multi VALUES ('signal_score_agg(integer,double precision,double precision[],boolean[])');
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- which members of a household are current
    ('define_current_members', '{text}', 'current_member_conditions', 'volatile', false, 'u');
