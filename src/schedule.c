/*
 * schedule.c — the aidlink.bracket_schedule type: fmgr glue over
 * schedule_core.c (text and binary I/O, comparison, hashing, application).
 *
 * The stored value is a varlena holding the canonical big-endian wire form of
 * schedule_core (sched_to_wire), so equal schedules have equal bytes on every
 * platform, and binary send/receive is the same bytes checked again.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"
#include "utils/sortsupport.h"

#include "schedule_core.h"

#define TYPNAME "aidlink.bracket_schedule"

PG_FUNCTION_INFO_V1(bracket_schedule_in);
PG_FUNCTION_INFO_V1(bracket_schedule_out);
PG_FUNCTION_INFO_V1(bracket_schedule_recv);
PG_FUNCTION_INFO_V1(bracket_schedule_send);
PG_FUNCTION_INFO_V1(bracket_schedule_eq);
PG_FUNCTION_INFO_V1(bracket_schedule_ne);
PG_FUNCTION_INFO_V1(bracket_schedule_lt);
PG_FUNCTION_INFO_V1(bracket_schedule_le);
PG_FUNCTION_INFO_V1(bracket_schedule_gt);
PG_FUNCTION_INFO_V1(bracket_schedule_ge);
PG_FUNCTION_INFO_V1(bracket_schedule_cmp);
PG_FUNCTION_INFO_V1(bracket_schedule_sortsupport);
PG_FUNCTION_INFO_V1(bracket_schedule_equalimage);
PG_FUNCTION_INFO_V1(bracket_schedule_hash);
PG_FUNCTION_INFO_V1(bracket_schedule_hash_extended);
PG_FUNCTION_INFO_V1(bracket_schedule_apply);
PG_FUNCTION_INFO_V1(bracket_schedule_bracket);
PG_FUNCTION_INFO_V1(bracket_schedule_rate);

static Datum
make_datum(const sched_schedule *s)
{
	uint8		wire[SCHED_WIRE_MAX];
	size_t		len = sched_to_wire(s, wire);
	bytea	   *v = palloc(VARHDRSZ + len);

	SET_VARSIZE(v, VARHDRSZ + len);
	memcpy(VARDATA(v), wire, len);
	PG_RETURN_POINTER(v);
}

/* Decode a stored value (validated when it was made; checked again cheaply). */
static void
read_datum(Datum d, sched_schedule *s)
{
	bytea	   *v = DatumGetByteaPP(d);
	size_t		used;
	sched_error err;

	if (!sched_from_wire((const uint8 *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), s, &used, &err) ||
		used != VARSIZE_ANY_EXHDR(v))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt value of type %s", TYPNAME)));
}

static void
report(const char *input, const sched_error *err, const sched_schedule *partial, bool binary)
{
	char		detail[512];

	sched_describe(err, partial, detail, sizeof(detail));
	if (binary)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", TYPNAME),
				 errdetail("%s", detail)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.200s%s\"", TYPNAME, input,
					strlen(input) > 200 ? "..." : ""),
			 errdetail("%s", detail),
			 errhint("Write brackets as '[lower,upper):rate%%' in increasing order, touching, the last one may be open ('[50000,):90%%'), then optionally ', cap amount'; amounts in yuan.")));
}

Datum
bracket_schedule_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	sched_schedule *v = palloc(sizeof(sched_schedule));
	sched_error err;

	if (!sched_parse(s, strlen(s), v, &err))
		report(s, &err, v, false);
	return make_datum(v);
}

Datum
bracket_schedule_out(PG_FUNCTION_ARGS)
{
	sched_schedule *v = palloc(sizeof(sched_schedule));
	char	   *buf = palloc(SCHED_TEXT_MAX);

	read_datum(PG_GETARG_DATUM(0), v);
	sched_format(v, buf, SCHED_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

Datum
bracket_schedule_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	sched_schedule *v = palloc(sizeof(sched_schedule));
	sched_error err;
	size_t		used;
	const char *bytes;

	bytes = pq_getmsgbytes(buf, len);
	switch (sched_from_wire_exact((const uint8 *) bytes, len, v, &used, &err))
	{
		case SCHED_WIRE_OK:
			break;
		case SCHED_WIRE_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form has 16 + 20 bytes per bracket; this value has %d bytes.", len)));
			break;
		case SCHED_WIRE_INVALID:
			report(NULL, &err, v, true);
			break;
		case SCHED_WIRE_TRAILING:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("%d bytes follow the %d brackets.", len - (int) used, v->n)));
	}
	return make_datum(v);
}

Datum
bracket_schedule_send(PG_FUNCTION_ARGS)
{
	bytea	   *v = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Comparison reads the stored wire forms in place (they were validated when
 * made); a value too short to hold its own bracket count is corrupt.
 */
static const uint8 *
wire_of(bytea *v)
{
	size_t		len = VARSIZE_ANY_EXHDR(v);
	const uint8 *p = (const uint8 *) VARDATA_ANY(v);

	if (len < 16 || len != 16 + 20 * (size_t) (((uint32) p[0] << 24) | ((uint32) p[1] << 16) |
											   ((uint32) p[2] << 8) | (uint32) p[3]))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt value of type %s", TYPNAME)));
	return p;
}

static int
compare_datums(Datum x, Datum y)
{
	bytea	   *a = DatumGetByteaPP(x);
	bytea	   *b = DatumGetByteaPP(y);
	int			c = sched_cmp_wire(wire_of(a), wire_of(b));

	if ((Pointer) a != DatumGetPointer(x))
		pfree(a);
	if ((Pointer) b != DatumGetPointer(y))
		pfree(b);
	return c;
}

static int
compare_args(FunctionCallInfo fcinfo)
{
	return compare_datums(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1));
}

static int
schedule_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	(void) ssup;
	return compare_datums(x, y);
}

Datum
bracket_schedule_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = schedule_fastcmp;
	PG_RETURN_VOID();
}

/* Equal values have equal bytes (the stored form is canonical): btree may
 * deduplicate. */
Datum
bracket_schedule_equalimage(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	PG_RETURN_BOOL(true);
}

Datum
bracket_schedule_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) == 0);
}

Datum
bracket_schedule_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) != 0);
}

Datum
bracket_schedule_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) < 0);
}

Datum
bracket_schedule_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) <= 0);
}

Datum
bracket_schedule_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) > 0);
}

Datum
bracket_schedule_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(compare_args(fcinfo) >= 0);
}

Datum
bracket_schedule_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(compare_args(fcinfo));
}

/*
 * Frozen hash: the canonical wire bytes (a multiple of 4 long) as big-endian
 * 32-bit words, so the same on every platform; equal schedules have equal
 * wire bytes.  The 32-bit hash is the low half of the 64-bit one, seed 0.
 */
static uint64
schedule_hash64(Datum d, uint64 seed)
{
	bytea	   *v = DatumGetByteaPP(d);
	const uint8 *p = (const uint8 *) VARDATA_ANY(v);
	size_t		len = VARSIZE_ANY_EXHDR(v);
	uint64		h = seed;

	for (size_t i = 0; i + 4 <= len; i += 4)
	{
		uint32		w = ((uint32) p[i] << 24) | ((uint32) p[i + 1] << 16) |
			((uint32) p[i + 2] << 8) | (uint32) p[i + 3];

		h = hash_combine64(h, DatumGetUInt64(hash_uint32_extended(w, seed)));
	}
	return h;
}

Datum
bracket_schedule_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) schedule_hash64(PG_GETARG_DATUM(0), 0));
}

Datum
bracket_schedule_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(schedule_hash64(PG_GETARG_DATUM(0), (uint64) PG_GETARG_INT64(1)));
}

/*
 * A numeric amount of yuan as fen: finite, not negative, at most 2 decimals
 * (further zeros allowed), at most SCHED_MAX_FEN.  Read from the numeric's
 * exact text, so nothing is rounded.
 */
static int64
amount_fen(Numeric n)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
	int64		v = 0;
	int			dec = -1;
	const char *p;

	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("amount %s cannot be applied to a bracket schedule", s),
				 errdetail("The amount must be a finite number of yuan.")));
	if (s[0] == '-')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("amount %s cannot be applied to a bracket schedule", s),
				 errdetail("The amount is negative.")));
	for (p = s; *p; p++)
	{
		if (*p == '.')
		{
			dec = 0;
			continue;
		}
		if (dec >= 0)
		{
			if (dec >= 2)
			{
				if (*p != '0')
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("amount %s cannot be applied to a bracket schedule", s),
							 errdetail("The amount has a fraction of a fen; round it first, by the policy's rule.")));
				continue;
			}
			dec++;
		}
		v = v * 10 + (*p - '0');
		if (v > SCHED_MAX_FEN * 100)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("amount %s cannot be applied to a bracket schedule", s),
					 errdetail("Amounts are at most 10000000000 yuan.")));
	}
	if (dec < 0)
		dec = 0;
	for (; dec < 2; dec++)
		v *= 10;
	if (v > SCHED_MAX_FEN)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount %s cannot be applied to a bracket schedule", s),
				 errdetail("Amounts are at most 10000000000 yuan.")));
	return v;
}

static bool
marginal_arg(text *how)
{
	char	   *h = text_to_cstring(how);

	if (strcmp(h, "marginal") == 0)
		return true;
	if (strcmp(h, "whole") == 0)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown way of applying a bracket schedule: \"%.40s\"", h),
			 errhint("Use 'marginal' (each bracket's rate on the part of the amount in it) or 'whole' (the rate of the amount's bracket on the whole amount).")));
	return false;
}

/* millionths of a fen -> numeric yuan, exactly (8 decimals) */
static Datum
microfen_numeric(int64 v)
{
	char		buf[48];

	snprintf(buf, sizeof(buf), "%lld.%08lld", (long long) (v / 100000000),
			 (long long) (v % 100000000));
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

Datum
bracket_schedule_apply(PG_FUNCTION_ARGS)
{
	sched_schedule *s = palloc(sizeof(sched_schedule));
	int64		fen = amount_fen(PG_GETARG_NUMERIC(1));
	bool		marginal = marginal_arg(PG_GETARG_TEXT_PP(2));
	int			bracket;
	bool		capped;
	int64		r;

	read_datum(PG_GETARG_DATUM(0), s);
	r = sched_apply(s, fen, marginal, &bracket, &capped);
	pfree(s);
	return microfen_numeric(r);
}

Datum
bracket_schedule_bracket(PG_FUNCTION_ARGS)
{
	sched_schedule *s = palloc(sizeof(sched_schedule));
	int64		fen = amount_fen(PG_GETARG_NUMERIC(1));
	int			bracket;
	bool		capped;

	read_datum(PG_GETARG_DATUM(0), s);
	(void) sched_apply(s, fen, false, &bracket, &capped);
	pfree(s);
	if (bracket == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(bracket);
}

Datum
bracket_schedule_rate(PG_FUNCTION_ARGS)
{
	sched_schedule *s = palloc(sizeof(sched_schedule));
	int64		fen = amount_fen(PG_GETARG_NUMERIC(1));
	int			bracket;
	bool		capped;
	char		buf[32];
	int32		rate;

	read_datum(PG_GETARG_DATUM(0), s);
	(void) sched_apply(s, fen, false, &bracket, &capped);
	if (bracket == 0)
		PG_RETURN_NULL();
	rate = s->b[bracket - 1].rate;
	pfree(s);
	snprintf(buf, sizeof(buf), "%d.%04d", (int) (rate / 10000), (int) (rate % 10000));
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}
