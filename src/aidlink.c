/*
 * aidlink.c — the module's registration and the glue its types share:
 * encoding of input, and the one way an invalid value is reported.
 */
#include "aidlink.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

/* How much of a rejected value is echoed in the error message. */
#define AL_ECHO_BYTES 64

static bool
all_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) s[i] >= 0x80)
			return false;
	return true;
}

const char *
al_input_utf8(const char *s, size_t len, size_t *outlen)
{
	int			enc = GetDatabaseEncoding();
	char	   *conv;

	*outlen = len;
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII || all_ascii(s, len))
		return s;
	conv = (char *) pg_server_to_any(s, (int) len, PG_UTF8);
	if (conv != s)
		*outlen = strlen(conv);
	return conv;
}

/* The detail is built in UTF-8; the server wants its own encoding. */
static const char *
detail_to_server(const char *detail)
{
	int			enc = GetDatabaseEncoding();

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII || all_ascii(detail, strlen(detail)))
		return detail;
	return pg_any_to_server(detail, (int) strlen(detail), PG_UTF8);
}

void
al_report_invalid(const char *typname, const char *input, size_t len,
				  const char *utf8, const al_error *err, al_describe_fn describe)
{
	char		detail[512];
	char	   *echo;
	int			keep;
	bool		cut = false;

	describe(err, utf8, detail, sizeof(detail));

	/* Quote at most AL_ECHO_BYTES of the value, cut on a character boundary. */
	keep = (int) len;
	if (len > AL_ECHO_BYTES)
	{
		keep = pg_mbcliplen(input, (int) len, AL_ECHO_BYTES);
		cut = true;
	}
	echo = pnstrdup(input, keep);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s%s\"",
					typname, echo, cut ? "..." : ""),
			 errdetail("%s", detail_to_server(detail)),
			 (err->problem == AL_BAD_CHARACTER && err->bad.ascii != 0 &&
			  (err->bad.ascii == ' ' || err->bad.ascii == '-' || err->bad.ascii == '\'')) ?
			 errhint("aidlink.to_%s() accepts spaces and hyphens inside the value, and a leading apostrophe.", typname) : 0));
	pg_unreachable();
}

void
al_report_invalid_binary(const char *typname, const al_error *err, al_describe_fn describe)
{
	char		detail[512];

	describe(err, NULL, detail, sizeof(detail));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type %s", typname),
			 errdetail("%s", detail_to_server(detail))));
	pg_unreachable();
}

Datum
al_text_datum(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

void
al_materialize_srf(FunctionCallInfo fcinfo)
{
#if PG_VERSION_NUM >= 150000
	InitMaterializedSRF(fcinfo, 0);
#else
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	tupdesc;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = CreateTupleDescCopy(tupdesc);
	rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
#endif
}
