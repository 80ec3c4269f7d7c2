--
-- aidlink.bracket_schedule: text form, every input error, application
-- (marginal and whole, cap), order, hashing, indexes, binary send/receive.
--
SET search_path = public, aidlink;

-- Text form: written loosely, printed canonically
SELECT '[0,20000):60%, [20000,):80%, cap 50000'::bracket_schedule AS example,
       '  [0 , 20000.00 ) : 60.0% ,[20000,) :80 %,cap 50000.0 '::bracket_schedule AS loose,
       '[0,100.5):12.3456%'::bracket_schedule AS decimals,
       '[1000,):95%'::bracket_schedule AS threshold;

-- Every input error says what is wrong and where
SELECT ''::bracket_schedule;
SELECT '[0,20000):60%, [25000,):80%'::bracket_schedule;      -- gap
SELECT '[0,20000):60%, [15000,):80%'::bracket_schedule;      -- overlap
SELECT '[20000,30000):60%, [0,20000):80%'::bracket_schedule; -- unsorted
SELECT '[0,20000):160%'::bracket_schedule;                   -- rate above 100%
SELECT '[0,20000):-5%'::bracket_schedule;                    -- negative rate
SELECT '[0,20000):60%, [20000,20000):80%'::bracket_schedule; -- empty bracket
SELECT '[0,):60%, [20000,):80%'::bracket_schedule;           -- open bracket not last
SELECT '[0,20000]:60%'::bracket_schedule;                    -- closed bracket
SELECT '[0,20000):60'::bracket_schedule;                     -- no %
SELECT '[0,20000.001):60%'::bracket_schedule;                -- fraction of a fen
SELECT '[0,10000000000.01):60%'::bracket_schedule;           -- too large
SELECT '[0,):60%, cap 1, cap 2'::bracket_schedule;           -- two caps
SELECT 'cap 5'::bracket_schedule;                            -- no bracket
SELECT '[0,20000)：60%'::bracket_schedule;                   -- full-width colon

-- Application.  30000 yuan on [0,20000):60%, [20000,):80%, cap 50000:
-- marginal 20000 x 60% + 10000 x 80% = 20000; whole 30000 x 80% = 24000;
-- 100000 yuan marginal would be 12000 + 64000, capped at 50000.
SELECT a AS amount,
       bracket_schedule_apply(s, a, 'marginal') AS marginal,
       bracket_schedule_apply(s, a, 'whole') AS whole,
       bracket_schedule_apply(s, a) AS by_default,
       bracket_schedule_bracket(s, a) AS bracket,
       bracket_schedule_rate(s, a) AS rate
FROM (VALUES ('[0,20000):60%, [20000,):80%, cap 50000'::bracket_schedule)) v(s),
     unnest(ARRAY[0, 0.01, 19999.99, 20000, 30000, 100000]::numeric[]) a;
-- The staged illness case: 50% of a 74,600 burden, then 80% of what remains
SELECT bracket_schedule_apply('[0,):50%', 74600, 'whole') AS stage_1,
       bracket_schedule_apply('[0,):80%', 74600 - 37300, 'whole') AS stage_2;
-- Exact: a third of a fen is kept, the policy rounds
SELECT bracket_schedule_apply('[0,):33.3333%', 0.01, 'whole') AS exact;
-- A part in no bracket is paid nothing
SELECT bracket_schedule_apply('[1000,2000):50%', 3000) AS above_and_below,
       bracket_schedule_bracket('[1000,2000):50%', 500) AS below_is_null;
-- Errors of application
SELECT bracket_schedule_apply('[0,):50%', -1);
SELECT bracket_schedule_apply('[0,):50%', 1.005);
SELECT bracket_schedule_apply('[0,):50%', 'NaN');
SELECT bracket_schedule_apply('[0,):50%', 100000000000);
SELECT bracket_schedule_apply('[0,):50%', 10, 'average');
SELECT bracket_schedule_apply('[0,):50%', 1.0000) AS trailing_zeros_are_fine;

-- Order, equality, hashing; btree and hash indexes use them
CREATE TEMP TABLE sch (s bracket_schedule);
INSERT INTO sch VALUES ('[0,100):60%'), ('[0,100):50%'), ('[0,100):50%, cap 10'),
                       ('[0,100):50%, [100,):1%'), ('[0,100.00):50.00%'), ('[5,):0%');
SELECT s, s = '[0,100):50%' AS eq_50, s < '[0,100):60%' AS lt_60 FROM sch ORDER BY s;
SELECT count(DISTINCT s) AS distinct_schedules FROM sch;
SELECT bracket_schedule_hash('[0,100):50%') = bracket_schedule_hash('[0,100.00):50.0%') AS same_hash,
       bracket_schedule_hash('[0,20000):60%, [20000,):80%, cap 50000') AS frozen_hash,
       bracket_schedule_hash_extended('[0,20000):60%, [20000,):80%, cap 50000', 7) AS frozen_hash_7,
       bracket_schedule_hash_extended('[0,20000):60%, [20000,):80%, cap 50000', 0)::bit(64)::bit(32)::integer IS NOT NULL AS has_low_half;
CREATE INDEX ON sch (s);
CREATE INDEX ON sch USING hash (s);
SET enable_seqscan = off;
SELECT s FROM sch WHERE s = '[0,100):50%';
RESET enable_seqscan;
SELECT s, count(*) FROM sch GROUP BY s ORDER BY s;

-- Binary send/receive: the wire bytes, a COPY round trip, and receive checks
-- again (a binary COPY of a bytea column feeds chosen bytes to receive)
SELECT bracket_schedule_send('[0,20000):60%, [20000,):80%, cap 50000') AS wire;
SELECT '/tmp/aidlink_regress_sched_' || pg_backend_pid() || '.copy' AS copyfile \gset
COPY sch TO :'copyfile' WITH (FORMAT binary);
CREATE TEMP TABLE sch_back (s bracket_schedule);
COPY sch_back FROM :'copyfile' WITH (FORMAT binary);
SELECT (SELECT array_agg(s ORDER BY s) FROM sch) = (SELECT array_agg(s ORDER BY s) FROM sch_back) AS copied_back;
CREATE TEMP TABLE raw (b bytea);
-- wire of the example: count (bytes 1-4), cap flag (5-8), cap (9-16), then
-- per bracket lower (8 bytes), upper (8), rate (4): bracket 2 from byte 37
-- rate of bracket 2 above 100% (1000001 millionths)
INSERT INTO raw SELECT overlay(bracket_schedule_send('[0,20000):60%, [20000,):80%, cap 50000')
                               placing '\x000f4241'::bytea from 53 for 4);
COPY raw TO :'copyfile' WITH (FORMAT binary);
COPY sch_back FROM :'copyfile' WITH (FORMAT binary);
-- a gap: bracket 2 starts one fen after bracket 1 ends
TRUNCATE raw;
INSERT INTO raw SELECT overlay(bracket_schedule_send('[0,20000):60%, [20000,):80%, cap 50000')
                               placing '\x00000000001e8481'::bytea from 37 for 8);
COPY raw TO :'copyfile' WITH (FORMAT binary);
COPY sch_back FROM :'copyfile' WITH (FORMAT binary);
-- a byte left over
TRUNCATE raw;
INSERT INTO raw SELECT bracket_schedule_send('[0,20000):60%, [20000,):80%, cap 50000') || '\x00'::bytea;
COPY raw TO :'copyfile' WITH (FORMAT binary);
COPY sch_back FROM :'copyfile' WITH (FORMAT binary);
-- too short
TRUNCATE raw;
INSERT INTO raw VALUES ('\x00');
COPY raw TO :'copyfile' WITH (FORMAT binary);
COPY sch_back FROM :'copyfile' WITH (FORMAT binary);
SELECT count(*) AS rows_after_failed_copies FROM sch_back;
