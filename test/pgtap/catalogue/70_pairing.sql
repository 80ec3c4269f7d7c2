-- 70_pairing.sql — the SQL API of pairing, micro-wishes, working days and
-- case deadlines (issue 9), for 01_catalogue.sql.
INSERT INTO api (fn, args, ret, vol, strict, parallel) VALUES
    -- pairing: run the caller's queries (VOLATILE, PARALLEL UNSAFE, not STRICT: NULL max distance means none)
    ('pair_households', '{text,text,integer,integer}', 'setof record', 'volatile', false, 'u'),
    ('match_wishes', '{text,text,integer,integer}', 'setof record', 'volatile', false, 'u'),
    -- the working-day calendar (reads its tables: STABLE)
    ('calendar_check_years', '{date,date}', 'void', 'stable', true, 's'),
    ('is_working_day', '{date}', 'boolean', 'stable', true, 's'),
    ('working_days_between', '{date,date}', 'integer', 'stable', true, 's'),
    ('add_working_days', '{date,integer}', 'date', 'stable', true, 's'),
    -- case deadlines
    ('request_due_date', '{text,date}', 'date', 'stable', true, 's'),
    ('requests_past_due', '{date}', 'setof record', 'stable', true, 's');
