/*
 * org_code.c — fmgr glue for aidlink.org_code.
 *
 * The datum is the 8-character body read as a base-36 int8, so comparison
 * and hashing reuse int8's own functions.  Parsing lives in org_code_core.c.
 */
#include "aidlink.h"
#include "org_code_core.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "org_code"

PG_FUNCTION_INFO_V1(org_code_in);
PG_FUNCTION_INFO_V1(org_code_out);
PG_FUNCTION_INFO_V1(org_code_recv);
PG_FUNCTION_INFO_V1(org_code_send);
PG_FUNCTION_INFO_V1(org_code_from_text);
PG_FUNCTION_INFO_V1(org_code_to_text);
PG_FUNCTION_INFO_V1(to_org_code);
PG_FUNCTION_INFO_V1(org_code_problem);

static int64
parse_or_error(const char *s, size_t len)
{
	size_t		ulen;
	const char *u = al_input_utf8(s, len, &ulen);
	int64_t		v;
	al_error	err;

	if (!orgc_parse(u, ulen, false, &v, &err))
		al_report_invalid(TYPNAME, s, len, u, &err, orgc_describe);
	return (int64) v;
}

Datum
org_code_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);

	PG_RETURN_INT64(parse_or_error(s, strlen(s)));
}

Datum
org_code_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(11);

	orgc_format(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

/*
 * Binary form: the 9 characters without the hyphen, in ASCII.  Receipt
 * accepts only that canonical form and re-validates it.
 */
Datum
org_code_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(buf, len);
	int64_t		v;
	al_error	err;
	size_t		bad = 0;

	switch (orgc_from_wire(bytes, len, &v, &err, &bad))
	{
		case AL_WIRE_OK:
			break;
		case AL_WIRE_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form is the 9 characters without the hyphen; this value has %d bytes.",
							   len)));
			break;
		case AL_WIRE_BYTE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("Byte %d is not a digit or a capital letter.", (int) bad + 1)));
			break;
		case AL_WIRE_INVALID:
			al_report_invalid_binary(TYPNAME, &err, orgc_describe);
	}
	PG_RETURN_INT64((int64) v);
}

Datum
org_code_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	char		s[10];

	orgc_format_compact(PG_GETARG_INT64(0), s);
	pq_begintypsend(&buf);
	pq_sendbytes(&buf, s, 9);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
org_code_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_INT64(parse_or_error(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

Datum
org_code_to_text(PG_FUNCTION_ARGS)
{
	char		out[11];

	orgc_format(PG_GETARG_INT64(0), out);
	PG_RETURN_DATUM(al_text_datum(out));
}

Datum
to_org_code(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	int64_t		v;
	al_error	err;

	if (!orgc_parse(u, ulen, true, &v, &err))
		PG_RETURN_NULL();
	PG_RETURN_INT64((int64) v);
}

Datum
org_code_problem(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	int64_t		v;
	al_error	err;

	if (orgc_parse(u, ulen, true, &v, &err))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(al_text_datum(al_problem_code(err.problem)));
}
