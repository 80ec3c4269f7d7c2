/*
 * aid_engine.c — the calculation engine of the aid rules (issue 5):
 * aidlink.aid_lines(month, household, with_trace).
 *
 * The policy in force for the month (rules, parameters, schedules, the
 * policies' regions and categories, the uncovered categories and the pairs of
 * rules that could pay one benefit twice) is read once, by SQL, into memory.
 * The households are then read in one ordered pass (households joined with
 * their members, one row per member) and each is evaluated here, in C, with
 * numeric arithmetic (the same functions, so the same values and scales as
 * the SQL formulas), lines going into the result's tuplestore.  The checks of
 * aidlink.aid_check_inputs are made on the way: the first household meeting
 * each problem is remembered and, after the pass, the problems are raised in
 * the order aid_check_inputs raises them, with its messages.
 *
 * Mechanisms only: every amount, rate, category, region and rounding rule is
 * read from the policy tables.  The claims of the month (and, for cost-share
 * rules with a year cap, what the ledger aidlink.aid_ledger says was paid in
 * the earlier months of the year to the households claiming this month) are
 * held in memory, keyed by household; households are not: memory is bounded
 * by the rules, the regions and the month's claims, not by the number of
 * households (the per-household context is reset after each one).
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/rel.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"
#include "utils/varlena.h"

#include "aidlink.h"

#include "utils/rls.h"
#include "aid_engine_core.h"

PG_FUNCTION_INFO_V1(aid_lines);
PG_FUNCTION_INFO_V1(aid_write_lines);

/* the bracket schedule functions (src/schedule.c) */
extern Datum bracket_schedule_apply(PG_FUNCTION_ARGS);
extern Datum bracket_schedule_bracket(PG_FUNCTION_ARGS);
extern Datum bracket_schedule_rate(PG_FUNCTION_ARGS);

typedef enum
{
	K_PER_PERSON_MONTH,
	K_PER_HOUSEHOLD_MONTH,
	K_PER_MEMBER_YEAR,
	K_TOP_UP,
	K_COST_SHARE,
	K_STAGED,
	K_SCHEDULE
} rule_kind;

#define STD_CACHE 16			/* top-up: standard x members cached for 1..16 */

typedef struct rule
{
	char	   *policy;
	char	   *region;
	char	   *rule;
	char	   *benefit;
	char	   *kindname;
	char	   *attribute;		/* NULL when none */
	rule_kind	kind;
	bool		cats_null;
	int			ncats;
	char	  **cats;
	int			round_digits;
	bool		round_down;
	char	   *rounding_label; /* 'fen half_up' */
	Datum		policy_t,
				benefit_t,
				rule_t,
				how_t;
	bool		has_how;
	/* parameters (numeric datums; null flags) */
	Datum		amount,
				payment_month,
				standard,
				floor_amount,
				minimum_payment,
				rate,
				claim_cap,
				year_cap,
				schedule;
	bool		amount_null,
				payment_month_null,
				standard_null,
				rate_null,
				claim_cap_null,
				year_cap_null,
				schedule_null;
	int			nstages;
	Datum	   *stages;
	Jsonb	   *params;
	char	   *missing;		/* a required parameter without a value, or NULL */
	bool		pays_this_month;	/* per_member_year */
	bool		twelfths;		/* per_member_year, how = twelfths: a twelfth each month */
	int			twelfth_no;		/* which twelfth this month is (1-12, from the payment month) */
	Datum		twelfth;		/* and its amount per member */
	int			attr_idx;		/* per_member_year: index of its attribute */
	Datum		std_times[STD_CACHE + 1];
	bool		std_done[STD_CACHE + 1];
} rule;

typedef struct uncovered
{
	char	   *policy;
	char	   *region;
	char	   *category;
} uncovered;

typedef struct pair
{
	rule	   *a;
	rule	   *b;
} pair;

/* what applies to the households of one region and category */
typedef struct combo
{
	uint32		hash;
	char	   *region;
	int			regionlen;
	char	   *category;		/* NULL: none */
	int			categorylen;
	struct combo *next;
	int			ncat;
	rule	  **cat_rules;		/* per_person_month, per_household_month, top_up */
	int			nyear;
	rule	  **year_rules;		/* per_member_year paid this month */
	int			nclaim;
	rule	  **claim_rules;	/* cost_share, staged, schedule */
	bool		no_policy;
	rule	   *missing;
	uncovered  *uncov;
	pair	   *amb;
} combo;

typedef struct claim
{
	char	   *claim_no;
	Datum		claim_no_t;
	DateADT		claim_date;
	char	   *kind;
	Datum		amount;
	struct claim *next;
} claim;

/* what the ledger says a household was paid in an earlier month of the year
 * under one policy, benefit and cost kind (cost-share rules with a year cap) */
typedef struct paid_month
{
	char	   *policy;
	char	   *benefit;
	char	   *attribute;
	char	   *month;			/* YYYY-MM */
	Datum		run_id;			/* int8 */
	Datum		amount;
	struct paid_month *next;
} paid_month;

typedef struct hh_claims
{
	uint32		hash;
	char	   *household;
	int			len;
	claim	   *first;			/* the month's claims, by date and number */
	claim	   *last;
	paid_month *paid_first;		/* the ledger, by policy, benefit, cost kind, month */
	paid_month *paid_last;
	struct hh_claims *next;
} hh_claims;

/* the lines written straight into aidlink.aid_payments (aid_write_lines) */
#define WRITE_BATCH 1000

typedef struct writer
{
	Relation	rel;
	EState	   *estate;
	ResultRelInfo *rri;
	BulkInsertState bistate;
	CommandId	cid;
	Datum		run;
	TupleTableSlot *slots[WRITE_BATCH];
	int			n;
	int64		households;		/* households with a line */
	int64		last_household; /* the engine's household count at the last line */
	Datum		total;
} writer;

/* the first household met with each problem, in aid_check_inputs' order */
typedef enum
{
	P_REGION,
	P_NEGATIVE_INCOME,
	P_MISSING,
	P_UNCOVERED,
	P_AMBIGUOUS,
	P_COUNT
} problem;

typedef struct engine
{
	DestReceiver pub;			/* first: the receiver of the household rows */
	MemoryContext cxt;			/* rules, combos, claims */
	MemoryContext hcxt;			/* one household, reset after each */
	DateADT		month;
	DateADT		year_start;
	int			month_of_year;
	char	   *month_label;	/* YYYY-MM */
	char	   *month_text;		/* YYYY-MM-DD */
	bool		with_trace;
	Tuplestorestate *out;
	TupleDesc	outdesc;
	writer	   *w;				/* when set, lines go there, not to out */

	int			nrules;
	rule	   *rules;
	int			npolicies;
	char	  **policy_regions;
	int			nuncovered;
	uncovered  *uncov;
	int			npairs;
	pair	   *pairs;
	int			nwanted;
	char	  **wanted;			/* member attributes of the yearly rules paid this month */
	int		   *wantedlen;

	combo	  **combos;			/* hash buckets */
	int			ncombobuckets;
	hh_claims **claims;			/* hash buckets, NULL when no claims */
	int			nclaimbuckets;
	uint64	   *claimbits;		/* a bit per hash value (mod its size): households that may claim */
	uint32		claimbitmask;

	/* the household being read */
	text	   *hh_buf;			/* its number, as text (reused) */
	int			hh_cap;
	struct varlena *inc_buf;	/* its income, an unpacked numeric (reused) */
	int			inc_cap;
	bool		have_hh;
	char	   *hh_no;
	int			hh_len;
	Datum		hh_no_t;
	combo	   *hh_combo;
	Datum		hh_income;
	int64		hh_members;
	int		   *hh_attr_counts;

	bool		failed;			/* some problem met: no more lines */
	bool		seen[P_COUNT];
	char	   *p_household[P_COUNT];
	char	   *p_region;		/* P_REGION */
	char	   *p_income;		/* P_NEGATIVE_INCOME */
	rule	   *p_rule;			/* P_MISSING */
	uncovered  *p_uncov;		/* P_UNCOVERED */
	char	   *p_category;
	pair	   *p_pair;			/* P_AMBIGUOUS */

	Datum		zero;
	Datum		hundred;
	int64		lines;
	int64		households;		/* households read (those with members) */
} engine;

/* ---------------------------------------------------------------- numeric */

static Datum
num_int(int64 v)
{
	return NumericGetDatum(int64_to_numeric(v));
}

static Datum
num_mul(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_mul, a, b);
}

static Datum
num_sub(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_sub, a, b);
}

static Datum
num_add(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_add, a, b);
}

static Datum
num_div(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_div, a, b);
}

static int
num_cmp(Datum a, Datum b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, a, b));
}

/* greatest(a, b) / least(a, b) as SQL evaluates them: the first on a tie */
static Datum
num_greatest(Datum a, Datum b)
{
	return num_cmp(b, a) > 0 ? b : a;
}

static Datum
num_least(Datum a, Datum b)
{
	return num_cmp(b, a) < 0 ? b : a;
}

/* aidlink.aid_round */
static Datum
num_round(const rule *r, Datum x)
{
	if (r->round_down)
		return DirectFunctionCall2(numeric_trunc, x, Int32GetDatum(r->round_digits));
	return DirectFunctionCall2(numeric_round, x, Int32GetDatum(r->round_digits));
}

/* ------------------------------------------------------------------ jsonb */

static void
jb_key(JsonbParseState **st, const char *k)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) k;
	v.val.string.len = strlen(k);
	pushJsonbValue(st, WJB_KEY, &v);
}

static void
jb_str(JsonbParseState **st, const char *k, const char *s)
{
	JsonbValue	v;

	jb_key(st, k);
	if (s == NULL)
		v.type = jbvNull;
	else
	{
		v.type = jbvString;
		v.val.string.val = (char *) s;
		v.val.string.len = strlen(s);
	}
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
jb_num(JsonbParseState **st, const char *k, Datum n, bool isnull)
{
	JsonbValue	v;

	jb_key(st, k);
	if (isnull)
		v.type = jbvNull;
	else
	{
		v.type = jbvNumeric;
		v.val.numeric = DatumGetNumeric(n);
	}
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
jb_date(JsonbParseState **st, const char *k, DateADT d)
{
	/* palloc'd: the value is read when the object is made, not when pushed */
	jb_str(st, k, JsonEncodeDateTime(NULL, DateADTGetDatum(d), DATEOID, NULL));
}

static void
jb_jsonb(JsonbParseState **st, const char *k, Jsonb *j)
{
	JsonbValue	v;

	jb_key(st, k);
	v.type = jbvBinary;
	v.val.binary.data = &j->root;
	v.val.binary.len = VARSIZE(j) - VARHDRSZ;
	pushJsonbValue(st, WJB_VALUE, &v);
}

/* the part every trace has; leaves the object open */
static void
trace_begin(JsonbParseState **st, const rule *r)
{
	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	jb_str(st, "kind", r->kindname);
	jb_str(st, "policy", r->policy);
	jb_str(st, "rule", r->rule);
	jb_jsonb(st, "parameters", r->params);
	jb_str(st, "rounding", r->rounding_label);
}

static Datum
trace_end(JsonbParseState **st)
{
	JsonbValue *res = pushJsonbValue(st, WJB_END_OBJECT, NULL);

	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/* ------------------------------------------------------------------ lines */

static void write_line(engine *e, Datum *values, bool *nulls);

static void
emit_full(engine *e, const rule *r, Datum quantity, Datum rate_or_amount, bool rate_null,
		  Datum amount, bool amount_null, Datum trace, bool trace_null)
{
	Datum		values[8];
	bool		nulls[8] = {false, false, false, false, false, false, false, false};

	values[0] = e->hh_no_t;
	values[1] = r->policy_t;
	values[2] = r->benefit_t;
	values[3] = r->rule_t;
	values[4] = quantity;
	values[5] = rate_or_amount;
	nulls[5] = rate_null;
	values[6] = amount;
	nulls[6] = amount_null;
	values[7] = trace;
	nulls[7] = trace_null;
	if (e->w)
		write_line(e, values, nulls);
	else
		tuplestore_putvalues(e->out, e->outdesc, values, nulls);
	e->lines++;
}

static void
emit(engine *e, const rule *r, Datum quantity, Datum rate_or_amount, bool rate_null,
	 Datum amount, Datum trace, bool trace_null)
{
	emit_full(e, r, quantity, rate_or_amount, rate_null, amount, false, trace, trace_null);
}

static const char *
category_of(const engine *e)
{
	return e->hh_combo->category;
}

static Datum
standard_times(engine *e, rule *r, int64 members)
{
	Datum		d;

	if (members <= STD_CACHE && r->std_done[members])
		return r->std_times[members];
	if (members <= STD_CACHE)
	{
		MemoryContext old = MemoryContextSwitchTo(e->cxt);

		d = num_mul(r->standard, num_int(members));
		MemoryContextSwitchTo(old);
		r->std_times[members] = d;
		r->std_done[members] = true;
		return d;
	}
	return num_mul(r->standard, num_int(members));
}

static void
lines_category(engine *e, rule *r)
{
	JsonbParseState *st = NULL;
	Datum		members;
	Datum		trace = (Datum) 0;

	switch (r->kind)
	{
		case K_PER_PERSON_MONTH:
			members = num_int(e->hh_members);
			if (e->with_trace)
			{
				trace_begin(&st, r);
				jb_key(&st, "facts");
				pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
				jb_str(&st, "category", category_of(e));
				jb_num(&st, "members", members, false);
				pushJsonbValue(&st, WJB_END_OBJECT, NULL);
				jb_str(&st, "formula", "members x amount");
				trace = trace_end(&st);
			}
			emit(e, r, members, r->amount, false, num_round(r, num_mul(members, r->amount)),
				 trace, !e->with_trace);
			break;
		case K_PER_HOUSEHOLD_MONTH:
			if (e->with_trace)
			{
				trace_begin(&st, r);
				jb_key(&st, "facts");
				pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
				jb_str(&st, "category", category_of(e));
				pushJsonbValue(&st, WJB_END_OBJECT, NULL);
				jb_str(&st, "formula", "amount");
				trace = trace_end(&st);
			}
			emit(e, r, num_int(1), r->amount, false, num_round(r, r->amount), trace, !e->with_trace);
			break;
		case K_TOP_UP:
			{
				Datum		due = standard_times(e, r, e->hh_members);
				Datum		paid;

				if (num_cmp(e->hh_income, due) >= 0)
					break;
				paid = num_round(r, num_greatest(num_sub(due, e->hh_income), r->floor_amount));
				if (num_cmp(paid, r->minimum_payment) < 0 || num_cmp(paid, e->zero) <= 0)
					break;
				members = num_int(e->hh_members);
				if (e->with_trace)
				{
					trace_begin(&st, r);
					jb_key(&st, "facts");
					pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
					jb_str(&st, "category", category_of(e));
					jb_num(&st, "members", members, false);
					jb_num(&st, "income", e->hh_income, false);
					jb_num(&st, "income_per_person",
						   DirectFunctionCall2(numeric_round, num_div(e->hh_income, members), Int32GetDatum(2)),
						   false);
					pushJsonbValue(&st, WJB_END_OBJECT, NULL);
					jb_str(&st, "formula", "standard x members - income, at least floor, none below minimum_payment");
					trace = trace_end(&st);
				}
				emit(e, r, members, r->standard, false, paid, trace, !e->with_trace);
			}
			break;
		default:
			break;
	}
}

static void
lines_year(engine *e, rule *r)
{
	int64		n = e->hh_attr_counts[r->attr_idx];
	Datum		q;
	Datum		per_member = r->twelfths ? r->twelfth : r->amount;
	Datum		trace = (Datum) 0;

	if (n == 0)
		return;
	q = num_int(n);
	if (e->with_trace)
	{
		JsonbParseState *st = NULL;

		trace_begin(&st, r);
		jb_key(&st, "facts");
		pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		jb_str(&st, "category", category_of(e));
		jb_str(&st, "attribute", r->attribute);
		jb_num(&st, "members_with_attribute", q, false);
		if (r->twelfths)
			jb_num(&st, "twelfth", num_int(r->twelfth_no), false);
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
		jb_str(&st, "formula",
			   r->twelfths
			   ? "members with the attribute x (amount x twelfth / 12 - amount x (twelfth - 1) / 12, each rounded): a twelfth of the yearly amount a month"
			   : "members with the attribute x yearly amount, paid in the payment month");
		trace = trace_end(&st);
	}
	emit(e, r, q, per_member, false, num_round(r, num_mul(q, per_member)), trace, !e->with_trace);
}

static void
claim_facts_begin(JsonbParseState **st, const rule *r, const claim *c)
{
	trace_begin(st, r);
	jb_key(st, "facts");
	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	jb_str(st, "claim", c->claim_no);
	jb_date(st, "claim_date", c->claim_date);
	jb_num(st, "cost", c->amount, false);
}

/* (a.claim_date, a.claim_no) < (b.claim_date, b.claim_no), claim numbers
 * compared as the database compares text */
static bool
claim_before(const claim *a, const claim *b)
{
	if (a->claim_date != b->claim_date)
		return a->claim_date < b->claim_date;
	return varstr_cmp(a->claim_no, strlen(a->claim_no), b->claim_no, strlen(b->claim_no),
					  DEFAULT_COLLATION_OID) < 0;
}

/* round(least(cost x rate / 100, coalesce(claim_cap, cost))) */
static Datum
share_of(engine *e, const rule *r, Datum cost)
{
	Datum		x = num_div(num_mul(cost, r->rate), e->hundred);

	return num_round(r, num_least(x, r->claim_cap_null ? cost : r->claim_cap));
}

static void
lines_claim(engine *e, rule *r, claim *c, hh_claims *all)
{
	JsonbParseState *st = NULL;
	Datum		trace = (Datum) 0;

	switch (r->kind)
	{
		case K_COST_SHARE:
			{
				Datum		share;
				Datum		ledger = e->zero;
				Datum		this_month = e->zero;
				Datum		earlier = e->zero;
				Datum		paid;
				JsonbParseState *months = NULL;
				claim	   *x;
				paid_month *p;

				if (r->rate_null)
					break;
				share = share_of(e, r, c->amount);
				if (!r->year_cap_null)
				{
					/*
					 * What was paid this year before this claim: in the
					 * earlier months, what the ledger says (the latest run of
					 * each month); in this month, the claims before this one,
					 * paid until the cap was reached (their shares, at most
					 * what the cap left after the ledger).
					 */
					Datum		shares_before = e->zero;

					if (e->with_trace)
						pushJsonbValue(&months, WJB_BEGIN_ARRAY, NULL);
					for (p = all->paid_first; p; p = p->next)
					{
						if (strcmp(p->policy, r->policy) != 0 || strcmp(p->benefit, r->benefit) != 0
							|| strcmp(p->attribute, r->attribute) != 0)
							continue;
						ledger = num_add(ledger, p->amount);
						if (e->with_trace)
						{
							pushJsonbValue(&months, WJB_BEGIN_OBJECT, NULL);
							jb_str(&months, "month", p->month);
							jb_num(&months, "run_id", DirectFunctionCall1(int8_numeric, p->run_id), false);
							jb_num(&months, "paid", p->amount, false);
							pushJsonbValue(&months, WJB_END_OBJECT, NULL);
						}
					}
					for (x = all->first; x; x = x->next)
					{
						if (strcmp(x->kind, r->attribute) == 0 && claim_before(x, c))
							shares_before = num_add(shares_before, share_of(e, r, x->amount));
					}
					this_month = num_least(shares_before, num_greatest(e->zero, num_sub(r->year_cap, ledger)));
					earlier = num_add(ledger, this_month);
				}
				paid = num_greatest(e->zero,
									num_least(share, r->year_cap_null ? c->amount : num_sub(r->year_cap, earlier)));
				if (e->with_trace)
				{
					claim_facts_begin(&st, r, c);
					if (!r->year_cap_null)
					{
						JsonbValue *arr = pushJsonbValue(&months, WJB_END_ARRAY, NULL);

						jb_jsonb(&st, "paid_in_earlier_months", JsonbValueToJsonb(arr));
						jb_num(&st, "paid_earlier_this_month", this_month, false);
						jb_num(&st, "paid_earlier_this_year", earlier, false);
					}
					pushJsonbValue(&st, WJB_END_OBJECT, NULL);
					jb_str(&st, "formula", "cost x rate, at most claim_cap, at most what year_cap leaves after what was paid earlier in the year");
					trace = trace_end(&st);
				}
				emit(e, r, c->amount, r->rate, false, paid, trace, !e->with_trace);
			}
			break;
		case K_STAGED:
			{
				Datum		base = c->amount;
				int			i;

				for (i = 0; i < r->nstages; i++)
				{
					Datum		paid = num_round(r, num_div(num_mul(base, r->stages[i]), e->hundred));
					Datum		after = num_sub(base, paid);

					if (e->with_trace)
					{
						st = NULL;
						claim_facts_begin(&st, r, c);
						pushJsonbValue(&st, WJB_END_OBJECT, NULL);
						jb_num(&st, "stage", num_int(i + 1), false);
						jb_num(&st, "remaining_before", base, false);
						jb_num(&st, "remaining_after", after, false);
						jb_str(&st, "formula", "stage rate x what remains after the earlier stages");
						trace = trace_end(&st);
					}
					emit(e, r, base, r->stages[i], false, paid, trace, !e->with_trace);
					base = after;
				}
			}
			break;
		case K_SCHEDULE:
			{
				LOCAL_FCINFO(fc, 3);
				Datum		rate,
							applied,
							bracket = (Datum) 0;
				bool		rate_null,
							bracket_null = true;

				InitFunctionCallInfoData(*fc, NULL, 2, InvalidOid, NULL, NULL);
				fc->args[0].value = r->schedule;
				fc->args[0].isnull = false;
				fc->args[1].value = c->amount;
				fc->args[1].isnull = false;
				rate = bracket_schedule_rate(fc);
				rate_null = fc->isnull;
				if (e->with_trace)
				{
					InitFunctionCallInfoData(*fc, NULL, 2, InvalidOid, NULL, NULL);
					fc->args[0].value = r->schedule;
					fc->args[0].isnull = false;
					fc->args[1].value = c->amount;
					fc->args[1].isnull = false;
					bracket = bracket_schedule_bracket(fc);
					bracket_null = fc->isnull;
				}
				/* the SQL's strict bracket_schedule_apply gives NULL without how */
				if (r->has_how)
				{
					InitFunctionCallInfoData(*fc, NULL, 3, InvalidOid, NULL, NULL);
					fc->args[0].value = r->schedule;
					fc->args[0].isnull = false;
					fc->args[1].value = c->amount;
					fc->args[1].isnull = false;
					fc->args[2].value = r->how_t;
					fc->args[2].isnull = false;
					applied = num_round(r, bracket_schedule_apply(fc));
				}
				else
					applied = (Datum) 0;
				if (e->with_trace)
				{
					claim_facts_begin(&st, r, c);
					jb_num(&st, "bracket", bracket_null ? (Datum) 0 : num_int(DatumGetInt32(bracket)), bracket_null);
					pushJsonbValue(&st, WJB_END_OBJECT, NULL);
					jb_str(&st, "formula",
						   r->has_how ? psprintf("schedule applied %s", TextDatumGetCString(r->how_t)) : NULL);
					trace = trace_end(&st);
				}
				emit_full(e, r, c->amount, rate, rate_null, applied, !r->has_how, trace, !e->with_trace);
			}
			break;
		default:
			break;
	}
}

/* ----------------------------------------------------------------- writer */

static void
write_flush(writer *w)
{
	int			i;

	if (w->n == 0)
		return;
	table_multi_insert(w->rel, w->slots, w->n, w->cid, 0, w->bistate);
	for (i = 0; i < w->n; i++)
	{
		if (w->rri->ri_NumIndices > 0)
		{
			List	   *recheck = ExecInsertIndexTuples(w->rri, w->slots[i], w->estate,
														false, false, NULL, NIL);

			list_free(recheck);
		}
		ResetPerTupleExprContext(w->estate);
		ExecClearTuple(w->slots[i]);
	}
	w->n = 0;
}

/* the message PostgreSQL gives for a NULL in a NOT NULL column */
pg_attribute_noreturn()
static void
write_not_null(writer *w, TupleTableSlot *slot, int att)
{
	TupleDesc	d = RelationGetDescr(w->rel);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	for (i = 0; i < d->natts; i++)
	{
		char	   *val;
		int			vallen;

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		if (slot->tts_isnull[i])
			val = "null";
		else
		{
			Oid			foutoid;
			bool		typisvarlena;

			getTypeOutputInfo(TupleDescAttr(d, i)->atttypid, &foutoid, &typisvarlena);
			val = OidOutputFunctionCall(foutoid, slot->tts_values[i]);
		}
		vallen = strlen(val);
		if (vallen <= 64)
			appendStringInfoString(&buf, val);
		else
		{
			vallen = pg_mbcliplen(val, vallen, 64);
			appendBinaryStringInfo(&buf, val, vallen);
			appendStringInfoString(&buf, "...");
		}
	}
	appendStringInfoChar(&buf, ')');
	ereport(ERROR,
			(errcode(ERRCODE_NOT_NULL_VIOLATION),
			 errmsg("null value in column \"%s\" of relation \"%s\" violates not-null constraint",
					NameStr(TupleDescAttr(d, att)->attname), RelationGetRelationName(w->rel)),
			 errdetail("Failing row contains %s.", buf.data),
			 errtablecol(w->rel, att + 1)));
}

/* one line: run_id, household_no, policy, benefit, rule, quantity, rate_or_amount, amount, trace */
static void
write_line(engine *e, Datum *values, bool *nulls)
{
	writer	   *w = e->w;
	TupleTableSlot *slot = w->slots[w->n];
	TupleDesc	d = RelationGetDescr(w->rel);
	int			i;

	ExecClearTuple(slot);
	slot->tts_values[0] = w->run;
	slot->tts_isnull[0] = false;
	for (i = 0; i < 8; i++)
	{
		slot->tts_values[i + 1] = values[i];
		slot->tts_isnull[i + 1] = nulls[i];
	}
	ExecStoreVirtualTuple(slot);
	for (i = 0; i < d->natts; i++)
	{
		if (TupleDescAttr(d, i)->attnotnull && slot->tts_isnull[i])
			write_not_null(w, slot, i);
	}
	/* its own copy: the values live in the household's memory */
	ExecMaterializeSlot(slot);
	{
		MemoryContext old = MemoryContextSwitchTo(e->cxt);
		Datum		t = num_add(w->total, values[6]);

		pfree(DatumGetPointer(w->total));
		w->total = t;
		MemoryContextSwitchTo(old);
	}
	if (w->last_household != e->households)
	{
		w->households++;
		w->last_household = e->households;
	}
	if (++w->n == WRITE_BATCH)
		write_flush(w);
}

/*
 * Whether the lines can go straight into aidlink.aid_payments as the
 * INSERT of compute_aid_month would put them there: a plain table, no
 * row-level security, no trigger but the foreign key to aidlink.aid_runs
 * (whose run is checked here once), no CHECK constraint, no generated column.
 * Otherwise NULL: the caller inserts by SQL.
 */
static writer *
write_open(Datum run, Datum month)
{
	RangeVar   *rv = makeRangeVar("aidlink", "aid_payments", -1);
	Relation	rel = table_openrv(rv, RowExclusiveLock);
	TupleDesc	d = RelationGetDescr(rel);
	AclResult	ac;
	writer	   *w;
	Oid			runs = get_relname_relid("aid_runs", RelationGetNamespace(rel));
	int			i;
	bool		plain;

	ac = pg_class_aclcheck(RelationGetRelid(rel), GetUserId(), ACL_INSERT);
	if (ac != ACLCHECK_OK)
		aclcheck_error(ac, OBJECT_TABLE, RelationGetRelationName(rel));

	/* RLS only when it applies to this user (a superuser or the owner is not subject to it) */
	plain = rel->rd_rel->relkind == RELKIND_RELATION
		&& check_enable_rls(RelationGetRelid(rel), InvalidOid, true) != RLS_ENABLED
		&& d->natts == 9 && (d->constr == NULL || (d->constr->num_check == 0 && !d->constr->has_generated_stored));
	for (i = 0; plain && i < d->natts; i++)
	{
		if (TupleDescAttr(d, i)->attisdropped)
			plain = false;
	}
	if (plain && rel->trigdesc)
	{
		for (i = 0; i < rel->trigdesc->numtriggers; i++)
		{
			Trigger    *t = &rel->trigdesc->triggers[i];

			if (!(t->tgisinternal && RI_FKey_trigger_type(t->tgfoid) == RI_TRIGGER_FK
				  && t->tgconstrrelid == runs))
				plain = false;
		}
	}
	if (!plain)
	{
		table_close(rel, RowExclusiveLock);
		return NULL;
	}

	/* the run exists (what the foreign key would check for every line), of this month */
	{
		Oid			types[2] = {INT8OID, DATEOID};
		Datum		values[2] = {run, month};
		bool		isnull;
		int			rc = SPI_execute_with_args("SELECT r.month = $2, to_char(r.month, 'YYYY-MM'), to_char($2, 'YYYY-MM')"
											   "  FROM aidlink.aid_runs r WHERE r.run_id = $1 FOR KEY SHARE",
											   2, types, values, NULL, false, 1);

		if (rc < 0)
			elog(ERROR, "aid engine: SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
					 errmsg("there is no aid run " INT64_FORMAT, DatumGetInt64(run)),
					 errhint("aidlink.compute_aid_month() makes the run and its lines.")));
		if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("aid run " INT64_FORMAT " is a run of %s, not of %s", DatumGetInt64(run),
							SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2),
							SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3)),
					 errhint("aidlink.compute_aid_month() makes the run and its lines.")));
	}

	w = palloc0(sizeof(writer));
	w->rel = rel;
	w->run = run;
	w->estate = CreateExecutorState();
	w->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(w->rri, rel, 1, NULL, 0);
	ExecOpenIndices(w->rri, false);
	w->bistate = GetBulkInsertState();
	w->cid = GetCurrentCommandId(true);
	for (i = 0; i < WRITE_BATCH; i++)
		w->slots[i] = table_slot_create(rel, NULL);
	w->total = num_int(0);
	return w;
}

static void
write_close(writer *w)
{
	int			i;

	write_flush(w);
	for (i = 0; i < WRITE_BATCH; i++)
		ExecDropSingleTupleTableSlot(w->slots[i]);
	FreeBulkInsertState(w->bistate);
	ExecCloseIndices(w->rri);
	FreeExecutorState(w->estate);
	table_close(w->rel, NoLock);
}

/* --------------------------------------------------------------- lookups */

static bool
category_in(const rule *r, const char *cat, int catlen)
{
	int			i;

	if (r->cats_null)
		return true;
	if (cat == NULL)
		return false;
	for (i = 0; i < r->ncats; i++)
	{
		if (r->cats[i] && (int) strlen(r->cats[i]) == catlen && memcmp(r->cats[i], cat, catlen) == 0)
			return true;
	}
	return false;
}

static bool
under(const char *h, int hlen, const char *region)
{
	return aide_region_under(h, hlen, region, strlen(region), pg_mblen);
}

static uint32
combo_hash(const char *region, int rlen, const char *cat, int clen)
{
	uint32		h = aide_hash(AIDE_HASH_START, region, rlen);

	h = aide_hash(h, cat ? "\x01" : "\x02", 1);
	if (cat)
		h = aide_hash(h, cat, clen);
	return h;
}

/* what applies to households of this region and category (built once) */
static combo *
find_combo(engine *e, const char *region, int rlen, const char *cat, int clen)
{
	uint32		h = combo_hash(region, rlen, cat, clen);
	combo	   *c;
	MemoryContext old;
	int			i;

	for (c = e->combos[h & (e->ncombobuckets - 1)]; c; c = c->next)
	{
		if (c->hash == h && c->regionlen == rlen && memcmp(c->region, region, rlen) == 0
			&& (c->category == NULL) == (cat == NULL)
			&& (cat == NULL || (c->categorylen == clen && memcmp(c->category, cat, clen) == 0)))
			return c;
	}

	old = MemoryContextSwitchTo(e->cxt);
	c = palloc0(sizeof(combo));
	c->hash = h;
	c->region = pnstrdup(region, rlen);
	c->regionlen = rlen;
	c->category = cat ? pnstrdup(cat, clen) : NULL;
	c->categorylen = clen;
	c->cat_rules = palloc(sizeof(rule *) * (e->nrules + 1));
	c->year_rules = palloc(sizeof(rule *) * (e->nrules + 1));
	c->claim_rules = palloc(sizeof(rule *) * (e->nrules + 1));

	c->no_policy = true;
	for (i = 0; i < e->npolicies; i++)
	{
		if (under(region, rlen, e->policy_regions[i]))
		{
			c->no_policy = false;
			break;
		}
	}
	for (i = 0; i < e->nrules; i++)
	{
		rule	   *r = &e->rules[i];

		if (!under(region, rlen, r->region) || !category_in(r, cat, clen))
			continue;
		if (r->missing && c->missing == NULL)
			c->missing = r;
		switch (r->kind)
		{
			case K_PER_PERSON_MONTH:
			case K_PER_HOUSEHOLD_MONTH:
			case K_TOP_UP:
				c->cat_rules[c->ncat++] = r;
				break;
			case K_PER_MEMBER_YEAR:
				if (r->pays_this_month && r->attr_idx >= 0)
					c->year_rules[c->nyear++] = r;
				break;
			default:
				if (r->attribute)
					c->claim_rules[c->nclaim++] = r;
				break;
		}
	}
	for (i = 0; i < e->nuncovered && cat; i++)
	{
		uncovered  *u = &e->uncov[i];

		if ((int) strlen(u->category) == clen && memcmp(u->category, cat, clen) == 0
			&& under(region, rlen, u->region))
		{
			c->uncov = u;
			break;
		}
	}
	for (i = 0; i < e->npairs; i++)
	{
		pair	   *p = &e->pairs[i];

		if (under(region, rlen, p->a->region) && category_in(p->a, cat, clen) && category_in(p->b, cat, clen))
		{
			c->amb = p;
			break;
		}
	}
	c->next = e->combos[h & (e->ncombobuckets - 1)];
	e->combos[h & (e->ncombobuckets - 1)] = c;
	MemoryContextSwitchTo(old);
	return c;
}

static hh_claims *
find_claims(engine *e, const char *hh, int len, bool create)
{
	uint32		h;
	hh_claims  *c;

	if (e->claims == NULL)
		return NULL;
	h = aide_hash(AIDE_HASH_START, hh, len);
	/* most households claim nothing: a small bitmap says so without the table */
	if (!create && !(e->claimbits[(h & e->claimbitmask) >> 6] & (UINT64CONST(1) << (h & 63))))
		return NULL;
	for (c = e->claims[h & (e->nclaimbuckets - 1)]; c; c = c->next)
	{
		if (c->hash == h && c->len == len && memcmp(c->household, hh, len) == 0)
			return c;
	}
	if (!create)
		return NULL;
	e->claimbits[(h & e->claimbitmask) >> 6] |= UINT64CONST(1) << (h & 63);
	c = palloc0(sizeof(hh_claims));
	c->hash = h;
	c->household = pnstrdup(hh, len);
	c->len = len;
	c->next = e->claims[h & (e->nclaimbuckets - 1)];
	e->claims[h & (e->nclaimbuckets - 1)] = c;
	return c;
}

/* ------------------------------------------------------------ households */

static void
note_problem(engine *e, problem p)
{
	MemoryContext old;

	e->failed = true;
	if (e->seen[p])
		return;
	old = MemoryContextSwitchTo(e->cxt);
	e->seen[p] = true;
	e->p_household[p] = pnstrdup(e->hh_no, e->hh_len);
	switch (p)
	{
		case P_REGION:
			e->p_region = pstrdup(e->hh_combo->region);
			break;
		case P_NEGATIVE_INCOME:
			e->p_income = DatumGetCString(DirectFunctionCall1(numeric_out, e->hh_income));
			break;
		case P_MISSING:
			e->p_rule = e->hh_combo->missing;
			break;
		case P_UNCOVERED:
			e->p_uncov = e->hh_combo->uncov;
			e->p_category = pstrdup(e->hh_combo->category);
			break;
		case P_AMBIGUOUS:
			e->p_pair = e->hh_combo->amb;
			break;
		default:
			break;
	}
	MemoryContextSwitchTo(old);
}

/* the household read so far is complete: check it, then its lines */
static void
finish_household(engine *e)
{
	combo	   *c = e->hh_combo;
	int			i;

	if (!e->have_hh)
		return;
	e->have_hh = false;

	if (c->no_policy)
		note_problem(e, P_REGION);
	if (num_cmp(e->hh_income, e->zero) < 0)
		note_problem(e, P_NEGATIVE_INCOME);
	if (c->missing)
		note_problem(e, P_MISSING);
	if (c->uncov)
		note_problem(e, P_UNCOVERED);
	if (c->amb)
		note_problem(e, P_AMBIGUOUS);

	if (!e->failed)
	{
		for (i = 0; i < c->ncat; i++)
			lines_category(e, c->cat_rules[i]);
		for (i = 0; i < c->nyear; i++)
			lines_year(e, c->year_rules[i]);
		if (c->nclaim > 0)
		{
			hh_claims  *all = find_claims(e, e->hh_no, e->hh_len, false);
			claim	   *x;

			if (all)
			{
				for (x = all->first; x; x = x->next)
				{
					for (i = 0; i < c->nclaim; i++)
					{
						if (strcmp(c->claim_rules[i]->attribute, x->kind) == 0)
							lines_claim(e, c->claim_rules[i], x, all);
					}
				}
			}
		}
	}
	MemoryContextReset(e->hcxt);
}

/* one row: household_no, region, category, income, attributes (NULL: no member) */
static bool
receive_row(TupleTableSlot *slot, DestReceiver *self)
{
	engine	   *e = (engine *) self;
	text	   *hh;
	const char *hhp;
	int			hhlen;
	MemoryContext caller;
	text	   *region;
	text	   *cat;

	/*
	 * Detoasted (only ever when stored compressed or out of line, which short
	 * keys never are) in the executor's context, not in the household's,
	 * which the end of the previous household resets.
	 */
	slot_getallattrs(slot);
	hh = pg_detoast_datum_packed((text *) DatumGetPointer(slot->tts_values[0]));
	region = pg_detoast_datum_packed((text *) DatumGetPointer(slot->tts_values[1]));
	cat = slot->tts_isnull[2] ? NULL : pg_detoast_datum_packed((text *) DatumGetPointer(slot->tts_values[2]));
	caller = MemoryContextSwitchTo(e->hcxt);
	hhp = VARDATA_ANY(hh);
	hhlen = VARSIZE_ANY_EXHDR(hh);

	if (!e->have_hh || hhlen != e->hh_len || memcmp(hhp, e->hh_no, hhlen) != 0)
	{
		char	   *regionp = VARDATA_ANY(region);
		int			regionlen = VARSIZE_ANY_EXHDR(region);
		char	   *catp = cat ? VARDATA_ANY(cat) : NULL;
		int			catlen = cat ? VARSIZE_ANY_EXHDR(cat) : 0;

		finish_household(e);
		/* the number and the income into buffers of their own, reused */
		if (hhlen + VARHDRSZ + 1 > e->hh_cap)
		{
			e->hh_cap = Max(64, 2 * (hhlen + VARHDRSZ + 1));
			e->hh_buf = MemoryContextAlloc(e->cxt, e->hh_cap);
		}
		SET_VARSIZE(e->hh_buf, hhlen + VARHDRSZ);
		memcpy(VARDATA(e->hh_buf), hhp, hhlen);
		e->hh_no = VARDATA(e->hh_buf);
		e->hh_len = hhlen;
		e->hh_no_t = PointerGetDatum(e->hh_buf);
		{
			struct varlena *inc = (struct varlena *) DatumGetPointer(slot->tts_values[3]);

			if (VARATT_IS_SHORT(inc) || !VARATT_IS_EXTENDED(inc))
			{
				int			datalen = VARSIZE_ANY_EXHDR(inc);

				if (datalen + VARHDRSZ > e->inc_cap)
				{
					e->inc_cap = Max(64, 2 * (datalen + VARHDRSZ));
					e->inc_buf = MemoryContextAlloc(e->cxt, e->inc_cap);
				}
				SET_VARSIZE(e->inc_buf, datalen + VARHDRSZ);
				memcpy(VARDATA(e->inc_buf), VARDATA_ANY(inc), datalen);
				e->hh_income = PointerGetDatum(e->inc_buf);
			}
			else
				e->hh_income = PointerGetDatum(PG_DETOAST_DATUM_COPY(slot->tts_values[3]));
		}
		e->hh_combo = find_combo(e, regionp, regionlen, catp, catlen);
		e->hh_members = 0;
		e->households++;
		if (e->nwanted > 0)
			memset(e->hh_attr_counts, 0, sizeof(int) * e->nwanted);
		e->have_hh = true;
	}

	if (!slot->tts_isnull[4])
	{
		e->hh_members++;
		if (e->nwanted > 0 && e->hh_combo->nyear > 0 && !e->failed)
		{
			AnyArrayType *arr = DatumGetAnyArrayP(slot->tts_values[4]);
			int			n = ArrayGetNItems(AARR_NDIM(arr), AARR_DIMS(arr));
			array_iter	it;
			int			i,
						j;

			array_iter_setup(&it, arr);
			for (i = 0; i < n; i++)
			{
				bool		isnull;
				Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);
				const char *s;
				int			len;

				if (isnull)
					continue;
				s = VARDATA_ANY(DatumGetPointer(d));
				len = VARSIZE_ANY_EXHDR(DatumGetPointer(d));
				for (j = 0; j < e->nwanted; j++)
				{
					if (e->wantedlen[j] == len && memcmp(e->wanted[j], s, len) == 0)
						e->hh_attr_counts[j]++;
				}
			}
		}
	}
	MemoryContextSwitchTo(caller);
	return true;
}

static void
recv_startup(DestReceiver *self pg_attribute_unused(), int operation pg_attribute_unused(),
			 TupleDesc typeinfo pg_attribute_unused())
{
}

static void
recv_nothing(DestReceiver *self pg_attribute_unused())
{
}

/* ------------------------------------------------------------------- load */

static char *
get_str(HeapTuple t, TupleDesc d, int col)
{
	return SPI_getvalue(t, d, col);		/* palloc'd in the current context; NULL if null */
}

static Datum
get_datum(HeapTuple t, TupleDesc d, int col, bool *isnull)
{
	Datum		v = SPI_getbinval(t, d, col, isnull);
	Form_pg_attribute a = TupleDescAttr(d, col - 1);

	if (*isnull)
		return (Datum) 0;
	if (a->attlen == -1)
		return PointerGetDatum(PG_DETOAST_DATUM_COPY(v));	/* full header: jsonb reads numerics as they are */
	return datumCopy(v, a->attbyval, a->attlen);
}

static char **
get_text_array(HeapTuple t, TupleDesc d, int col, int *n, bool *isnull)
{
	Datum		v = SPI_getbinval(t, d, col, isnull);
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;
	int			i;

	*n = 0;
	if (*isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(v), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * (*n + 1));
	for (i = 0; i < *n; i++)
		out[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);
	return out;
}

static SPITupleTable *
run(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls)
{
	int			rc = SPI_execute_with_args(sql, nargs, types, values, nulls, true, 0);

	if (rc < 0)
		elog(ERROR, "aid engine: SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
	return SPI_tuptable;
}

static rule_kind
kind_of(const char *k)
{
	if (strcmp(k, "per_person_month") == 0)
		return K_PER_PERSON_MONTH;
	if (strcmp(k, "per_household_month") == 0)
		return K_PER_HOUSEHOLD_MONTH;
	if (strcmp(k, "per_member_year") == 0)
		return K_PER_MEMBER_YEAR;
	if (strcmp(k, "top_up") == 0)
		return K_TOP_UP;
	if (strcmp(k, "cost_share") == 0)
		return K_COST_SHARE;
	if (strcmp(k, "staged") == 0)
		return K_STAGED;
	if (strcmp(k, "schedule") == 0)
		return K_SCHEDULE;
	elog(ERROR, "aid engine: unknown kind of rule \"%s\"", k);
	return K_PER_PERSON_MONTH;
}

static rule *
find_rule(engine *e, const char *policy, const char *name)
{
	int			i;

	for (i = 0; i < e->nrules; i++)
	{
		if (strcmp(e->rules[i].policy, policy) == 0 && strcmp(e->rules[i].rule, name) == 0)
			return &e->rules[i];
	}
	elog(ERROR, "aid engine: rule %s of policy %s not loaded", name, policy);
	return NULL;
}

static void
load_rules(engine *e, Datum month)
{
	Oid			types[1] = {DATEOID};
	Datum		values[1] = {month};
	SPITupleTable *tt;
	TupleDesc	d;
	uint64		i;
	MemoryContext old;

	tt = run("SELECT r.policy, r.region, r.rounding, r.rounding_mode, r.rule, r.benefit, r.kind, r.categories,"
			 "       r.attribute, r.how, r.amount, r.payment_month, r.standard, r.floor_amount, r.minimum_payment,"
			 "       r.rate, r.claim_cap, r.year_cap, r.schedule, r.stages, r.params,"
			 "       (SELECT k.parameter FROM aidlink.aid_rule_kinds k"
			 "         WHERE k.kind = r.kind AND k.required"
			 "           AND CASE k.parameter WHEN 'stage_N_rate' THEN r.stages IS NULL ELSE NOT r.params ? k.parameter END"
			 "         ORDER BY k.parameter LIMIT 1) AS missing"
			 "  FROM aidlink.aid_rules_in_force($1) r ORDER BY r.policy, r.rule",
			 1, types, values, NULL);
	d = tt->tupdesc;
	old = MemoryContextSwitchTo(e->cxt);
	e->nrules = (int) SPI_processed;
	e->rules = palloc0(sizeof(rule) * (e->nrules + 1));
	e->wanted = palloc(sizeof(char *) * (e->nrules + 1));
	e->wantedlen = palloc(sizeof(int) * (e->nrules + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = tt->vals[i];
		rule	   *r = &e->rules[i];
		char	   *rounding = get_str(t, d, 3);
		char	   *mode = get_str(t, d, 4);
		bool		isnull;
		char	   *how;
		Datum		stages;

		r->policy = get_str(t, d, 1);
		r->region = get_str(t, d, 2);
		r->rule = get_str(t, d, 5);
		r->benefit = get_str(t, d, 6);
		r->kindname = get_str(t, d, 7);
		r->kind = kind_of(r->kindname);
		r->cats = get_text_array(t, d, 8, &r->ncats, &r->cats_null);
		r->attribute = get_str(t, d, 9);
		how = get_str(t, d, 10);
		r->has_how = how != NULL;
		r->how_t = how ? CStringGetTextDatum(how) : (Datum) 0;
		r->amount = get_datum(t, d, 11, &r->amount_null);
		r->payment_month = get_datum(t, d, 12, &r->payment_month_null);
		r->standard = get_datum(t, d, 13, &r->standard_null);
		r->floor_amount = get_datum(t, d, 14, &isnull);
		r->minimum_payment = get_datum(t, d, 15, &isnull);
		r->rate = get_datum(t, d, 16, &r->rate_null);
		r->claim_cap = get_datum(t, d, 17, &r->claim_cap_null);
		r->year_cap = get_datum(t, d, 18, &r->year_cap_null);
		r->schedule = get_datum(t, d, 19, &r->schedule_null);
		stages = SPI_getbinval(t, d, 20, &isnull);
		if (!isnull)
		{
			bool	   *snulls;

			deconstruct_array(DatumGetArrayTypePCopy(stages), NUMERICOID, -1, false, TYPALIGN_INT,
							  &r->stages, &snulls, &r->nstages);
		}
		r->params = DatumGetJsonbPCopy(SPI_getbinval(t, d, 21, &isnull));
		r->missing = get_str(t, d, 22);
		r->round_digits = strcmp(rounding, "fen") == 0 ? 2 : strcmp(rounding, "jiao") == 0 ? 1 : 0;
		r->round_down = strcmp(mode, "down") == 0;
		r->rounding_label = psprintf("%s %s", rounding, mode);
		r->policy_t = CStringGetTextDatum(r->policy);
		r->benefit_t = CStringGetTextDatum(r->benefit);
		r->rule_t = CStringGetTextDatum(r->rule);
		r->attr_idx = -1;
		if (r->kind == K_PER_MEMBER_YEAR && !r->payment_month_null && r->attribute)
		{
			r->twelfths = how != NULL && strcmp(how, "twelfths") == 0;
			if (r->twelfths && !r->amount_null)
			{
				/*
				 * The k-th month of the year counted from the payment month
				 * pays round(amount x k / 12) - round(amount x (k - 1) / 12):
				 * the twelfths of a whole year add up to the amount.
				 */
				int			first = DatumGetInt32(DirectFunctionCall1(numeric_int4, r->payment_month));

				r->twelfth_no = (e->month_of_year - first + 12) % 12 + 1;
				r->twelfth = num_sub(num_round(r, num_div(num_mul(r->amount, num_int(r->twelfth_no)), num_int(12))),
									 num_round(r, num_div(num_mul(r->amount, num_int(r->twelfth_no - 1)), num_int(12))));
			}
			r->pays_this_month = r->twelfths || num_cmp(num_int(e->month_of_year), r->payment_month) == 0;
			if (r->pays_this_month)
			{
				int			j;

				for (j = 0; j < e->nwanted; j++)
				{
					if (strcmp(e->wanted[j], r->attribute) == 0)
						break;
				}
				if (j == e->nwanted)
				{
					e->wanted[j] = r->attribute;
					e->wantedlen[j] = strlen(r->attribute);
					e->nwanted++;
				}
				r->attr_idx = j;
			}
		}
	}
	e->hh_attr_counts = palloc0(sizeof(int) * (e->nwanted + 1));
	MemoryContextSwitchTo(old);

	/* policies in force and their regions */
	tt = run("SELECT p.region FROM aidlink.aid_policies p"
			 " WHERE $1 BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')",
			 1, types, values, NULL);
	old = MemoryContextSwitchTo(e->cxt);
	e->npolicies = (int) SPI_processed;
	e->policy_regions = palloc(sizeof(char *) * (e->npolicies + 1));
	for (i = 0; i < SPI_processed; i++)
		e->policy_regions[i] = get_str(tt->vals[i], tt->tupdesc, 1);
	MemoryContextSwitchTo(old);

	/* categories served that no category rule covers (as aid_check_inputs) */
	tt = run("WITH r AS MATERIALIZED (SELECT * FROM aidlink.aid_rules_in_force($1))"
			 " SELECT p.policy, p.region, c.category"
			 "   FROM aidlink.aid_policies p, unnest(p.categories) c(category)"
			 "  WHERE $1 BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')"
			 "    AND c.category IS NOT NULL"
			 "    AND NOT EXISTS (SELECT 1 FROM r"
			 "                     WHERE r.policy = p.policy AND r.kind IN ('per_person_month', 'per_household_month', 'top_up')"
			 "                       AND (r.categories IS NULL OR c.category = ANY (r.categories)))"
			 "  ORDER BY 1, 3",
			 1, types, values, NULL);
	old = MemoryContextSwitchTo(e->cxt);
	e->nuncovered = (int) SPI_processed;
	e->uncov = palloc(sizeof(uncovered) * (e->nuncovered + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		e->uncov[i].policy = get_str(tt->vals[i], tt->tupdesc, 1);
		e->uncov[i].region = get_str(tt->vals[i], tt->tupdesc, 2);
		e->uncov[i].category = get_str(tt->vals[i], tt->tupdesc, 3);
	}
	MemoryContextSwitchTo(old);

	/* pairs of rules that would pay one benefit twice (as aid_check_inputs) */
	tt = run("WITH r AS MATERIALIZED (SELECT * FROM aidlink.aid_rules_in_force($1))"
			 " SELECT a.policy, a.rule, b.rule"
			 "   FROM r a JOIN r b"
			 "     ON a.policy = b.policy AND a.rule < b.rule AND a.benefit = b.benefit"
			 "    AND (a.categories IS NULL OR b.categories IS NULL OR a.categories && b.categories)"
			 "    AND (a.attribute IS NOT DISTINCT FROM b.attribute OR a.attribute IS NULL OR b.attribute IS NULL)"
			 "  ORDER BY 1, 2, 3",
			 1, types, values, NULL);
	old = MemoryContextSwitchTo(e->cxt);
	e->npairs = (int) SPI_processed;
	e->pairs = palloc(sizeof(pair) * (e->npairs + 1));
	for (i = 0; i < SPI_processed; i++)
	{
		e->pairs[i].a = find_rule(e, get_str(tt->vals[i], tt->tupdesc, 1), get_str(tt->vals[i], tt->tupdesc, 2));
		e->pairs[i].b = find_rule(e, get_str(tt->vals[i], tt->tupdesc, 1), get_str(tt->vals[i], tt->tupdesc, 3));
	}
	e->ncombobuckets = 1024;
	e->combos = palloc0(sizeof(combo *) * e->ncombobuckets);
	MemoryContextSwitchTo(old);
}

/* the month's claims of the kinds the claim rules read, by household */
static void
load_claims(engine *e, Datum month, Datum household, bool all)
{
	ArrayBuildState *kinds = NULL;
	int			i;
	Oid			types[3] = {DATEOID, TEXTARRAYOID, TEXTOID};
	Datum		values[3];
	char		nulls[3] = {' ', ' ', ' '};
	SPITupleTable *tt;
	uint64		j;
	MemoryContext old;

	for (i = 0; i < e->nrules; i++)
	{
		rule	   *r = &e->rules[i];

		if ((r->kind == K_COST_SHARE || r->kind == K_STAGED || r->kind == K_SCHEDULE) && r->attribute)
			kinds = accumArrayResult(kinds, CStringGetTextDatum(r->attribute), false, TEXTOID, CurrentMemoryContext);
	}
	if (kinds == NULL)
		return;
	values[0] = month;
	values[1] = makeArrayResult(kinds, CurrentMemoryContext);
	values[2] = household;
	nulls[2] = all ? 'n' : ' ';
	tt = run("SELECT c.household_no, c.claim_no, c.claim_date, c.kind, c.amount"
			 "  FROM aidlink.aid_costs c"
			 " WHERE c.claim_date >= $1 AND c.claim_date < ($1 + interval '1 month')::date"
			 "   AND c.kind = ANY ($2) AND ($3 IS NULL OR c.household_no = $3)"
			 " ORDER BY 1, 3, 2",
			 3, types, values, nulls);
	old = MemoryContextSwitchTo(e->cxt);
	e->nclaimbuckets = 1024;
	while ((uint64) e->nclaimbuckets < SPI_processed * 2 && e->nclaimbuckets < (1 << 24))
		e->nclaimbuckets *= 2;
	e->claims = palloc0(sizeof(hh_claims *) * e->nclaimbuckets);
	/* 16 bits per claim, at least 2^16 bits (8 kB), at most 2^24 (2 MB) */
	e->claimbitmask = (1u << 16) - 1;
	while ((uint64) e->claimbitmask < SPI_processed * 16 && e->claimbitmask < (1u << 24) - 1)
		e->claimbitmask = e->claimbitmask * 2 + 1;
	e->claimbits = palloc0((e->claimbitmask + 1) / 8);
	for (j = 0; j < SPI_processed; j++)
	{
		HeapTuple	t = tt->vals[j];
		TupleDesc	d = tt->tupdesc;
		bool		isnull;
		char	   *hh = get_str(t, d, 1);
		hh_claims  *hc = find_claims(e, hh, strlen(hh), true);
		claim	   *c = palloc0(sizeof(claim));

		c->claim_no = get_str(t, d, 2);
		c->claim_date = DatumGetDateADT(SPI_getbinval(t, d, 3, &isnull));
		c->kind = get_str(t, d, 4);
		c->amount = get_datum(t, d, 5, &isnull);
		if (hc->last)
			hc->last->next = c;
		else
			hc->first = c;
		hc->last = c;
	}
	MemoryContextSwitchTo(old);
}

/*
 * For the cost-share rules with a year cap: what the ledger
 * (aidlink.aid_ledger, the latest run of each month) says the households
 * claiming this month were paid under the rule's policy, benefit and cost
 * kind in the earlier months of the year, month by month.
 */
static void
load_ledger(engine *e, Datum month, Datum household, bool all)
{
	ArrayBuildState *policies = NULL;
	ArrayBuildState *benefits = NULL;
	ArrayBuildState *kinds = NULL;
	int			i;
	Oid			types[6] = {DATEOID, DATEOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTOID};
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	SPITupleTable *tt;
	uint64		j;
	MemoryContext old;

	if (e->claims == NULL || e->month_of_year == 1)
		return;
	for (i = 0; i < e->nrules; i++)
	{
		rule	   *r = &e->rules[i];

		if (r->kind == K_COST_SHARE && r->attribute && !r->year_cap_null)
		{
			policies = accumArrayResult(policies, CStringGetTextDatum(r->policy), false, TEXTOID, CurrentMemoryContext);
			benefits = accumArrayResult(benefits, CStringGetTextDatum(r->benefit), false, TEXTOID, CurrentMemoryContext);
			kinds = accumArrayResult(kinds, CStringGetTextDatum(r->attribute), false, TEXTOID, CurrentMemoryContext);
		}
	}
	if (kinds == NULL)
		return;
	values[0] = month;
	values[1] = DateADTGetDatum(e->year_start);
	values[2] = makeArrayResult(policies, CurrentMemoryContext);
	values[3] = makeArrayResult(benefits, CurrentMemoryContext);
	values[4] = makeArrayResult(kinds, CurrentMemoryContext);
	values[5] = household;
	nulls[5] = all ? 'n' : ' ';
	tt = run("SELECT l.household_no, l.policy, l.benefit, l.attribute, to_char(l.month, 'YYYY-MM'), l.run_id, sum(l.amount)"
			 "  FROM aidlink.aid_ledger l"
			 " WHERE l.month >= $2 AND l.month < $1 AND l.kind = 'cost_share'"
			 "   AND (l.policy, l.benefit, l.attribute) IN (SELECT * FROM unnest($3, $4, $5))"
			 "   AND ($6 IS NULL OR l.household_no = $6)"
			 "   AND EXISTS (SELECT 1 FROM aidlink.aid_costs c"
			 "                WHERE c.household_no = l.household_no AND c.kind = l.attribute"
			 "                  AND c.claim_date >= $1 AND c.claim_date < ($1 + interval '1 month')::date)"
			 " GROUP BY 1, 2, 3, 4, l.month, 6"
			 " ORDER BY 1, 2, 3, 4, l.month",
			 6, types, values, nulls);
	old = MemoryContextSwitchTo(e->cxt);
	for (j = 0; j < SPI_processed; j++)
	{
		HeapTuple	t = tt->vals[j];
		TupleDesc	d = tt->tupdesc;
		bool		isnull;
		char	   *hh = get_str(t, d, 1);
		hh_claims  *hc = find_claims(e, hh, strlen(hh), false);
		paid_month *p;

		if (hc == NULL)
			elog(ERROR, "aid engine: the ledger names household %s, which claims nothing this month", hh);
		p = palloc0(sizeof(paid_month));
		p->policy = get_str(t, d, 2);
		p->benefit = get_str(t, d, 3);
		p->attribute = get_str(t, d, 4);
		p->month = get_str(t, d, 5);
		p->run_id = SPI_getbinval(t, d, 6, &isnull);
		p->amount = get_datum(t, d, 7, &isnull);
		if (hc->paid_last)
			hc->paid_last->next = p;
		else
			hc->paid_first = p;
		hc->paid_last = p;
	}
	MemoryContextSwitchTo(old);
}

/* ------------------------------------------------------------------- main */

static void
raise_problems(engine *e, Datum month, Datum household, bool all)
{
	if (e->seen[P_REGION])
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("no aid policy is in force in %s for household %s", e->month_label, e->p_household[P_REGION]),
				 errdetail("Its region is %s; no policy of that region or above is in force on %s.",
						   e->p_region, e->month_text)));
	if (e->seen[P_NEGATIVE_INCOME])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household %s has a negative income in %s", e->p_household[P_NEGATIVE_INCOME], e->month_label),
				 errdetail("income is %s.", e->p_income)));
	{
		Oid			types[2] = {DATEOID, TEXTOID};
		Datum		values[2] = {month, household};
		char		nulls[2] = {' ', all ? 'n' : ' '};
		SPITupleTable *tt;

		tt = run("SELECT c.household_no, c.claim_no, c.amount FROM aidlink.aid_costs c"
				 " WHERE c.claim_date >= $1 AND c.claim_date < $1 + interval '1 month'"
				 "   AND ($2 IS NULL OR c.household_no = $2) AND c.amount < 0 LIMIT 1",
				 2, types, values, nulls);
		if (SPI_processed > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("household %s claims a negative cost", get_str(tt->vals[0], tt->tupdesc, 1)),
					 errdetail("Claim %s is %s.", get_str(tt->vals[0], tt->tupdesc, 2),
							   get_str(tt->vals[0], tt->tupdesc, 3))));
	}
	if (e->seen[P_MISSING])
		ereport(ERROR,
				(errcode(MAKE_SQLSTATE('A', 'L', '5', '0', '1')),
				 errmsg("uncovered case: parameter %s of rule %s of policy %s has no value in %s",
						e->p_rule->missing, e->p_rule->rule, e->p_rule->policy, e->month_label),
				 errhint("aidlink.check_policy() lists the gaps of a policy.")));
	if (e->seen[P_UNCOVERED])
		ereport(ERROR,
				(errcode(MAKE_SQLSTATE('A', 'L', '5', '0', '1')),
				 errmsg("uncovered case: no rule of policy %s covers household %s of category %s in %s",
						e->p_uncov->policy, e->p_household[P_UNCOVERED], e->p_category, e->month_label),
				 errdetail("Policy %s serves category %s, but none of its category rules is in force then.",
						   e->p_uncov->policy, e->p_category),
				 errhint("aidlink.check_policy() lists the gaps of a policy.")));
	if (e->seen[P_AMBIGUOUS])
		ereport(ERROR,
				(errcode(MAKE_SQLSTATE('A', 'L', '5', '0', '2')),
				 errmsg("ambiguous case: rules %s and %s of policy %s both pay %s to household %s in %s",
						e->p_pair->a->rule, e->p_pair->b->rule, e->p_pair->a->policy, e->p_pair->a->benefit,
						e->p_household[P_AMBIGUOUS], e->month_label),
				 errhint("End one of the rules, or give them different categories; aidlink.check_policy() lists conflicts.")));
}

/*
 * The engine: checks, then every household's lines (to the tuplestore, or
 * straight into aidlink.aid_payments when run is not 0).  Returns false when
 * the lines cannot be written straight (see write_open): nothing was done.
 */
static bool
engine_run(engine *e, Datum month_arg, bool all, Datum household, Datum run_id)
{
	Datum		month;
	SPITupleTable *tt;
	SPIPlanPtr	plan;
	SPIExecuteOptions opts;
	ParamListInfo params;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "aid engine: SPI_connect failed");

	/* the month, its label, and the first checks (as aid_check_inputs) */
	{
		Oid			types[2] = {DATEOID, TEXTOID};
		Datum		values[2] = {month_arg, household};
		char		nulls[2] = {' ', all ? 'n' : ' '};
		HeapTuple	t;
		TupleDesc	d;
		bool		isnull;
		MemoryContext old;
		tt = run("SELECT m, to_char(m, 'YYYY-MM'), m::text, date_trunc('year', m)::date, extract(month FROM m)::int,"
				 "       $2 IS NULL OR EXISTS (SELECT 1 FROM aidlink.aid_households h WHERE h.month = m AND h.household_no = $2),"
				 "       EXISTS (SELECT 1 FROM aidlink.aid_policies p"
				 "                WHERE m BETWEEN p.effective_from AND coalesce(p.effective_to, 'infinity')),"
				 "       (SELECT count(*) FROM aidlink.aid_policies)"
				 "  FROM (SELECT date_trunc('month', $1)::date AS m) x",
				 2, types, values, nulls);
		t = tt->vals[0];
		d = tt->tupdesc;
		old = MemoryContextSwitchTo(e->cxt);
		month = SPI_getbinval(t, d, 1, &isnull);
		e->month = DatumGetDateADT(month);
		e->month_label = get_str(t, d, 2);
		e->month_text = get_str(t, d, 3);
		e->year_start = DatumGetDateADT(SPI_getbinval(t, d, 4, &isnull));
		e->month_of_year = DatumGetInt32(SPI_getbinval(t, d, 5, &isnull));
		e->zero = num_int(0);
		e->hundred = num_int(100);
		MemoryContextSwitchTo(old);
		if (!DatumGetBool(SPI_getbinval(t, d, 6, &isnull)))
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("household %s has no facts for %s", TextDatumGetCString(household), e->month_label),
					 errhint("Fill aidlink.aid_households (and aid_members) for the month first.")));
		if (!DatumGetBool(SPI_getbinval(t, d, 7, &isnull)))
			ereport(ERROR,
					(errcode(ERRCODE_NO_DATA_FOUND),
					 errmsg("no aid policy is in force in %s", e->month_label),
					 errdetail("%s policies are known; none is in force on %s.", get_str(t, d, 8), e->month_text)));
	}

	load_rules(e, month);
	load_claims(e, month, household, all);
	load_ledger(e, month, household, all);
	if (run_id != (Datum) 0)
	{
		MemoryContext old = MemoryContextSwitchTo(e->cxt);

		e->w = write_open(run_id, month);
		MemoryContextSwitchTo(old);
		if (e->w == NULL)
		{
			SPI_finish();
			return false;
		}
	}

	/* one pass over the households and their members, in household order */
	{
		Oid			types[2] = {DATEOID, TEXTOID};

		plan = SPI_prepare(all
						   ? "SELECT h.household_no, h.region, h.category, h.income, m.attributes"
						   "  FROM aidlink.aid_households h"
						   "  JOIN aidlink.aid_members m ON m.month = h.month AND m.household_no = h.household_no"
						   " WHERE h.month = $1 ORDER BY h.household_no"
						   : "SELECT h.household_no, h.region, h.category, h.income, m.attributes"
						   "  FROM aidlink.aid_households h"
						   "  JOIN aidlink.aid_members m ON m.month = h.month AND m.household_no = h.household_no"
						   " WHERE h.month = $1 AND h.household_no = $2",
						   all ? 1 : 2, types);
		if (plan == NULL)
			elog(ERROR, "aid engine: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		params = makeParamList(all ? 1 : 2);
		params->params[0].value = month;
		params->params[0].isnull = false;
		params->params[0].pflags = PARAM_FLAG_CONST;
		params->params[0].ptype = DATEOID;
		if (!all)
		{
			params->params[1].value = household;
			params->params[1].isnull = false;
			params->params[1].pflags = PARAM_FLAG_CONST;
			params->params[1].ptype = TEXTOID;
		}
		memset(&opts, 0, sizeof(opts));
		opts.params = params;
		opts.read_only = true;
		opts.dest = &e->pub;
		rc = SPI_execute_plan_extended(plan, &opts);
		if (rc < 0)
			elog(ERROR, "aid engine: SPI_execute_plan_extended failed: %s", SPI_result_code_string(rc));
		{
			MemoryContext old = MemoryContextSwitchTo(e->hcxt);

			finish_household(e);
			MemoryContextSwitchTo(old);
		}
	}

	/*
	 * The pass read the households that have members: any other household
	 * of the month is one without members (a problem).
	 */
	{
		Oid			types[2] = {DATEOID, TEXTOID};
		Datum		values[2] = {month, household};
		char		nulls[2] = {' ', all ? 'n' : ' '};
		bool		isnull;

		tt = run("SELECT count(*) FROM aidlink.aid_households h"
				 " WHERE h.month = $1 AND ($2 IS NULL OR h.household_no = $2)",
				 2, types, values, nulls);
		if (DatumGetInt64(SPI_getbinval(tt->vals[0], tt->tupdesc, 1, &isnull)) != e->households)
			e->failed = true;
		/* and a negative cost claimed this month */
		tt = run("SELECT 1 FROM aidlink.aid_costs c"
				 " WHERE c.claim_date >= $1 AND c.claim_date < $1 + interval '1 month'"
				 "   AND ($2 IS NULL OR c.household_no = $2) AND c.amount < 0 LIMIT 1",
				 2, types, values, nulls);
		if (SPI_processed > 0)
			e->failed = true;
	}

	/*
	 * A problem met: the error is the one aidlink.aid_check_inputs raises
	 * (the same checks in SQL, the reference), so that the engine and the
	 * checks never disagree on what is wrong; the engine's own account of
	 * what it met is the fallback.
	 */
	if (e->failed)
	{
		Oid			types[2] = {DATEOID, TEXTOID};
		Datum		values[2] = {month, household};
		char		nulls[2] = {' ', all ? 'n' : ' '};

		(void) run("SELECT aidlink.aid_check_inputs($1, $2)", 2, types, values, nulls);
		raise_problems(e, month, household, all);
		elog(ERROR, "aid engine: a household without members was met, but aidlink.aid_check_inputs found no problem");
	}

	if (e->w)
		write_close(e->w);
	SPI_finish();
	return true;
}

static engine *
engine_new(bool with_trace)
{
	engine	   *e = palloc0(sizeof(engine));

	e->pub.receiveSlot = receive_row;
	e->pub.rStartup = recv_startup;
	e->pub.rShutdown = recv_nothing;
	e->pub.rDestroy = recv_nothing;
	e->pub.mydest = DestNone;
	e->with_trace = with_trace;
	e->cxt = AllocSetContextCreate(CurrentMemoryContext, "aid engine", ALLOCSET_DEFAULT_SIZES);
	e->hcxt = AllocSetContextCreate(CurrentMemoryContext, "aid engine household", ALLOCSET_DEFAULT_SIZES);
	return e;
}

/*
 * aidlink.aid_lines(month date, household text DEFAULT NULL, with_trace boolean DEFAULT true)
 */
Datum
aid_lines(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		all = PG_ARGISNULL(1);
	engine	   *e;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the month of an aid calculation cannot be NULL")));
	al_materialize_srf(fcinfo);
	e = engine_new(!PG_ARGISNULL(2) && PG_GETARG_BOOL(2));
	e->out = rsinfo->setResult;
	e->outdesc = rsinfo->setDesc;
	(void) engine_run(e, PG_GETARG_DATUM(0), all, all ? (Datum) 0 : PG_GETARG_DATUM(1), (Datum) 0);
	MemoryContextDelete(e->hcxt);
	MemoryContextDelete(e->cxt);
	return (Datum) 0;
}

/*
 * aidlink.aid_write_lines(run bigint, month date, with_trace boolean)
 *   RETURNS TABLE (households bigint, lines bigint, total numeric)
 * The lines of every household of the month written straight into
 * aidlink.aid_payments under the run, in batches (as COPY does), and their
 * totals; no row when they cannot be written so (a trigger, a policy of
 * row-level security or a CHECK constraint a DBA added): the caller then
 * inserts by SQL.
 */
Datum
aid_write_lines(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	engine	   *e;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the month of an aid calculation cannot be NULL")));
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the run of an aid calculation cannot be NULL")));
	al_materialize_srf(fcinfo);
	e = engine_new(!PG_ARGISNULL(2) && PG_GETARG_BOOL(2));
	if (engine_run(e, PG_GETARG_DATUM(1), true, (Datum) 0, PG_GETARG_DATUM(0)))
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CommandCounterIncrement();
		values[0] = Int64GetDatum(e->w->households);
		values[1] = Int64GetDatum(e->lines);
		values[2] = e->w->total;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(e->hcxt);
	MemoryContextDelete(e->cxt);
	return (Datum) 0;
}
