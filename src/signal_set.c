/*
 * signal_set.c — the aidlink.signal_set type (a set of signal numbers, one bit
 * each) and the C aggregates of the monthly scoring (issue 4): fmgr glue over
 * signal_set_core.c.
 *
 * The stored value is a varlena holding the canonical bitmap (no trailing
 * zero byte), so equal sets have equal bytes: btree may deduplicate, and the
 * hash is the hash of the bytes, the same on every platform.
 *
 * aidlink.signal_score_agg(k, intensity, weights, roll_max) rolls the
 * intensities of signals up to one score per group (a person, a household)
 * without sorting: its state is one slot per signal number, so the output is
 * in signal order by construction.  Parallel safe, with combine, serialize
 * and deserialize functions for partial aggregation.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/sortsupport.h"

#include "signal_set_core.h"

#define TYPNAME "aidlink.signal_set"

PG_FUNCTION_INFO_V1(signal_set_in);
PG_FUNCTION_INFO_V1(signal_set_out);
PG_FUNCTION_INFO_V1(signal_set_recv);
PG_FUNCTION_INFO_V1(signal_set_send);
PG_FUNCTION_INFO_V1(signal_set_eq);
PG_FUNCTION_INFO_V1(signal_set_ne);
PG_FUNCTION_INFO_V1(signal_set_lt);
PG_FUNCTION_INFO_V1(signal_set_le);
PG_FUNCTION_INFO_V1(signal_set_gt);
PG_FUNCTION_INFO_V1(signal_set_ge);
PG_FUNCTION_INFO_V1(signal_set_cmp);
PG_FUNCTION_INFO_V1(signal_set_sortsupport);
PG_FUNCTION_INFO_V1(signal_set_equalimage);
PG_FUNCTION_INFO_V1(signal_set_hash);
PG_FUNCTION_INFO_V1(signal_set_hash_extended);
PG_FUNCTION_INFO_V1(signal_set_union);
PG_FUNCTION_INFO_V1(signal_set_intersect);
PG_FUNCTION_INFO_V1(signal_set_add);
PG_FUNCTION_INFO_V1(signal_set_contains);
PG_FUNCTION_INFO_V1(signal_set_count);
PG_FUNCTION_INFO_V1(signal_set_members);
PG_FUNCTION_INFO_V1(signal_set_names);
PG_FUNCTION_INFO_V1(signal_score_step);
PG_FUNCTION_INFO_V1(signal_score_combine);
PG_FUNCTION_INFO_V1(signal_score_serialize);
PG_FUNCTION_INFO_V1(signal_score_deserialize);
PG_FUNCTION_INFO_V1(signal_score_final);

/* ---- the stored form ---------------------------------------------------- */

static Datum
make_set(const uint8 *bits, size_t len)
{
	bytea	   *v;

	len = sset_trim(bits, len);
	v = palloc(VARHDRSZ + len);
	SET_VARSIZE(v, VARHDRSZ + len);
	if (len > 0)
		memcpy(VARDATA(v), bits, len);
	return PointerGetDatum(v);
}

/* The bytes of a stored set (detoasted, short header allowed). */
static const uint8 *
set_bits(Datum d, size_t *len)
{
	bytea	   *v = DatumGetByteaPP(d);

	*len = VARSIZE_ANY_EXHDR(v);
	if (*len > SSET_BYTES || (*len > 0 && ((const uint8 *) VARDATA_ANY(v))[*len - 1] == 0))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt value of type %s", TYPNAME)));
	return (const uint8 *) VARDATA_ANY(v);
}

static void
check_member(int64 k, const char *what)
{
	if (k < 1 || k > SSET_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("signal number %lld is out of range for type %s", (long long) k, TYPNAME),
				 errdetail("%s: signal numbers go from 1 to %d.", what, SSET_MAX)));
}

/* ---- text and binary I/O -------------------------------------------------- */

Datum
signal_set_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	uint8		bits[SSET_BYTES];
	size_t		len;
	sset_error	err;

	if (!sset_parse(s, strlen(s), bits, &len, &err))
	{
		int			shown = strlen(s) > 200 ? 200 : (int) strlen(s);
		const char *more = strlen(s) > 200 ? "..." : "";

		if (err.status == SSET_RANGE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("signal number %.*s%s is out of range for type %s",
							(int) (err.toklen > 20 ? 20 : err.toklen), s + err.pos,
							err.toklen > 20 ? "..." : "", TYPNAME),
					 errdetail("At byte %d of \"%.*s%s\": signal numbers go from 1 to %d.",
							   (int) err.pos + 1, shown, s, more, SSET_MAX)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%.*s%s\"", TYPNAME, shown, s, more),
				 err.status == SSET_OPEN
				 ? errdetail("A signal set starts with \"{\" (byte %d).", (int) err.pos + 1)
				 : err.status == SSET_TRAILING
				 ? errdetail("Unexpected text after the closing brace at byte %d.", (int) err.pos + 1)
				 : err.pos < strlen(s)
				 ? errdetail("Unexpected \"%.*s\" at byte %d: expected a signal number from 1 to %d, \",\" or \"}\".",
							 pg_mblen(s + err.pos), s + err.pos, (int) err.pos + 1, SSET_MAX)
				 : errdetail("The text ends after byte %d before the closing \"}\".", (int) err.pos),
				 errhint("Write a signal set as signal numbers in braces, for instance '{1,4,7}', or '{}' for none.")));
	}
	PG_RETURN_DATUM(make_set(bits, len));
}

Datum
signal_set_out(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);
	char	   *out = palloc(sset_text_size(len));

	sset_format(bits, len, out);
	PG_RETURN_CSTRING(out);
}

/* Binary form: the number of members (int4), then each member (int4), ascending. */
Datum
signal_set_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(buf, len);
	uint8		bits[SSET_BYTES];
	sset_wire_error e;

	switch (sset_from_wire(bytes, len, bits, &e))
	{
		case SSET_WIRE_OK:
			break;
		case SSET_WIRE_SHORT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form is a count (0 to %d) and that many 4-byte signal numbers; this value has %d bytes.",
							   SSET_MAX, len)));
			break;
		case SSET_WIRE_COUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form is a count (0 to %d) and that many 4-byte signal numbers; the count is %d and %d bytes follow.",
							   SSET_MAX, (int) e.count, (int) e.following)));
			break;
		case SSET_WIRE_MEMBER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("Member %d is %d: members are signal numbers from 1 to %d in increasing order.",
							   e.index, (int) e.value, SSET_MAX)));
	}
	PG_RETURN_DATUM(make_set(bits, SSET_BYTES));
}

Datum
signal_set_send(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, sset_count(bits, len));
	for (size_t b = 0; b < len; b++)
		for (int j = 0; j < 8; j++)
			if (bits[b] & (1u << j))
				pq_sendint32(&buf, (int32) (b * 8 + j + 1));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- comparison and hashing ----------------------------------------------- */

static int
compare_datums(Datum x, Datum y)
{
	size_t		xl,
				yl;
	const uint8 *xb = set_bits(x, &xl);
	const uint8 *yb = set_bits(y, &yl);

	return sset_compare(xb, xl, yb, yl);
}

#define CMP_FN(name, test) \
Datum name(PG_FUNCTION_ARGS) \
{ \
	int c = compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)); \
	PG_RETURN_BOOL(test); \
}
CMP_FN(signal_set_eq, c == 0)
CMP_FN(signal_set_ne, c != 0)
CMP_FN(signal_set_lt, c < 0)
CMP_FN(signal_set_le, c <= 0)
CMP_FN(signal_set_gt, c > 0)
CMP_FN(signal_set_ge, c >= 0)

Datum
signal_set_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

static int
signal_set_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	(void) ssup;
	return compare_datums(x, y);
}

Datum
signal_set_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = signal_set_fastcmp;
	PG_RETURN_VOID();
}

Datum
signal_set_equalimage(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	PG_RETURN_BOOL(true);
}

/* Frozen: the hash of the canonical bitmap bytes (the same on every platform);
 * the 32-bit hash is the low half of the 64-bit one with seed 0. */
static uint64
set_hash64(Datum d, uint64 seed)
{
	size_t		len;
	const uint8 *bits = set_bits(d, &len);

	return DatumGetUInt64(hash_any_extended(bits, (int) len, seed));
}

Datum
signal_set_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) set_hash64(PG_GETARG_DATUM(0), 0));
}

Datum
signal_set_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(set_hash64(PG_GETARG_DATUM(0), (uint64) PG_GETARG_INT64(1)));
}

/* ---- set operations --------------------------------------------------------- */

Datum
signal_set_union(PG_FUNCTION_ARGS)
{
	size_t		al,
				bl;
	const uint8 *a = set_bits(PG_GETARG_DATUM(0), &al);
	const uint8 *b = set_bits(PG_GETARG_DATUM(1), &bl);
	uint8		bits[SSET_BYTES];

	memset(bits, 0, sizeof bits);
	for (size_t i = 0; i < al; i++)
		bits[i] = a[i];
	for (size_t i = 0; i < bl; i++)
		bits[i] |= b[i];
	PG_RETURN_DATUM(make_set(bits, al > bl ? al : bl));
}

Datum
signal_set_intersect(PG_FUNCTION_ARGS)
{
	size_t		al,
				bl;
	const uint8 *a = set_bits(PG_GETARG_DATUM(0), &al);
	const uint8 *b = set_bits(PG_GETARG_DATUM(1), &bl);
	uint8		bits[SSET_BYTES];
	size_t		n = al < bl ? al : bl;

	for (size_t i = 0; i < n; i++)
		bits[i] = a[i] & b[i];
	PG_RETURN_DATUM(make_set(bits, n));
}

/*
 * Transition of aggregate signal_set_agg(integer): adds a member (NULL
 * members are skipped; the state starts empty).  Not strict, so in an
 * aggregate it modifies its state in place.
 */
Datum
signal_set_add(PG_FUNCTION_ARGS)
{
	uint8		bits[SSET_BYTES];
	size_t		len = 0;

	if (!PG_ARGISNULL(0))
	{
		const uint8 *a = set_bits(PG_GETARG_DATUM(0), &len);

		if (PG_ARGISNULL(1))
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		memcpy(bits, a, len);
	}
	else if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	memset(bits + len, 0, SSET_BYTES - len);
	check_member(PG_GETARG_INT32(1), "signal_set_add");
	{
		int32		k = PG_GETARG_INT32(1);

		bits[(k - 1) / 8] |= (uint8) (1u << ((k - 1) % 8));
		if ((size_t) (k - 1) / 8 + 1 > len)
			len = (size_t) (k - 1) / 8 + 1;
	}
	PG_RETURN_DATUM(make_set(bits, len));
}

Datum
signal_set_contains(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);

	PG_RETURN_BOOL(sset_contains(bits, len, PG_GETARG_INT32(1)));
}

Datum
signal_set_count(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);

	PG_RETURN_INT32(sset_count(bits, len));
}

Datum
signal_set_members(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);
	int			n = sset_count(bits, len);
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i = 0;

	for (size_t b = 0; b < len; b++)
		for (int j = 0; j < 8; j++)
			if (bits[b] & (1u << j))
				d[i++] = Int32GetDatum((int32) (b * 8 + j + 1));
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, INT4OID, 4, true, TYPALIGN_INT));
}

/*
 * signal_set_names(set, names): names[k] for each member k, in order (the
 * names of the signals of a run, say).  A member beyond the names, or whose
 * name is NULL, is an error.
 */
Datum
signal_set_names(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8 *bits = set_bits(PG_GETARG_DATUM(0), &len);
	ArrayType  *names = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *nd;
	bool	   *nn;
	int			nnames;
	int			n = sset_count(bits, len);
	Datum	   *d = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	int			i = 0;

	if (ARR_NDIM(names) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("signal_set_names: the names must be a one-dimensional array")));
	deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &nd, &nn, &nnames);
	for (size_t b = 0; b < len; b++)
		for (int j = 0; j < 8; j++)
			if (bits[b] & (1u << j))
			{
				int			k = (int) (b * 8 + j + 1);

				if (k > nnames || nn[k - 1])
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("signal_set_names: signal %d has no name", k),
							 k > nnames
							 ? errdetail("The set has member %d; the names array has %d elements.", k, nnames)
							 : errdetail("Element %d of the names array is NULL.", k),
							 errhint("Pass one name per signal number, the name of signal k at position k.")));
				d[i++] = nd[k - 1];
			}
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* ---- signal_score_agg ------------------------------------------------------ */

/*
 * State: per signal number 1..n its weight, whether the group keeps the
 * strongest intensity (roll_max) or the sum, whether it fired, and the
 * intensity so far.  n comes from the weights of the first row.
 */
typedef struct
{
	int			n;
	double	   *weight;
	bool	   *roll_max;
	bool	   *fired;
	double	   *value;
} ScoreState;

/* One allocation per group: the state, then its four arrays. */
static ScoreState *
score_state_new(MemoryContext cx, int n)
{
	Size		m = n > 0 ? n : 1;
	char	   *p = MemoryContextAllocZero(cx, MAXALIGN(sizeof(ScoreState)) + 2 * m * sizeof(double) + 2 * m * sizeof(bool));
	ScoreState *st = (ScoreState *) p;

	p += MAXALIGN(sizeof(ScoreState));
	st->n = n;
	st->weight = (double *) p;
	p += m * sizeof(double);
	st->value = (double *) p;
	p += m * sizeof(double);
	st->roll_max = (bool *) p;
	p += m * sizeof(bool);
	st->fired = (bool *) p;
	return st;
}

/*
 * The weights and rules as read from the arguments, kept across groups in
 * fn_extra with the bytes they were read from: a group's first row copies
 * them when its arguments are the same bytes (the usual case: constants).
 */
typedef struct
{
	bytea	   *weights_raw;
	bytea	   *rules_raw;		/* NULL: no rules given */
	int			n;
	double	   *weight;
	bool	   *roll_max;
} ScoreArgs;

static bool
same_bytes(Datum d, bytea *raw)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTENDED(v) || raw == NULL)
		return false;
	return VARSIZE(v) == VARSIZE(raw) && memcmp(v, raw, VARSIZE(v)) == 0;
}

static void
score_add(ScoreState *st, int k, double x)
{
	if (!st->fired[k - 1])
	{
		st->fired[k - 1] = true;
		st->value[k - 1] = x;
	}
	else if (st->roll_max[k - 1])
	{
		if (x > st->value[k - 1])
			st->value[k - 1] = x;
	}
	else
		st->value[k - 1] += x;
}

/* Reads and checks the weights and rules of a group's first row. */
static ScoreState *
read_score_args(FunctionCallInfo fcinfo, MemoryContext aggcx)
{
	ArrayType  *w;
	Datum	   *wd;
	bool	   *wn;
	int			n;
	ScoreState *st;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("signal_score_agg: the weights are NULL"),
				 errhint("Pass the weight of signal k at position k of the weights.")));
	w = PG_GETARG_ARRAYTYPE_P(3);
	if (ARR_NDIM(w) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("signal_score_agg: the weights must be a one-dimensional array")));
	deconstruct_array(w, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &wd, &wn, &n);
	if (n > SSET_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("signal_score_agg: %d weights, at most %d signals", n, SSET_MAX)));
	st = score_state_new(aggcx, n);
	for (int i = 0; i < n; i++)
	{
		if (wn[i] || isnan(DatumGetFloat8(wd[i])) || isinf(DatumGetFloat8(wd[i])))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("signal_score_agg: the weight of signal %d is not a finite number", i + 1),
					 errdetail("Element %d of the weights is %s.", i + 1,
							   wn[i] ? "NULL" : isnan(DatumGetFloat8(wd[i])) ? "NaN" : "infinite")));
		st->weight[i] = DatumGetFloat8(wd[i]);
	}
	if (!PG_ARGISNULL(4))
	{
		ArrayType  *r = PG_GETARG_ARRAYTYPE_P(4);
		Datum	   *rd;
		bool	   *rn;
		int			nr;

		deconstruct_array(r, BOOLOID, 1, true, TYPALIGN_CHAR, &rd, &rn, &nr);
		if (ARR_NDIM(r) > 1 || nr != n)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("signal_score_agg: %d roll-up rules for %d weights", nr, n),
					 errhint("Pass one rule per signal number (true: the strongest counts; false: the sum), or NULL to sum every signal.")));
		for (int i = 0; i < n; i++)
			st->roll_max[i] = !rn[i] && DatumGetBool(rd[i]);
	}
	return st;
}

/*
 * signal_score_step(state, k, intensity, weights, roll_max): rows with a NULL
 * k or intensity are skipped; weights (one per signal number, finite, no
 * NULL) and roll_max (NULL: sum every signal) are read on the group's first
 * row and must be the same for every row.
 */
Datum
signal_score_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcx;
	ScoreState *st;

	if (!AggCheckCallContext(fcinfo, &aggcx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("signal_score_step called in a non-aggregate context")));
	if (PG_ARGISNULL(0))
	{
		ScoreArgs  *cache = (ScoreArgs *) fcinfo->flinfo->fn_extra;

		if (cache != NULL && !PG_ARGISNULL(3) && same_bytes(PG_GETARG_DATUM(3), cache->weights_raw)
			&& (PG_ARGISNULL(4) ? cache->rules_raw == NULL : same_bytes(PG_GETARG_DATUM(4), cache->rules_raw)))
		{
			st = score_state_new(aggcx, cache->n);
			memcpy(st->weight, cache->weight, sizeof(double) * cache->n);
			memcpy(st->roll_max, cache->roll_max, sizeof(bool) * cache->n);
		}
		else
		{
			st = read_score_args(fcinfo, aggcx);
			/* keep what was read for the next groups */
			if (!VARATT_IS_EXTENDED(DatumGetPointer(PG_GETARG_DATUM(3)))
				&& (PG_ARGISNULL(4) || !VARATT_IS_EXTENDED(DatumGetPointer(PG_GETARG_DATUM(4)))))
			{
				MemoryContext fcx = fcinfo->flinfo->fn_mcxt;

				if (cache == NULL)
					cache = MemoryContextAllocZero(fcx, sizeof(ScoreArgs));
				else
				{
					pfree(cache->weights_raw);
					if (cache->rules_raw)
						pfree(cache->rules_raw);
					pfree(cache->weight);
					pfree(cache->roll_max);
				}
				cache->weights_raw = MemoryContextAlloc(fcx, VARSIZE(DatumGetPointer(PG_GETARG_DATUM(3))));
				memcpy(cache->weights_raw, DatumGetPointer(PG_GETARG_DATUM(3)), VARSIZE(DatumGetPointer(PG_GETARG_DATUM(3))));
				cache->rules_raw = NULL;
				if (!PG_ARGISNULL(4))
				{
					cache->rules_raw = MemoryContextAlloc(fcx, VARSIZE(DatumGetPointer(PG_GETARG_DATUM(4))));
					memcpy(cache->rules_raw, DatumGetPointer(PG_GETARG_DATUM(4)), VARSIZE(DatumGetPointer(PG_GETARG_DATUM(4))));
				}
				cache->n = st->n;
				cache->weight = MemoryContextAlloc(fcx, sizeof(double) * (st->n > 0 ? st->n : 1));
				cache->roll_max = MemoryContextAlloc(fcx, sizeof(bool) * (st->n > 0 ? st->n : 1));
				memcpy(cache->weight, st->weight, sizeof(double) * st->n);
				memcpy(cache->roll_max, st->roll_max, sizeof(bool) * st->n);
				fcinfo->flinfo->fn_extra = cache;
			}
		}
	}
	else
		st = (ScoreState *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		int32		k = PG_GETARG_INT32(1);
		double		x = PG_GETARG_FLOAT8(2);

		if (k < 1 || k > st->n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("signal_score_agg: signal %d has no weight", k),
					 errdetail("There are %d weights, for signals 1 to %d.", st->n, st->n)));
		if (isnan(x) || isinf(x))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("signal_score_agg: the intensity of signal %d is not a finite number", k)));
		score_add(st, k, x);
	}
	PG_RETURN_POINTER(st);
}

Datum
signal_score_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcx;
	ScoreState *a = PG_ARGISNULL(0) ? NULL : (ScoreState *) PG_GETARG_POINTER(0);
	ScoreState *b = PG_ARGISNULL(1) ? NULL : (ScoreState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("signal_score_combine called in a non-aggregate context")));
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = score_state_new(aggcx, b->n);
		memcpy(a->weight, b->weight, sizeof(double) * b->n);
		memcpy(a->roll_max, b->roll_max, sizeof(bool) * b->n);
	}
	if (a->n != b->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("signal_score_agg: partial states with %d and %d weights", a->n, b->n)));
	for (int i = 0; i < b->n; i++)
		if (b->fired[i])
			score_add(a, i + 1, b->value[i]);
	PG_RETURN_POINTER(a);
}

/* Serialized: n (int4), then per signal weight (float8), roll_max (int1),
 * fired (int1), value (float8). */
Datum
signal_score_serialize(PG_FUNCTION_ARGS)
{
	ScoreState *st = (ScoreState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("signal_score_serialize called in a non-aggregate context")));
	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->n);
	for (int i = 0; i < st->n; i++)
	{
		pq_sendfloat8(&buf, st->weight[i]);
		pq_sendbyte(&buf, st->roll_max[i] ? 1 : 0);
		pq_sendbyte(&buf, st->fired[i] ? 1 : 0);
		pq_sendfloat8(&buf, st->value[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
signal_score_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcx;
	StringInfoData buf;
	ScoreState *st;
	int			n;

	if (!AggCheckCallContext(fcinfo, &aggcx))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("signal_score_deserialize called in a non-aggregate context")));
	buf.data = VARDATA_ANY(b);
	buf.len = (int) VARSIZE_ANY_EXHDR(b);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > SSET_MAX || buf.len - buf.cursor != n * 18)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt partial state of signal_score_agg")));
	st = score_state_new(aggcx, n);
	for (int i = 0; i < n; i++)
	{
		st->weight[i] = pq_getmsgfloat8(&buf);
		st->roll_max[i] = pq_getmsgbyte(&buf) != 0;
		st->fired[i] = pq_getmsgbyte(&buf) != 0;
		st->value[i] = pq_getmsgfloat8(&buf);
	}
	PG_RETURN_POINTER(st);
}

/*
 * Final: (signals, intensities, contributions, score) — the signals that
 * fired, their intensity and weight x intensity in signal order, and the sum
 * of the contributions (added in signal order).
 */
Datum
signal_score_final(PG_FUNCTION_ARGS)
{
	ScoreState *st = PG_ARGISNULL(0) ? NULL : (ScoreState *) PG_GETARG_POINTER(0);
	TupleDesc	td;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	uint8		bits[SSET_BYTES];
	Datum	   *iv,
			   *cv;
	int			m = 0;
	double		score = 0;

	if (st == NULL)
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("signal_score_agg: the result type is not a row type")));
	td = BlessTupleDesc(td);
	memset(bits, 0, sizeof bits);
	iv = palloc(sizeof(Datum) * (st->n > 0 ? st->n : 1));
	cv = palloc(sizeof(Datum) * (st->n > 0 ? st->n : 1));
	for (int i = 0; i < st->n; i++)
		if (st->fired[i])
		{
			double		c = st->weight[i] * st->value[i];

			bits[i / 8] |= (uint8) (1u << (i % 8));
			iv[m] = Float8GetDatum(st->value[i]);
			cv[m] = Float8GetDatum(c);
			score += c;
			m++;
		}
	values[0] = make_set(bits, SSET_BYTES);
	values[1] = PointerGetDatum(construct_array(iv, m, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	values[2] = PointerGetDatum(construct_array(cv, m, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	values[3] = Float8GetDatum(score);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}
