/*
 * micro_bench.c — the resident_id parser outside the server.
 *
 * Times rid_parse() (src/resident_id_core.c with src/id_scan.c, compiled with
 * the server's optimisation flags) on one million valid numbers, per path:
 *   - clean 18-character ASCII text, strict and lenient: the fast path;
 *   - the same with a lower-case x (still the fast path), inner spaces,
 *     hyphens or full-width digits (the general path: the scanner, then the
 *     field checks);
 *   - a floor: reading the same 18 bytes and summing them;
 *   - al_scan_text() alone on the clean text, what the general path pays
 *     before it looks at a single field.
 * This is where the per-row cost of aidlink.to_resident_id() goes, without
 * the executor around it.  Build and run: make -C bench/micro run
 */
#include "resident_id_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NVALUES 1000000
#define REPEAT 5

#define MAXLEN 64

static char values[NVALUES][18];
static char dirty[NVALUES][MAXLEN];
static size_t dirty_len[NVALUES];
static int	ndirty;				/* lower_x keeps only the numbers that end in X */
static int64_t dirty_sum;		/* sum of their bodies, to check the result */

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The same data as bench/sql/load.sql draws: random regions, dates, orders. */
static void
make_values(void)
{
	static const int regions[] = {110105, 120101, 140105, 310104, 330106, 440103,
	440305, 500101, 510104, 650102};
	uint64_t	x = 42;

	for (int i = 0; i < NVALUES; i++)
	{
		int64_t		body;
		al_error	err;
		char		out[19];
		int			y, m, d, o, r;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		r = regions[(x >> 33) % 10];
		y = 1930 + (int) ((x >> 20) % 91);
		m = 1 + (int) ((x >> 12) % 12);
		d = 1 + (int) ((x >> 40) % al_days_in_month(y, m));
		o = (int) ((x >> 50) % 1000);
		if (!rid_from_parts(r, y, m, d, o, &body, &err))
			abort();
		rid_format(body, out);
		memcpy(values[i], out, 18);
	}
}

/* Rewrite every value the way a dirty spreadsheet has it. */
static void
make_dirty(const char *kind)
{
	static const char *const fw[10] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};

	ndirty = 0;
	dirty_sum = 0;
	for (int i = 0; i < NVALUES; i++)
	{
		const char *v = values[i];
		char	   *o = dirty[ndirty];
		size_t		n = 0;
		int64_t		body = 0;

		if (strcmp(kind, "lower_x") == 0 && v[17] != 'X')
			continue;
		for (int j = 0; j < 17; j++)
			body = body * 10 + (v[j] - '0');
		dirty_sum += body;

		for (int j = 0; j < 18; j++)
		{
			if (strcmp(kind, "spaces") == 0 && (j == 6 || j == 14))
				o[n++] = ' ';
			if (strcmp(kind, "hyphens") == 0 && (j == 6 || j == 14))
				o[n++] = '-';
			if (strcmp(kind, "fullwidth") == 0)
			{
				const char *f = v[j] == 'X' ? "Ｘ" : fw[v[j] - '0'];

				memcpy(o + n, f, strlen(f));
				n += strlen(f);
			}
			else if (strcmp(kind, "lower_x") == 0 && v[j] == 'X')
				o[n++] = 'x';
			else
				o[n++] = v[j];
		}
		dirty_len[ndirty++] = n;
	}
}

typedef int64_t (*pass_fn) (void);

static int64_t
pass_floor(void)
{
	int64_t		acc = 0;

	for (int i = 0; i < NVALUES; i++)
		for (int j = 0; j < 18; j++)
			acc += (unsigned char) values[i][j];
	return acc;
}

static int64_t
pass_strict(void)
{
	int64_t		acc = 0,
				body;
	al_error	err;

	for (int i = 0; i < NVALUES; i++)
		if (rid_parse(values[i], 18, false, &body, &err))
			acc += body;
	return acc;
}

static int64_t
pass_lenient(void)
{
	int64_t		acc = 0,
				body;
	al_error	err;

	for (int i = 0; i < NVALUES; i++)
		if (rid_parse(values[i], 18, true, &body, &err))
			acc += body;
	return acc;
}

static int64_t
pass_scan_only(void)
{
	int64_t		acc = 0;
	al_scan		sc;

	for (int i = 0; i < NVALUES; i++)
	{
		al_scan_text(values[i], 18, true, 18, &sc);
		acc += (int64_t) sc.nchars + sc.ch[17].ascii;
	}
	return acc;
}

static int64_t
pass_dirty(void)
{
	int64_t		acc = 0,
				body;
	al_error	err;

	for (int i = 0; i < ndirty; i++)
		if (rid_parse(dirty[i], dirty_len[i], true, &body, &err))
			acc += body;
	return acc;
}

static void
run(const char *name, pass_fn fn, int64_t expect, int count)
{
	double		best = 1e30;
	int64_t		got = 0;

	for (int r = 0; r < REPEAT; r++)
	{
		double		t0 = now_ns();

		got = fn();
		t0 = now_ns() - t0;
		if (t0 < best)
			best = t0;
	}
	printf("  %-44s %6.1f ns/value%s\n", name, best / count,
		   expect != 0 && got != expect ? "  (WRONG RESULT)" : "");
}

int
main(void)
{
	static const char *const kinds[] = {"lower_x", "spaces", "hyphens", "fullwidth"};
	int64_t		sum;

	make_values();
	sum = pass_strict();
	printf("rid_parse on %d valid numbers, best of %d passes:\n", NVALUES, REPEAT);
	run("floor: read and sum the 18 bytes", pass_floor, 0, NVALUES);
	run("clean, strict (the cast)", pass_strict, sum, NVALUES);
	run("clean, lenient (to_resident_id)", pass_lenient, sum, NVALUES);
	run("al_scan_text alone, clean, lenient", pass_scan_only, 0, NVALUES);
	for (int k = 0; k < 4; k++)
	{
		char		name[64];

		make_dirty(kinds[k]);
		snprintf(name, sizeof(name), "%s, lenient", kinds[k]);
		run(name, pass_dirty, dirty_sum, ndirty);
	}
	return 0;
}
