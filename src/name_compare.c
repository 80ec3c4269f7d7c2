/*
 * name_compare.c — fmgr glue for the name comparators (aidlink.name_*).
 *
 * Text is converted to UTF-8 (al_input_utf8), checked, and folded by the
 * plain-C core in name_compare_core.c; text results are converted back to the
 * database encoding.  An empty name (nothing left once folded) compares as
 * NULL, like a missing one.
 */
#include "aidlink.h"
#include "name_compare_core.h"

#include <math.h>

#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(name_fold);
PG_FUNCTION_INFO_V1(name_pinyin);
PG_FUNCTION_INFO_V1(name_surname);
PG_FUNCTION_INFO_V1(name_given);
PG_FUNCTION_INFO_V1(name_jaro_winkler);
PG_FUNCTION_INFO_V1(name_edit_distance);
PG_FUNCTION_INFO_V1(name_sounds_alike);
PG_FUNCTION_INFO_V1(name_comparison_level);

/* Raise the error for text u[0..len) that is not UTF-8, if it is not. */
static void
check_utf8(FunctionCallInfo fcinfo, const char *u, size_t len)
{
	long		bad = al_utf8_check(u, len);

	if (bad >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("a name given to %s() is not valid UTF-8",
						get_func_name(fcinfo->flinfo->fn_oid)),
				 errdetail("Byte %ld of %zu, 0x%02x, does not begin a valid UTF-8 character.",
						   bad + 1, len, (unsigned char) u[bad])));
}

/* A text argument as UTF-8, not yet checked. */
static const char *
arg_raw_utf8(FunctionCallInfo fcinfo, int argno, size_t *len)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);

	return al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), len);
}

/* A text argument as UTF-8 that has been checked; an error if it is not. */
static const char *
arg_utf8(FunctionCallInfo fcinfo, int argno, size_t *len)
{
	const char *u = arg_raw_utf8(fcinfo, argno, len);

	check_utf8(fcinfo, u, *len);
	return u;
}

/* Argument argno folded: palloc'd code points, their number in *n. */
static uint32_t *
arg_folded(FunctionCallInfo fcinfo, int argno, size_t *n)
{
	size_t		len;
	const char *u = arg_utf8(fcinfo, argno, &len);
	uint32_t   *cp = palloc((len + 1) * sizeof(uint32_t));

	*n = al_name_fold(u, len, cp);
	return cp;
}

/*
 * The middle dot of folded names, U+00B7, has no equivalent in some database
 * encodings (EUC_CN writes its dot as U+30FB): there the first of U+00B7,
 * U+30FB, U+2022 and "." that the encoding has stands for it.  Chosen once
 * per session (the database encoding does not change).
 */
static const char *
server_dot(void)
{
	static const char *const dots[] = {"\xC2\xB7", "\xE3\x83\xBB", "\xE2\x80\xA2", "."};
	static const char *chosen = NULL;
	int			enc = GetDatabaseEncoding();
	Oid			proc;
	const char *pick = dots[3];

	if (chosen != NULL)
		return chosen;
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return chosen = dots[0];
	proc = FindDefaultConversionProc(PG_UTF8, enc);
	if (OidIsValid(proc))
	{
		for (int i = 0; i < 3; i++)
		{
			unsigned char out[16];
			int			len = (int) strlen(dots[i]);

			if (pg_do_encoding_conversion_buf(proc, PG_UTF8, enc, (unsigned char *) dots[i], len,
											  out, sizeof(out), true) == len)
			{
				pick = dots[i];
				break;
			}
		}
	}
	return chosen = pick;
}

/* A text datum of UTF-8 s[0..len), in the database encoding. */
static text *
utf8_text(const char *s, size_t len)
{
	const char *conv;
	const char *dot = server_dot();

	if (strcmp(dot, "\xC2\xB7") != 0 && memchr(s, 0xC2, len) != NULL)
	{
		/* put the dot the database has in place of U+00B7 */
		StringInfoData buf;

		initStringInfo(&buf);
		for (size_t i = 0; i < len; i++)
		{
			if (i + 1 < len && (unsigned char) s[i] == 0xC2 && (unsigned char) s[i + 1] == 0xB7)
			{
				appendStringInfoString(&buf, dot);
				i++;
			}
			else
				appendStringInfoChar(&buf, s[i]);
		}
		s = buf.data;
		len = (size_t) buf.len;
	}
	conv = pg_any_to_server(s, (int) len, PG_UTF8);

	return cstring_to_text_with_len(conv, conv == s ? (int) len : (int) strlen(conv));
}

static text *
cps_text(const uint32_t *cp, size_t n)
{
	char	   *buf = palloc(4 * n + 1);
	size_t		len = al_utf8_encode(cp, n, buf);

	return utf8_text(buf, len);
}

Datum
name_fold(PG_FUNCTION_ARGS)
{
	size_t		n;
	uint32_t   *cp = arg_folded(fcinfo, 0, &n);

	PG_RETURN_TEXT_P(cps_text(cp, n));
}

Datum
name_pinyin(PG_FUNCTION_ARGS)
{
	size_t		n;
	uint32_t   *cp = arg_folded(fcinfo, 0, &n);
	char	   *buf = palloc(al_name_pinyin_size(n));
	size_t		len = al_name_pinyin(cp, n, buf);

	PG_RETURN_TEXT_P(utf8_text(buf, len));
}

Datum
name_surname(PG_FUNCTION_ARGS)
{
	size_t		n;
	uint32_t   *cp = arg_folded(fcinfo, 0, &n);
	size_t		s = al_name_surname_len(cp, n);

	if (s == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cps_text(cp, s));
}

/* The given name: after the surname; the whole name when there is no Han
 * surname to split; NULL when nothing follows the surname. */
Datum
name_given(PG_FUNCTION_ARGS)
{
	size_t		n;
	uint32_t   *cp = arg_folded(fcinfo, 0, &n);
	size_t		s = al_name_surname_len(cp, n);

	if (n == 0 || s == n)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cps_text(cp + s, n - s));
}

Datum
name_jaro_winkler(PG_FUNCTION_ARGS)
{
	size_t		n,
				m;
	uint32_t   *a = arg_folded(fcinfo, 0, &n);
	uint32_t   *b = arg_folded(fcinfo, 1, &m);

	if (n == 0 || m == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(al_name_jaro_winkler(a, n, b, m, palloc(al_name_jw_work_size(n, m))));
}

Datum
name_edit_distance(PG_FUNCTION_ARGS)
{
	size_t		n,
				m;
	uint32_t   *a = arg_folded(fcinfo, 0, &n);
	uint32_t   *b = arg_folded(fcinfo, 1, &m);

	if (n == 0 || m == 0)
		PG_RETURN_NULL();
	if (n > AL_NAME_EDIT_MAX || m > AL_NAME_EDIT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("name_edit_distance() compares names of at most %d characters",
						AL_NAME_EDIT_MAX),
				 errdetail("The names have %zu and %zu characters once folded.", n, m),
				 errhint("name_comparison_level() and name_jaro_winkler() take names of any length.")));
	PG_RETURN_INT32((int32) al_name_osa(a, n, b, m, palloc(al_name_osa_work_size(n, m))));
}

Datum
name_sounds_alike(PG_FUNCTION_ARGS)
{
	size_t		n,
				m;
	uint32_t   *a = arg_folded(fcinfo, 0, &n);
	uint32_t   *b = arg_folded(fcinfo, 1, &m);

	if (n == 0 || m == 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(al_name_homophone(a, n, b, m));
}

/*
 * The level of text arguments 0 and 1 (as UTF-8 in *a, *b), with work in
 * stack (256 code points) when it is big enough; an error, saying where,
 * when a name is not valid UTF-8.
 */
static al_name_result
compare_args(FunctionCallInfo fcinfo, double similar_at, uint32_t stack[256],
			 const char **a, size_t *alen, const char **b, size_t *blen)
{
	size_t		need;
	al_name_result r;

	*a = arg_raw_utf8(fcinfo, 0, alen);
	*b = arg_raw_utf8(fcinfo, 1, blen);
	need = al_name_compare_work_size(*alen, *blen);
	r = al_name_compare(*a, *alen, *b, *blen, similar_at,
						need <= 256 * sizeof(uint32_t) ? (void *) stack : palloc(need));
	if (r == AL_NAME_INVALID)	/* the core checks; the error says where */
	{
		check_utf8(fcinfo, *a, *alen);
		check_utf8(fcinfo, *b, *blen);
	}
	return r;
}

Datum
name_comparison_level(PG_FUNCTION_ARGS)
{
	size_t		alen,
				blen;
	const char *a,
			   *b;
	double		similar_at = PG_GETARG_FLOAT8(2);
	uint32_t	stack[256];
	al_name_result r;
	const char *code;

	if (isnan(similar_at) || similar_at < 0.0 || similar_at > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("similar_at must be between 0 and 1"),
				 errdetail("It is the Jaro-Winkler similarity from which two names are \"similar\"; it is %g.",
						   similar_at)));
	r = compare_args(fcinfo, similar_at, stack, &a, &alen, &b, &blen);
	code = al_name_result_code(r);
	if (code == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(code));
}

/*
 * Whether code point c is left out when names are compared "punctuation
 * aside": ASCII punctuation, the middle dot of minority names, general
 * punctuation (U+2000-U+206F) and CJK symbols and punctuation
 * (U+3000-U+303F).  Folding has already dropped white space and turned
 * full-width ASCII into ASCII.
 */
static bool
is_name_punctuation(uint32_t c)
{
	if (c < 0x80)
		return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
			(c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
	return c == AL_NAME_DOT || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
		c == 0x30FB;
}

/* a[0..n) and b[0..m) are equal once punctuation is left out of both. */
static bool
same_but_punctuation(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t		i = 0,
				j = 0;

	for (;;)
	{
		while (i < n && is_name_punctuation(a[i]))
			i++;
		while (j < m && is_name_punctuation(b[j]))
			j++;
		if (i == n || j == m)
			return i == n && j == m;
		if (a[i++] != b[j++])
			return false;
	}
}

PG_FUNCTION_INFO_V1(link_names_agree);

/*
 * aidlink.link_names_agree(a, b, homophones): the same name, a variant, a
 * homophone (when homophones), or the same once folded and punctuation
 * aside.  NULL when neither holds and a name is empty once folded (no
 * evidence either way).
 */
Datum
link_names_agree(PG_FUNCTION_ARGS)
{
	size_t		alen,
				blen;
	const char *a,
			   *b;
	bool		homophones = PG_GETARG_BOOL(2);
	uint32_t	stack[256];
	al_name_result r;
	uint32_t   *fa,
			   *fb;
	size_t		n,
				m;

	r = compare_args(fcinfo, AL_NAME_SIMILAR_AT, stack, &a, &alen, &b, &blen);
	if (r == AL_NAME_EXACT || r == AL_NAME_VARIANT || (homophones && r == AL_NAME_HOMOPHONE))
		PG_RETURN_BOOL(true);

	if (alen + blen + 2 <= sizeof(stack) / sizeof(stack[0]))
	{
		fa = stack;
		fb = stack + alen + 1;
	}
	else
	{
		fa = palloc((alen + 1) * sizeof(uint32_t));
		fb = palloc((blen + 1) * sizeof(uint32_t));
	}
	n = al_name_fold(a, alen, fa);
	m = al_name_fold(b, blen, fb);
	if (same_but_punctuation(fa, n, fb, m))
		PG_RETURN_BOOL(true);
	if (r == AL_NAME_NULL)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(false);
}

PG_FUNCTION_INFO_V1(address_comparison_level);

/*
 * aidlink.address_comparison_level(a, b): exact when the two are equal once
 * folded, similar when their Jaro-Winkler similarity (over folded
 * characters) is at least AL_ADDRESS_SIMILAR_AT (0.9), else different.
 */
Datum
address_comparison_level(PG_FUNCTION_ARGS)
{
	size_t		n,
				m;
	uint32_t   *a = arg_folded(fcinfo, 0, &n);
	uint32_t   *b = arg_folded(fcinfo, 1, &m);

	PG_RETURN_TEXT_P(cstring_to_text(al_address_result_code(
		al_address_compare(a, n, b, m, palloc(al_name_jw_work_size(n, m))))));
}
