/*
 * Unit tests of the optimal pairing (src/min_cost_flow_core.c), outside the
 * server under AddressSanitizer and UBSan (make unit).  The heart of it:
 * thousands of random small cases (coordinates, communities, capacities,
 * must-stay demands, groups, limits, deadlines, a maximum distance, one to
 * three candidates per demand so that the pricing check must add arcs) whose
 * result is compared with the optimum found by enumerating every assignment.
 * Prints each failure and ends with "unit: N passed, N failed".
 */
#include "min_cost_flow_core.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned) (rng % n);
}

/* ---- an independent distance and the brute force ----------------------- */

typedef struct problem
{
	mcf_input	in;
	mcf_demand	d[8];
	mcf_supplier s[5];
	mcf_community_distance t[16];
} problem;

static int64_t
distance_of(const problem *p, const mcf_demand *d, const mcf_supplier *s)
{
	int64_t		i;

	if (!isnan(d->lat) && !isnan(s->lat))
		return mcf_great_circle_m(d->lat, d->lon, s->lat, s->lon);
	if (d->community < 0 || s->community < 0)
		return -1;
	for (i = 0; i < p->in.n_distances; i++)
		if ((p->t[i].a == d->community && p->t[i].b == s->community) ||
			(p->t[i].b == d->community && p->t[i].a == s->community))
			return p->t[i].metres;
	return d->community == s->community ? 0 : -1;
}

/* may demand i go to supplier j (not fixed): its distance, or -1 */
static int64_t
arc_cost(const problem *p, int i, int j)
{
	const mcf_demand *d = &p->d[i];
	const mcf_supplier *s = &p->s[j];
	int64_t		c;

	if (d->group != s->group || d->need > s->limit || s->ready > d->deadline)
		return -1;
	c = distance_of(p, d, s);
	if (c < 0 || (p->in.max_distance >= 0 && c > p->in.max_distance))
		return -1;
	return c;
}

static int	best_placed;
static int64_t best_total;

static void
enumerate(const problem *p, int i, int64_t *left, int placed, int64_t total)
{
	int			j;

	if (i == p->in.n_demands)
	{
		if (placed > best_placed || (placed == best_placed && total < best_total))
		{
			best_placed = placed;
			best_total = total;
		}
		return;
	}
	if (p->d[i].fixed_supplier >= 0)
	{
		enumerate(p, i + 1, left, placed, total);
		return;
	}
	enumerate(p, i + 1, left, placed, total);	/* unplaced */
	for (j = 0; j < p->in.n_suppliers; j++)
	{
		int64_t		c = arc_cost(p, i, j);

		if (c < 0 || left[j] <= 0)
			continue;
		left[j]--;
		enumerate(p, i + 1, left, placed + 1, total + c);
		left[j]++;
	}
}

static void
random_problem(problem *p)
{
	int			i,
				nc = 1 + rnd(3);

	memset(p, 0, sizeof(*p));
	p->in.n_demands = 1 + rnd(7);
	p->in.n_suppliers = 1 + rnd(4);
	p->in.n_communities = nc;
	p->in.demands = p->d;
	p->in.suppliers = p->s;
	p->in.distances = p->t;
	p->in.candidates = 1 + rnd(3);
	p->in.max_arcs = 1000;
	p->in.max_distance = rnd(3) == 0 ? -1 : (int64_t) (1000 + rnd(6000));
	for (i = 0; i < p->in.n_suppliers; i++)
	{
		mcf_supplier *s = &p->s[i];

		s->lat = s->lon = NAN;
		if (rnd(4))
		{
			s->lat = 23.0 + rnd(500) / 10000.0;
			s->lon = 113.1 + rnd(500) / 10000.0;
		}
		s->community = (isnan(s->lat) || rnd(2)) ? (int32_t) rnd(nc) : MCF_NO_COMMUNITY;
		s->capacity = rnd(4);
		s->group = rnd(5) == 0;
		s->limit = rnd(4) == 0 ? 50 : 1000;
		s->ready = rnd(4) == 0 ? 20 : 0;
	}
	for (i = 0; i < p->in.n_demands; i++)
	{
		mcf_demand *d = &p->d[i];

		d->lat = d->lon = NAN;
		if (rnd(4))
		{
			d->lat = 23.0 + rnd(500) / 10000.0;
			d->lon = 113.1 + rnd(500) / 10000.0;
		}
		d->community = (isnan(d->lat) || rnd(2)) ? (int32_t) rnd(nc) : MCF_NO_COMMUNITY;
		d->group = rnd(5) == 0;
		d->need = rnd(4) == 0 ? 100 : 10;
		d->deadline = rnd(4) == 0 ? 10 : 30;
		d->fixed_supplier = MCF_NO_SUPPLIER;
	}
	/* a must-stay demand now and then, within capacity */
	if (rnd(3) == 0)
	{
		int			j = rnd(p->in.n_suppliers);

		if (p->s[j].capacity > 0)
			p->d[rnd(p->in.n_demands)].fixed_supplier = j;
	}
	/* community distances: some pairs known */
	for (i = 0; i < nc; i++)
	{
		int			j;

		for (j = i; j < nc; j++)
			if (rnd(3))
			{
				mcf_community_distance *t = &p->t[p->in.n_distances++];

				t->a = rnd(2) ? i : j;
				t->b = t->a == i ? j : i;
				t->metres = i == j ? rnd(300) : 500 + rnd(5000);
			}
	}
}

static void
brute_force_cases(int n)
{
	int			c,
				bad = 0,
				added = 0;

	for (c = 0; c < n; c++)
	{
		problem		p;
		mcf_result	r;
		mcf_error	e;
		int64_t		left[5],
					total = 0;
		int			i,
					placed = 0,
					ok = 1;

		random_problem(&p);
		if (mcf_solve(&p.in, &r, &e) != MCF_OK)
		{
			CHECK(false, "case %d: error %s", c, e.message);
			continue;
		}
		added += r.arcs_added > 0;
		for (i = 0; i < p.in.n_suppliers; i++)
			left[i] = p.s[i].capacity;
		for (i = 0; i < p.in.n_demands; i++)
			if (p.d[i].fixed_supplier >= 0)
				left[p.d[i].fixed_supplier]--;
		best_placed = -1;
		best_total = 0;
		enumerate(&p, 0, left, 0, 0);
		/* the result is feasible and its figures are its own */
		for (i = 0; i < p.in.n_demands; i++)
		{
			int			j = r.supplier[i];

			if (r.outcome[i] == MCF_KEPT)
			{
				ok &= j == p.d[i].fixed_supplier;
				continue;
			}
			if (r.outcome[i] == MCF_PLACED)
			{
				ok &= j >= 0 && arc_cost(&p, i, j) == r.distance[i];
				ok &= --left[j] >= 0;
				total += r.distance[i];
				placed++;
			}
			else
			{
				ok &= j == MCF_NO_SUPPLIER;
				/* "no candidate" only when no supplier could ever take it */
				if (r.outcome[i] == MCF_NO_CANDIDATE)
				{
					int			k;

					for (k = 0; k < p.in.n_suppliers; k++)
						ok &= arc_cost(&p, i, k) < 0;
				}
			}
		}
		if (!ok || placed != best_placed || total != best_total)
		{
			bad++;
			if (bad < 5)
				CHECK(false, "case %d: placed %d total %lld, optimum placed %d total %lld (feasible %d)",
					  c, placed, (long long) total, best_placed, (long long) best_total, ok);
		}
		free(r.supplier);
		free(r.distance);
		free(r.outcome);
	}
	CHECK(bad == 0, "%d of %d random cases differ from the brute-force optimum", bad, n);
	CHECK(added > 0, "the pricing check never added an arc in %d cases", n);
	printf("brute force: %d cases, pricing added arcs in %d\n", n, added);
}

/* ---- larger: the total does not depend on k ---------------------------- */

static void
widening_k(void)
{
	enum
	{
		N = 1500, M = 80
	};
	static mcf_demand d[N];
	static mcf_supplier s[M];
	mcf_input	in;
	int64_t		totals[4];
	int			placed[4];
	int			ks[4] = {1, 4, 16, M};
	int			i,
				x;

	for (i = 0; i < M; i++)
	{
		s[i].lat = 22.5 + rnd(100000) / 100000.0 * 0.4;
		s[i].lon = 113.0 + rnd(100000) / 100000.0 * 0.4;
		s[i].community = MCF_NO_COMMUNITY;
		s[i].capacity = 10 + rnd(15);
		s[i].limit = 1;
		s[i].ready = 0;
		s[i].group = 0;
	}
	for (i = 0; i < N; i++)
	{
		/* crowded around a few centres, so nearest capacity runs out */
		double		cx = 22.6 + (i % 3) * 0.1,
					cy = 113.1 + (i % 3) * 0.1;

		d[i].lat = cx + ((int) rnd(20000) - 10000) / 100000.0 * 0.5;
		d[i].lon = cy + ((int) rnd(20000) - 10000) / 100000.0 * 0.5;
		d[i].community = MCF_NO_COMMUNITY;
		d[i].group = 0;
		d[i].need = 0;
		d[i].deadline = 0;
		d[i].fixed_supplier = MCF_NO_SUPPLIER;
	}
	memset(&in, 0, sizeof(in));
	in.n_demands = N;
	in.demands = d;
	in.n_suppliers = M;
	in.suppliers = s;
	in.max_distance = 30000;
	in.max_arcs = 10000000;
	for (x = 0; x < 4; x++)
	{
		mcf_result	r;
		mcf_error	e;

		in.candidates = ks[x];
		if (mcf_solve(&in, &r, &e) != MCF_OK)
		{
			CHECK(false, "k=%d: %s", ks[x], e.message);
			return;
		}
		totals[x] = r.total_distance;
		placed[x] = r.placed;
		printf("widening k: k=%d placed %d total %lld m, rounds %d, arcs %lld (+%lld by pricing)\n",
			   ks[x], r.placed, (long long) r.total_distance, r.rounds,
			   (long long) r.arcs, (long long) r.arcs_added);
		free(r.supplier);
		free(r.distance);
		free(r.outcome);
	}
	for (x = 1; x < 4; x++)
		CHECK(totals[x] == totals[0] && placed[x] == placed[0],
			  "k=%d gives %d placed, %lld m; k=1 gives %d, %lld m",
			  ks[x], placed[x], (long long) totals[x], placed[0], (long long) totals[0]);
}

/* ---- errors ------------------------------------------------------------ */

static void
errors(void)
{
	mcf_demand	d[2];
	mcf_supplier s[1];
	mcf_community_distance t[2];
	mcf_input	in;
	mcf_result	r;
	mcf_error	e;

	memset(&in, 0, sizeof(in));
	d[0].lat = 23;
	d[0].lon = 113;
	d[0].community = MCF_NO_COMMUNITY;
	d[0].group = 0;
	d[0].need = 0;
	d[0].deadline = 0;
	d[0].fixed_supplier = 0;
	d[1] = d[0];
	s[0].lat = 23.01;
	s[0].lon = 113;
	s[0].community = 0;
	s[0].group = 0;
	s[0].capacity = 1;
	s[0].limit = 0;
	s[0].ready = 0;
	in.n_demands = 2;
	in.demands = d;
	in.n_suppliers = 1;
	in.suppliers = s;
	in.n_communities = 2;
	in.candidates = 4;
	in.max_distance = -1;
	in.max_arcs = 100;

	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && e.supplier == 0 && e.demand == 1,
		  "two must-stay demands over capacity 1: status %d (%s)", e.status, e.message);
	d[1].fixed_supplier = MCF_NO_SUPPLIER;
	s[0].capacity = -1;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && e.supplier == 0 && strstr(e.message, "negative"),
		  "negative capacity: %s", e.message);
	s[0].capacity = 1;
	d[1].lat = d[1].lon = NAN;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && e.demand == 1 && strstr(e.message, "neither"),
		  "no location: %s", e.message);
	d[1].lat = 91;
	d[1].lon = 0;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && e.demand == 1 && strstr(e.message, "out of range"),
		  "latitude 91: %s", e.message);
	d[1].lat = 23;
	d[1].lon = NAN;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && e.demand == 1, "half coordinates: %s", e.message);
	d[1].lon = 113;
	t[0].a = 0;
	t[0].b = 1;
	t[0].metres = 10;
	t[1].a = 1;
	t[1].b = 0;
	t[1].metres = 20;
	in.distances = t;
	in.n_distances = 2;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT && strstr(e.message, "two distances"),
		  "a pair twice in the table: %s", e.message);
	in.n_distances = 0;
	in.candidates = 0;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_INPUT, "zero candidates");
	in.candidates = 4;
	in.max_arcs = 0;
	d[0].fixed_supplier = MCF_NO_SUPPLIER;
	CHECK(mcf_solve(&in, &r, &e) == MCF_ERR_TOO_LARGE, "max_arcs 0: status %d", e.status);
	in.max_arcs = 100;
	CHECK(mcf_solve(&in, &r, &e) == MCF_OK && r.placed == 1 && r.unplaced == 1 &&
		  r.total_distance == 1112, "two demands, one place 1,112 m away: placed %d total %lld",
		  r.placed, (long long) r.total_distance);
	free(r.supplier);
	free(r.distance);
	free(r.outcome);
}

static void
great_circle(void)
{
	/* one degree of latitude: R * pi / 180 = 111,195 m */
	CHECK(mcf_great_circle_m(23, 113, 24, 113) == 111195, "1 degree: %lld",
		  (long long) mcf_great_circle_m(23, 113, 24, 113));
	CHECK(mcf_great_circle_m(0, -179.5, 0, 179.5) == 111195, "across 180: %lld",
		  (long long) mcf_great_circle_m(0, -179.5, 0, 179.5));
	CHECK(mcf_great_circle_m(10, 20, 10, 20) == 0, "same point");
}

int
main(void)
{
	great_circle();
	errors();
	brute_force_cases(4000);
	widening_k();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
