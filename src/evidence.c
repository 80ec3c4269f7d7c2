/*
 * evidence.c — fmgr glue for reading departmental evidence columns.  The
 * logic is in evidence_core.c.
 */
#include "aidlink.h"
#include "evidence_core.h"

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
