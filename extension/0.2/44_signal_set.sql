
-----------------------------------------------------------------------------
-- aidlink.signal_set: a set of signal numbers, one bit each (issue 4), and
-- aidlink.signal_score_agg, the C aggregate that rolls signals' intensities
-- up to a score per person or household in the monthly run.
-- Text form: '{1,4,7}' (members 1 to 4096, any order on input, duplicates
-- collapse; '{}' is the empty set).
-----------------------------------------------------------------------------

CREATE TYPE aidlink.signal_set;

CREATE FUNCTION aidlink.signal_set_in(cstring) RETURNS aidlink.signal_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_out(aidlink.signal_set) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_recv(internal) RETURNS aidlink.signal_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_send(aidlink.signal_set) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE aidlink.signal_set (
    INPUT = aidlink.signal_set_in,
    OUTPUT = aidlink.signal_set_out,
    RECEIVE = aidlink.signal_set_recv,
    SEND = aidlink.signal_set_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE aidlink.signal_set IS
  'A set of signal numbers (1 to 4096), one bit each, written ''{1,4,7}'': the signals that fired for a person or household in a scoring run, numbered as in the run (aidlink.score_runs.signals). aidlink.signal_set_union, aidlink.signal_set_intersect, aidlink.signal_set_agg, aidlink.signal_set_names';
COMMENT ON FUNCTION aidlink.signal_set_in(cstring) IS 'Input of signal_set: signal numbers from 1 to 4096 in braces, in any order, duplicates collapse; says where the text is wrong';
COMMENT ON FUNCTION aidlink.signal_set_out(aidlink.signal_set) IS 'Output of signal_set: the members in increasing order, ''{1,4,7}''';
COMMENT ON FUNCTION aidlink.signal_set_recv(internal) IS 'Binary input of signal_set: the number of members (int4), then each member (int4) in increasing order, big-endian, checked';
COMMENT ON FUNCTION aidlink.signal_set_send(aidlink.signal_set) IS 'Binary output of signal_set: the number of members (int4), then each member (int4) in increasing order, big-endian';

CREATE FUNCTION aidlink.signal_set_eq(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_ne(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_lt(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_le(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_gt(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_ge(aidlink.signal_set, aidlink.signal_set) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_cmp(aidlink.signal_set, aidlink.signal_set) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_equalimage(oid) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_hash(aidlink.signal_set) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_hash_extended(aidlink.signal_set, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.signal_set_eq(aidlink.signal_set, aidlink.signal_set) IS 'Implements = for signal_set (same members)';
COMMENT ON FUNCTION aidlink.signal_set_ne(aidlink.signal_set, aidlink.signal_set) IS 'Implements <> for signal_set';
COMMENT ON FUNCTION aidlink.signal_set_lt(aidlink.signal_set, aidlink.signal_set) IS 'Implements < for signal_set';
COMMENT ON FUNCTION aidlink.signal_set_le(aidlink.signal_set, aidlink.signal_set) IS 'Implements <= for signal_set';
COMMENT ON FUNCTION aidlink.signal_set_gt(aidlink.signal_set, aidlink.signal_set) IS 'Implements > for signal_set';
COMMENT ON FUNCTION aidlink.signal_set_ge(aidlink.signal_set, aidlink.signal_set) IS 'Implements >= for signal_set';
COMMENT ON FUNCTION aidlink.signal_set_cmp(aidlink.signal_set, aidlink.signal_set) IS 'Three-way comparison of signal_set (btree support 1): the increasing member lists compared element by element, a list before the longer lists it begins ({} < {1} < {1,2} < {2})';
COMMENT ON FUNCTION aidlink.signal_set_sortsupport(internal) IS 'Sort support of signal_set (btree support 2): compares the stored bitmaps in place';
COMMENT ON FUNCTION aidlink.signal_set_equalimage(oid) IS 'Lets btree indexes on signal_set deduplicate (btree support 4): the stored form is canonical';
COMMENT ON FUNCTION aidlink.signal_set_hash(aidlink.signal_set) IS 'Hash of signal_set (hash support 1): of the canonical bitmap bytes, the same on every platform; frozen: hash partitions depend on it';
COMMENT ON FUNCTION aidlink.signal_set_hash_extended(aidlink.signal_set, bigint) IS 'Seeded 64-bit hash of signal_set (hash support 2), the same on every platform; frozen';

CREATE OPERATOR aidlink.= (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_eq, COMMUTATOR = OPERATOR(aidlink.=),
    NEGATOR = OPERATOR(aidlink.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR aidlink.<> (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_ne, COMMUTATOR = OPERATOR(aidlink.<>),
    NEGATOR = OPERATOR(aidlink.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR aidlink.< (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_lt, COMMUTATOR = OPERATOR(aidlink.>),
    NEGATOR = OPERATOR(aidlink.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR aidlink.<= (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_le, COMMUTATOR = OPERATOR(aidlink.>=),
    NEGATOR = OPERATOR(aidlink.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR aidlink.> (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_gt, COMMUTATOR = OPERATOR(aidlink.<),
    NEGATOR = OPERATOR(aidlink.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR aidlink.>= (
    LEFTARG = aidlink.signal_set, RIGHTARG = aidlink.signal_set,
    FUNCTION = aidlink.signal_set_ge, COMMUTATOR = OPERATOR(aidlink.<=),
    NEGATOR = OPERATOR(aidlink.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR aidlink.= (aidlink.signal_set, aidlink.signal_set) IS 'signal_set equal';
COMMENT ON OPERATOR aidlink.<> (aidlink.signal_set, aidlink.signal_set) IS 'signal_set not equal';
COMMENT ON OPERATOR aidlink.< (aidlink.signal_set, aidlink.signal_set) IS 'signal_set less than';
COMMENT ON OPERATOR aidlink.<= (aidlink.signal_set, aidlink.signal_set) IS 'signal_set less than or equal';
COMMENT ON OPERATOR aidlink.> (aidlink.signal_set, aidlink.signal_set) IS 'signal_set greater than';
COMMENT ON OPERATOR aidlink.>= (aidlink.signal_set, aidlink.signal_set) IS 'signal_set greater than or equal';

CREATE OPERATOR CLASS aidlink.signal_set_ops DEFAULT FOR TYPE aidlink.signal_set USING btree AS
    OPERATOR 1 aidlink.<,
    OPERATOR 2 aidlink.<=,
    OPERATOR 3 aidlink.=,
    OPERATOR 4 aidlink.>=,
    OPERATOR 5 aidlink.>,
    FUNCTION 1 aidlink.signal_set_cmp(aidlink.signal_set, aidlink.signal_set),
    FUNCTION 2 aidlink.signal_set_sortsupport(internal),
    FUNCTION 4 aidlink.signal_set_equalimage(oid);
CREATE OPERATOR CLASS aidlink.signal_set_ops DEFAULT FOR TYPE aidlink.signal_set USING hash AS
    OPERATOR 1 aidlink.=,
    FUNCTION 1 aidlink.signal_set_hash(aidlink.signal_set),
    FUNCTION 2 aidlink.signal_set_hash_extended(aidlink.signal_set, bigint);
COMMENT ON OPERATOR CLASS aidlink.signal_set_ops USING btree IS 'Default btree order of signal_set: the increasing member lists, element by element';
COMMENT ON OPERATOR CLASS aidlink.signal_set_ops USING hash IS 'Default hash of signal_set, with the extended hash that hash partitioning uses';
COMMENT ON OPERATOR FAMILY aidlink.signal_set_ops USING btree IS 'btree operators of signal_set';
COMMENT ON OPERATOR FAMILY aidlink.signal_set_ops USING hash IS 'hash operators of signal_set';

-- set operations
CREATE FUNCTION aidlink.signal_set_union(aidlink.signal_set, aidlink.signal_set) RETURNS aidlink.signal_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_intersect(aidlink.signal_set, aidlink.signal_set) RETURNS aidlink.signal_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_add(aidlink.signal_set, integer) RETURNS aidlink.signal_set
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_contains(aidlink.signal_set, integer) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_count(aidlink.signal_set) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_members(aidlink.signal_set) RETURNS integer[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_set_names(aidlink.signal_set, text[]) RETURNS text[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.signal_set_union(aidlink.signal_set, aidlink.signal_set) IS 'The signals in either set; the transition and combine function of aidlink.signal_set_agg';
COMMENT ON FUNCTION aidlink.signal_set_intersect(aidlink.signal_set, aidlink.signal_set) IS 'The signals in both sets';
COMMENT ON FUNCTION aidlink.signal_set_add(aidlink.signal_set, integer) IS 'The set with one more signal (a NULL set counts as empty, a NULL signal adds nothing); the transition of aidlink.signal_set_agg(integer). Signal numbers go from 1 to 4096';
COMMENT ON FUNCTION aidlink.signal_set_contains(aidlink.signal_set, integer) IS 'Whether the signal is in the set';
COMMENT ON FUNCTION aidlink.signal_set_count(aidlink.signal_set) IS 'How many signals the set holds';
COMMENT ON FUNCTION aidlink.signal_set_members(aidlink.signal_set) IS 'The signal numbers of the set, increasing';
COMMENT ON FUNCTION aidlink.signal_set_names(aidlink.signal_set, text[]) IS 'The names of the set''s signals, in signal order: element k of the names for signal k (for instance aidlink.score_runs.signals); a signal without a name is an error';

CREATE AGGREGATE aidlink.signal_set_agg(integer) (
    SFUNC = aidlink.signal_set_add, STYPE = aidlink.signal_set,
    COMBINEFUNC = aidlink.signal_set_union, PARALLEL = SAFE);
CREATE AGGREGATE aidlink.signal_set_agg(aidlink.signal_set) (
    SFUNC = aidlink.signal_set_union, STYPE = aidlink.signal_set,
    COMBINEFUNC = aidlink.signal_set_union, PARALLEL = SAFE);
COMMENT ON AGGREGATE aidlink.signal_set_agg(integer) IS 'The set of the signal numbers aggregated (NULLs skipped; NULL when there are no rows)';
COMMENT ON AGGREGATE aidlink.signal_set_agg(aidlink.signal_set) IS 'The union of the sets aggregated (NULLs skipped; NULL when there are no rows)';

-- the roll-up of the monthly run
CREATE TYPE aidlink.signal_score AS (
    signals       aidlink.signal_set,
    intensities   float8[],
    contributions float8[],
    score         float8
);
COMMENT ON TYPE aidlink.signal_score IS
  'What aidlink.signal_score_agg returns for a group (a person or a household): the signals that fired, their intensities and contributions (weight x intensity) in signal order, and the score (the sum of the contributions)';
COMMENT ON COLUMN aidlink.signal_score.signals IS 'The signals that fired';
COMMENT ON COLUMN aidlink.signal_score.intensities IS 'Their intensities, rolled up by each signal''s rule, in signal order';
COMMENT ON COLUMN aidlink.signal_score.contributions IS 'Weight x intensity, in the same order';
COMMENT ON COLUMN aidlink.signal_score.score IS 'Sum of the contributions (added in signal order)';

CREATE FUNCTION aidlink.signal_score_step(internal, integer, float8, float8[], boolean[]) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_score_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_score_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_score_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.signal_score_final(internal) RETURNS aidlink.signal_score
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.signal_score_step(internal, integer, float8, float8[], boolean[]) IS 'Transition of aidlink.signal_score_agg: adds signal k''s intensity to the group''s slot k (sum, or the strongest when the signal''s roll-up rule is max)';
COMMENT ON FUNCTION aidlink.signal_score_combine(internal, internal) IS 'Combines two partial states of aidlink.signal_score_agg (parallel aggregation)';
COMMENT ON FUNCTION aidlink.signal_score_serialize(internal) IS 'Serializes a partial state of aidlink.signal_score_agg for parallel workers';
COMMENT ON FUNCTION aidlink.signal_score_deserialize(bytea, internal) IS 'Reads a partial state of aidlink.signal_score_agg serialized by a parallel worker';
COMMENT ON FUNCTION aidlink.signal_score_final(internal) IS 'Final function of aidlink.signal_score_agg: the signals that fired, intensities, contributions and score';

CREATE AGGREGATE aidlink.signal_score_agg(k integer, intensity float8, weights float8[], roll_max boolean[]) (
    SFUNC = aidlink.signal_score_step, STYPE = internal, SSPACE = 2048,
    FINALFUNC = aidlink.signal_score_final,
    COMBINEFUNC = aidlink.signal_score_combine,
    SERIALFUNC = aidlink.signal_score_serialize, DESERIALFUNC = aidlink.signal_score_deserialize,
    PARALLEL = SAFE);
COMMENT ON AGGREGATE aidlink.signal_score_agg(integer, float8, float8[], boolean[]) IS
  'Rolls signals up to a score per group without sorting: for each row, signal number k (1..n) with its intensity; weights[k] is signal k''s weight and roll_max[k] true when the group keeps the strongest intensity of k rather than the sum (NULL: sum all). Rows with a NULL k or intensity are skipped; weights and rules come from the first row. Returns aidlink.signal_score (NULL for no rows). Used by aidlink.score_month';
