/*
 * Unit tests of the bracket schedules (src/schedule_core.c), outside the
 * server under AddressSanitizer and UBSan (make unit).  Prints each failure
 * and ends with "unit: N passed, N failed".
 */
#include "schedule_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static bool
parse(const char *s, sched_schedule *v, sched_error *e)
{
	return sched_parse(s, strlen(s), v, e);
}

/* parses, and prints back as canon */
static void
roundtrip(const char *in, const char *canon)
{
	sched_schedule v,
				w;
	sched_error e;
	char		buf[SCHED_TEXT_MAX];
	uint8_t		wire[SCHED_WIRE_MAX];
	size_t		n,
				used;

	if (!parse(in, &v, &e))
	{
		CHECK(false, "'%s' rejected (problem %d at %d)", in, e.problem, e.pos);
		return;
	}
	sched_format(&v, buf, sizeof(buf));
	CHECK(strcmp(buf, canon) == 0, "'%s' printed '%s', expected '%s'", in, buf, canon);
	CHECK(parse(buf, &w, &e) && sched_cmp(&v, &w) == 0, "'%s' does not parse back equal", buf);
	n = sched_to_wire(&v, wire);
	CHECK(n == 16 + 20 * (size_t) v.n, "wire length %zu", n);
	CHECK(sched_from_wire(wire, n, &w, &used, &e) && used == n && sched_cmp(&v, &w) == 0,
		  "'%s' wire round trip", in);
}

static void
rejects(const char *in, sched_problem p, int bracket, const char *detail_part)
{
	sched_schedule v;
	sched_error e;
	char		d[512];

	if (parse(in, &v, &e))
	{
		CHECK(false, "'%s' accepted", in);
		return;
	}
	sched_describe(&e, &v, d, sizeof(d));
	CHECK(e.problem == p, "'%s': problem %d, expected %d (%s)", in, e.problem, p, d);
	CHECK(bracket < 0 || e.bracket == bracket, "'%s': bracket %d, expected %d", in, e.bracket, bracket);
	CHECK(strstr(d, detail_part) != NULL, "'%s': detail '%s' lacks '%s'", in, d, detail_part);
}

/* pays in fen*1e-6 */
static void
pays(const char *in, int64_t amount_fen, bool marginal, int64_t expect_microfen, int expect_bracket)
{
	sched_schedule v;
	sched_error e;
	int			br;
	bool		capped;
	int64_t		r;

	if (!parse(in, &v, &e))
	{
		CHECK(false, "'%s' rejected", in);
		return;
	}
	r = sched_apply(&v, amount_fen, marginal, &br, &capped);
	CHECK(r == expect_microfen, "'%s' on %lld fen (%s): %lld, expected %lld", in,
		  (long long) amount_fen, marginal ? "marginal" : "whole", (long long) r, (long long) expect_microfen);
	CHECK(br == expect_bracket, "'%s' on %lld fen: bracket %d, expected %d", in,
		  (long long) amount_fen, br, expect_bracket);
}

/* Reference: marginal application by walking fen by fen (small amounts). */
static int64_t
ref_marginal(const sched_schedule *v, int64_t amount)
{
	int64_t		t = 0;

	for (int64_t f = 0; f < amount; f++)
		for (int i = 0; i < v->n; i++)
			if (f >= v->b[i].lo && (v->b[i].hi == SCHED_OPEN || f < v->b[i].hi))
				t += v->b[i].rate;
	if (v->has_cap && t > v->cap * SCHED_RATE_ONE)
		t = v->cap * SCHED_RATE_ONE;
	return t;
}

int
main(void)
{
	const char *ex = "[0,20000):60%, [20000,):80%, cap 50000";

	/* text form */
	roundtrip(ex, ex);
	roundtrip("  [0 , 20000.00 ) : 60.0% ,[20000,) :80 %,cap 50000.0 ", ex);
	roundtrip("[0,100.5):12.3456%", "[0,100.50):12.3456%");
	roundtrip("[1000,):95%", "[1000,):95%");
	roundtrip("[0,1):0%, [1,2):100%", "[0,1):0%, [1,2):100%");
	roundtrip("[0,10000000000):50%", "[0,10000000000):50%");
	roundtrip("[0,0.01):0.0001%", "[0,0.01):0.0001%");

	/* every rejection, with its bracket and the words of its detail */
	rejects("", SCHED_EMPTY, -1, "at least one bracket");
	rejects("   ", SCHED_EMPTY, -1, "at least one bracket");
	rejects("[0,20000):60%, [25000,):80%", SCHED_GAP, 2, "amounts from 20000 to 25000 are in no bracket");
	rejects("[0,20000):60%, [15000,):80%", SCHED_OVERLAP, 2, "bracket 2 starts at 15000, before bracket 1 ends at 20000");
	rejects("[20000,30000):60%, [0,20000):80%", SCHED_UNSORTED, 2, "not sorted");
	rejects("[0,20000):160%", SCHED_RATE_RANGE, 1, "outside 0%-100%");
	rejects("[0,20000):-5%", SCHED_RATE_RANGE, 1, "outside 0%-100%");
	rejects("[0,20000):100.0001%", SCHED_RATE_RANGE, 1, "outside 0%-100%");
	rejects("[0,20000):60%, [20000,20000):80%", SCHED_EMPTY_BRACKET, 2, "is empty");
	rejects("[0,):60%, [20000,):80%", SCHED_OPEN_NOT_LAST, 1, "must be the last");
	rejects("[0,20000):60", SCHED_SYNTAX, 1, "'%' after the rate");
	rejects("[0;20000):60%", SCHED_SYNTAX, 1, "',' after the lower bound");
	rejects("[0,20000]:60%", SCHED_SYNTAX, 1, "half-open");
	rejects("(0,20000):60%", SCHED_SYNTAX, 1, "a bracket");
	rejects("[0,20000):60% [20000,):1%", SCHED_SYNTAX, 2, "between brackets");
	rejects("[0,20000.001):60%", SCHED_BAD_NUMBER, 1, "at most 2 decimals");
	rejects("[0,200):60.00001%", SCHED_BAD_NUMBER, 1, "rates at most 4");
	rejects("[0,10000000000.01):60%", SCHED_TOO_BIG, 1, "too large");
	rejects("[0,99999999999999999999999):60%", SCHED_TOO_BIG, 1, "too large");
	rejects("[0,):60%, cap 1, cap 2", SCHED_DUPLICATE_CAP, -1, "at most one");
	rejects("cap 5", SCHED_SYNTAX, -1, "before the cap");
	rejects("[0,):60%, cap 5, [5,6):1%", SCHED_SYNTAX, -1, "nothing after the cap");
	rejects("[0,):60%, capx", SCHED_SYNTAX, -1, "a space after 'cap'");
	rejects("[.,1):60%", SCHED_BAD_NUMBER, 1, "Malformed");
	{
		char		big[SCHED_MAX_BRACKETS * 24 + 32];
		size_t		p = 0;

		for (int i = 0; i <= SCHED_MAX_BRACKETS; i++)
			p += (size_t) snprintf(big + p, sizeof(big) - p, "%s[%d,%d):1%%", i ? ", " : "", i, i + 1);
		rejects(big, SCHED_TOO_MANY, SCHED_MAX_BRACKETS + 1, "at most 64");
	}

	/* application: 30000 yuan on [0,20000):60%, [20000,):80%, cap 50000 */
	pays(ex, 3000000, true, (2000000 * INT64_C(600000) + 1000000 * INT64_C(800000)), 2);	/* 12000 + 8000 */
	pays(ex, 3000000, false, 3000000 * INT64_C(800000), 2);	/* 24000 */
	pays(ex, 10000000, true, 5000000 * INT64_C(1000000), 2);	/* capped at 50000 */
	pays(ex, 0, true, 0, 1);
	pays("[1000,2000):50%", 50000, true, 0, 0);	/* below the first bracket */
	pays("[1000,2000):50%", 300000, true, 100000 * INT64_C(500000), 0);	/* above the last */
	pays("[1000,2000):50%", 300000, false, 0, 0);
	/* the staged illness case as one schedule: 50% then 80% of the rest */
	pays("[0,74600):50%", 7460000, false, 0, 0);	/* 74600 is not inside [0,74600) */
	pays("[0,74600.01):50%", 7460000, false, 3730000 * INT64_C(1000000), 1);	/* 50% of 74600 = 37300 */

	/* marginal application against fen-by-fen, on random schedules */
	srand(5);
	for (int t = 0; t < 300; t++)
	{
		sched_schedule v;
		sched_error e;
		int64_t		lo = rand() % 50;
		int			n = 1 + rand() % 5;
		int			br;
		bool		capped;

		memset(&v, 0, sizeof(v));
		for (int i = 0; i < n; i++)
		{
			v.b[i].lo = lo;
			v.b[i].hi = (i == n - 1 && rand() % 2) ? SCHED_OPEN : lo + 1 + rand() % 300;
			v.b[i].rate = rand() % (SCHED_RATE_ONE + 1);
			lo = v.b[i].hi;
		}
		v.n = n;
		if (rand() % 3 == 0)
		{
			v.has_cap = 1;
			v.cap = rand() % 400;
		}
		CHECK(sched_validate(&v, &e), "random schedule %d invalid (%d)", t, e.problem);
		for (int k = 0; k < 5; k++)
		{
			int64_t		a = rand() % 1500;
			int64_t		r = sched_apply(&v, a, true, &br, &capped);

			CHECK(r == ref_marginal(&v, a), "random %d amount %lld: %lld vs %lld", t,
				  (long long) a, (long long) r, (long long) ref_marginal(&v, a));
		}
		/* order is consistent with the text round trip */
		{
			char		buf[SCHED_TEXT_MAX];
			sched_schedule w;

			sched_format(&v, buf, sizeof(buf));
			CHECK(parse(buf, &w, &e) && sched_cmp(&v, &w) == 0, "random %d text round trip '%s'", t, buf);
		}
	}

	/* order */
	{
		sched_schedule a,
					b;
		sched_error e;

		parse("[0,100):50%", &a, &e);
		parse("[0,100):60%", &b, &e);
		CHECK(sched_cmp(&a, &b) < 0 && sched_cmp(&b, &a) > 0, "rate order");
		parse("[0,100):50%, cap 10", &b, &e);
		CHECK(sched_cmp(&b, &a) < 0, "a cap sorts before no cap");
		parse("[0,100):50%, [100,):1%", &b, &e);
		CHECK(sched_cmp(&a, &b) < 0, "fewer brackets first");
	}

	/* the order on wire forms is the order on schedules */
	{
		const char *list[] = {"[0,100):50%", "[0,100):60%", "[0,100):50%, cap 10", "[0,100):50%, [100,):1%",
			"[0,):50%", "[5,):0%", "[0,100):50%, [100,200):1%", "[0,100):50%, [100,200):1%, cap 0"};
		int			nl = (int) (sizeof(list) / sizeof(list[0]));

		for (int i = 0; i < nl; i++)
			for (int j = 0; j < nl; j++)
			{
				sched_schedule a,
							b;
				sched_error e;
				uint8_t		wa[SCHED_WIRE_MAX],
							wb[SCHED_WIRE_MAX];
				int			c1,
							c2;

				parse(list[i], &a, &e);
				parse(list[j], &b, &e);
				sched_to_wire(&a, wa);
				sched_to_wire(&b, wb);
				c1 = sched_cmp(&a, &b);
				c2 = sched_cmp_wire(wa, wb);
				CHECK((c1 > 0) == (c2 > 0) && (c1 < 0) == (c2 < 0) && ((i == j) == (c1 == 0)),
					  "order of '%s' and '%s': %d on schedules, %d on wire", list[i], list[j], c1, c2);
			}
	}

	/* binary form: damaged inputs are refused */
	{
		sched_schedule v,
					w;
		sched_error e;
		uint8_t		wire[SCHED_WIRE_MAX];
		size_t		n,
					used;

		parse(ex, &v, &e);
		n = sched_to_wire(&v, wire);
		CHECK(!sched_from_wire(wire, n - 1, &w, &used, &e), "short wire accepted");
		wire[7] = 2;			/* cap flag 2 */
		CHECK(!sched_from_wire(wire, n, &w, &used, &e) && e.problem == SCHED_BAD_BINARY, "cap flag 2 accepted");
		n = sched_to_wire(&v, wire);
		wire[16 + 20 + 16] = 0x7f;	/* rate of bracket 2 huge */
		CHECK(!sched_from_wire(wire, n, &w, &used, &e) && e.problem == SCHED_RATE_RANGE, "rate out of range accepted");
		n = sched_to_wire(&v, wire);
		wire[16 + 20 + 7] = 1;	/* bracket 2 starts at 1 fen + ... : overlap/unsorted */
		CHECK(!sched_from_wire(wire, n, &w, &used, &e), "misordered wire accepted");
	}

	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
