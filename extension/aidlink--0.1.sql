-- aidlink 0.1 - identifier types for local-government social assistance data.
-- Never edit this file once released: later changes go in upgrade scripts.

\echo Use "CREATE EXTENSION aidlink" to load this file. \quit

-- Every name below is schema-qualified, so the script does not depend on the
-- search_path of whoever runs it.

---------------------------------------------------------------------------
-- aidlink.resident_id - GB 11643-1999 resident identity number
---------------------------------------------------------------------------

CREATE TYPE aidlink.resident_id;

CREATE FUNCTION aidlink.resident_id_in(cstring) RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_out(aidlink.resident_id) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_recv(internal) RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_send(aidlink.resident_id) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE aidlink.resident_id (
    INPUT = aidlink.resident_id_in,
    OUTPUT = aidlink.resident_id_out,
    RECEIVE = aidlink.resident_id_recv,
    SEND = aidlink.resident_id_send,
    LIKE = pg_catalog.int8
);
COMMENT ON TYPE aidlink.resident_id IS
  'Resident identity number of GB 11643-1999 (居民身份证号码): 18 characters, check character validated; 15-digit legacy numbers are upgraded on input. Stored in 8 bytes; sorts like its text.';
COMMENT ON FUNCTION aidlink.resident_id_in(cstring) IS
  'Input of resident_id: 18 characters (x or X, full-width digits allowed, surrounding space ignored) or a 15-digit legacy number; anything else is an error that says what is wrong';
COMMENT ON FUNCTION aidlink.resident_id_out(aidlink.resident_id) IS
  'Output of resident_id: the canonical 18 characters with an upper-case X';
COMMENT ON FUNCTION aidlink.resident_id_recv(internal) IS
  'Binary input of resident_id: the 17-digit body as an 8-byte integer, validated again';
COMMENT ON FUNCTION aidlink.resident_id_send(aidlink.resident_id) IS
  'Binary output of resident_id: the 17-digit body as an 8-byte integer';

-- Comparison and hashing are int8''s own, applied to the 17-digit body.
CREATE FUNCTION aidlink.resident_id_eq(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_ne(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_lt(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_le(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_gt(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_ge(aidlink.resident_id, aidlink.resident_id) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_cmp(aidlink.resident_id, aidlink.resident_id) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_equalimage(oid) RETURNS boolean
    AS 'btequalimage' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_hash(aidlink.resident_id) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_hash_extended(aidlink.resident_id, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_smaller(aidlink.resident_id, aidlink.resident_id) RETURNS aidlink.resident_id
    AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_larger(aidlink.resident_id, aidlink.resident_id) RETURNS aidlink.resident_id
    AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION aidlink.resident_id_eq(aidlink.resident_id, aidlink.resident_id) IS 'Implements = for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_ne(aidlink.resident_id, aidlink.resident_id) IS 'Implements <> for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_lt(aidlink.resident_id, aidlink.resident_id) IS 'Implements < for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_le(aidlink.resident_id, aidlink.resident_id) IS 'Implements <= for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_gt(aidlink.resident_id, aidlink.resident_id) IS 'Implements > for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_ge(aidlink.resident_id, aidlink.resident_id) IS 'Implements >= for resident_id';
COMMENT ON FUNCTION aidlink.resident_id_cmp(aidlink.resident_id, aidlink.resident_id) IS 'Three-way comparison of resident_id (btree support 1)';
COMMENT ON FUNCTION aidlink.resident_id_sortsupport(internal) IS 'Sort support of resident_id (btree support 2)';
COMMENT ON FUNCTION aidlink.resident_id_equalimage(oid) IS 'Lets btree indexes on resident_id deduplicate (btree support 4)';
COMMENT ON FUNCTION aidlink.resident_id_hash(aidlink.resident_id) IS 'Hash of resident_id (hash support 1); frozen: hash partitions depend on it';
COMMENT ON FUNCTION aidlink.resident_id_hash_extended(aidlink.resident_id, bigint) IS 'Seeded 64-bit hash of resident_id (hash support 2, for hash partitioning); frozen';
COMMENT ON FUNCTION aidlink.resident_id_smaller(aidlink.resident_id, aidlink.resident_id) IS 'The smaller of two resident_id values (for min)';
COMMENT ON FUNCTION aidlink.resident_id_larger(aidlink.resident_id, aidlink.resident_id) IS 'The larger of two resident_id values (for max)';

CREATE OPERATOR aidlink.= (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_eq,
    COMMUTATOR = OPERATOR(aidlink.=), NEGATOR = OPERATOR(aidlink.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR aidlink.<> (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_ne,
    COMMUTATOR = OPERATOR(aidlink.<>), NEGATOR = OPERATOR(aidlink.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR aidlink.< (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_lt,
    COMMUTATOR = OPERATOR(aidlink.>), NEGATOR = OPERATOR(aidlink.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR aidlink.<= (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_le,
    COMMUTATOR = OPERATOR(aidlink.>=), NEGATOR = OPERATOR(aidlink.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR aidlink.> (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_gt,
    COMMUTATOR = OPERATOR(aidlink.<), NEGATOR = OPERATOR(aidlink.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR aidlink.>= (
    LEFTARG = aidlink.resident_id, RIGHTARG = aidlink.resident_id,
    FUNCTION = aidlink.resident_id_ge,
    COMMUTATOR = OPERATOR(aidlink.<=), NEGATOR = OPERATOR(aidlink.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);

COMMENT ON OPERATOR aidlink.= (aidlink.resident_id, aidlink.resident_id) IS 'resident_id equal';
COMMENT ON OPERATOR aidlink.<> (aidlink.resident_id, aidlink.resident_id) IS 'resident_id not equal';
COMMENT ON OPERATOR aidlink.< (aidlink.resident_id, aidlink.resident_id) IS 'resident_id less than (the order of the canonical text)';
COMMENT ON OPERATOR aidlink.<= (aidlink.resident_id, aidlink.resident_id) IS 'resident_id less than or equal';
COMMENT ON OPERATOR aidlink.> (aidlink.resident_id, aidlink.resident_id) IS 'resident_id greater than';
COMMENT ON OPERATOR aidlink.>= (aidlink.resident_id, aidlink.resident_id) IS 'resident_id greater than or equal';

CREATE OPERATOR CLASS aidlink.resident_id_ops DEFAULT FOR TYPE aidlink.resident_id USING btree AS
    OPERATOR 1 aidlink.< ,
    OPERATOR 2 aidlink.<= ,
    OPERATOR 3 aidlink.= ,
    OPERATOR 4 aidlink.>= ,
    OPERATOR 5 aidlink.> ,
    FUNCTION 1 aidlink.resident_id_cmp(aidlink.resident_id, aidlink.resident_id),
    FUNCTION 2 aidlink.resident_id_sortsupport(internal),
    FUNCTION 4 aidlink.resident_id_equalimage(oid);
CREATE OPERATOR CLASS aidlink.resident_id_ops DEFAULT FOR TYPE aidlink.resident_id USING hash AS
    OPERATOR 1 aidlink.= ,
    FUNCTION 1 aidlink.resident_id_hash(aidlink.resident_id),
    FUNCTION 2 aidlink.resident_id_hash_extended(aidlink.resident_id, bigint);
COMMENT ON OPERATOR CLASS aidlink.resident_id_ops USING btree IS 'Default btree order of resident_id: the order of the canonical text';
COMMENT ON OPERATOR CLASS aidlink.resident_id_ops USING hash IS 'Default hash of resident_id, with the extended hash that hash partitioning and sharded engines use';
COMMENT ON OPERATOR FAMILY aidlink.resident_id_ops USING btree IS 'btree operators of resident_id';
COMMENT ON OPERATOR FAMILY aidlink.resident_id_ops USING hash IS 'hash operators of resident_id';

CREATE AGGREGATE aidlink.min(aidlink.resident_id) (
    SFUNC = aidlink.resident_id_smaller, STYPE = aidlink.resident_id,
    COMBINEFUNC = aidlink.resident_id_smaller,
    SORTOP = OPERATOR(aidlink.<), PARALLEL = SAFE);
CREATE AGGREGATE aidlink.max(aidlink.resident_id) (
    SFUNC = aidlink.resident_id_larger, STYPE = aidlink.resident_id,
    COMBINEFUNC = aidlink.resident_id_larger,
    SORTOP = OPERATOR(aidlink.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE aidlink.min(aidlink.resident_id) IS 'Smallest resident_id of a group (parallel-safe; uses an index when one exists)';
COMMENT ON AGGREGATE aidlink.max(aidlink.resident_id) IS 'Largest resident_id of a group (parallel-safe; uses an index when one exists)';

-- Casts and conversions
CREATE FUNCTION aidlink.resident_id(text) RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME', 'resident_id_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_to_text(aidlink.resident_id) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id(bigint) RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME', 'resident_id_from_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_to_bigint(aidlink.resident_id) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE CAST (text AS aidlink.resident_id) WITH FUNCTION aidlink.resident_id(text);
CREATE CAST (aidlink.resident_id AS text) WITH FUNCTION aidlink.resident_id_to_text(aidlink.resident_id) AS ASSIGNMENT;
CREATE CAST (bigint AS aidlink.resident_id) WITH FUNCTION aidlink.resident_id(bigint);
CREATE CAST (aidlink.resident_id AS bigint) WITH FUNCTION aidlink.resident_id_to_bigint(aidlink.resident_id);
COMMENT ON FUNCTION aidlink.resident_id(text) IS 'Strict conversion of text to resident_id: an error, with the reason, for anything but a valid number';
COMMENT ON FUNCTION aidlink.resident_id_to_text(aidlink.resident_id) IS 'The canonical 18 characters of a resident_id';
COMMENT ON FUNCTION aidlink.resident_id(bigint) IS 'resident_id from its 17-digit body (the number without its check character), validated';
COMMENT ON FUNCTION aidlink.resident_id_to_bigint(aidlink.resident_id) IS 'The 17-digit body of a resident_id (the number without its check character)';
COMMENT ON CAST (text AS aidlink.resident_id) IS 'Validating conversion; use aidlink.to_resident_id() for dirty data';
COMMENT ON CAST (aidlink.resident_id AS text) IS 'The canonical 18 characters';
COMMENT ON CAST (bigint AS aidlink.resident_id) IS 'From the 17-digit body, validated';
COMMENT ON CAST (aidlink.resident_id AS bigint) IS 'To the 17-digit body';

-- Parsing dirty data
CREATE FUNCTION aidlink.to_resident_id(text) RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.to_resident_id(text) IS
  'Lenient parser for department data: also drops inner spaces, hyphens and a leading spreadsheet apostrophe; NULL, never an error, when the text is not a valid number. Index-friendly: CREATE INDEX ON t (aidlink.to_resident_id(col))';
CREATE FUNCTION aidlink.resident_id_problem(text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_problem(text) IS
  'Why aidlink.to_resident_id() rejects a text: empty, bad_length, bad_character, bad_province, bad_date or bad_checksum; NULL when it is a valid number';

-- What a number says
CREATE FUNCTION aidlink.resident_id_birth_date(aidlink.resident_id) RETURNS date
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_sex(aidlink.resident_id) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_region(aidlink.resident_id) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_age(aidlink.resident_id, on_date date) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.resident_id_mask(aidlink.resident_id) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_legacy15(aidlink.resident_id) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_from_parts(region text, birth_date date, order_code integer)
    RETURNS aidlink.resident_id
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.resident_id_birth_date(aidlink.resident_id) IS 'Birth date written in the number (characters 7 to 14)';
COMMENT ON FUNCTION aidlink.resident_id_sex(aidlink.resident_id) IS 'M or F, from the parity of the 17th digit (odd: M)';
COMMENT ON FUNCTION aidlink.resident_id_region(aidlink.resident_id) IS 'The 6-digit region code (GB/T 2260) of the place the number was issued; it may since have been renamed or abolished';
COMMENT ON FUNCTION aidlink.resident_id_age(aidlink.resident_id, date) IS 'Completed years of age on on_date; an error if on_date is before the birth date';
COMMENT ON FUNCTION aidlink.resident_id_mask(aidlink.resident_id) IS 'The number with characters 7 to 14 (the birth date) hidden: 440103********123X';
COMMENT ON FUNCTION aidlink.resident_id_legacy15(aidlink.resident_id) IS 'The 15-digit legacy form of GB 11643-1989; NULL for numbers that have none (born after 1999 or before 1800, or an order code that does not fit the century)';
COMMENT ON FUNCTION aidlink.resident_id_from_parts(text, date, integer) IS 'Builds a number from a 6-digit region code, a birth date and a 3-digit order code (0-999), adding the check character; for test data and generators';

-- Plausibility today is kept apart from validity, so the type stays IMMUTABLE.
CREATE FUNCTION aidlink.resident_id_plausibility_problem(aidlink.resident_id, on_date date) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.resident_id_is_plausible(aidlink.resident_id) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$ SELECT aidlink.resident_id_plausibility_problem($1, CURRENT_DATE) IS NULL $$;
COMMENT ON FUNCTION aidlink.resident_id_plausibility_problem(aidlink.resident_id, date) IS
  'born_after_date or older_than_130 when a valid number is implausible on on_date; NULL when plausible';
COMMENT ON FUNCTION aidlink.resident_id_is_plausible(aidlink.resident_id) IS
  'True unless the number''s holder would be born after today or older than 130 today (STABLE: it reads the current date)';

---------------------------------------------------------------------------
-- aidlink.org_code - GB 11714-1997 organisation code
---------------------------------------------------------------------------

CREATE TYPE aidlink.org_code;

CREATE FUNCTION aidlink.org_code_in(cstring) RETURNS aidlink.org_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_out(aidlink.org_code) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_recv(internal) RETURNS aidlink.org_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_send(aidlink.org_code) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE aidlink.org_code (
    INPUT = aidlink.org_code_in,
    OUTPUT = aidlink.org_code_out,
    RECEIVE = aidlink.org_code_recv,
    SEND = aidlink.org_code_send,
    LIKE = pg_catalog.int8
);
COMMENT ON TYPE aidlink.org_code IS
  'Organisation code of GB 11714-1997 (组织机构代码): 8 digits or capital letters and a check character, shown as XXXXXXXX-X. Stored in 8 bytes; sorts like its text.';
COMMENT ON FUNCTION aidlink.org_code_in(cstring) IS 'Input of org_code: 9 characters with or without the hyphen before the check character, any case, full-width allowed';
COMMENT ON FUNCTION aidlink.org_code_out(aidlink.org_code) IS 'Output of org_code: XXXXXXXX-X';
COMMENT ON FUNCTION aidlink.org_code_recv(internal) IS 'Binary input of org_code: the 9 characters without hyphen in ASCII, validated again';
COMMENT ON FUNCTION aidlink.org_code_send(aidlink.org_code) IS 'Binary output of org_code: the 9 characters without hyphen in ASCII';

CREATE FUNCTION aidlink.org_code_eq(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_ne(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_lt(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_le(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_gt(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_ge(aidlink.org_code, aidlink.org_code) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_cmp(aidlink.org_code, aidlink.org_code) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_equalimage(oid) RETURNS boolean
    AS 'btequalimage' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_hash(aidlink.org_code) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_hash_extended(aidlink.org_code, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.org_code_smaller(aidlink.org_code, aidlink.org_code) RETURNS aidlink.org_code
    AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_larger(aidlink.org_code, aidlink.org_code) RETURNS aidlink.org_code
    AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION aidlink.org_code_eq(aidlink.org_code, aidlink.org_code) IS 'Implements = for org_code';
COMMENT ON FUNCTION aidlink.org_code_ne(aidlink.org_code, aidlink.org_code) IS 'Implements <> for org_code';
COMMENT ON FUNCTION aidlink.org_code_lt(aidlink.org_code, aidlink.org_code) IS 'Implements < for org_code';
COMMENT ON FUNCTION aidlink.org_code_le(aidlink.org_code, aidlink.org_code) IS 'Implements <= for org_code';
COMMENT ON FUNCTION aidlink.org_code_gt(aidlink.org_code, aidlink.org_code) IS 'Implements > for org_code';
COMMENT ON FUNCTION aidlink.org_code_ge(aidlink.org_code, aidlink.org_code) IS 'Implements >= for org_code';
COMMENT ON FUNCTION aidlink.org_code_cmp(aidlink.org_code, aidlink.org_code) IS 'Three-way comparison of org_code (btree support 1)';
COMMENT ON FUNCTION aidlink.org_code_sortsupport(internal) IS 'Sort support of org_code (btree support 2)';
COMMENT ON FUNCTION aidlink.org_code_equalimage(oid) IS 'Lets btree indexes on org_code deduplicate (btree support 4)';
COMMENT ON FUNCTION aidlink.org_code_hash(aidlink.org_code) IS 'Hash of org_code (hash support 1); frozen: hash partitions depend on it';
COMMENT ON FUNCTION aidlink.org_code_hash_extended(aidlink.org_code, bigint) IS 'Seeded 64-bit hash of org_code (hash support 2); frozen';
COMMENT ON FUNCTION aidlink.org_code_smaller(aidlink.org_code, aidlink.org_code) IS 'The smaller of two org_code values (for min)';
COMMENT ON FUNCTION aidlink.org_code_larger(aidlink.org_code, aidlink.org_code) IS 'The larger of two org_code values (for max)';

CREATE OPERATOR aidlink.= (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_eq,
    COMMUTATOR = OPERATOR(aidlink.=), NEGATOR = OPERATOR(aidlink.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR aidlink.<> (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_ne,
    COMMUTATOR = OPERATOR(aidlink.<>), NEGATOR = OPERATOR(aidlink.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR aidlink.< (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_lt,
    COMMUTATOR = OPERATOR(aidlink.>), NEGATOR = OPERATOR(aidlink.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR aidlink.<= (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_le,
    COMMUTATOR = OPERATOR(aidlink.>=), NEGATOR = OPERATOR(aidlink.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR aidlink.> (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_gt,
    COMMUTATOR = OPERATOR(aidlink.<), NEGATOR = OPERATOR(aidlink.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR aidlink.>= (
    LEFTARG = aidlink.org_code, RIGHTARG = aidlink.org_code, FUNCTION = aidlink.org_code_ge,
    COMMUTATOR = OPERATOR(aidlink.<=), NEGATOR = OPERATOR(aidlink.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR aidlink.= (aidlink.org_code, aidlink.org_code) IS 'org_code equal';
COMMENT ON OPERATOR aidlink.<> (aidlink.org_code, aidlink.org_code) IS 'org_code not equal';
COMMENT ON OPERATOR aidlink.< (aidlink.org_code, aidlink.org_code) IS 'org_code less than (the order of the canonical text)';
COMMENT ON OPERATOR aidlink.<= (aidlink.org_code, aidlink.org_code) IS 'org_code less than or equal';
COMMENT ON OPERATOR aidlink.> (aidlink.org_code, aidlink.org_code) IS 'org_code greater than';
COMMENT ON OPERATOR aidlink.>= (aidlink.org_code, aidlink.org_code) IS 'org_code greater than or equal';

CREATE OPERATOR CLASS aidlink.org_code_ops DEFAULT FOR TYPE aidlink.org_code USING btree AS
    OPERATOR 1 aidlink.< ,
    OPERATOR 2 aidlink.<= ,
    OPERATOR 3 aidlink.= ,
    OPERATOR 4 aidlink.>= ,
    OPERATOR 5 aidlink.> ,
    FUNCTION 1 aidlink.org_code_cmp(aidlink.org_code, aidlink.org_code),
    FUNCTION 2 aidlink.org_code_sortsupport(internal),
    FUNCTION 4 aidlink.org_code_equalimage(oid);
CREATE OPERATOR CLASS aidlink.org_code_ops DEFAULT FOR TYPE aidlink.org_code USING hash AS
    OPERATOR 1 aidlink.= ,
    FUNCTION 1 aidlink.org_code_hash(aidlink.org_code),
    FUNCTION 2 aidlink.org_code_hash_extended(aidlink.org_code, bigint);
COMMENT ON OPERATOR CLASS aidlink.org_code_ops USING btree IS 'Default btree order of org_code: the order of the canonical text';
COMMENT ON OPERATOR CLASS aidlink.org_code_ops USING hash IS 'Default hash of org_code, with the extended hash that hash partitioning and sharded engines use';
COMMENT ON OPERATOR FAMILY aidlink.org_code_ops USING btree IS 'btree operators of org_code';
COMMENT ON OPERATOR FAMILY aidlink.org_code_ops USING hash IS 'hash operators of org_code';

CREATE AGGREGATE aidlink.min(aidlink.org_code) (
    SFUNC = aidlink.org_code_smaller, STYPE = aidlink.org_code,
    COMBINEFUNC = aidlink.org_code_smaller, SORTOP = OPERATOR(aidlink.<), PARALLEL = SAFE);
CREATE AGGREGATE aidlink.max(aidlink.org_code) (
    SFUNC = aidlink.org_code_larger, STYPE = aidlink.org_code,
    COMBINEFUNC = aidlink.org_code_larger, SORTOP = OPERATOR(aidlink.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE aidlink.min(aidlink.org_code) IS 'Smallest org_code of a group (parallel-safe)';
COMMENT ON AGGREGATE aidlink.max(aidlink.org_code) IS 'Largest org_code of a group (parallel-safe)';

CREATE FUNCTION aidlink.org_code(text) RETURNS aidlink.org_code
    AS 'MODULE_PATHNAME', 'org_code_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_to_text(aidlink.org_code) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE CAST (text AS aidlink.org_code) WITH FUNCTION aidlink.org_code(text);
CREATE CAST (aidlink.org_code AS text) WITH FUNCTION aidlink.org_code_to_text(aidlink.org_code) AS ASSIGNMENT;
COMMENT ON FUNCTION aidlink.org_code(text) IS 'Strict conversion of text to org_code: an error, with the reason, for anything but a valid code';
COMMENT ON FUNCTION aidlink.org_code_to_text(aidlink.org_code) IS 'The canonical text XXXXXXXX-X of an org_code';
COMMENT ON CAST (text AS aidlink.org_code) IS 'Validating conversion; use aidlink.to_org_code() for dirty data';
COMMENT ON CAST (aidlink.org_code AS text) IS 'The canonical text XXXXXXXX-X';

CREATE FUNCTION aidlink.to_org_code(text) RETURNS aidlink.org_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.org_code_problem(text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION aidlink.to_org_code(text) IS 'Lenient parser for department data: also drops inner spaces and hyphens; NULL, never an error, when the text is not a valid code';
COMMENT ON FUNCTION aidlink.org_code_problem(text) IS 'Why aidlink.to_org_code() rejects a text: empty, bad_length, bad_character or bad_checksum; NULL when it is a valid code';

---------------------------------------------------------------------------
-- aidlink.uscc - GB 32100-2015 unified social credit code
---------------------------------------------------------------------------

CREATE TYPE aidlink.uscc;

CREATE FUNCTION aidlink.uscc_in(cstring) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_out(aidlink.uscc) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_recv(internal) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_send(aidlink.uscc) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE aidlink.uscc (
    INPUT = aidlink.uscc_in,
    OUTPUT = aidlink.uscc_out,
    RECEIVE = aidlink.uscc_recv,
    SEND = aidlink.uscc_send,
    INTERNALLENGTH = 16,
    ALIGNMENT = char,
    STORAGE = plain
);
COMMENT ON TYPE aidlink.uscc IS
  'Unified social credit code of GB 32100-2015 (统一社会信用代码): 18 characters, both check characters validated. Stored in 16 bytes; sorts like its text.';
COMMENT ON FUNCTION aidlink.uscc_in(cstring) IS 'Input of uscc: 18 characters, any case, full-width allowed, surrounding space ignored; anything else is an error that says what is wrong';
COMMENT ON FUNCTION aidlink.uscc_out(aidlink.uscc) IS 'Output of uscc: the canonical 18 characters in upper case';
COMMENT ON FUNCTION aidlink.uscc_recv(internal) IS 'Binary input of uscc: the 18 characters in ASCII, validated again';
COMMENT ON FUNCTION aidlink.uscc_send(aidlink.uscc) IS 'Binary output of uscc: the 18 characters in ASCII';

CREATE FUNCTION aidlink.uscc_eq(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_ne(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_lt(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_le(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_gt(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_ge(aidlink.uscc, aidlink.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_cmp(aidlink.uscc, aidlink.uscc) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_equalimage(oid) RETURNS boolean
    AS 'btequalimage' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_hash(aidlink.uscc) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_hash_extended(aidlink.uscc, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_smaller(aidlink.uscc, aidlink.uscc) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_larger(aidlink.uscc, aidlink.uscc) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION aidlink.uscc_eq(aidlink.uscc, aidlink.uscc) IS 'Implements = for uscc';
COMMENT ON FUNCTION aidlink.uscc_ne(aidlink.uscc, aidlink.uscc) IS 'Implements <> for uscc';
COMMENT ON FUNCTION aidlink.uscc_lt(aidlink.uscc, aidlink.uscc) IS 'Implements < for uscc';
COMMENT ON FUNCTION aidlink.uscc_le(aidlink.uscc, aidlink.uscc) IS 'Implements <= for uscc';
COMMENT ON FUNCTION aidlink.uscc_gt(aidlink.uscc, aidlink.uscc) IS 'Implements > for uscc';
COMMENT ON FUNCTION aidlink.uscc_ge(aidlink.uscc, aidlink.uscc) IS 'Implements >= for uscc';
COMMENT ON FUNCTION aidlink.uscc_cmp(aidlink.uscc, aidlink.uscc) IS 'Three-way comparison of uscc (btree support 1)';
COMMENT ON FUNCTION aidlink.uscc_sortsupport(internal) IS 'Sort support of uscc (btree support 2)';
COMMENT ON FUNCTION aidlink.uscc_equalimage(oid) IS 'Lets btree indexes on uscc deduplicate (btree support 4)';
COMMENT ON FUNCTION aidlink.uscc_hash(aidlink.uscc) IS 'Hash of uscc (hash support 1), the same on every platform; frozen: hash partitions depend on it';
COMMENT ON FUNCTION aidlink.uscc_hash_extended(aidlink.uscc, bigint) IS 'Seeded 64-bit hash of uscc (hash support 2), the same on every platform; frozen';
COMMENT ON FUNCTION aidlink.uscc_smaller(aidlink.uscc, aidlink.uscc) IS 'The smaller of two uscc values (for min)';
COMMENT ON FUNCTION aidlink.uscc_larger(aidlink.uscc, aidlink.uscc) IS 'The larger of two uscc values (for max)';

CREATE OPERATOR aidlink.= (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_eq,
    COMMUTATOR = OPERATOR(aidlink.=), NEGATOR = OPERATOR(aidlink.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR aidlink.<> (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_ne,
    COMMUTATOR = OPERATOR(aidlink.<>), NEGATOR = OPERATOR(aidlink.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR aidlink.< (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_lt,
    COMMUTATOR = OPERATOR(aidlink.>), NEGATOR = OPERATOR(aidlink.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR aidlink.<= (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_le,
    COMMUTATOR = OPERATOR(aidlink.>=), NEGATOR = OPERATOR(aidlink.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR aidlink.> (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_gt,
    COMMUTATOR = OPERATOR(aidlink.<), NEGATOR = OPERATOR(aidlink.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR aidlink.>= (
    LEFTARG = aidlink.uscc, RIGHTARG = aidlink.uscc, FUNCTION = aidlink.uscc_ge,
    COMMUTATOR = OPERATOR(aidlink.<=), NEGATOR = OPERATOR(aidlink.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR aidlink.= (aidlink.uscc, aidlink.uscc) IS 'uscc equal';
COMMENT ON OPERATOR aidlink.<> (aidlink.uscc, aidlink.uscc) IS 'uscc not equal';
COMMENT ON OPERATOR aidlink.< (aidlink.uscc, aidlink.uscc) IS 'uscc less than (the order of the canonical text)';
COMMENT ON OPERATOR aidlink.<= (aidlink.uscc, aidlink.uscc) IS 'uscc less than or equal';
COMMENT ON OPERATOR aidlink.> (aidlink.uscc, aidlink.uscc) IS 'uscc greater than';
COMMENT ON OPERATOR aidlink.>= (aidlink.uscc, aidlink.uscc) IS 'uscc greater than or equal';

CREATE OPERATOR CLASS aidlink.uscc_ops DEFAULT FOR TYPE aidlink.uscc USING btree AS
    OPERATOR 1 aidlink.< ,
    OPERATOR 2 aidlink.<= ,
    OPERATOR 3 aidlink.= ,
    OPERATOR 4 aidlink.>= ,
    OPERATOR 5 aidlink.> ,
    FUNCTION 1 aidlink.uscc_cmp(aidlink.uscc, aidlink.uscc),
    FUNCTION 2 aidlink.uscc_sortsupport(internal),
    FUNCTION 4 aidlink.uscc_equalimage(oid);
CREATE OPERATOR CLASS aidlink.uscc_ops DEFAULT FOR TYPE aidlink.uscc USING hash AS
    OPERATOR 1 aidlink.= ,
    FUNCTION 1 aidlink.uscc_hash(aidlink.uscc),
    FUNCTION 2 aidlink.uscc_hash_extended(aidlink.uscc, bigint);
COMMENT ON OPERATOR CLASS aidlink.uscc_ops USING btree IS 'Default btree order of uscc: the order of the canonical text';
COMMENT ON OPERATOR CLASS aidlink.uscc_ops USING hash IS 'Default hash of uscc, with the extended hash that hash partitioning and sharded engines use';
COMMENT ON OPERATOR FAMILY aidlink.uscc_ops USING btree IS 'btree operators of uscc';
COMMENT ON OPERATOR FAMILY aidlink.uscc_ops USING hash IS 'hash operators of uscc';

CREATE AGGREGATE aidlink.min(aidlink.uscc) (
    SFUNC = aidlink.uscc_smaller, STYPE = aidlink.uscc,
    COMBINEFUNC = aidlink.uscc_smaller, SORTOP = OPERATOR(aidlink.<), PARALLEL = SAFE);
CREATE AGGREGATE aidlink.max(aidlink.uscc) (
    SFUNC = aidlink.uscc_larger, STYPE = aidlink.uscc,
    COMBINEFUNC = aidlink.uscc_larger, SORTOP = OPERATOR(aidlink.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE aidlink.min(aidlink.uscc) IS 'Smallest uscc of a group (parallel-safe)';
COMMENT ON AGGREGATE aidlink.max(aidlink.uscc) IS 'Largest uscc of a group (parallel-safe)';

CREATE FUNCTION aidlink.uscc(text) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME', 'uscc_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_to_text(aidlink.uscc) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_org_code(aidlink.uscc) RETURNS aidlink.org_code
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE CAST (text AS aidlink.uscc) WITH FUNCTION aidlink.uscc(text);
CREATE CAST (aidlink.uscc AS text) WITH FUNCTION aidlink.uscc_to_text(aidlink.uscc) AS ASSIGNMENT;
CREATE CAST (aidlink.uscc AS aidlink.org_code) WITH FUNCTION aidlink.uscc_org_code(aidlink.uscc);
COMMENT ON FUNCTION aidlink.uscc(text) IS 'Strict conversion of text to uscc: an error, with the reason, for anything but a valid code';
COMMENT ON FUNCTION aidlink.uscc_to_text(aidlink.uscc) IS 'The canonical 18 characters of a uscc';
COMMENT ON FUNCTION aidlink.uscc_org_code(aidlink.uscc) IS 'The organisation code (GB 11714) inside a uscc, characters 9 to 17: joins tables keyed by the old code to tables keyed by the new';
COMMENT ON CAST (text AS aidlink.uscc) IS 'Validating conversion; use aidlink.to_uscc() for dirty data';
COMMENT ON CAST (aidlink.uscc AS text) IS 'The canonical 18 characters';
COMMENT ON CAST (aidlink.uscc AS aidlink.org_code) IS 'The organisation code inside the uscc (characters 9 to 17)';

CREATE FUNCTION aidlink.to_uscc(text) RETURNS aidlink.uscc
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_problem(text) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION aidlink.uscc_region(aidlink.uscc) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_authority(aidlink.uscc) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION aidlink.uscc_entity_type(aidlink.uscc) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION aidlink.to_uscc(text) IS 'Lenient parser for department data: also drops inner spaces and hyphens; NULL, never an error, when the text is not a valid code';
COMMENT ON FUNCTION aidlink.uscc_problem(text) IS 'Why aidlink.to_uscc() rejects a text: empty, bad_length, bad_character, bad_authority, bad_entity_type, bad_region, bad_checksum or bad_org_code_checksum; NULL when it is a valid code';
COMMENT ON FUNCTION aidlink.uscc_region(aidlink.uscc) IS 'The 6-digit region code (GB/T 2260) of the registering authority, characters 3 to 8';
COMMENT ON FUNCTION aidlink.uscc_authority(aidlink.uscc) IS 'The registration authority code, character 1 (names in aidlink.uscc_authorities)';
COMMENT ON FUNCTION aidlink.uscc_entity_type(aidlink.uscc) IS 'Authority and entity type, characters 1 and 2, e.g. 91 for an enterprise (names in aidlink.uscc_entity_types)';

-- The code tables of GB 32100-2015, for reports.
CREATE TABLE aidlink.uscc_authorities (
    authority text PRIMARY KEY CHECK (authority ~ '^[1-9ANY]$'),
    name_en   text NOT NULL,
    name_zh   text NOT NULL
);
COMMENT ON TABLE aidlink.uscc_authorities IS 'Registration authorities of GB 32100-2015: character 1 of a uscc';
COMMENT ON COLUMN aidlink.uscc_authorities.authority IS 'Character 1 of the code';
COMMENT ON COLUMN aidlink.uscc_authorities.name_en IS 'Name of the registration authority in English';
COMMENT ON COLUMN aidlink.uscc_authorities.name_zh IS 'Name of the registration authority in Chinese';
INSERT INTO aidlink.uscc_authorities VALUES
  ('1', 'Institutional establishment authorities', '机构编制'),
  ('2', 'Foreign affairs', '外交'),
  ('3', 'Justice administration', '司法行政'),
  ('4', 'Culture', '文化'),
  ('5', 'Civil affairs', '民政'),
  ('6', 'Tourism', '旅游'),
  ('7', 'Religious affairs', '宗教'),
  ('8', 'Trade unions', '工会'),
  ('9', 'Industry and commerce (market regulation)', '工商'),
  ('A', 'Central Military Commission reform and establishment office', '中央军委改革和编制办公室'),
  ('N', 'Agriculture', '农业'),
  ('Y', 'Other', '其他');

CREATE TABLE aidlink.uscc_entity_types (
    entity_type text PRIMARY KEY CHECK (entity_type ~ '^[1-9ANY][1-9]$'),
    authority   text NOT NULL REFERENCES aidlink.uscc_authorities,
    name_en     text NOT NULL,
    name_zh     text NOT NULL,
    CHECK (substr(entity_type, 1, 1) = authority)
);
COMMENT ON TABLE aidlink.uscc_entity_types IS 'Entity types of GB 32100-2015: characters 1 and 2 of a uscc, as aidlink.uscc_entity_type() returns them';
COMMENT ON COLUMN aidlink.uscc_entity_types.entity_type IS 'Characters 1 and 2 of the code';
COMMENT ON COLUMN aidlink.uscc_entity_types.authority IS 'Character 1: the registration authority';
COMMENT ON COLUMN aidlink.uscc_entity_types.name_en IS 'Kind of entity in English';
COMMENT ON COLUMN aidlink.uscc_entity_types.name_zh IS 'Kind of entity in Chinese';
INSERT INTO aidlink.uscc_entity_types VALUES
  ('11', '1', 'Government organ', '机关'),
  ('12', '1', 'Public institution', '事业单位'),
  ('13', '1', 'Mass organisation under central establishment management', '中央编办直接管理机构编制的群众团体'),
  ('19', '1', 'Other', '其他'),
  ('21', '2', 'Resident office of a foreign news agency', '外国常驻新闻机构'),
  ('29', '2', 'Other', '其他'),
  ('31', '3', 'Law firm', '律师执业机构'),
  ('32', '3', 'Notary office', '公证处'),
  ('33', '3', 'Grassroots legal service office', '基层法律服务所'),
  ('34', '3', 'Judicial expertise institution', '司法鉴定机构'),
  ('35', '3', 'Arbitration commission', '仲裁委员会'),
  ('39', '3', 'Other', '其他'),
  ('41', '4', 'Foreign cultural centre in China', '外国在华文化中心'),
  ('49', '4', 'Other', '其他'),
  ('51', '5', 'Social organisation', '社会团体'),
  ('52', '5', 'Private non-enterprise unit (social service organisation)', '民办非企业单位'),
  ('53', '5', 'Foundation', '基金会'),
  ('59', '5', 'Other', '其他'),
  ('61', '6', 'Resident office of a foreign tourism department', '外国旅游部门常驻代表机构'),
  ('62', '6', 'Resident office of a Hong Kong, Macao or Taiwan tourism department', '港澳台地区旅游部门常驻内地（大陆）代表机构'),
  ('69', '6', 'Other', '其他'),
  ('71', '7', 'Venue for religious activities', '宗教活动场所'),
  ('72', '7', 'Religious college', '宗教院校'),
  ('79', '7', 'Other', '其他'),
  ('81', '8', 'Grassroots trade union', '基层工会'),
  ('89', '8', 'Other', '其他'),
  ('91', '9', 'Enterprise', '企业'),
  ('92', '9', 'Individual business', '个体工商户'),
  ('93', '9', 'Farmers'' specialised cooperative', '农民专业合作社'),
  ('A1', 'A', 'Military public institution', '军队事业单位'),
  ('A9', 'A', 'Other', '其他'),
  ('N1', 'N', 'Group-level collective economic organisation', '组级集体经济组织'),
  ('N2', 'N', 'Village-level collective economic organisation', '村级集体经济组织'),
  ('N3', 'N', 'Township-level collective economic organisation', '乡镇级集体经济组织'),
  ('N9', 'N', 'Other', '其他'),
  ('Y1', 'Y', 'Other', '其他');

GRANT USAGE ON SCHEMA aidlink TO PUBLIC;
GRANT SELECT ON aidlink.uscc_authorities, aidlink.uscc_entity_types TO PUBLIC;
