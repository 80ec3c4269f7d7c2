/*
 * evidence.c — fmgr glue for reading departmental evidence columns.  The
 * logic is in evidence_core.c.
 */
#include "aidlink.h"
#include "evidence_core.h"
#include "resident_id_core.h"

#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(to_birth_date);

/* A typed date, or NULL when the text is not one (never an error). */
Datum
to_birth_date(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	int			y,
				m,
				d;

	if (!al_read_date(u, ulen, &y, &m, &d))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j(y, m, d) - POSTGRES_EPOCH_JDATE);
}

PG_FUNCTION_INFO_V1(birth_date_comparison_level);

/*
 * The level of two birth dates (see al_birth_date_level); dates of infinity
 * compare only as exact or different.
 */
int
al_birth_date_dates_level(int32 a, int32 b)
{
	int			y1,
				m1,
				d1,
				y2,
				m2,
				d2;

	if (a == b)
		return AL_DATE_EXACT;
	if (DATE_NOT_FINITE(a) || DATE_NOT_FINITE(b))
		return AL_DATE_DIFFERENT;
	j2date(a + POSTGRES_EPOCH_JDATE, &y1, &m1, &d1);
	j2date(b + POSTGRES_EPOCH_JDATE, &y2, &m2, &d2);
	return al_birth_date_level(y1, m1, d1, y2, m2, d2);
}

/* aidlink.birth_date_comparison_level(a, b) */
Datum
birth_date_comparison_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(al_date_level_code(
		(al_date_level) al_birth_date_dates_level(PG_GETARG_DATEADT(0), PG_GETARG_DATEADT(1)))));
}

/* ---- what a typed number still says when it is wrong ------------------ */

/* The number-shaped characters of text argument 0 (see al_typed_number_chars). */
static size_t
arg_typed_chars(FunctionCallInfo fcinfo, char d[AL_TYPED_MAX])
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);

	return al_typed_number_chars(u, ulen, d);
}

PG_FUNCTION_INFO_V1(resident_id_is_number_shaped);
PG_FUNCTION_INFO_V1(resident_id_typed_birth_date);
PG_FUNCTION_INFO_V1(resident_id_typed_sex);
PG_FUNCTION_INFO_V1(resident_id_typed_distance);

/* 15 or 18 digits (or X) once everything else is dropped. */
Datum
resident_id_is_number_shaped(PG_FUNCTION_ARGS)
{
	char		d[AL_TYPED_MAX];
	size_t		n = arg_typed_chars(fcinfo, d);

	PG_RETURN_BOOL(n == 15 || n == 18);
}

/* The birth date of characters 7-14 of 18, or 19 + 7-12 of 15. */
Datum
resident_id_typed_birth_date(PG_FUNCTION_ARGS)
{
	char		d[AL_TYPED_MAX];
	size_t		n = arg_typed_chars(fcinfo, d);
	char		date8[8];
	int			y,
				m,
				day;

	if (n == 18)
		memcpy(date8, d + 6, 8);
	else if (n == 15)
	{
		date8[0] = '1';
		date8[1] = '9';
		memcpy(date8 + 2, d + 6, 6);
	}
	else
		PG_RETURN_NULL();
	if (!al_read_date(date8, 8, &y, &m, &day))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(date2j(y, m, day) - POSTGRES_EPOCH_JDATE);
}

/* M or F from the parity of the order code's last digit. */
Datum
resident_id_typed_sex(PG_FUNCTION_ARGS)
{
	char		d[AL_TYPED_MAX];
	size_t		n = arg_typed_chars(fcinfo, d);
	char		c;

	if (n != 18 && n != 15)
		PG_RETURN_NULL();
	c = d[n == 18 ? 16 : 14];
	if (c < '0' || c > '9')
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text((c - '0') % 2 == 1 ? "M" : "F"));
}

/* Keying errors against the person's number (its 15-digit form for 15). */
Datum
resident_id_typed_distance(PG_FUNCTION_ARGS)
{
	char		d[AL_TYPED_MAX];
	size_t		n = arg_typed_chars(fcinfo, d);
	int64		person = PG_GETARG_INT64(1);
	char		ref[19];

	if (n == 18)
		rid_format(person, ref);
	else if (n == 15)
	{
		if (!rid_legacy15(person, ref))
			PG_RETURN_NULL();
	}
	else
		PG_RETURN_NULL();
	PG_RETURN_INT32(al_typed_distance(d, n, ref, n));
}
