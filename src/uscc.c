/*
 * uscc.c — fmgr glue for aidlink.uscc.
 *
 * The datum is 16 bytes passed by reference (see uscc_core.h for the
 * packing).  Comparison is bytewise; the hash works on the packed value as
 * integers, so a value hashes alike on every platform, node and version.
 * Parsing lives in uscc_core.c.
 */
#include "aidlink.h"
#include "org_code_core.h"
#include "uscc_core.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#define TYPNAME "uscc"

#define DatumGetUscc(d) ((uscc_packed *) DatumGetPointer(d))
#define PG_GETARG_USCC(n) DatumGetUscc(PG_GETARG_DATUM(n))

PG_FUNCTION_INFO_V1(uscc_in);
PG_FUNCTION_INFO_V1(uscc_out);
PG_FUNCTION_INFO_V1(uscc_recv);
PG_FUNCTION_INFO_V1(uscc_send);
PG_FUNCTION_INFO_V1(uscc_from_text);
PG_FUNCTION_INFO_V1(uscc_to_text);
PG_FUNCTION_INFO_V1(to_uscc);
PG_FUNCTION_INFO_V1(uscc_problem);
PG_FUNCTION_INFO_V1(uscc_org_code);
PG_FUNCTION_INFO_V1(uscc_region);
PG_FUNCTION_INFO_V1(uscc_authority);
PG_FUNCTION_INFO_V1(uscc_entity_type);
PG_FUNCTION_INFO_V1(uscc_eq);
PG_FUNCTION_INFO_V1(uscc_ne);
PG_FUNCTION_INFO_V1(uscc_lt);
PG_FUNCTION_INFO_V1(uscc_le);
PG_FUNCTION_INFO_V1(uscc_gt);
PG_FUNCTION_INFO_V1(uscc_ge);
PG_FUNCTION_INFO_V1(uscc_cmp);
PG_FUNCTION_INFO_V1(uscc_sortsupport);
PG_FUNCTION_INFO_V1(uscc_hash);
PG_FUNCTION_INFO_V1(uscc_hash_extended);
PG_FUNCTION_INFO_V1(uscc_smaller);
PG_FUNCTION_INFO_V1(uscc_larger);

static Datum
parse_or_error(const char *s, size_t len)
{
	size_t		ulen;
	const char *u = al_input_utf8(s, len, &ulen);
	uscc_packed *v = palloc(sizeof(uscc_packed));
	al_error	err;

	if (!uscc_parse(u, ulen, false, v, &err))
		al_report_invalid(TYPNAME, s, len, u, &err, uscc_describe);
	return PointerGetDatum(v);
}

Datum
uscc_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);

	PG_RETURN_DATUM(parse_or_error(s, strlen(s)));
}

Datum
uscc_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(19);

	uscc_format(PG_GETARG_USCC(0), out);
	PG_RETURN_CSTRING(out);
}

/*
 * Binary form: the 18 characters in ASCII (simple for any client to write).
 * Receipt accepts only that canonical form and re-validates it.
 */
Datum
uscc_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(buf, len);
	uscc_packed *v = palloc(sizeof(uscc_packed));
	al_error	err;
	size_t		bad = 0;

	switch (uscc_from_wire(bytes, len, v, &err, &bad))
	{
		case AL_WIRE_OK:
			break;
		case AL_WIRE_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form is the 18 characters; this value has %d bytes.", len)));
			break;
		case AL_WIRE_BYTE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("Byte %d is not a digit or a capital letter.", (int) bad + 1)));
			break;
		case AL_WIRE_INVALID:
			al_report_invalid_binary(TYPNAME, &err, uscc_describe);
	}
	PG_RETURN_POINTER(v);
}

Datum
uscc_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	char		s[19];

	uscc_format(PG_GETARG_USCC(0), s);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, s, 18);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
uscc_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_DATUM(parse_or_error(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

Datum
uscc_to_text(PG_FUNCTION_ARGS)
{
	char		out[19];

	uscc_format(PG_GETARG_USCC(0), out);
	PG_RETURN_DATUM(al_text_datum(out));
}

Datum
to_uscc(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	uscc_packed v;
	al_error	err;
	uscc_packed *res;

	if (!uscc_parse(u, ulen, true, &v, &err))
		PG_RETURN_NULL();
	res = palloc(sizeof(uscc_packed));
	*res = v;
	PG_RETURN_POINTER(res);
}

Datum
uscc_problem(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	uscc_packed v;
	al_error	err;

	if (uscc_parse(u, ulen, true, &v, &err))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(al_text_datum(al_problem_code(err.problem)));
}

/* The embedded organisation code, as aidlink.org_code (an int8 datum). */
Datum
uscc_org_code(PG_FUNCTION_ARGS)
{
	char		body[8];

	uscc_org_body(PG_GETARG_USCC(0), body);
	PG_RETURN_INT64((int64) orgc_value_of_chars(body));
}

static Datum
substring_datum(const uscc_packed *v, int from, int n)
{
	char		s[19];

	uscc_format(v, s);
	s[from + n] = '\0';
	return al_text_datum(s + from);
}

Datum
uscc_region(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(substring_datum(PG_GETARG_USCC(0), 2, 6));
}

Datum
uscc_authority(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(substring_datum(PG_GETARG_USCC(0), 0, 1));
}

Datum
uscc_entity_type(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(substring_datum(PG_GETARG_USCC(0), 0, 2));
}

static inline int
uscc_compare(const uscc_packed *a, const uscc_packed *b)
{
	return memcmp(a->b, b->b, USCC_PACKED_SIZE);
}

Datum
uscc_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) == 0);
}

Datum
uscc_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) != 0);
}

Datum
uscc_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) < 0);
}

Datum
uscc_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) <= 0);
}

Datum
uscc_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) > 0);
}

Datum
uscc_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1)) >= 0);
}

Datum
uscc_cmp(PG_FUNCTION_ARGS)
{
	int			c = uscc_compare(PG_GETARG_USCC(0), PG_GETARG_USCC(1));

	PG_RETURN_INT32(c < 0 ? -1 : (c > 0 ? 1 : 0));
}

static int
uscc_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	(void) ssup;
	return uscc_compare(DatumGetUscc(a), DatumGetUscc(b));
}

Datum
uscc_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = uscc_fastcmp;
	PG_RETURN_VOID();
}

/*
 * The hash is frozen: hash partitions and sharded engines store rows by it.
 * hash_any() reads bytes as machine words, so it differs between little- and
 * big-endian servers; this one hashes the four 32-bit big-endian words of the
 * packed value as integers, and is the same everywhere.  The 32-bit hash is
 * the low half of the 64-bit one with seed 0, as hash opclasses expect.
 */
static uint64
uscc_hash64(const uscc_packed *v, uint64 seed)
{
	uint64		h = seed;

	for (int i = 0; i < USCC_PACKED_SIZE; i += 4)
	{
		uint32		w = ((uint32) v->b[i] << 24) | ((uint32) v->b[i + 1] << 16) |
			((uint32) v->b[i + 2] << 8) | (uint32) v->b[i + 3];

		h = hash_combine64(h, DatumGetUInt64(hash_uint32_extended(w, seed)));
	}
	return h;
}

Datum
uscc_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT32((uint32) uscc_hash64(PG_GETARG_USCC(0), 0));
}

Datum
uscc_hash_extended(PG_FUNCTION_ARGS)
{
	PG_RETURN_UINT64(uscc_hash64(PG_GETARG_USCC(0), (uint64) PG_GETARG_INT64(1)));
}

Datum
uscc_smaller(PG_FUNCTION_ARGS)
{
	uscc_packed *a = PG_GETARG_USCC(0);
	uscc_packed *b = PG_GETARG_USCC(1);

	PG_RETURN_POINTER(uscc_compare(a, b) <= 0 ? a : b);
}

Datum
uscc_larger(PG_FUNCTION_ARGS)
{
	uscc_packed *a = PG_GETARG_USCC(0);
	uscc_packed *b = PG_GETARG_USCC(1);

	PG_RETURN_POINTER(uscc_compare(a, b) >= 0 ? a : b);
}
