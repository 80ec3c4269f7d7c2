/*
 * pairing.c — aidlink.pair_households and aidlink.match_wishes: fmgr glue
 * over min_cost_flow_core.c.  Reads the caller's two queries through SPI (a
 * cursor, in batches), maps identifiers, communities and categories to
 * indexes, reads aidlink.community_distances, solves, and returns one row per
 * household (wish) in the order read.
 */
#include "aidlink.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "min_cost_flow_core.h"

PG_FUNCTION_INFO_V1(pair_households);
PG_FUNCTION_INFO_V1(match_wishes);

/* bounds (memory): arcs and community-list entries of one call */
#define MAX_ARCS		10000000
#define MAX_CANDIDATES	1000
#define FETCH_BATCH		10000

typedef enum mode
{
	MODE_PAIRING,
	MODE_WISHES
} mode;

/* one side's rows as read */
typedef struct side
{
	const char *what;			/* "household" / "organisation" / ... */
	const char *query_name;		/* "households query" */
	int64		n,
				cap;
	char	  **id;
	double	   *lat,
			   *lon;
	char	  **community;
	char	  **category;
	char	  **current;		/* households: current organisation */
	bool	   *must_stay;
	int64	   *capacity;
	int64	   *amount;			/* fen; wishes: need, resources: per-wish limit */
	int32	   *day;			/* wishes: deadline, resources: available from */
} side;

typedef struct keyed
{
	const char *key;
	int64		row;
} keyed;

static int
cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a,
			   *y = b;
	int			c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

static void *
grow(void *p, int64 newcap, size_t sz)
{
	Size		bytes = (Size) newcap * sz;

	return p ? repalloc_huge(p, bytes) : MemoryContextAllocHuge(CurrentMemoryContext, bytes);
}

static void
side_reserve(side *s, mode m, bool demand)
{
	int64		nc;

	if (s->n < s->cap)
		return;
	nc = s->cap ? s->cap * 2 : 1024;
	if (nc > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the %s returned too many rows", s->query_name),
				 errdetail("At most %d rows can be paired in one call.", PG_INT32_MAX - 1)));
	s->id = grow(s->id, nc, sizeof(char *));
	s->lat = grow(s->lat, nc, sizeof(double));
	s->lon = grow(s->lon, nc, sizeof(double));
	s->community = grow(s->community, nc, sizeof(char *));
	if (m == MODE_WISHES)
	{
		s->category = grow(s->category, nc, sizeof(char *));
		s->amount = grow(s->amount, nc, sizeof(int64));
		s->day = grow(s->day, nc, sizeof(int32));
	}
	if (m == MODE_PAIRING && demand)
	{
		s->current = grow(s->current, nc, sizeof(char *));
		s->must_stay = grow(s->must_stay, nc, sizeof(bool));
	}
	if (!demand)
		s->capacity = grow(s->capacity, nc, sizeof(int64));
	s->cap = nc;
}

/* ---- reading a query ------------------------------------------------- */

typedef struct colspec
{
	const char *name;
	const char *expr;			/* %s = the column, quoted */
	const char *absent;			/* expression when missing; NULL: required */
} colspec;

/* the query text, trailing blanks and semicolons cut */
static char *
query_text(text *t, const char *query_name)
{
	char	   *q = text_to_cstring(t);
	int			len = strlen(q);

	while (len > 0 && (q[len - 1] == ';' || isspace((unsigned char) q[len - 1])))
		q[--len] = '\0';
	if (len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s is empty", query_name),
				 errhint("Pass a SELECT statement, such as 'SELECT * FROM my_table'.")));
	return q;
}

/*
 * Open a cursor over SELECT <specs> FROM (<q>) q, after checking which of
 * the named columns q has (a missing optional column takes its default).
 */
static Portal
open_query(const char *q, const char *query_name, const colspec *specs, int nspecs)
{
	StringInfoData probe,
				sql;
	TupleDesc	td;
	int			i,
				rc;
	Portal		portal;

	initStringInfo(&probe);
	appendStringInfo(&probe, "SELECT * FROM (%s\n) AS q LIMIT 0", q);
	rc = SPI_execute(probe.data, false, 0);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s is not a SELECT", query_name)));
	td = SPI_tuptable->tupdesc;
	initStringInfo(&sql);
	appendStringInfoString(&sql, "SELECT ");
	for (i = 0; i < nspecs; i++)
	{
		bool		found = SPI_fnumber(td, specs[i].name) > 0;

		if (i)
			appendStringInfoString(&sql, ", ");
		if (found)
		{
			char		col[NAMEDATALEN + 8];

			snprintf(col, sizeof(col), "q.%s", quote_identifier(specs[i].name));
			appendStringInfo(&sql, specs[i].expr, col, col, col, col);
		}
		else if (specs[i].absent)
			appendStringInfoString(&sql, specs[i].absent);
		else
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the %s has no column \"%s\"", query_name, specs[i].name),
					 errhint("Name the columns of the %s as aidlink's documentation says (for instance \"... AS %s\").",
							 query_name, specs[i].name)));
	}
	appendStringInfo(&sql, " FROM (%s\n) AS q", q);
	SPI_freetuptable(SPI_tuptable);
	portal = SPI_cursor_open_with_args(NULL, sql.data, 0, NULL, NULL, NULL, false, 0);
	pfree(probe.data);
	pfree(sql.data);
	return portal;
}

static char *
get_text(HeapTuple tup, TupleDesc td, int col, MemoryContext keep)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	if (isnull)
		return NULL;
	return MemoryContextStrdup(keep, TextDatumGetCString(d));
}

/* a coordinate: NaN for NULL; a NaN or infinite value given is an error */
static double
get_coordinate(HeapTuple tup, TupleDesc td, int col, const side *s, int64 r)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);
	double		v;

	if (isnull)
		return NAN;
	v = DatumGetFloat8(d);
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s \"%s\" has a %s that is not a number", s->what, s->id[r],
						col == 2 ? "latitude" : "longitude"),
				 errdetail("Row %lld of the %s has %s %g.", (long long) r + 1, s->query_name,
						   col == 2 ? "latitude" : "longitude", v),
				 errhint("Give finite degrees, or NULL when the location is unknown.")));
	return v;
}

static bool
get_int64(HeapTuple tup, TupleDesc td, int col, int64 *out)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	if (!isnull)
		*out = DatumGetInt64(d);
	return !isnull;
}

static bool
get_int32(HeapTuple tup, TupleDesc td, int col, int32 *out)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	if (!isnull)
		*out = DatumGetInt32(d);
	return !isnull;
}

static bool
get_bool(HeapTuple tup, TupleDesc td, int col, bool dflt)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	return isnull ? dflt : DatumGetBool(d);
}

static void
check_coordinates(const side *s, int64 r)
{
	double		lat = s->lat[r],
				lon = s->lon[r];

	if (isnan(lat) != isnan(lon))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s \"%s\" has half a location", s->what, s->id[r]),
				 errdetail("Row %lld of the %s has a %s but no %s.", (long long) r + 1, s->query_name,
						   isnan(lat) ? "longitude" : "latitude", isnan(lat) ? "latitude" : "longitude"),
				 errhint("Give both coordinates or neither.")));
	if (!isnan(lat) && (!isfinite(lat) || !isfinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s \"%s\" has coordinates out of range", s->what, s->id[r]),
				 errdetail("Row %lld of the %s has latitude %g and longitude %g; latitude must be within -90 to 90 and longitude within -180 to 180 degrees.",
						   (long long) r + 1, s->query_name, lat, lon)));
	if (isnan(lat) && s->community[r] == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s \"%s\" has no location and no community", s->what, s->id[r]),
				 errdetail("Row %lld of the %s has NULL latitude, longitude and community: no distance to it can be known.",
						   (long long) r + 1, s->query_name),
				 errhint("Give its coordinates or the community it is in (distances between communities are in aidlink.community_distances).")));
}

/*
 * Read all rows of one side.  Columns in order: id, lat, lon, community,
 * then by mode and side (see the colspecs in run()).
 */
static void
read_side(Portal portal, side *s, mode m, bool demand, MemoryContext keep)
{
	for (;;)
	{
		uint64		i;
		TupleDesc	td;

		SPI_cursor_fetch(portal, true, FETCH_BATCH);
		if (SPI_processed == 0)
			break;
		td = SPI_tuptable->tupdesc;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			MemoryContext old = MemoryContextSwitchTo(keep);
			int64		r;

			side_reserve(s, m, demand);
			MemoryContextSwitchTo(old);
			r = s->n++;
			s->id[r] = get_text(tup, td, 1, keep);
			if (s->id[r] == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("the %s returned a NULL %s identifier", s->query_name, s->what),
						 errdetail("Row %lld of the %s has no identifier.", (long long) r + 1, s->query_name)));
			s->lat[r] = get_coordinate(tup, td, 2, s, r);
			s->lon[r] = get_coordinate(tup, td, 3, s, r);
			s->community[r] = get_text(tup, td, 4, keep);
			if (m == MODE_PAIRING && demand)
			{
				s->current[r] = get_text(tup, td, 5, keep);
				s->must_stay[r] = get_bool(tup, td, 6, false);
				if (s->must_stay[r] && s->current[r] == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("household \"%s\" must stay but has no current organisation", s->id[r]),
							 errdetail("Row %lld of the households query has must_stay true and a NULL current_organisation.",
									   (long long) r + 1)));
			}
			if (!demand)
			{
				if (!get_int64(tup, td, 5, &s->capacity[r]))
					ereport(ERROR,
							(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							 errmsg("%s \"%s\" has a NULL capacity", s->what, s->id[r]),
							 errdetail("Row %lld of the %s has no capacity.", (long long) r + 1, s->query_name),
							 errhint("Capacity is how many %s it takes; 0 takes none.",
									 m == MODE_PAIRING ? "households" : "wishes")));
				if (s->capacity[r] < 0)
					ereport(ERROR,
							(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
							 errmsg("%s \"%s\" has a negative capacity", s->what, s->id[r]),
							 errdetail("Row %lld of the %s has capacity %lld; a capacity is 0 or more.",
									   (long long) r + 1, s->query_name, (long long) s->capacity[r])));
			}
			if (m == MODE_WISHES)
			{
				int			base = demand ? 5 : 6;

				s->category[r] = get_text(tup, td, base, keep);
				if (s->category[r] == NULL)
					ereport(ERROR,
							(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							 errmsg("%s \"%s\" has a NULL category", s->what, s->id[r]),
							 errdetail("Row %lld of the %s has no category; only resources of a wish's category can serve it.",
									   (long long) r + 1, s->query_name)));
				if (!get_int64(tup, td, base + 1, &s->amount[r]))
					s->amount[r] = demand ? 0 : PG_INT64_MAX;
				else
				{
					if (!get_bool(tup, td, base + 2, true))
						ereport(ERROR,
								(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
								 errmsg("%s \"%s\" has an amount finer than a fen", s->what, s->id[r]),
								 errdetail("Row %lld of the %s has an amount with more than two decimals.",
										   (long long) r + 1, s->query_name)));
					if (s->amount[r] < 0)
						ereport(ERROR,
								(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
								 errmsg("%s \"%s\" has a negative amount", s->what, s->id[r]),
								 errdetail("Row %lld of the %s has amount %lld.%02lld.", (long long) r + 1,
										   s->query_name, (long long) (s->amount[r] / 100),
										   (long long) llabs(s->amount[r] % 100))));
				}
				if (!get_int32(tup, td, base + 3, &s->day[r]))
					s->day[r] = demand ? PG_INT32_MAX : PG_INT32_MIN;
			}
			check_coordinates(s, r);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
}

/* sorted (key,row) of a side's ids; an id twice is an error */
static keyed *
index_ids(const side *s)
{
	keyed	   *k = MemoryContextAllocHuge(CurrentMemoryContext, (Size) Max(s->n, 1) * sizeof(keyed));
	int64		i;

	for (i = 0; i < s->n; i++)
	{
		k[i].key = s->id[i];
		k[i].row = i;
	}
	qsort(k, s->n, sizeof(keyed), cmp_keyed);
	for (i = 1; i < s->n; i++)
		if (strcmp(k[i].key, k[i - 1].key) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNIQUE_VIOLATION),
					 errmsg("%s \"%s\" is listed twice in the %s", s->what, k[i].key, s->query_name),
					 errdetail("Rows %lld and %lld of the %s have the same identifier.",
							   (long long) k[i - 1].row + 1, (long long) k[i].row + 1, s->query_name),
					 errhint("List each %s once%s.", s->what,
							 s->capacity ? ", with its whole capacity" : "")));
	return k;
}

static int64
find_key(const keyed *k, int64 n, const char *key)
{
	int64		lo = 0,
				hi = n;

	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (strcmp(k[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(k[lo].key, key) == 0 ? lo : -1;
}

/* distinct strings of two arrays (NULLs skipped), sorted */
static const char **
distinct_strings(char **a, int64 na, char **b, int64 nb, int64 *n)
{
	const char **all = MemoryContextAllocHuge(CurrentMemoryContext,
											  (Size) Max(na + nb, 1) * sizeof(char *));
	int64		i,
				w = 0;

	for (i = 0; i < na; i++)
		if (a && a[i])
			all[w++] = a[i];
	for (i = 0; i < nb; i++)
		if (b && b[i])
			all[w++] = b[i];
	qsort(all, w, sizeof(char *), pg_qsort_strcmp);
	*n = 0;
	for (i = 0; i < w; i++)
		if (*n == 0 || strcmp(all[*n - 1], all[i]) != 0)
			all[(*n)++] = all[i];
	return all;
}

static int32
string_index(const char **v, int64 n, const char *s)
{
	int64		lo = 0,
				hi = n;

	if (s == NULL)
		return -1;
	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (strcmp(v[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo], s) == 0 ? (int32) lo : -1;
}

/* ---- the core's memory and interrupts ------------------------------------ */

static void *
core_alloc(void *ctx, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) ctx, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
core_free(void *ctx, void *p)
{
	(void) ctx;
	pfree(p);
}

static void
core_interrupt(void *ctx)
{
	(void) ctx;
	CHECK_FOR_INTERRUPTS();
}

/* ---- the shared run -------------------------------------------------------- */

static void
run(FunctionCallInfo fcinfo, mode m)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext work,
				old;
	side		D,
				S;
	const char *dq_name = m == MODE_PAIRING ? "households query" : "wishes query";
	const char *sq_name = m == MODE_PAIRING ? "organisations query" : "resources query";
	char	   *dq,
			   *sq;
	int64		max_distance = -1;
	int32		candidates = 8;
	keyed	   *sup_index;
	const char **communities,
			  **categories = NULL;
	int64		n_comm,
				n_cat = 0,
				i;
	mcf_demand *dem;
	mcf_supplier *sup;
	mcf_community_distance *dist = NULL;
	int64		n_dist = 0;
	mcf_input	in;
	mcf_result	res;
	mcf_error	err;
	Portal		portal;
	bool	   *category_offered = NULL;

	static const colspec hh[] = {
		{"household_id", "%s::text", NULL},
		{"latitude", "%s::float8", "NULL::float8"},
		{"longitude", "%s::float8", "NULL::float8"},
		{"community", "%s::text", "NULL::text"},
		{"current_organisation", "%s::text", "NULL::text"},
		{"must_stay", "%s::boolean", "false"},
	};
	static const colspec org[] = {
		{"organisation_id", "%s::text", NULL},
		{"latitude", "%s::float8", "NULL::float8"},
		{"longitude", "%s::float8", "NULL::float8"},
		{"community", "%s::text", "NULL::text"},
		{"capacity", "%s::bigint", "1::bigint"},
	};
	static const colspec wish[] = {
		{"wish_id", "%s::text", NULL},
		{"latitude", "%s::float8", "NULL::float8"},
		{"longitude", "%s::float8", "NULL::float8"},
		{"community", "%s::text", "NULL::text"},
		{"category", "%s::text", NULL},
		{"amount", "round(%s::numeric * 100)::bigint, (%s::numeric * 100) = round(%s::numeric * 100)", "NULL::bigint, true"},
		{"deadline", "(%s::date - date '2000-01-01')", "NULL::integer"},
	};
	static const colspec res_[] = {
		{"resource_id", "%s::text", NULL},
		{"latitude", "%s::float8", "NULL::float8"},
		{"longitude", "%s::float8", "NULL::float8"},
		{"community", "%s::text", "NULL::text"},
		{"capacity", "%s::bigint", NULL},
		{"category", "%s::text", NULL},
		{"amount_per_wish", "round(%s::numeric * 100)::bigint, (%s::numeric * 100) = round(%s::numeric * 100)", "NULL::bigint, true"},
		{"available_from", "(%s::date - date '2000-01-01')", "NULL::integer"},
	};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the %s is NULL", PG_ARGISNULL(0) ? dq_name : sq_name)));
	if (!PG_ARGISNULL(2))
	{
		max_distance = PG_GETARG_INT32(2);
		if (max_distance < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("max_distance_m must be 0 or more, not %lld", (long long) max_distance),
					 errhint("Pass NULL for no maximum distance.")));
	}
	if (!PG_ARGISNULL(3))
		candidates = PG_GETARG_INT32(3);
	if (PG_ARGISNULL(3) || candidates < 1 || candidates > MAX_CANDIDATES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the number of candidates must be between 1 and %d", MAX_CANDIDATES),
				 errdetail("It is the number of nearest candidates tried first; the result is optimal whatever it is, only the time changes.")));

	al_materialize_srf(fcinfo);
	work = AllocSetContextCreate(CurrentMemoryContext, "aidlink pairing", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	dq = query_text(PG_GETARG_TEXT_PP(0), dq_name);
	sq = query_text(PG_GETARG_TEXT_PP(1), sq_name);

	memset(&D, 0, sizeof(D));
	memset(&S, 0, sizeof(S));
	D.what = m == MODE_PAIRING ? "household" : "wish";
	D.query_name = dq_name;
	S.what = m == MODE_PAIRING ? "organisation" : "resource";
	S.query_name = sq_name;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = open_query(sq, sq_name, m == MODE_PAIRING ? org : res_,
						m == MODE_PAIRING ? lengthof(org) : lengthof(res_));
	read_side(portal, &S, m, false, work);
	portal = open_query(dq, dq_name, m == MODE_PAIRING ? hh : wish,
						m == MODE_PAIRING ? lengthof(hh) : lengthof(wish));
	read_side(portal, &D, m, true, work);

	sup_index = index_ids(&S);
	pfree(index_ids(&D));

	/* communities and their distances (only rows naming two of them) */
	communities = distinct_strings(D.community, D.n, S.community, S.n, &n_comm);
	if (n_comm > 0)
	{
		int			rc = SPI_execute("SELECT community_a, community_b, distance_m FROM aidlink.community_distances",
									 true, 0);
		uint64		r;

		if (rc != SPI_OK_SELECT)
			elog(ERROR, "reading aidlink.community_distances failed");
		dist = MemoryContextAllocHuge(work, (Size) Max(SPI_processed, 1) * sizeof(mcf_community_distance));
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	td = SPI_tuptable->tupdesc;
			char	   *a = get_text(tup, td, 1, work),
					   *b = get_text(tup, td, 2, work);
			int32		ia = string_index(communities, n_comm, a),
						ib = string_index(communities, n_comm, b),
						metres;

			if (ia < 0 || ib < 0 || !get_int32(tup, td, 3, &metres))
				continue;
			dist[n_dist].a = ia;
			dist[n_dist].b = ib;
			dist[n_dist].metres = metres;
			n_dist++;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	if (m == MODE_WISHES)
		categories = distinct_strings(D.category, D.n, S.category, S.n, &n_cat);
	SPI_finish();

	sup = MemoryContextAllocHuge(work, (Size) Max(S.n, 1) * sizeof(mcf_supplier));
	for (i = 0; i < S.n; i++)
	{
		sup[i].lat = S.lat[i];
		sup[i].lon = S.lon[i];
		sup[i].community = string_index(communities, n_comm, S.community[i]);
		sup[i].capacity = S.capacity[i];
		sup[i].group = m == MODE_WISHES ? string_index(categories, n_cat, S.category[i]) : 0;
		sup[i].limit = m == MODE_WISHES ? S.amount[i] : 0;
		sup[i].ready = m == MODE_WISHES ? S.day[i] : 0;
	}
	dem = MemoryContextAllocHuge(work, (Size) Max(D.n, 1) * sizeof(mcf_demand));
	for (i = 0; i < D.n; i++)
	{
		dem[i].lat = D.lat[i];
		dem[i].lon = D.lon[i];
		dem[i].community = string_index(communities, n_comm, D.community[i]);
		dem[i].group = m == MODE_WISHES ? string_index(categories, n_cat, D.category[i]) : 0;
		dem[i].need = m == MODE_WISHES ? D.amount[i] : 0;
		dem[i].deadline = m == MODE_WISHES ? D.day[i] : 0;
		dem[i].fixed_supplier = MCF_NO_SUPPLIER;
		if (m == MODE_PAIRING && D.must_stay[i])
		{
			int64		k = find_key(sup_index, S.n, D.current[i]);

			if (k < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("household \"%s\" must stay with organisation \"%s\", which is not in the organisations query",
								D.id[i], D.current[i]),
						 errdetail("Row %lld of the households query has must_stay true.", (long long) i + 1)));
			dem[i].fixed_supplier = (int32) sup_index[k].row;
		}
	}

	memset(&in, 0, sizeof(in));
	in.n_demands = (int32) D.n;
	in.demands = dem;
	in.n_suppliers = (int32) S.n;
	in.suppliers = sup;
	in.n_communities = (int32) n_comm;
	in.n_distances = n_dist;
	in.distances = dist;
	in.max_distance = max_distance;
	in.candidates = candidates;
	in.max_arcs = MAX_ARCS;
	in.alloc = core_alloc;
	in.dealloc = core_free;
	in.interrupt = core_interrupt;
	in.ctx = work;

	if (m == MODE_WISHES)
	{
		category_offered = palloc0(Max(n_cat, 1) * sizeof(bool));
		for (i = 0; i < S.n; i++)
			category_offered[sup[i].group] = true;
	}

	if (mcf_solve(&in, &res, &err) != MCF_OK)
	{
		if (err.status == MCF_ERR_TOO_LARGE)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the pairing is too large: %s", err.message),
					 errdetail("At most %d candidate pairs are held in memory.", MAX_ARCS),
					 errhint("Lower the number of candidates, set a maximum distance, or split the run by area.")));
		if (err.status == MCF_ERR_NO_MEMORY)
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory while pairing"),
					 errdetail("%s", err.message)));
		if (err.supplier >= 0 && err.demand >= 0 && strstr(err.message, "must stay"))
		{
			int64		n_fixed = 0;

			for (i = 0; i < D.n; i++)
				n_fixed += dem[i].fixed_supplier == err.supplier;
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("organisation \"%s\" cannot keep its must-stay households", S.id[err.supplier]),
					 errdetail("%lld households must stay with it and its capacity is %lld.",
							   (long long) n_fixed, (long long) S.capacity[err.supplier]),
					 errhint("Raise its capacity or let some of them move (must_stay false).")));
		}
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot pair: %s%s%s", err.demand >= 0 ? D.what : err.supplier >= 0 ? S.what : "",
						err.demand >= 0 ? " " : err.supplier >= 0 ? " " : "",
						err.demand >= 0 ? D.id[err.demand] : err.supplier >= 0 ? S.id[err.supplier] : ""),
				 errdetail("%s", err.message)));
	}
	ereport(DEBUG1,
			(errmsg("%s: %d placed, %d kept, %d unplaced, total %lld m; %d flow(s), %lld arcs (%lld added by the optimality check)",
					m == MODE_PAIRING ? "pair_households" : "match_wishes",
					res.placed, res.kept, res.unplaced, (long long) res.total_distance,
					res.rounds, (long long) res.arcs, (long long) res.arcs_added)));

	MemoryContextSwitchTo(old);
	for (i = 0; i < D.n; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};
		const char *reason = NULL;
		int32		s = res.supplier[i];

		values[0] = CStringGetTextDatum(D.id[i]);
		if (s >= 0)
			values[1] = CStringGetTextDatum(S.id[s]);
		else
			nulls[1] = true;
		if (res.distance[i] >= 0)
			values[2] = Int32GetDatum((int32) res.distance[i]);
		else
			nulls[2] = true;
		switch ((mcf_outcome) res.outcome[i])
		{
			case MCF_PLACED:
				break;
			case MCF_KEPT:
				reason = res.distance[i] >= 0 ? "must stay with its current organisation"
					: "must stay with its current organisation (distance unknown)";
				break;
			case MCF_NO_CANDIDATE:
				if (m == MODE_WISHES)
					reason = !category_offered[dem[i].group]
						? "no resource of its category"
						: max_distance >= 0
						? "no resource of its category within the maximum distance covers its amount by its deadline"
						: "no resource of its category with a known distance covers its amount by its deadline";
				else
					reason = max_distance >= 0 ? "no organisation within the maximum distance"
						: "no organisation at a known distance";
				break;
			case MCF_NO_CAPACITY:
				if (m == MODE_WISHES)
					reason = "the resources that could serve it are taken by other wishes";
				else
					reason = max_distance >= 0 ? "no capacity left within the maximum distance"
						: "no capacity left at the organisations it can reach";
				break;
		}
		if (m == MODE_PAIRING)
		{
			values[3] = CStringGetTextDatum(res.outcome[i] == MCF_PLACED ? "paired" :
											res.outcome[i] == MCF_KEPT ? "kept" : "unplaced");
		}
		else
			values[3] = BoolGetDatum(s >= 0);
		if (reason)
			values[4] = CStringGetTextDatum(reason);
		else
			nulls[4] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(work);
}

/*
 * pair_households(households text, organisations text,
 *                 max_distance_m integer, candidates_per_household integer)
 */
Datum
pair_households(PG_FUNCTION_ARGS)
{
	run(fcinfo, MODE_PAIRING);
	return (Datum) 0;
}

/*
 * match_wishes(wishes text, resources text,
 *              max_distance_m integer, candidates_per_wish integer)
 */
Datum
match_wishes(PG_FUNCTION_ARGS)
{
	run(fcinfo, MODE_WISHES);
	return (Datum) 0;
}
