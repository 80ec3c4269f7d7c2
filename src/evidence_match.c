/*
 * evidence_match.c — the weight of one candidate pair of the probabilistic
 * method (extension/0.2/25_probabilistic.sql): the comparison level of each
 * field, weighed with the partial weights log2(m/u) the run read from
 * aidlink.match_weights, and a bound that stops as soon as the pair cannot
 * reach the review threshold any more.
 *
 * No weight is written here: the caller passes them, one per level, in the
 * order of aidlink.match_weight_slots().  The levels are those of the SQL
 * functions aidlink.explain_link() shows (name_comparison_level,
 * birth_date_comparison_level, address_comparison_level, ...), computed by
 * the same C cores, so a link's weight is the sum of its explanation.
 */
#include "aidlink.h"
#include "evidence_core.h"
#include "name_compare_core.h"
#include "resident_id_core.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"

/* The levels weighed, in the order of the weights array. */
enum
{
	SLOT_ID_EXACT = 0,
	SLOT_ID_ONE_EDIT,
	SLOT_ID_TWO_EDITS,
	SLOT_ID_DIFFERENT,
	SLOT_NAME,					/* + al_name_result - 1 (exact .. different) */
	SLOT_BIRTH = SLOT_NAME + AL_NAME_DIFFERENT, /* + al_date_level - 1 */
	SLOT_SEX_EXACT = SLOT_BIRTH + AL_DATE_DIFFERENT,
	SLOT_SEX_DIFFERENT,
	SLOT_PHONE_EXACT,
	SLOT_PHONE_DIFFERENT,
	SLOT_ADDRESS,				/* + al_address_result - 1 */
	SLOT_COUNT = SLOT_ADDRESS + AL_ADDRESS_DIFFERENT
};

/* The field and level of a slot. */
static void
slot_names(int slot, const char **field, const char **level)
{
	static const char *const id_levels[] = {"exact", "one_edit", "two_edits", "different"};

	if (slot < SLOT_NAME)
	{
		*field = "id_number";
		*level = id_levels[slot];
	}
	else if (slot < SLOT_BIRTH)
	{
		*field = "name";
		*level = al_name_result_code((al_name_result) (slot - SLOT_NAME + 1));
	}
	else if (slot < SLOT_SEX_EXACT)
	{
		*field = "birth_date";
		*level = al_date_level_code((al_date_level) (slot - SLOT_BIRTH + 1));
	}
	else if (slot < SLOT_PHONE_EXACT)
	{
		*field = "sex";
		*level = slot == SLOT_SEX_EXACT ? "exact" : "different";
	}
	else if (slot < SLOT_ADDRESS)
	{
		*field = "phone";
		*level = slot == SLOT_PHONE_EXACT ? "exact" : "different";
	}
	else
	{
		*field = "address";
		*level = al_address_result_code((al_address_result) (slot - SLOT_ADDRESS + 1));
	}
}

PG_FUNCTION_INFO_V1(match_weight_slots);

/* aidlink.match_weight_slots(): slot, field, level. */
Datum
match_weight_slots(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	al_materialize_srf(fcinfo);
	for (int slot = 0; slot < SLOT_COUNT; slot++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		const char *field,
				   *level;

		slot_names(slot, &field, &level);
		values[0] = Int32GetDatum(slot + 1);
		values[1] = CStringGetTextDatum(field);
		values[2] = CStringGetTextDatum(level);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* The weights array of a query, read once (kept while it stays the same). */
typedef struct weight_cache
{
	Size		len;
	char	   *raw;
	double		bits[SLOT_COUNT];
	double		name_max;		/* the best name level, the tf adjustment aside */
	double		address_max;
} weight_cache;

static const double *
weights_arg(FunctionCallInfo fcinfo, weight_cache **out)
{
	ArrayType  *arr;
	weight_cache *c = (weight_cache *) fcinfo->flinfo->fn_extra;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the weights given to evidence_pair_weight() must not be NULL")));
	arr = PG_GETARG_ARRAYTYPE_P(0);
	if (c != NULL && c->len == VARSIZE(arr) && memcmp(c->raw, arr, c->len) == 0)
	{
		*out = c;
		return c->bits;
	}
	if (ARR_NDIM(arr) != 1 || ARR_ELEMTYPE(arr) != FLOAT8OID ||
		ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) != SLOT_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the weights given to evidence_pair_weight() must be a float8 array of %d elements",
						SLOT_COUNT),
				 errdetail("One partial weight per row of aidlink.match_weight_slots(), in its order; it has %d dimension(s) and %d element(s).",
						   ARR_NDIM(arr), ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)))));
	if (c == NULL)
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(weight_cache));
	else
		pfree(c->raw);
	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	for (int i = 0; i < SLOT_COUNT; i++)
	{
		/* a level the table lacks weighs 0, as in aidlink.match_weight_terms */
		c->bits[i] = nulls[i] ? 0.0 : DatumGetFloat8(elems[i]);
		if (!isfinite(c->bits[i]))
		{
			const char *field,
					   *level;

			slot_names(i, &field, &level);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the weights given to evidence_pair_weight() must be finite"),
					 errdetail("Element %d (%s, %s) is %g.", i + 1, field, level, c->bits[i])));
		}
	}
	c->name_max = 0.0;
	for (int i = SLOT_NAME; i < SLOT_BIRTH; i++)
		c->name_max = Max(c->name_max, c->bits[i]);
	c->address_max = 0.0;
	for (int i = SLOT_ADDRESS; i < SLOT_COUNT; i++)
		c->address_max = Max(c->address_max, c->bits[i]);
	c->raw = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(arr));
	memcpy(c->raw, arr, VARSIZE(arr));
	c->len = VARSIZE(arr);
	fcinfo->flinfo->fn_extra = c;
	*out = c;
	return c->bits;
}

/* Text argument argno as UTF-8; an error, saying which, if it is not. */
static const char *
arg_utf8(FunctionCallInfo fcinfo, int argno, const char *what, size_t *len)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), len);
	long		bad = al_utf8_check(u, *len);

	if (bad >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("the %s given to evidence_pair_weight() is not valid UTF-8", what),
				 errdetail("Byte %ld of %zu, 0x%02x, does not begin a valid UTF-8 character.",
						   bad + 1, *len, (unsigned char) u[bad])));
	return u;
}

/* Are text arguments a and b (both not NULL) the same bytes? */
static bool
args_equal(FunctionCallInfo fcinfo, int a, int b)
{
	text	   *ta = PG_GETARG_TEXT_PP(a);
	text	   *tb = PG_GETARG_TEXT_PP(b);

	return VARSIZE_ANY_EXHDR(ta) == VARSIZE_ANY_EXHDR(tb) &&
		memcmp(VARDATA_ANY(ta), VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(ta)) == 0;
}

/* The keying errors between the typed number and the person's, -1 when they
 * cannot be counted; *shaped: the text has 15 or 18 number characters. */
static int
typed_distance(FunctionCallInfo fcinfo, int argno, int64 person, bool *shaped)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	size_t		ulen;
	const char *u = al_input_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &ulen);
	char		d[AL_TYPED_MAX];
	char		ref[19];
	size_t		n = al_typed_number_chars(u, ulen, d);

	*shaped = (n == 15 || n == 18);
	if (n == 18)
		rid_format(person, ref);
	else if (n != 15 || !rid_legacy15(person, ref))
		return -1;
	return al_typed_distance(d, n, ref, n);
}

PG_FUNCTION_INFO_V1(evidence_pair_weight);

/*
 * aidlink.evidence_pair_weight(weights, prior, floor, outside, near, typed,
 * person, name_a, name_b, name_tf, birth_a, birth_b, sex_a, sex_b, phone_a,
 * phone_b, address_a, address_b): the total match weight of a source row (a)
 * and a reference person (b), or NULL when it is below floor (NULL: no
 * floor), or when outside (the typed number is valid and names nobody) and
 * the person's number is more than two keying errors from it.  The cheap
 * fields are weighed first; the names and addresses only while the best
 * they could add still reaches floor.
 */
Datum
evidence_pair_weight(PG_FUNCTION_ARGS)
{
	weight_cache *wc;
	const double *w = weights_arg(fcinfo, &wc);
	double		prior;
	bool		prune = !PG_ARGISNULL(2);
	double		floor_w = prune ? PG_GETARG_FLOAT8(2) : 0.0;
	bool		outside = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	bool		near = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	bool		names = !PG_ARGISNULL(7) && !PG_ARGISNULL(8);
	bool		addresses = !PG_ARGISNULL(16) && !PG_ARGISNULL(17);
	double		tf = PG_ARGISNULL(9) ? 0.0 : PG_GETARG_FLOAT8(9);
	double		w_id = 0.0,
				w_name = 0.0,
				w_tf = 0.0,
				w_birth = 0.0,
				w_sex = 0.0,
				w_phone = 0.0,
				w_address = 0.0;
	double		name_max,
				total;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the prior given to evidence_pair_weight() must not be NULL")));
	prior = PG_GETARG_FLOAT8(1);

	/* The number: one keying error (near), two, or another number. */
	if (!PG_ARGISNULL(5) && !PG_ARGISNULL(6))
	{
		bool		shaped;
		int			dist = typed_distance(fcinfo, 5, PG_GETARG_INT64(6), &shaped);

		if (outside && (dist < 0 || dist > 2))
			PG_RETURN_NULL();
		if (near)
			w_id = w[SLOT_ID_ONE_EDIT];
		else if (dist == 2)
			w_id = w[SLOT_ID_TWO_EDITS];
		else if (shaped)
			w_id = w[SLOT_ID_DIFFERENT];
	}
	else if (outside)
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(10) && !PG_ARGISNULL(11))
		w_birth = w[SLOT_BIRTH - 1 +
					al_birth_date_dates_level(PG_GETARG_DATEADT(10), PG_GETARG_DATEADT(11))];
	if (!PG_ARGISNULL(12) && !PG_ARGISNULL(13))
		w_sex = w[args_equal(fcinfo, 12, 13) ? SLOT_SEX_EXACT : SLOT_SEX_DIFFERENT];
	if (!PG_ARGISNULL(14) && !PG_ARGISNULL(15))
		w_phone = w[args_equal(fcinfo, 14, 15) ? SLOT_PHONE_EXACT : SLOT_PHONE_DIFFERENT];

	/* The bound: what the names and the addresses could still add. */
	name_max = names ? Max(wc->name_max, w[SLOT_NAME] + tf) : 0.0;
	if (prune && prior + w_id + w_birth + w_sex + w_phone + name_max +
		(addresses ? wc->address_max : 0.0) < floor_w)
		PG_RETURN_NULL();

	if (names)
	{
		size_t		alen,
					blen,
					need;
		const char *a = arg_utf8(fcinfo, 7, "row's name", &alen);
		const char *b = arg_utf8(fcinfo, 8, "person's name", &blen);
		uint32_t	stack[256];
		al_name_result r;

		need = al_name_compare_work_size(alen, blen);
		r = al_name_compare(a, alen, b, blen, AL_NAME_SIMILAR_AT,
							need <= sizeof(stack) ? (void *) stack : palloc(need));
		if (r >= AL_NAME_EXACT)
			w_name = w[SLOT_NAME - 1 + r];
		if (r == AL_NAME_EXACT)
			w_tf = tf;
		if (prune && prior + w_id + w_name + w_tf + w_birth + w_sex + w_phone +
			(addresses ? wc->address_max : 0.0) < floor_w)
			PG_RETURN_NULL();
	}
	if (addresses)
	{
		size_t		alen,
					blen;
		const char *a = arg_utf8(fcinfo, 16, "row's address", &alen);
		const char *b = arg_utf8(fcinfo, 17, "person's address", &blen);
		uint32_t   *fa = palloc((alen + blen + 2) * sizeof(uint32_t));
		size_t		n = al_name_fold(a, alen, fa);
		uint32_t   *fb = fa + n;
		size_t		m = al_name_fold(b, blen, fb);

		w_address = w[SLOT_ADDRESS - 1 +
					  al_address_compare(fa, n, fb, m, palloc(al_name_jw_work_size(n, m)))];
	}

	/* the same order of addition as aidlink.match_weight_terms's waterfall */
	total = prior + w_id + w_name + w_tf + w_birth + w_sex + w_phone + w_address;
	if (prune && total < floor_w)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(total);
}
