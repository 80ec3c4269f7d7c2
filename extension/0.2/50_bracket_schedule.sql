-- aidlink.bracket_schedule: a schedule of rates by bracket of an amount
-- (issue 5, tiered aid calculation).  Text form:
--     '[0,20000):60%, [20000,50000):80%, [50000,):90%, cap 50000'
-- brackets half-open in yuan (at most 2 decimals), sorted and touching, only
-- the last open; rates 0-100% (at most 4 decimals); an optional cap on what
-- the schedule pays.

CREATE TYPE aidlink.bracket_schedule;

CREATE FUNCTION aidlink.bracket_schedule_in(cstring) RETURNS aidlink.bracket_schedule
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_out(aidlink.bracket_schedule) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_recv(internal) RETURNS aidlink.bracket_schedule
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_send(aidlink.bracket_schedule) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE aidlink.bracket_schedule (
    INPUT = aidlink.bracket_schedule_in,
    OUTPUT = aidlink.bracket_schedule_out,
    RECEIVE = aidlink.bracket_schedule_recv,
    SEND = aidlink.bracket_schedule_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE aidlink.bracket_schedule IS
  'A schedule of rates by bracket of an amount in yuan, written ''[0,20000):60%, [20000,):80%, cap 50000'': half-open brackets, sorted and touching (no gap, no overlap), only the last one open, rates from 0% to 100%, an optional cap on what the schedule pays. Applied marginally or as a whole by aidlink.bracket_schedule_apply';
COMMENT ON FUNCTION aidlink.bracket_schedule_in(cstring) IS 'Input of bracket_schedule: rejects gaps, overlaps, unsorted or empty brackets, an open bracket before the last, rates outside 0-100%, saying which bracket is wrong';
COMMENT ON FUNCTION aidlink.bracket_schedule_out(aidlink.bracket_schedule) IS 'Output of bracket_schedule: the canonical text (amounts without needless decimals, rates in percent)';
COMMENT ON FUNCTION aidlink.bracket_schedule_recv(internal) IS 'Binary input of bracket_schedule: count, cap flag, cap, then each bracket (lower, upper or -1 when open, rate in millionths), big-endian, checked again like text input';
COMMENT ON FUNCTION aidlink.bracket_schedule_send(aidlink.bracket_schedule) IS 'Binary output of bracket_schedule: count, cap flag, cap in fen, then each bracket (lower and upper in fen, -1 when open, rate in millionths), big-endian';

CREATE FUNCTION aidlink.bracket_schedule_eq(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_ne(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_lt(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_le(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_gt(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_ge(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_cmp(aidlink.bracket_schedule, aidlink.bracket_schedule) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_equalimage(oid) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_hash(aidlink.bracket_schedule) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.bracket_schedule_hash_extended(aidlink.bracket_schedule, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.bracket_schedule_eq(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements = for bracket_schedule (same brackets, rates and cap)';
COMMENT ON FUNCTION aidlink.bracket_schedule_ne(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements <> for bracket_schedule';
COMMENT ON FUNCTION aidlink.bracket_schedule_lt(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements < for bracket_schedule';
COMMENT ON FUNCTION aidlink.bracket_schedule_le(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements <= for bracket_schedule';
COMMENT ON FUNCTION aidlink.bracket_schedule_gt(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements > for bracket_schedule';
COMMENT ON FUNCTION aidlink.bracket_schedule_ge(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Implements >= for bracket_schedule';
COMMENT ON FUNCTION aidlink.bracket_schedule_cmp(aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'Three-way comparison of bracket_schedule (btree support 1): bracket by bracket (lower, upper, rate), fewer brackets first, then the cap (no cap last)';
COMMENT ON FUNCTION aidlink.bracket_schedule_sortsupport(internal) IS 'Sort support of bracket_schedule (btree support 2): compares the stored forms in place';
COMMENT ON FUNCTION aidlink.bracket_schedule_equalimage(oid) IS 'Lets btree indexes on bracket_schedule deduplicate (btree support 4): the stored form is canonical';
COMMENT ON FUNCTION aidlink.bracket_schedule_hash(aidlink.bracket_schedule) IS 'Hash of bracket_schedule (hash support 1), the same on every platform; frozen: hash partitions depend on it';
COMMENT ON FUNCTION aidlink.bracket_schedule_hash_extended(aidlink.bracket_schedule, bigint) IS 'Seeded 64-bit hash of bracket_schedule (hash support 2), the same on every platform; frozen';

CREATE OPERATOR aidlink.= (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_eq, COMMUTATOR = OPERATOR(aidlink.=),
    NEGATOR = OPERATOR(aidlink.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR aidlink.<> (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_ne, COMMUTATOR = OPERATOR(aidlink.<>),
    NEGATOR = OPERATOR(aidlink.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR aidlink.< (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_lt, COMMUTATOR = OPERATOR(aidlink.>),
    NEGATOR = OPERATOR(aidlink.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR aidlink.<= (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_le, COMMUTATOR = OPERATOR(aidlink.>=),
    NEGATOR = OPERATOR(aidlink.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR aidlink.> (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_gt, COMMUTATOR = OPERATOR(aidlink.<),
    NEGATOR = OPERATOR(aidlink.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR aidlink.>= (
    LEFTARG = aidlink.bracket_schedule, RIGHTARG = aidlink.bracket_schedule,
    FUNCTION = aidlink.bracket_schedule_ge, COMMUTATOR = OPERATOR(aidlink.<=),
    NEGATOR = OPERATOR(aidlink.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR aidlink.= (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule equal';
COMMENT ON OPERATOR aidlink.<> (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule not equal';
COMMENT ON OPERATOR aidlink.< (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule less than';
COMMENT ON OPERATOR aidlink.<= (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule less than or equal';
COMMENT ON OPERATOR aidlink.> (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule greater than';
COMMENT ON OPERATOR aidlink.>= (aidlink.bracket_schedule, aidlink.bracket_schedule) IS 'bracket_schedule greater than or equal';

CREATE OPERATOR CLASS aidlink.bracket_schedule_ops DEFAULT FOR TYPE aidlink.bracket_schedule USING btree AS
    OPERATOR 1 aidlink.<,
    OPERATOR 2 aidlink.<=,
    OPERATOR 3 aidlink.=,
    OPERATOR 4 aidlink.>=,
    OPERATOR 5 aidlink.>,
    FUNCTION 1 aidlink.bracket_schedule_cmp(aidlink.bracket_schedule, aidlink.bracket_schedule),
    FUNCTION 2 aidlink.bracket_schedule_sortsupport(internal),
    FUNCTION 4 aidlink.bracket_schedule_equalimage(oid);
CREATE OPERATOR CLASS aidlink.bracket_schedule_ops DEFAULT FOR TYPE aidlink.bracket_schedule USING hash AS
    OPERATOR 1 aidlink.=,
    FUNCTION 1 aidlink.bracket_schedule_hash(aidlink.bracket_schedule),
    FUNCTION 2 aidlink.bracket_schedule_hash_extended(aidlink.bracket_schedule, bigint);
COMMENT ON OPERATOR CLASS aidlink.bracket_schedule_ops USING btree IS 'Default btree order of bracket_schedule: bracket by bracket, then the cap';
COMMENT ON OPERATOR CLASS aidlink.bracket_schedule_ops USING hash IS 'Default hash of bracket_schedule, with the extended hash that hash partitioning uses';
COMMENT ON OPERATOR FAMILY aidlink.bracket_schedule_ops USING btree IS 'btree operators of bracket_schedule';
COMMENT ON OPERATOR FAMILY aidlink.bracket_schedule_ops USING hash IS 'hash operators of bracket_schedule';

CREATE FUNCTION aidlink.bracket_schedule_apply(schedule aidlink.bracket_schedule, amount numeric, how text DEFAULT 'marginal')
    RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.bracket_schedule_apply(aidlink.bracket_schedule, numeric, text) IS
  'What a schedule pays on an amount of yuan (at most 2 decimals, not negative), exactly (8 decimals, not rounded: the policy rounds): how => ''marginal'' applies each bracket''s rate to the part of the amount in it, ''whole'' the rate of the amount''s bracket to the whole amount; the cap limits the result; a part in no bracket is paid nothing';
CREATE FUNCTION aidlink.bracket_schedule_bracket(schedule aidlink.bracket_schedule, amount numeric)
    RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.bracket_schedule_bracket(aidlink.bracket_schedule, numeric) IS
  'The number (from 1) of the bracket an amount of yuan falls in, NULL when it is in none';
CREATE FUNCTION aidlink.bracket_schedule_rate(schedule aidlink.bracket_schedule, amount numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.bracket_schedule_rate(aidlink.bracket_schedule, numeric) IS
  'The rate in percent of the bracket an amount of yuan falls in, NULL when it is in none';
