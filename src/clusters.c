/*
 * clusters.c — connected components (union-find) for the linkage: rows of
 * persons outside the reference population, tied by shared numbers and
 * evidence, become one cluster each.
 *
 * aidlink.connected_components(a bigint[], b bigint[]) reads the edges
 * a[i]-b[i] and returns every node with the smallest node of its component.
 * Memory is one hash entry and two integers per node; time is nearly linear
 * (path halving, union by size).
 */
#include "aidlink.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(connected_components);

typedef struct node_entry
{
	int64		node;			/* hash key */
	int32		index;
} node_entry;

typedef struct forest
{
	HTAB	   *map;
	int64	   *node;			/* index -> node */
	int32	   *parent;
	int32	   *size;
	int32		n;
	int32		cap;
} forest;

static int32
node_index(forest *f, int64 node)
{
	bool		found;
	node_entry *e = hash_search(f->map, &node, HASH_ENTER, &found);

	if (!found)
	{
		if (f->n == f->cap)
		{
			if (f->cap >= (int32) (MaxAllocSize / sizeof(int64) / 2))
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many nodes for connected_components")));
			f->cap *= 2;
			f->node = repalloc(f->node, sizeof(int64) * f->cap);
			f->parent = repalloc(f->parent, sizeof(int32) * f->cap);
			f->size = repalloc(f->size, sizeof(int32) * f->cap);
		}
		e->index = f->n;
		f->node[f->n] = node;
		f->parent[f->n] = f->n;
		f->size[f->n] = 1;
		f->n++;
	}
	return e->index;
}

static int32
find_root(forest *f, int32 i)
{
	while (f->parent[i] != i)
	{
		f->parent[i] = f->parent[f->parent[i]];
		i = f->parent[i];
	}
	return i;
}

static void
unite(forest *f, int32 a, int32 b)
{
	int32		ra = find_root(f, a);
	int32		rb = find_root(f, b);

	if (ra == rb)
		return;
	if (f->size[ra] < f->size[rb])
	{
		int32		t = ra;

		ra = rb;
		rb = t;
	}
	f->parent[rb] = ra;
	f->size[ra] += f->size[rb];
}

static void
read_edges(ArrayType *arr, const char *which, Datum **values, bool **nulls, int *n)
{
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("connected_components: %s must be a one-dimensional array", which)));
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  values, nulls, n);
}

Datum
connected_components(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *aa = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ba = PG_GETARG_ARRAYTYPE_P(1);
	Datum	   *av,
			   *bv;
	bool	   *an,
			   *bn;
	int			na,
				nb;
	forest		f;
	HASHCTL		ctl;
	int64	   *smallest;

	read_edges(aa, "the first array", &av, &an, &na);
	read_edges(ba, "the second array", &bv, &bn, &nb);
	if (na != nb)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("connected_components: the arrays have %d and %d elements", na, nb),
				 errdetail("Edge i joins a[i] and b[i]; both arrays need one element per edge.")));

	al_materialize_srf(fcinfo);

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(node_entry);
	ctl.hcxt = CurrentMemoryContext;
	f.map = hash_create("aidlink connected components", Max(na, 16) * 2, &ctl,
						HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	f.cap = Max(na, 16);
	f.n = 0;
	f.node = palloc(sizeof(int64) * f.cap);
	f.parent = palloc(sizeof(int32) * f.cap);
	f.size = palloc(sizeof(int32) * f.cap);

	for (int i = 0; i < na; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (an[i] && bn[i])
			continue;			/* no node at all */
		if (an[i] || bn[i])
		{
			/* a lone node: an edge to nothing */
			node_index(&f, DatumGetInt64(an[i] ? bv[i] : av[i]));
			continue;
		}
		unite(&f, node_index(&f, DatumGetInt64(av[i])), node_index(&f, DatumGetInt64(bv[i])));
	}

	/* The smallest node of each component, kept at its root. */
	smallest = palloc(sizeof(int64) * Max(f.n, 1));
	for (int32 i = 0; i < f.n; i++)
		smallest[i] = PG_INT64_MAX;
	for (int32 i = 0; i < f.n; i++)
	{
		int32		r = find_root(&f, i);

		if (f.node[i] < smallest[r])
			smallest[r] = f.node[i];
	}
	for (int32 i = 0; i < f.n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int64GetDatum(f.node[i]);
		values[1] = Int64GetDatum(smallest[find_root(&f, i)]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	hash_destroy(f.map);
	return (Datum) 0;
}
