-- 50_aid.sql — the SQL API of tiered aid calculation (issue 5), for 01_catalogue.sql.
-- INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES ...;
-- INSERT INTO api_procedures / api_aggregates likewise.
INSERT INTO api (fn, args, ret, vol) VALUES
    -- bracket_schedule: I/O, comparison, hashing
    ('bracket_schedule_in', '{cstring}', 'bracket_schedule', 'immutable'),
    ('bracket_schedule_out', '{bracket_schedule}', 'cstring', 'immutable'),
    ('bracket_schedule_recv', '{internal}', 'bracket_schedule', 'immutable'),
    ('bracket_schedule_send', '{bracket_schedule}', 'bytea', 'immutable'),
    ('bracket_schedule_eq', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_ne', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_lt', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_le', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_gt', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_ge', '{bracket_schedule,bracket_schedule}', 'boolean', 'immutable'),
    ('bracket_schedule_cmp', '{bracket_schedule,bracket_schedule}', 'integer', 'immutable'),
    ('bracket_schedule_sortsupport', '{internal}', 'void', 'immutable'),
    ('bracket_schedule_equalimage', '{oid}', 'boolean', 'immutable'),
    ('bracket_schedule_hash', '{bracket_schedule}', 'integer', 'immutable'),
    ('bracket_schedule_hash_extended', '{bracket_schedule,bigint}', 'bigint', 'immutable'),
    -- bracket_schedule: application
    ('bracket_schedule_apply', '{bracket_schedule,numeric,text}', 'numeric', 'immutable'),
    ('bracket_schedule_bracket', '{bracket_schedule,numeric}', 'integer', 'immutable'),
    ('bracket_schedule_rate', '{bracket_schedule,numeric}', 'numeric', 'immutable');
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- policies as data
    ('aid_check_dates', '{}', 'trigger', 'volatile', false, 'u'),
    ('check_policy', '{text}', 'setof record', 'stable', true, 's'),
    -- the calculation
    ('aid_round', '{numeric,text,text}', 'numeric', 'immutable', true, 's'),
    ('aid_rules_in_force', '{date}', 'setof record', 'stable', true, 's'),
    ('aid_check_inputs', '{date,text}', 'void', 'stable', false, 's'),
    ('aid_lines', '{date,text,boolean}', 'setof record', 'stable', false, 's'),
    ('compute_aid', '{text,date}', 'setof record', 'stable', true, 's'),
    -- bulk runs, differences, co-funding
    ('aid_write_lines', '{bigint,date,boolean}', 'setof record', 'volatile', false, 'u'),
    ('compute_aid_month', '{date,text,boolean}', 'bigint', 'volatile', false, 'u'),
    ('aid_differences', '{date,bigint,bigint}', 'setof record', 'stable', false, 's'),
    ('split_amount', '{numeric,text[],numeric[],numeric}', 'setof record', 'immutable', true, 's'),
    ('aid_cofunding', '{bigint}', 'setof record', 'stable', true, 's');
