/*
 * resident_id.c — fmgr glue for aidlink.resident_id.
 *
 * The datum is the 17-digit body as int8 (pass-by-value where the server's
 * int8 is), so comparison, hashing and sorting reuse int8's own functions
 * (declared in the install script).  Parsing lives in resident_id_core.c.
 */
#include "aidlink.h"
#include "resident_id_core.h"

#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#define TYPNAME "resident_id"

PG_FUNCTION_INFO_V1(resident_id_in);
PG_FUNCTION_INFO_V1(resident_id_out);
PG_FUNCTION_INFO_V1(resident_id_recv);
PG_FUNCTION_INFO_V1(resident_id_send);
PG_FUNCTION_INFO_V1(resident_id_from_text);
PG_FUNCTION_INFO_V1(resident_id_to_text);
PG_FUNCTION_INFO_V1(resident_id_from_bigint);
PG_FUNCTION_INFO_V1(resident_id_to_bigint);
PG_FUNCTION_INFO_V1(to_resident_id);
PG_FUNCTION_INFO_V1(resident_id_problem);
PG_FUNCTION_INFO_V1(resident_id_birth_date);
PG_FUNCTION_INFO_V1(resident_id_sex);
PG_FUNCTION_INFO_V1(resident_id_region);
PG_FUNCTION_INFO_V1(resident_id_age);
PG_FUNCTION_INFO_V1(resident_id_mask);
PG_FUNCTION_INFO_V1(resident_id_legacy15);
PG_FUNCTION_INFO_V1(resident_id_from_parts);
PG_FUNCTION_INFO_V1(resident_id_plausibility_problem);

/* Parse strictly or raise the input error. */
static int64
parse_or_error(const char *s, size_t len)
{
	size_t		ulen;
	const char *u = al_input_utf8(s, len, &ulen);
	int64_t		body;
	al_error	err;

	if (!rid_parse(u, ulen, false, &body, &err))
		al_report_invalid(TYPNAME, s, len, u, &err, rid_describe);
	return (int64) body;
}

Datum
resident_id_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);

	PG_RETURN_INT64(parse_or_error(s, strlen(s)));
}

Datum
resident_id_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(19);

	rid_format(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

/* Binary form: the body as int8, re-validated on receipt. */
Datum
resident_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const uint8 *bytes = (const uint8 *) pq_getmsgbytes(buf, len);
	int64_t		body;
	al_error	err;

	switch (rid_from_wire(bytes, len, &body, &err))
	{
		case AL_WIRE_OK:
			break;
		case AL_WIRE_INVALID:
			al_report_invalid_binary(TYPNAME, &err, rid_describe);
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", TYPNAME),
					 errdetail("The binary form is the body as an 8-byte integer; this value has %d bytes.", len)));
	}
	PG_RETURN_INT64((int64) body);
}

Datum
resident_id_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
resident_id_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_INT64(parse_or_error(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

Datum
resident_id_to_text(PG_FUNCTION_ARGS)
{
	char		out[19];

	rid_format(PG_GETARG_INT64(0), out);
	PG_RETURN_DATUM(al_text_datum(out));
}

Datum
resident_id_from_bigint(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_INT64(0);
	al_error	err;
	char		detail[512];

	if (!rid_body_valid(body, &err))
	{
		rid_describe(&err, NULL, detail, sizeof(detail));
		ereport(ERROR,
				(errcode(err.problem == AL_BAD_LENGTH ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bigint %lld is not the body of a resident identity number",
						(long long) body),
				 errdetail("%s", detail)));
	}
	PG_RETURN_INT64(body);
}

Datum
resident_id_to_bigint(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_INT64(0));
}

/* The lenient parser: NULL instead of an error. */
Datum
to_resident_id(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	int64_t		body;
	al_error	err;

	if (!rid_parse(u, ulen, true, &body, &err))
		PG_RETURN_NULL();
	PG_RETURN_INT64((int64) body);
}

Datum
resident_id_problem(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	int64_t		body;
	al_error	err;

	if (rid_parse(u, ulen, true, &body, &err))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(al_text_datum(al_problem_code(err.problem)));
}

static DateADT
birth_date(int64 body)
{
	int			y,
				m,
				d;

	rid_birth(body, &y, &m, &d);
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

Datum
resident_id_birth_date(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(birth_date(PG_GETARG_INT64(0)));
}

Datum
resident_id_sex(PG_FUNCTION_ARGS)
{
	char		s[2] = {rid_sex(PG_GETARG_INT64(0)), '\0'};

	PG_RETURN_DATUM(al_text_datum(s));
}

Datum
resident_id_region(PG_FUNCTION_ARGS)
{
	char		s[19];

	rid_format(PG_GETARG_INT64(0), s);
	s[6] = '\0';
	PG_RETURN_DATUM(al_text_datum(s));
}

/* Completed years on on_date. */
Datum
resident_id_age(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_INT64(0);
	DateADT		on = PG_GETARG_DATEADT(1);
	int			by,
				bm,
				bd,
				y,
				m,
				d,
				age;

	if (DATE_NOT_FINITE(on))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cannot compute an age on an infinite date")));
	rid_birth(body, &by, &bm, &bd);
	j2date(on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	if (age < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("date %04d-%02d-%02d is before the birth date %04d-%02d-%02d",
						y, m, d, by, bm, bd),
				 errhint("aidlink.resident_id_plausibility_problem() finds numbers born after a given date.")));
	PG_RETURN_INT32(age);
}

/* First 6 and last 4 characters shown: 440103********123X. */
Datum
resident_id_mask(PG_FUNCTION_ARGS)
{
	char		s[19];

	rid_format(PG_GETARG_INT64(0), s);
	memset(s + 6, '*', 8);
	PG_RETURN_DATUM(al_text_datum(s));
}

Datum
resident_id_legacy15(PG_FUNCTION_ARGS)
{
	char		s[16];

	if (!rid_legacy15(PG_GETARG_INT64(0), s))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(al_text_datum(s));
}

/* Build a number from region, birth date and order code; the check follows. */
Datum
resident_id_from_parts(PG_FUNCTION_ARGS)
{
	text	   *region_t = PG_GETARG_TEXT_PP(0);
	DateADT		birth = PG_GETARG_DATEADT(1);
	int32		order = PG_GETARG_INT32(2);
	const char *r = VARDATA_ANY(region_t);
	int			rlen = VARSIZE_ANY_EXHDR(region_t);
	int			region = 0;
	int			y,
				m,
				d;
	int64_t		body;
	al_error	err;
	char		detail[512];

	if (rlen != 6)
	{
		int			nchars = pg_mbstrlen_with_len(r, rlen);

		if (nchars == 6)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("region code must have 6 digits"),
					 errdetail("Write the region code in the digits 0 to 9.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("region code must have 6 digits, not %d characters", nchars)));
	}
	for (int i = 0; i < 6; i++)
	{
		if (r[i] < '0' || r[i] > '9')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("region code must have 6 digits"),
					 errdetail("Character %d is not a digit.", i + 1)));
		region = region * 10 + (r[i] - '0');
	}
	if (DATE_NOT_FINITE(birth))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("birth date must be finite")));
	j2date(birth + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	if (!rid_from_parts(region, y, m, d, order, &body, &err))
	{
		rid_describe(&err, NULL, detail, sizeof(detail));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot make a resident identity number from these parts"),
				 errdetail("%s", detail)));
	}
	PG_RETURN_INT64((int64) body);
}

/*
 * Plausibility on a given date, apart from validity: 'born_after_date' or
 * 'older_than_130', NULL when plausible.  IMMUTABLE because the date is an
 * argument; the SQL wrapper resident_id_is_plausible() passes current_date.
 */
Datum
resident_id_plausibility_problem(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_INT64(0);
	DateADT		on = PG_GETARG_DATEADT(1);
	DateADT		born = birth_date(body);
	int			by,
				bm,
				bd,
				y,
				m,
				d,
				age;

	if (DATE_IS_NOBEGIN(on))
		PG_RETURN_DATUM(al_text_datum("born_after_date"));
	if (DATE_IS_NOEND(on))
		PG_RETURN_DATUM(al_text_datum("older_than_130"));
	if (born > on)
		PG_RETURN_DATUM(al_text_datum("born_after_date"));
	rid_birth(body, &by, &bm, &bd);
	j2date(on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	if (age > 130)
		PG_RETURN_DATUM(al_text_datum("older_than_130"));
	PG_RETURN_NULL();
}
