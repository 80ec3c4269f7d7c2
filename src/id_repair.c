/*
 * id_repair.c — fmgr glue for the linkage's reading of typed identity
 * numbers: how a number was typed (its input form) and, when it is wrong, the
 * valid numbers one keying error away.  The logic is in id_repair_core.c and
 * resident_id_core.c.
 */
#include "aidlink.h"
#include "id_repair_core.h"

#include "funcapi.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(resident_id_input_form);
PG_FUNCTION_INFO_V1(resident_id_repair_candidates);

/*
 * 'canonical' when the text is exactly the number's 18 characters,
 * 'legacy' for a valid 15-digit number, 'normalised' for any other text the
 * lenient parser accepts (spaces, hyphens, full-width characters, lower-case
 * x), NULL when the text is not a valid number.
 */
Datum
resident_id_input_form(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	size_t		ulen;
	const char *u = al_input_utf8(s, len, &ulen);
	int64_t		body;
	al_error	err;
	char		canon[19];
	al_scan		sc;

	if (!rid_parse(u, ulen, true, &body, &err))
		PG_RETURN_NULL();
	rid_format(body, canon);
	if (ulen == 18 && memcmp(u, canon, 18) == 0)
		PG_RETURN_DATUM(al_text_datum("canonical"));
	al_scan_text(u, ulen, true, AL_SCAN_KEEP, &sc);
	PG_RETURN_DATUM(al_text_datum(sc.nchars == 15 ? "legacy" : "normalised"));
}

/* SETOF (candidate resident_id, edit text), materialised. */
Datum
resident_id_repair_candidates(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t = PG_GETARG_TEXT_PP(0);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	rid_candidate cand[RID_MAX_CANDIDATES];	/* 4.8 kB: no allocation per row */
	int			n;

	al_materialize_srf(fcinfo);
	n = rid_repair_candidates(u, ulen, cand);
	for (int i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		char		edit[64];

		rid_describe_edit(&cand[i], edit, sizeof(edit));
		values[0] = Int64GetDatum(cand[i].body);
		values[1] = al_text_datum(edit);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
