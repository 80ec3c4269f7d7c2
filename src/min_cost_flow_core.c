/*
 * min_cost_flow_core.c — see min_cost_flow_core.h for the problem and the
 * guarantee.  No server dependency: memory comes from in->alloc, and long
 * loops call in->interrupt (the server's CHECK_FOR_INTERRUPTS may leave by
 * longjmp; everything is allocated in the caller's context then).
 *
 * The flow network: demand d -> supplier s (capacity 1, cost = metres) for
 * each candidate arc, supplier s -> sink (capacity = what is left of its
 * capacity after the fixed demands, cost 0), and d -> "unplaced" (an extra
 * supplier U of unlimited capacity) at cost BIG, where BIG exceeds the cost
 * change of any augmenting path (max arc cost * (min(demands, suppliers) + 1)),
 * so one more placed demand always beats any saving in metres.
 *
 * Demands are added one at a time; each is routed along a shortest augmenting
 * path (Dijkstra on reduced costs c(d,s) - u[d] - v[s] >= 0, stopping at the
 * first supplier with capacity left), then the potentials of the searched
 * part are updated so that all reduced costs stay non-negative and those of
 * assigned arcs zero.  This is the successive-shortest-path method (as in the
 * Hungarian method for rectangular assignment), so after the last demand the
 * assignment is a minimum-cost flow on the arcs given, with dual (u, v),
 * v <= 0, v = 0 at suppliers with capacity left.
 *
 * The certificate: an arc (d, s) that was left out would lower the cost only
 * if c(d,s) - u[d] - v[s] < 0, and since v <= 0 only if c(d,s) < u[d].  Left
 * out arcs are never nearer than the k-th candidate, so a demand whose k-th
 * candidate is at least u[d] away needs no check; the others are scanned up
 * to u[d] - 1 metres and any violating arc is added, and the flow is solved
 * again.  When no arc is added the dual proves optimality over all pairs.
 */
#include "min_cost_flow_core.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_ 3.14159265358979323846
#define INF64 INT64_MAX
#define COMPLETE INT64_MAX		/* every compatible supplier within reach is an arc */

typedef struct cand
{
	int64_t		d;
	int32_t		s;
} cand;

typedef struct list_entry
{
	int32_t		comm,
				group,
				sup;
	int64_t		d;
} list_entry;

typedef struct grid
{
	int32_t		group;
	double		lat0,
				lon0,
				lon1,
				cell;
	int64_t		ni,
				nj;
	int32_t    *start;			/* ni*nj + 1 */
	int32_t    *sup;
	double		cos_min;		/* cos of the largest |latitude| */
} grid;

typedef struct arcset
{
	int64_t    *start;			/* n_demands + 1 */
	int32_t    *sup;
	int64_t    *cost;
	int64_t		n;
} arcset;

typedef struct added_arc
{
	int32_t		d,
				s;
	int64_t		cost;
} added_arc;

typedef struct ctx
{
	const mcf_input *in;
	mcf_error  *err;
	int32_t		n,
				m;
	int64_t		maxd;			/* max distance, or INF64 */
	int64_t		big;
	/* distance table, canonical a <= b, sorted */
	mcf_community_distance *table;
	int64_t		n_table;
	/* grids by group (suppliers with coordinates) */
	grid	   *grids;
	int32_t		n_grids;
	/* community lists: all suppliers / suppliers without coordinates */
	list_entry *all;
	int64_t		n_all;
	list_entry *nocoord;
	int64_t		n_nocoord;
	/* candidate state */
	int64_t    *kth_grid,
			   *kth_list;
	arcset		arcs;
	added_arc  *added;
	int64_t		n_added,
				cap_added;
	/* flow state */
	int64_t    *u,
			   *v;
	int32_t    *asg;
	int64_t    *used,
			   *cap;
	int32_t    *head,
			   *nxt,
			   *prv;
	int64_t    *dist;
	int32_t    *pred;
	uint8_t    *settled;
	int32_t    *touched;
	int32_t    *rows;
	int64_t    *rowdist;
	cand	   *heap;
	int64_t		heap_n,
				heap_cap;
	/* allocations to free at the end */
	void	  **allocs;
	int64_t		n_allocs,
				cap_allocs;
	int64_t		ticks;
} ctx;

/* ---- memory ------------------------------------------------------------ */

static void *
raw_alloc(const mcf_input *in, size_t size)
{
	return in->alloc ? in->alloc(in->ctx, size) : malloc(size);
}

static void
raw_free(const mcf_input *in, void *p)
{
	if (p == NULL)
		return;
	if (in->dealloc)
		in->dealloc(in->ctx, p);
	else if (!in->alloc)
		free(p);
}

static void
set_error(ctx *C, mcf_status st, int32_t d, int32_t s, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#include <stdarg.h>
static void
set_error(ctx *C, mcf_status st, int32_t d, int32_t s, const char *fmt, ...)
{
	va_list		ap;

	if (C->err->status != MCF_OK)
		return;
	C->err->status = st;
	C->err->demand = d;
	C->err->supplier = s;
	va_start(ap, fmt);
	vsnprintf(C->err->message, sizeof(C->err->message), fmt, ap);
	va_end(ap);
}

/* n elements of size sz, tracked (freed at the end), zeroed */
static void *
talloc(ctx *C, int64_t n, size_t sz)
{
	void	   *p;
	size_t		bytes;

	if (n < 0 || (sz && (uint64_t) n > (SIZE_MAX / 2) / sz))
	{
		set_error(C, MCF_ERR_TOO_LARGE, -1, -1, "an array of %lld elements is too large",
				  (long long) n);
		return NULL;
	}
	bytes = (size_t) n * sz;
	if (bytes == 0)
		bytes = 1;
	if (C->n_allocs == C->cap_allocs)
	{
		int64_t		nc = C->cap_allocs ? C->cap_allocs * 2 : 64;
		void	  **na = raw_alloc(C->in, (size_t) nc * sizeof(void *));

		if (!na)
		{
			set_error(C, MCF_ERR_NO_MEMORY, -1, -1, "out of memory");
			return NULL;
		}
		if (C->allocs)
		{
			memcpy(na, C->allocs, (size_t) C->n_allocs * sizeof(void *));
			raw_free(C->in, C->allocs);
		}
		C->allocs = na;
		C->cap_allocs = nc;
	}
	p = raw_alloc(C->in, bytes);
	if (!p)
	{
		set_error(C, MCF_ERR_NO_MEMORY, -1, -1, "out of memory (%zu bytes)", bytes);
		return NULL;
	}
	memset(p, 0, bytes);
	C->allocs[C->n_allocs++] = p;
	return p;
}

/* free one tracked allocation early (arrays replaced between rounds) */
static void
tfree(ctx *C, void *p)
{
	int64_t		i;

	if (!p)
		return;
	for (i = C->n_allocs - 1; i >= 0; i--)
		if (C->allocs[i] == p)
		{
			C->allocs[i] = C->allocs[--C->n_allocs];
			raw_free(C->in, p);
			return;
		}
}

static void
free_all(ctx *C)
{
	int64_t		i;

	for (i = 0; i < C->n_allocs; i++)
		raw_free(C->in, C->allocs[i]);
	raw_free(C->in, C->allocs);
	C->allocs = NULL;
	C->n_allocs = C->cap_allocs = 0;
}

static void
tick(ctx *C)
{
	if (C->in->interrupt && (++C->ticks & 1023) == 0)
		C->in->interrupt(C->in->ctx);
}

/* ---- distances --------------------------------------------------------- */

int64_t
mcf_great_circle_m(double lat1, double lon1, double lat2, double lon2)
{
	double		p1 = lat1 * PI_ / 180.0,
				p2 = lat2 * PI_ / 180.0;
	double		dp = p2 - p1,
				dl = (lon2 - lon1) * PI_ / 180.0;
	double		h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (h > 1.0)
		h = 1.0;
	if (h < 0.0)
		h = 0.0;
	return (int64_t) llround(2.0 * MCF_EARTH_RADIUS_M * asin(sqrt(h)));
}

static int
has_coords(double lat, double lon)
{
	return !isnan(lat) && !isnan(lon);
}

static int
cmp_table(const void *x, const void *y)
{
	const mcf_community_distance *a = x,
			   *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

/* metres between two communities, or -1 */
static int64_t
table_distance(const ctx *C, int32_t a, int32_t b)
{
	mcf_community_distance key;
	const mcf_community_distance *hit;

	key.a = a < b ? a : b;
	key.b = a < b ? b : a;
	hit = C->n_table ? bsearch(&key, C->table, (size_t) C->n_table, sizeof(key), cmp_table) : NULL;
	if (hit)
		return hit->metres;
	return a == b ? 0 : -1;
}

/* metres between a demand and a supplier, or -1 when unknown */
static int64_t
pair_distance(const ctx *C, const mcf_demand *d, const mcf_supplier *s)
{
	if (has_coords(d->lat, d->lon) && has_coords(s->lat, s->lon))
		return mcf_great_circle_m(d->lat, d->lon, s->lat, s->lon);
	if (d->community >= 0 && s->community >= 0)
		return table_distance(C, d->community, s->community);
	return -1;
}

static int
compatible(const mcf_demand *d, const mcf_supplier *s)
{
	return d->group == s->group && d->need <= s->limit && s->ready <= d->deadline;
}

/* ---- validation -------------------------------------------------------- */

static int
validate(ctx *C)
{
	const mcf_input *in = C->in;
	int32_t		i;
	int64_t		j;

	if (in->n_demands < 0 || in->n_suppliers < 0 || in->n_communities < 0 || in->n_distances < 0)
	{
		set_error(C, MCF_ERR_INPUT, -1, -1, "negative count");
		return 0;
	}
	if (in->candidates < 1)
	{
		set_error(C, MCF_ERR_INPUT, -1, -1, "candidates per demand must be at least 1, not %d",
				  in->candidates);
		return 0;
	}
	for (i = 0; i < in->n_suppliers; i++)
	{
		const mcf_supplier *s = &in->suppliers[i];
		int			c = has_coords(s->lat, s->lon);

		if (isnan(s->lat) != isnan(s->lon))
		{
			set_error(C, MCF_ERR_INPUT, -1, i, "has a latitude without a longitude or the reverse");
			return 0;
		}
		if (c && (s->lat < -90 || s->lat > 90 || s->lon < -180 || s->lon > 180))
		{
			set_error(C, MCF_ERR_INPUT, -1, i, "coordinates (%g, %g) are out of range", s->lat, s->lon);
			return 0;
		}
		if (s->community < MCF_NO_COMMUNITY || s->community >= in->n_communities)
		{
			set_error(C, MCF_ERR_INPUT, -1, i, "community index %d out of range", s->community);
			return 0;
		}
		if (!c && s->community < 0)
		{
			set_error(C, MCF_ERR_INPUT, -1, i, "has neither coordinates nor a community");
			return 0;
		}
		if (s->capacity < 0)
		{
			set_error(C, MCF_ERR_INPUT, -1, i, "capacity %lld is negative", (long long) s->capacity);
			return 0;
		}
	}
	for (i = 0; i < in->n_demands; i++)
	{
		const mcf_demand *d = &in->demands[i];
		int			c = has_coords(d->lat, d->lon);

		if (isnan(d->lat) != isnan(d->lon))
		{
			set_error(C, MCF_ERR_INPUT, i, -1, "has a latitude without a longitude or the reverse");
			return 0;
		}
		if (c && (d->lat < -90 || d->lat > 90 || d->lon < -180 || d->lon > 180))
		{
			set_error(C, MCF_ERR_INPUT, i, -1, "coordinates (%g, %g) are out of range", d->lat, d->lon);
			return 0;
		}
		if (d->community < MCF_NO_COMMUNITY || d->community >= in->n_communities)
		{
			set_error(C, MCF_ERR_INPUT, i, -1, "community index %d out of range", d->community);
			return 0;
		}
		if (!c && d->community < 0)
		{
			set_error(C, MCF_ERR_INPUT, i, -1, "has neither coordinates nor a community");
			return 0;
		}
		if (d->fixed_supplier < MCF_NO_SUPPLIER || d->fixed_supplier >= in->n_suppliers)
		{
			set_error(C, MCF_ERR_INPUT, i, -1, "fixed supplier index %d out of range", d->fixed_supplier);
			return 0;
		}
	}
	for (j = 0; j < in->n_distances; j++)
	{
		const mcf_community_distance *t = &in->distances[j];

		if (t->a < 0 || t->b < 0 || t->a >= in->n_communities || t->b >= in->n_communities)
		{
			set_error(C, MCF_ERR_INPUT, -1, -1, "distance row %lld names a community out of range",
					  (long long) j);
			return 0;
		}
		if (t->metres < 0 || t->metres > MCF_MAX_TABLE_DISTANCE)
		{
			set_error(C, MCF_ERR_INPUT, -1, -1, "distance row %lld has %lld metres (0 to %lld)",
					  (long long) j, (long long) t->metres, (long long) MCF_MAX_TABLE_DISTANCE);
			return 0;
		}
	}
	return 1;
}

static int
build_table(ctx *C)
{
	const mcf_input *in = C->in;
	int64_t		j;

	C->n_table = in->n_distances;
	C->table = talloc(C, in->n_distances, sizeof(mcf_community_distance));
	if (!C->table)
		return 0;
	for (j = 0; j < in->n_distances; j++)
	{
		mcf_community_distance t = in->distances[j];

		if (t.a > t.b)
		{
			int32_t		x = t.a;

			t.a = t.b;
			t.b = x;
		}
		C->table[j] = t;
	}
	if (C->n_table)
		qsort(C->table, (size_t) C->n_table, sizeof(mcf_community_distance), cmp_table);
	for (j = 1; j < C->n_table; j++)
		if (C->table[j].a == C->table[j - 1].a && C->table[j].b == C->table[j - 1].b)
		{
			set_error(C, MCF_ERR_INPUT, -1, -1, "communities %d and %d have two distances",
					  C->table[j].a, C->table[j].b);
			return 0;
		}
	return 1;
}

/* ---- grids over coordinates -------------------------------------------- */

static const mcf_supplier *G_sup;	/* qsort has no argument; set around calls */

static int
cmp_by_group(const void *x, const void *y)
{
	int32_t		a = *(const int32_t *) x,
				b = *(const int32_t *) y;

	if (G_sup[a].group != G_sup[b].group)
		return G_sup[a].group < G_sup[b].group ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
build_grids(ctx *C)
{
	const mcf_supplier *S = C->in->suppliers;
	int32_t    *idx,
				n = 0,
				i,
				a,
				b;

	idx = talloc(C, C->m, sizeof(int32_t));
	if (!idx)
		return 0;
	for (i = 0; i < C->m; i++)
		if (has_coords(S[i].lat, S[i].lon))
			idx[n++] = i;
	G_sup = S;
	if (n)
		qsort(idx, (size_t) n, sizeof(int32_t), cmp_by_group);
	C->n_grids = 0;
	for (a = 0; a < n; a = b)
	{
		for (b = a + 1; b < n && S[idx[b]].group == S[idx[a]].group; b++);
		C->n_grids++;
	}
	C->grids = talloc(C, C->n_grids, sizeof(grid));
	if (!C->grids)
		return 0;
	C->n_grids = 0;
	for (a = 0; a < n; a = b)
	{
		grid	   *g = &C->grids[C->n_grids++];
		double		lat0 = 90,
					lat1 = -90,
					lon0 = 180,
					lon1 = -180,
					w,
					h,
					cell,
					maxabs = 0;
		int32_t		cnt,
					k;
		int64_t		cells,
					c;
		int32_t    *fill;

		for (b = a + 1; b < n && S[idx[b]].group == S[idx[a]].group; b++);
		cnt = b - a;
		for (k = a; k < b; k++)
		{
			const mcf_supplier *s = &S[idx[k]];

			lat0 = fmin(lat0, s->lat);
			lat1 = fmax(lat1, s->lat);
			lon0 = fmin(lon0, s->lon);
			lon1 = fmax(lon1, s->lon);
			maxabs = fmax(maxabs, fabs(s->lat));
		}
		w = lon1 - lon0;
		h = lat1 - lat0;
		/* about two suppliers per cell */
		cell = sqrt(fmax(w, 1e-6) * fmax(h, 1e-6) / fmax(cnt / 2.0, 1.0));
		if (w < cell && h > 0)
			cell = h / fmax(cnt / 2.0, 1.0);
		else if (h < cell && w > 0)
			cell = fmax(cell, w / fmax(cnt / 2.0, 1.0));
		if (cell < 1e-6)
			cell = 1e-6;
		g->group = S[idx[a]].group;
		g->lat0 = lat0;
		g->lon0 = lon0;
		g->lon1 = lon1;
		g->cell = cell;
		g->ni = (int64_t) floor(h / cell) + 1;
		g->nj = (int64_t) floor(w / cell) + 1;
		while (g->ni * g->nj > 4 * (int64_t) cnt + 64)
		{
			g->cell *= 1.5;
			g->ni = (int64_t) floor(h / g->cell) + 1;
			g->nj = (int64_t) floor(w / g->cell) + 1;
		}
		g->cos_min = cos(maxabs * PI_ / 180.0);
		cells = g->ni * g->nj;
		g->start = talloc(C, cells + 1, sizeof(int32_t));
		g->sup = talloc(C, cnt, sizeof(int32_t));
		fill = talloc(C, cells, sizeof(int32_t));
		if (!g->start || !g->sup || !fill)
			return 0;
		for (k = a; k < b; k++)
		{
			const mcf_supplier *s = &S[idx[k]];
			int64_t		ci = (int64_t) floor((s->lat - lat0) / g->cell),
						cj = (int64_t) floor((s->lon - lon0) / g->cell);

			if (ci >= g->ni)
				ci = g->ni - 1;
			if (cj >= g->nj)
				cj = g->nj - 1;
			g->start[ci * g->nj + cj + 1]++;
		}
		for (c = 0; c < cells; c++)
			g->start[c + 1] += g->start[c];
		for (k = a; k < b; k++)
		{
			const mcf_supplier *s = &S[idx[k]];
			int64_t		ci = (int64_t) floor((s->lat - lat0) / g->cell),
						cj = (int64_t) floor((s->lon - lon0) / g->cell);

			if (ci >= g->ni)
				ci = g->ni - 1;
			if (cj >= g->nj)
				cj = g->nj - 1;
			c = ci * g->nj + cj;
			g->sup[g->start[c] + fill[c]++] = idx[k];
		}
		tfree(C, fill);
	}
	tfree(C, idx);
	return 1;
}

static const grid *
find_grid(const ctx *C, int32_t group)
{
	int32_t		lo = 0,
				hi = C->n_grids;

	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (C->grids[mid].group < group)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < C->n_grids && C->grids[lo].group == group ? &C->grids[lo] : NULL;
}

/*
 * A lower bound (metres, rounded down) on the distance from a point at
 * latitude lat to any supplier of ring r around its cell: such a supplier is
 * more than (r-1) cells away in latitude or in longitude.  Great-circle
 * distance is at least R*|dlat|, and hav(theta) >= cos(lat1)cos(lat2)hav(dlon)
 * (cos(lat2) >= cos_min); the longitude bound holds only when no pair of
 * points is more than 180 degrees apart in longitude (no wrap at 180).
 */
static int64_t
ring_bound(const grid *g, double lat, double lon, int64_t r)
{
	double		a,
				lb_lat,
				lb_lon = 0;

	if (r <= 1)
		return 0;
	a = (double) (r - 1) * g->cell;
	lb_lat = MCF_EARTH_RADIUS_M * fmin(a, 180.0) * PI_ / 180.0;
	if (fabs(lon - g->lon0) <= 180.0 && fabs(lon - g->lon1) <= 180.0)
	{
		double		b = fmin(a, 180.0) * PI_ / 180.0;
		double		x = cos(lat * PI_ / 180.0) * g->cos_min * sin(b / 2) * sin(b / 2);

		if (x > 1)
			x = 1;
		if (x < 0)
			x = 0;
		lb_lon = 2.0 * MCF_EARTH_RADIUS_M * asin(sqrt(x));
	}
	return (int64_t) floor(fmin(lb_lat, lb_lon)) - 1;
}

/*
 * Visit the suppliers of grid g ring by ring around (lat, lon) until the
 * ring's lower bound reaches *limit (which visit may lower): every supplier
 * at most *limit metres away is visited (others may be too).
 */
typedef void (*visit_fn) (ctx *C, void *arg, int32_t s);

static void
grid_scan(ctx *C, const grid *g, double lat, double lon, const int64_t *limit,
		  visit_fn visit, void *arg)
{
	int64_t		ci = (int64_t) floor((lat - g->lat0) / g->cell),
				cj = (int64_t) floor((lon - g->lon0) / g->cell),
				r0 = 0,
				rmax,
				r;

	if (-ci > r0)
		r0 = -ci;
	if (ci - (g->ni - 1) > r0)
		r0 = ci - (g->ni - 1);
	if (-cj > r0)
		r0 = -cj;
	if (cj - (g->nj - 1) > r0)
		r0 = cj - (g->nj - 1);
	rmax = ci > g->ni - 1 - ci ? ci : g->ni - 1 - ci;
	if (cj > rmax)
		rmax = cj;
	if (g->nj - 1 - cj > rmax)
		rmax = g->nj - 1 - cj;
	for (r = r0; r <= rmax; r++)
	{
		int64_t		i,
					ilo,
					ihi;

		if (ring_bound(g, lat, lon, r) >= *limit)
			break;
		ilo = ci - r < 0 ? 0 : ci - r;
		ihi = ci + r > g->ni - 1 ? g->ni - 1 : ci + r;
		for (i = ilo; i <= ihi; i++)
		{
			int64_t		j,
						jlo = cj - r < 0 ? 0 : cj - r,
						jhi = cj + r > g->nj - 1 ? g->nj - 1 : cj + r,
						step = (i == ci - r || i == ci + r) ? 1 : 2 * r;

			if (step == 0)
				step = 1;
			for (j = (step == 1 ? jlo : cj - r); j <= jhi; j += step)
			{
				int64_t		c,
							x;

				if (j < jlo)
					continue;
				c = i * g->nj + j;
				for (x = g->start[c]; x < g->start[c + 1]; x++)
					visit(C, arg, g->sup[x]);
			}
		}
	}
}

/* ---- community lists --------------------------------------------------- */

static int
cmp_entry(const void *x, const void *y)
{
	const list_entry *a = x,
			   *b = y;

	if (a->comm != b->comm)
		return a->comm < b->comm ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return a->sup < b->sup ? -1 : a->sup > b->sup;
}

static int
build_lists(ctx *C)
{
	const mcf_input *in = C->in;
	const mcf_supplier *S = in->suppliers;
	int32_t		nc = in->n_communities,
				i;
	uint8_t    *wanted;
	uint8_t    *selfrow;
	int32_t    *cstart,
			   *csup,
			   *cfill;
	int64_t		j,
				n_all = 0,
				n_noc = 0,
				limit = in->max_arcs;
	int			pass;

	wanted = talloc(C, nc, 1);
	selfrow = talloc(C, nc, 1);
	cstart = talloc(C, (int64_t) nc + 1, sizeof(int32_t));
	cfill = talloc(C, nc, sizeof(int32_t));
	csup = talloc(C, C->m, sizeof(int32_t));
	if (!wanted || !selfrow || !cstart || !cfill || !csup)
		return 0;
	for (i = 0; i < C->n; i++)
		if (in->demands[i].community >= 0)
			wanted[in->demands[i].community] = 1;
	for (i = 0; i < C->m; i++)
		if (S[i].community >= 0)
			cstart[S[i].community + 1]++;
	for (i = 0; i < nc; i++)
		cstart[i + 1] += cstart[i];
	for (i = 0; i < C->m; i++)
		if (S[i].community >= 0)
			csup[cstart[S[i].community] + cfill[S[i].community]++] = i;
	for (j = 0; j < C->n_table; j++)
		if (C->table[j].a == C->table[j].b)
			selfrow[C->table[j].a] = 1;

	/* pass 0 counts, pass 1 fills */
	for (pass = 0; pass < 2; pass++)
	{
		int64_t		fa = 0,
					fn = 0;

#define EMIT(from, to, metres) do { \
		int32_t x_; \
		for (x_ = cstart[to]; x_ < cstart[(to) + 1]; x_++) { \
			int32_t s_ = csup[x_]; \
			int noc_ = !has_coords(S[s_].lat, S[s_].lon); \
			if (C->maxd != INF64 && (metres) > C->maxd) break; \
			if (pass == 1) { \
				list_entry e_; e_.comm = (from); e_.group = S[s_].group; e_.sup = s_; e_.d = (metres); \
				C->all[fa] = e_; \
				if (noc_) C->nocoord[fn++] = e_; \
			} else if (noc_) fn++; \
			fa++; \
		} \
	} while (0)

		for (j = 0; j < C->n_table; j++)
		{
			const mcf_community_distance *t = &C->table[j];

			if (wanted[t->a])
				EMIT(t->a, t->b, t->metres);
			if (t->a != t->b && wanted[t->b])
				EMIT(t->b, t->a, t->metres);
			if (fa > limit)
				break;
		}
		for (i = 0; i < nc && fa <= limit; i++)
			if (wanted[i] && !selfrow[i])
				EMIT(i, i, (int64_t) 0);
#undef EMIT
		if (fa > limit)
		{
			set_error(C, MCF_ERR_TOO_LARGE, -1, -1,
					  "the community distance table gives more than %lld candidate pairs",
					  (long long) limit);
			return 0;
		}
		if (pass == 0)
		{
			n_all = fa;
			n_noc = fn;
			C->all = talloc(C, n_all, sizeof(list_entry));
			C->nocoord = talloc(C, n_noc, sizeof(list_entry));
			if (!C->all || !C->nocoord)
				return 0;
		}
	}
	C->n_all = n_all;
	C->n_nocoord = n_noc;
	if (n_all)
		qsort(C->all, (size_t) n_all, sizeof(list_entry), cmp_entry);
	if (n_noc)
		qsort(C->nocoord, (size_t) n_noc, sizeof(list_entry), cmp_entry);
	tfree(C, wanted);
	tfree(C, selfrow);
	tfree(C, cstart);
	tfree(C, cfill);
	tfree(C, csup);
	return 1;
}

/* first entry of (comm, group) in a sorted list */
static int64_t
list_lower(const list_entry *L, int64_t n, int32_t comm, int32_t group)
{
	int64_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (L[mid].comm < comm || (L[mid].comm == comm && L[mid].group < group))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- candidate arcs ---------------------------------------------------- */

/*
 * Where an entry of the given key goes in a bounded max-heap that keeps the
 * k smallest keys: the entries in its way are moved (with their values in
 * the parallel array aux, when there is one) and the free position is
 * returned; -1 when the heap is full and the key is not smaller than its
 * largest.  The caller writes the entry at that position.
 */
static int32_t
kbest_slot(cand *heap, int64_t *aux, int32_t *n, int32_t k, int64_t key)
{
	int32_t		i;

	if (*n < k)
	{
		i = (*n)++;
		while (i > 0 && heap[(i - 1) / 2].d < key)
		{
			heap[i] = heap[(i - 1) / 2];
			if (aux)
				aux[i] = aux[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		return i;
	}
	if (key >= heap[0].d)
		return -1;
	i = 0;
	for (;;)
	{
		int32_t		l = 2 * i + 1,
					r = l + 1,
					m = i;
		int64_t		md = key;

		if (l < *n && heap[l].d > md)
		{
			m = l;
			md = heap[l].d;
		}
		if (r < *n && heap[r].d > md)
			m = r;
		if (m == i)
			break;
		heap[i] = heap[m];
		if (aux)
			aux[i] = aux[m];
		i = m;
	}
	return i;
}

typedef struct knn
{
	const mcf_demand *d;
	cand	   *heap;			/* max-heap on d */
	int32_t		n,
				k;
	int64_t		limit;			/* all suppliers within limit are wanted */
	int64_t		maxd;
} knn;

static void
knn_push(knn *h, int64_t dd, int32_t s)
{
	int32_t		i = kbest_slot(h->heap, NULL, &h->n, h->k, dd);

	if (i < 0)
		return;
	h->heap[i].d = dd;
	h->heap[i].s = s;
	if (h->n == h->k)
	{
		int64_t		l = h->heap[0].d - 1;

		if (l < h->limit)
			h->limit = l;
	}
}

static void
knn_visit(ctx *C, void *arg, int32_t s)
{
	knn		   *h = arg;
	const mcf_supplier *sp = &C->in->suppliers[s];
	int64_t		dd;

	if (!compatible(h->d, sp))
		return;
	dd = mcf_great_circle_m(h->d->lat, h->d->lon, sp->lat, sp->lon);
	if (dd > h->maxd)
		return;
	knn_push(h, dd, s);
}

/* the growable list of arcs being built */
typedef struct arcbuf
{
	int32_t    *sup;
	int64_t    *cost;
	int64_t		n,
				cap;
} arcbuf;

static int
arcbuf_add(ctx *C, arcbuf *b, int32_t s, int64_t cost)
{
	if (b->n >= C->in->max_arcs)
	{
		set_error(C, MCF_ERR_TOO_LARGE, -1, -1,
				  "more than %lld candidate pairs", (long long) C->in->max_arcs);
		return 0;
	}
	if (b->n == b->cap)
	{
		int64_t		nc = b->cap ? b->cap * 2 : 1024;
		int32_t    *ns;
		int64_t    *nco;

		if (nc > C->in->max_arcs)
			nc = C->in->max_arcs;
		ns = talloc(C, nc, sizeof(int32_t));
		nco = talloc(C, nc, sizeof(int64_t));
		if (!ns || !nco)
			return 0;
		if (b->n)
		{
			memcpy(ns, b->sup, (size_t) b->n * sizeof(int32_t));
			memcpy(nco, b->cost, (size_t) b->n * sizeof(int64_t));
		}
		tfree(C, b->sup);
		tfree(C, b->cost);
		b->sup = ns;
		b->cost = nco;
		b->cap = nc;
	}
	b->sup[b->n] = s;
	b->cost[b->n] = cost;
	b->n++;
	return 1;
}

static int
build_candidates(ctx *C)
{
	const mcf_input *in = C->in;
	int32_t		k = in->candidates,
				i;
	cand	   *heap;
	arcbuf		b;

	memset(&b, 0, sizeof(b));
	heap = talloc(C, k, sizeof(cand));
	C->kth_grid = talloc(C, C->n, sizeof(int64_t));
	C->kth_list = talloc(C, C->n, sizeof(int64_t));
	C->arcs.start = talloc(C, (int64_t) C->n + 1, sizeof(int64_t));
	if (!heap || !C->kth_grid || !C->kth_list || !C->arcs.start)
		return 0;
	for (i = 0; i < C->n; i++)
	{
		const mcf_demand *d = &in->demands[i];
		int			coords = has_coords(d->lat, d->lon);

		C->arcs.start[i] = b.n;
		C->kth_grid[i] = COMPLETE;
		C->kth_list[i] = COMPLETE;
		tick(C);
		if (d->fixed_supplier >= 0)
			continue;
		if (coords)
		{
			const grid *g = find_grid(C, d->group);

			if (g)
			{
				knn			h;
				int32_t		x;

				h.d = d;
				h.heap = heap;
				h.n = 0;
				h.k = k;
				h.maxd = C->maxd;
				h.limit = C->maxd;
				grid_scan(C, g, d->lat, d->lon, &h.limit, knn_visit, &h);
				if (h.n == k)
					C->kth_grid[i] = h.heap[0].d;
				for (x = 0; x < h.n; x++)
					if (!arcbuf_add(C, &b, h.heap[x].s, h.heap[x].d))
						return 0;
			}
		}
		if (d->community >= 0)
		{
			const list_entry *L = coords ? C->nocoord : C->all;
			int64_t		n = coords ? C->n_nocoord : C->n_all;
			int64_t		x = list_lower(L, n, d->community, d->group);
			int32_t		taken = 0;

			for (; x < n && L[x].comm == d->community && L[x].group == d->group; x++)
			{
				const mcf_supplier *sp = &in->suppliers[L[x].sup];

				if (L[x].d > C->maxd)
					break;
				if (taken == k)
				{
					C->kth_list[i] = L[x - 1].d;
					break;
				}
				if (!compatible(d, sp))
					continue;
				if (coords && has_coords(sp->lat, sp->lon))
					continue;
				if (!arcbuf_add(C, &b, L[x].sup, L[x].d))
					return 0;
				taken++;
			}
		}
	}
	C->arcs.start[C->n] = b.n;
	C->arcs.sup = b.sup;
	C->arcs.cost = b.cost;
	C->arcs.n = b.n;
	tfree(C, heap);
	return 1;
}

/*
 * The k-th entry's distance above is that of the last arc taken when more
 * compatible entries follow (taken == k at a later entry): the entries left
 * out are at least that far.
 */

/* ---- the flow ---------------------------------------------------------- */

static void
heap_push(ctx *C, int64_t d, int32_t s)
{
	int64_t		i = C->heap_n++;

	while (i > 0 && C->heap[(i - 1) / 2].d > d)
	{
		C->heap[i] = C->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	C->heap[i].d = d;
	C->heap[i].s = s;
}

static cand
heap_pop(ctx *C)
{
	cand		top = C->heap[0],
				last = C->heap[--C->heap_n];
	int64_t		i = 0,
				n = C->heap_n;

	for (;;)
	{
		int64_t		l = 2 * i + 1,
					r = l + 1,
					m = i;
		int64_t		md = last.d;

		if (l < n && C->heap[l].d < md)
		{
			m = l;
			md = C->heap[l].d;
		}
		if (r < n && C->heap[r].d < md)
			m = r;
		if (m == i)
			break;
		C->heap[i] = C->heap[m];
		i = m;
	}
	if (n > 0)
		C->heap[i] = last;
	return top;
}

static int
relax_row(ctx *C, int32_t r, int64_t base, int64_t *ntouch)
{
	int64_t		a;
	int32_t		U = C->m;

	for (a = C->arcs.start[r]; a < C->arcs.start[r + 1]; a++)
	{
		int32_t		s = C->arcs.sup[a];
		int64_t		nd = base + C->arcs.cost[a] - C->u[r] - C->v[s];

		if (nd < C->dist[s] && !C->settled[s])
		{
			if (C->dist[s] == INF64)
				C->touched[(*ntouch)++] = s;
			C->dist[s] = nd;
			C->pred[s] = r;
			if (C->heap_n >= C->heap_cap)
				return 0;
			heap_push(C, nd, s);
		}
	}
	{
		int64_t		nd = base + C->big - C->u[r] - C->v[U];

		if (nd < C->dist[U])
		{
			if (C->dist[U] == INF64)
				C->touched[(*ntouch)++] = U;
			C->dist[U] = nd;
			C->pred[U] = r;
			if (C->heap_n >= C->heap_cap)
				return 0;
			heap_push(C, nd, U);
		}
	}
	return 1;
}

static void
list_remove(ctx *C, int32_t r, int32_t s)
{
	if (C->prv[r] >= 0)
		C->nxt[C->prv[r]] = C->nxt[r];
	else
		C->head[s] = C->nxt[r];
	if (C->nxt[r] >= 0)
		C->prv[C->nxt[r]] = C->prv[r];
	C->used[s]--;
}

static void
list_add(ctx *C, int32_t r, int32_t s)
{
	C->prv[r] = -1;
	C->nxt[r] = C->head[s];
	if (C->head[s] >= 0)
		C->prv[C->head[s]] = r;
	C->head[s] = r;
	C->used[s]++;
	C->asg[r] = s;
}

static int
route(ctx *C, int32_t h)
{
	int64_t		ntouch = 0,
				nrows = 0,
				x,
				D;
	int32_t		t,
				s,
				r;

	C->heap_n = 0;
	C->rows[nrows] = h;
	C->rowdist[nrows++] = 0;
	if (!relax_row(C, h, 0, &ntouch))
		goto overflow;
	for (;;)
	{
		cand		c;

		if (C->heap_n == 0)
		{
			set_error(C, MCF_ERR_INPUT, h, -1, "internal error: no path to the unplaced node");
			return 0;
		}
		c = heap_pop(C);
		s = c.s;
		if (C->settled[s] || c.d != C->dist[s])
			continue;
		if (s == C->m || C->used[s] < C->cap[s])
		{
			t = s;
			D = c.d;
			break;
		}
		C->settled[s] = 1;
		for (r = C->head[s]; r >= 0; r = C->nxt[r])
		{
			C->rows[nrows] = r;
			C->rowdist[nrows++] = c.d;
			if (!relax_row(C, r, c.d, &ntouch))
				goto overflow;
		}
	}
	for (x = 0; x < nrows; x++)
		C->u[C->rows[x]] += D - C->rowdist[x];
	for (x = 0; x < ntouch; x++)
	{
		s = C->touched[x];
		if (C->settled[s])
			C->v[s] -= D - C->dist[s];
	}
	/* augment */
	s = t;
	for (;;)
	{
		int32_t		old;

		r = C->pred[s];
		old = C->asg[r];
		if (old >= 0)
			list_remove(C, r, old);
		list_add(C, r, s);
		if (r == h)
			break;
		s = old;
	}
	for (x = 0; x < ntouch; x++)
	{
		s = C->touched[x];
		C->dist[s] = INF64;
		C->settled[s] = 0;
	}
	return 1;
overflow:
	set_error(C, MCF_ERR_INPUT, h, -1, "internal error: search heap overflow");
	return 0;
}

static int
solve_flow(ctx *C)
{
	const mcf_input *in = C->in;
	int32_t		i,
				U = C->m;

	for (i = 0; i <= C->m; i++)
	{
		C->v[i] = 0;
		C->used[i] = 0;
		C->head[i] = -1;
		C->dist[i] = INF64;
		C->settled[i] = 0;
	}
	for (i = 0; i < C->m; i++)
		C->cap[i] = in->suppliers[i].capacity;
	C->cap[U] = INF64;
	for (i = 0; i < C->n; i++)
	{
		C->u[i] = 0;
		C->asg[i] = -1;
		C->nxt[i] = C->prv[i] = -1;
	}
	for (i = 0; i < C->n; i++)
	{
		int32_t		f = in->demands[i].fixed_supplier;

		if (f >= 0)
		{
			C->cap[f]--;
			if (C->cap[f] < 0)
			{
				set_error(C, MCF_ERR_INPUT, i, f,
						  "more demands must stay with this supplier than its capacity %lld",
						  (long long) in->suppliers[f].capacity);
				return 0;
			}
		}
	}
	C->heap_cap = C->arcs.n + C->n + 2;
	tfree(C, C->heap);
	C->heap = talloc(C, C->heap_cap, sizeof(cand));
	if (!C->heap)
		return 0;
	for (i = 0; i < C->n; i++)
	{
		if (in->demands[i].fixed_supplier >= 0)
			continue;
		tick(C);
		if (!route(C, i))
			return 0;
	}
	return 1;
}

/* ---- the certificate --------------------------------------------------- */

/*
 * Partial pricing: for each demand only the k omitted arcs of most negative
 * reduced cost are added in a round (a bounded max-heap on c - v, since
 * u[d] is the same for all its arcs); the scan stops as soon as no nearer
 * supplier could beat the k-th of them.  Adding every violating arc at once
 * would add most of the graph when capacity runs short in a crowded area.
 */
typedef struct pricing
{
	int32_t		d;
	int64_t		limit;			/* scan bound: min(u - 1, max distance, k-th key - 1) */
	int64_t		bound;			/* min(u - 1, max distance) */
	cand	   *heap;			/* max-heap of (c - v, supplier) */
	int64_t    *cost;			/* cost of heap entries, by position */
	int32_t		n,
				k;
} pricing;

static int
has_arc(const ctx *C, int32_t d, int32_t s)
{
	int64_t		a;

	for (a = C->arcs.start[d]; a < C->arcs.start[d + 1]; a++)
		if (C->arcs.sup[a] == s)
			return 1;
	return 0;
}

static void
pricing_offer(ctx *C, pricing *p, int32_t s, int64_t cost)
{
	int64_t		key = cost - C->v[s];
	int32_t		i,
				x;

	if (key - C->u[p->d] >= 0)
		return;
	if (p->n == p->k && key >= p->heap[0].d)
		return;
	for (x = 0; x < p->n; x++)
		if (p->heap[x].s == s)
			return;
	if (has_arc(C, p->d, s))
		return;
	i = kbest_slot(p->heap, p->cost, &p->n, p->k, key);
	if (i < 0)
		return;
	p->heap[i].d = key;
	p->heap[i].s = s;
	p->cost[i] = cost;
	if (p->n == p->k && p->heap[0].d - 1 < p->limit)
		p->limit = p->heap[0].d - 1;	/* c <= c - v < k-th key is needed */
}

static int
add_violation(ctx *C, int32_t d, int32_t s, int64_t cost)
{
	if (C->n_added == C->cap_added)
	{
		int64_t		nc = C->cap_added ? C->cap_added * 2 : 256;
		added_arc  *na;

		if (C->arcs.n + nc > C->in->max_arcs)
			nc = C->in->max_arcs - C->arcs.n;
		if (nc <= C->n_added)
		{
			set_error(C, MCF_ERR_TOO_LARGE, -1, -1,
					  "more than %lld candidate pairs", (long long) C->in->max_arcs);
			return 0;
		}
		na = talloc(C, nc, sizeof(added_arc));
		if (!na)
			return 0;
		if (C->n_added)
			memcpy(na, C->added, (size_t) C->n_added * sizeof(added_arc));
		tfree(C, C->added);
		C->added = na;
		C->cap_added = nc;
	}
	C->added[C->n_added].d = d;
	C->added[C->n_added].s = s;
	C->added[C->n_added].cost = cost;
	C->n_added++;
	return 1;
}

static void
price_visit(ctx *C, void *arg, int32_t s)
{
	pricing    *p = arg;
	const mcf_demand *d = &C->in->demands[p->d];
	const mcf_supplier *sp = &C->in->suppliers[s];
	int64_t		dd;

	if (!compatible(d, sp))
		return;
	dd = mcf_great_circle_m(d->lat, d->lon, sp->lat, sp->lon);
	if (dd > p->bound)
		return;
	pricing_offer(C, p, s, dd);
}

static int
price(ctx *C)
{
	const mcf_input *in = C->in;
	int32_t		i,
				x;
	pricing		p;

	p.k = in->candidates;
	p.heap = talloc(C, p.k, sizeof(cand));
	p.cost = talloc(C, p.k, sizeof(int64_t));
	if (!p.heap || !p.cost)
		return 0;
	C->n_added = 0;
	for (i = 0; i < C->n && C->err->status == MCF_OK; i++)
	{
		const mcf_demand *d = &in->demands[i];
		int64_t		lim = C->u[i] - 1;
		int			coords = has_coords(d->lat, d->lon);

		if (d->fixed_supplier >= 0)
			continue;
		if (lim > C->maxd)
			lim = C->maxd;
		tick(C);
		p.d = i;
		p.n = 0;
		p.bound = lim;
		p.limit = lim;
		if (coords && C->kth_grid[i] != COMPLETE && C->kth_grid[i] <= lim)
		{
			const grid *g = find_grid(C, d->group);

			if (g)
				grid_scan(C, g, d->lat, d->lon, &p.limit, price_visit, &p);
		}
		if (d->community >= 0 && C->kth_list[i] != COMPLETE && C->kth_list[i] <= lim)
		{
			const list_entry *L = coords ? C->nocoord : C->all;
			int64_t		n = coords ? C->n_nocoord : C->n_all;
			int64_t		y = list_lower(L, n, d->community, d->group);

			for (; y < n && L[y].comm == d->community && L[y].group == d->group; y++)
			{
				const mcf_supplier *sp = &in->suppliers[L[y].sup];

				if (L[y].d > p.limit)
					break;
				if (!compatible(d, sp) || (coords && has_coords(sp->lat, sp->lon)))
					continue;
				pricing_offer(C, &p, L[y].sup, L[y].d);
			}
		}
		for (x = 0; x < p.n; x++)
			if (!add_violation(C, i, p.heap[x].s, p.cost[x]))
				return 0;
	}
	tfree(C, p.heap);
	tfree(C, p.cost);
	return C->err->status == MCF_OK;
}

static int
cmp_added(const void *x, const void *y)
{
	const added_arc *a = x,
			   *b = y;

	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return a->s < b->s ? -1 : a->s > b->s;
}

/* merge the added arcs into the arc set */
static int
merge_added(ctx *C)
{
	arcset		na;
	int64_t		x = 0,
				w = 0;
	int32_t		i;

	qsort(C->added, (size_t) C->n_added, sizeof(added_arc), cmp_added);
	na.n = C->arcs.n + C->n_added;
	na.start = talloc(C, (int64_t) C->n + 1, sizeof(int64_t));
	na.sup = talloc(C, na.n, sizeof(int32_t));
	na.cost = talloc(C, na.n, sizeof(int64_t));
	if (!na.start || !na.sup || !na.cost)
		return 0;
	for (i = 0; i < C->n; i++)
	{
		int64_t		a;

		na.start[i] = w;
		for (a = C->arcs.start[i]; a < C->arcs.start[i + 1]; a++)
		{
			na.sup[w] = C->arcs.sup[a];
			na.cost[w++] = C->arcs.cost[a];
		}
		for (; x < C->n_added && C->added[x].d == i; x++)
		{
			na.sup[w] = C->added[x].s;
			na.cost[w++] = C->added[x].cost;
		}
	}
	na.start[C->n] = w;
	tfree(C, C->arcs.start);
	tfree(C, C->arcs.sup);
	tfree(C, C->arcs.cost);
	C->arcs = na;
	return 1;
}

/* ---- entry ------------------------------------------------------------- */

static void *
out_alloc(const mcf_input *in, size_t size)
{
	return raw_alloc(in, size ? size : 1);
}

mcf_status
mcf_solve(const mcf_input *in, mcf_result *out, mcf_error *err)
{
	ctx			C;
	int32_t		i;
	int64_t		maxcost;
	int64_t		j;

	memset(&C, 0, sizeof(C));
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	err->demand = err->supplier = -1;
	C.in = in;
	C.err = err;
	C.n = in->n_demands;
	C.m = in->n_suppliers;
	C.maxd = in->max_distance < 0 ? INF64 : in->max_distance;
	if (!validate(&C) || !build_table(&C))
		goto fail;

	/* BIG: more than any augmenting path can save in metres */
	maxcost = 20015115;			/* half the earth's circumference, rounded up */
	for (j = 0; j < C.n_table; j++)
		if (C.table[j].metres > maxcost)
			maxcost = C.table[j].metres;
	if (C.maxd != INF64 && C.maxd < maxcost)
		maxcost = C.maxd;
	C.big = maxcost * ((int64_t) (C.n < C.m ? C.n : C.m) + 1) + 1;

	if (!build_grids(&C) || !build_lists(&C) || !build_candidates(&C))
		goto fail;

	C.u = talloc(&C, C.n, sizeof(int64_t));
	C.asg = talloc(&C, C.n, sizeof(int32_t));
	C.nxt = talloc(&C, C.n, sizeof(int32_t));
	C.prv = talloc(&C, C.n, sizeof(int32_t));
	C.rows = talloc(&C, C.n, sizeof(int32_t));
	C.rowdist = talloc(&C, C.n, sizeof(int64_t));
	C.v = talloc(&C, (int64_t) C.m + 1, sizeof(int64_t));
	C.used = talloc(&C, (int64_t) C.m + 1, sizeof(int64_t));
	C.cap = talloc(&C, (int64_t) C.m + 1, sizeof(int64_t));
	C.head = talloc(&C, (int64_t) C.m + 1, sizeof(int32_t));
	C.dist = talloc(&C, (int64_t) C.m + 1, sizeof(int64_t));
	C.pred = talloc(&C, (int64_t) C.m + 1, sizeof(int32_t));
	C.settled = talloc(&C, (int64_t) C.m + 1, 1);
	C.touched = talloc(&C, (int64_t) C.m + 1, sizeof(int32_t));
	if (err->status != MCF_OK)
		goto fail;

	for (;;)
	{
		out->rounds++;
		if (!solve_flow(&C) || !price(&C))
			goto fail;
		if (C.n_added == 0)
			break;
		out->arcs_added += C.n_added;
		if (!merge_added(&C))
			goto fail;
	}

	out->arcs = C.arcs.n;
	out->supplier = out_alloc(in, (size_t) C.n * sizeof(int32_t));
	out->distance = out_alloc(in, (size_t) C.n * sizeof(int64_t));
	out->outcome = out_alloc(in, (size_t) C.n);
	if (!out->supplier || !out->distance || !out->outcome)
	{
		raw_free(in, out->supplier);
		raw_free(in, out->distance);
		raw_free(in, out->outcome);
		out->supplier = NULL;
		out->distance = NULL;
		out->outcome = NULL;
		set_error(&C, MCF_ERR_NO_MEMORY, -1, -1, "out of memory");
		goto fail;
	}
	for (i = 0; i < C.n; i++)
	{
		const mcf_demand *d = &in->demands[i];

		if (d->fixed_supplier >= 0)
		{
			out->supplier[i] = d->fixed_supplier;
			out->distance[i] = pair_distance(&C, d, &in->suppliers[d->fixed_supplier]);
			out->outcome[i] = MCF_KEPT;
			out->kept++;
			if (out->distance[i] >= 0)
				out->total_distance += out->distance[i];
		}
		else if (C.asg[i] == C.m)
		{
			out->supplier[i] = MCF_NO_SUPPLIER;
			out->distance[i] = -1;
			out->outcome[i] = C.arcs.start[i + 1] > C.arcs.start[i] ? MCF_NO_CAPACITY : MCF_NO_CANDIDATE;
			out->unplaced++;
		}
		else
		{
			int64_t		a;

			out->supplier[i] = C.asg[i];
			out->distance[i] = -1;
			for (a = C.arcs.start[i]; a < C.arcs.start[i + 1]; a++)
				if (C.arcs.sup[a] == C.asg[i])
				{
					out->distance[i] = C.arcs.cost[a];
					break;
				}
			out->outcome[i] = MCF_PLACED;
			out->placed++;
			out->total_distance += out->distance[i];
		}
	}
	free_all(&C);
	return MCF_OK;

fail:
	free_all(&C);
	if (err->status == MCF_OK)
		err->status = MCF_ERR_NO_MEMORY;
	return err->status;
}
