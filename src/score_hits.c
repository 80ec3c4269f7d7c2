/*
 * score_hits.c — the sources' step of the monthly scoring (issue 4) in one
 * pass: aidlink.score_hits(sources, queries, vals).
 *
 * The obvious SQL joins every source with its links (a hash join per source,
 * each reading aidlink.links again) and groups by person.  Here:
 *
 *   1. each source's rows that meet one of its signals' conditions are read
 *      with the statement score_month made from the parsed conditions
 *      (queries[i], every value a parameter: $1 is vals), as
 *      (row key as text, signal number k, intensity value as numeric), and
 *      kept in a hash table keyed by (source, row key);
 *   2. aidlink.links is read ONCE, sequentially, for all these sources
 *      together: each accepted link is probed against the table, and every
 *      signal its row meets is added to the person's tally (rows, and the
 *      exact numeric sum of the intensity column: the same to the last bit
 *      whatever order the rows come in, as SQL's sum(numeric) is);
 *   3. one row per person and signal that fired comes back:
 *      (k, resident_id, nrows, value), what the SQL's grouping gives.
 *
 * Memory: the rows of step 1 and the tallies.  When the kept rows pass
 * maintenance_work_mem, the sources read so far are probed (step 2) and
 * emitted and the tables emptied before the next source: every batch is one
 * more scan of aidlink.links (one source's rows are never split).
 *
 * Security: the statements run with the caller's rights (SPI); aidlink.links
 * is read directly only when the caller may SELECT it and no row-level
 * security applies to the caller (otherwise an error: score_month uses SQL
 * then).  The function is internal to score_month (EXECUTE revoked from
 * PUBLIC).
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/relscan.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "lib/stringinfo.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(score_hits);

/*
 * The rows kept in step 1: a dense array of entries (key, first hit) and an
 * open-addressing table of 8-byte slots over it (hash in the high half,
 * entry number + 1 in the low half; 0: empty), so that a probe usually
 * touches one small slot and reads an entry only when the hashes agree.
 */
#define KEY_INLINE 16

typedef struct
{
	uint16		src;
	uint16		keylen;
	int32		first;			/* index into hits, -1: none */
	union
	{
		char		inl[KEY_INLINE];	/* keys up to KEY_INLINE bytes */
		const char *ptr;		/* longer keys */
	}			key;
} RowEntry;

#define ROW_KEY(e) ((e)->keylen <= KEY_INLINE ? (e)->key.inl : (e)->key.ptr)

/* one signal a kept row meets */
typedef struct
{
	int32		k;
	int32		next;			/* next hit of the same row, -1: end */
	Numeric		x;				/* intensity value, NULL: none */
} RowHit;

/* a person's tally of one signal */
typedef struct
{
	int64		rid;
	int32		k;
	int32		used;
	int64		nrows;
	Numeric		sum;			/* NULL: no non-NULL value yet */
} Tally;

typedef struct
{
	MemoryContext cx;			/* everything of a batch */
	uint64	   *slots;
	uint32		slots_cap;		/* power of two */
	RowEntry   *rows;
	uint32		rows_cap;
	uint32		rows_n;
	RowHit	   *hits;
	int32		hits_cap;
	int32		hits_n;
	Tally	   *tallies;
	uint32		tal_cap;
	uint32		tal_n;
	Size		extra;			/* long keys and values kept */
} Batch;

/* memory a batch holds */
static Size
batch_bytes(Batch *b)
{
	return sizeof(uint64) * (Size) b->slots_cap + sizeof(RowEntry) * (Size) b->rows_cap
		+ sizeof(RowHit) * (Size) b->hits_cap + sizeof(Tally) * (Size) b->tal_cap + b->extra;
}

static uint32
row_hash(int src, const char *key, int len)
{
	return hash_bytes((const unsigned char *) key, len) ^ ((uint32) src * 0x9E3779B9u);
}

static void
batch_init(Batch *b, MemoryContext parent)
{
	memset(b, 0, sizeof(*b));
	b->cx = AllocSetContextCreate(parent, "aidlink score_hits batch", ALLOCSET_DEFAULT_SIZES);
	b->slots_cap = 2048;
	b->slots = MemoryContextAllocZero(b->cx, sizeof(uint64) * b->slots_cap);
	b->rows_cap = 1024;
	b->rows = MemoryContextAlloc(b->cx, sizeof(RowEntry) * b->rows_cap);
	b->hits_cap = 1024;
	b->hits = MemoryContextAlloc(b->cx, sizeof(RowHit) * b->hits_cap);
	b->tal_cap = 1024;
	b->tallies = MemoryContextAllocZero(b->cx, sizeof(Tally) * b->tal_cap);
}

static void
batch_reset(Batch *b)
{
	MemoryContext parent = MemoryContextGetParent(b->cx);

	MemoryContextDelete(b->cx);
	batch_init(b, parent);
}

static void
slots_grow(Batch *b)
{
	uint32		cap = b->slots_cap * 2;
	uint64	   *n = MemoryContextAllocHuge(b->cx, sizeof(uint64) * (Size) cap);

	memset(n, 0, sizeof(uint64) * (Size) cap);
	for (uint32 i = 0; i < b->slots_cap; i++)
	{
		uint64		v = b->slots[i];
		uint32		j;

		if (v == 0)
			continue;
		for (j = (uint32) (v >> 32) & (cap - 1); n[j] != 0; j = (j + 1) & (cap - 1))
			;
		n[j] = v;
	}
	pfree(b->slots);
	b->slots = n;
	b->slots_cap = cap;
}

/* the entry of (src, key), or NULL; *slot: where it is or would go */
static inline RowEntry *
rows_lookup(Batch *b, int src, const char *key, int len, uint32 h, uint32 *slot)
{
	for (uint32 j = h & (b->slots_cap - 1);; j = (j + 1) & (b->slots_cap - 1))
	{
		uint64		v = b->slots[j];
		RowEntry   *e;

		if (v == 0)
		{
			*slot = j;
			return NULL;
		}
		if ((uint32) (v >> 32) != h)
			continue;
		e = &b->rows[(uint32) v - 1];
		if (e->src == src && e->keylen == len && memcmp(ROW_KEY(e), key, len) == 0)
		{
			*slot = j;
			return e;
		}
	}
}

/* keep (src, key) meeting signal k with value x (already in b->cx or NULL) */
static void
rows_add(Batch *b, int src, const char *key, int len, int k, Numeric x)
{
	uint32		h = row_hash(src, key, len);
	uint32		slot;
	RowEntry   *e;
	RowHit	   *hit;

	if (len > PG_UINT16_MAX)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("score_hits: a row key of %d bytes is too long", len)));
	if ((b->rows_n + 1) * 2 > b->slots_cap)
		slots_grow(b);
	e = rows_lookup(b, src, key, len, h, &slot);
	if (e == NULL)
	{
		if (b->rows_n == b->rows_cap)
		{
			if (b->rows_cap >= PG_INT32_MAX / 2)
				ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
								errmsg("score_hits: too many source rows in one batch")));
			b->rows_cap *= 2;
			b->rows = repalloc_huge(b->rows, sizeof(RowEntry) * (Size) b->rows_cap);
		}
		e = &b->rows[b->rows_n];
		if (len <= KEY_INLINE)
			memcpy(e->key.inl, key, len);
		else
		{
			char	   *copy = MemoryContextAlloc(b->cx, len);

			memcpy(copy, key, len);
			e->key.ptr = copy;
			b->extra += len + 16;
		}
		e->src = src;
		e->keylen = len;
		e->first = -1;
		b->slots[slot] = ((uint64) h << 32) | (uint64) (b->rows_n + 1);
		b->rows_n++;
	}
	if (b->hits_n == b->hits_cap)
	{
		if (b->hits_cap >= PG_INT32_MAX / 2)
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							errmsg("score_hits: too many source rows in one batch")));
		b->hits_cap *= 2;
		b->hits = repalloc_huge(b->hits, sizeof(RowHit) * (Size) b->hits_cap);
	}
	hit = &b->hits[b->hits_n];
	hit->k = k;
	hit->x = x;
	hit->next = e->first;
	e->first = b->hits_n++;
}

static uint32
tally_hash(int64 rid, int32 k)
{
	uint64		v = (uint64) rid * UINT64CONST(0x9E3779B97F4A7C15) ^ (uint64) k * UINT64CONST(0xC2B2AE3D27D4EB4F);

	return (uint32) (v >> 32) ^ (uint32) v;
}

static void
tally_grow(Batch *b)
{
	uint32		cap = b->tal_cap * 2;
	Tally	   *n = MemoryContextAllocHuge(b->cx, sizeof(Tally) * (Size) cap);

	memset(n, 0, sizeof(Tally) * (Size) cap);
	for (uint32 i = 0; i < b->tal_cap; i++)
	{
		Tally	   *t = &b->tallies[i];
		uint32		j;

		if (!t->used)
			continue;
		for (j = tally_hash(t->rid, t->k) & (cap - 1); n[j].used; j = (j + 1) & (cap - 1))
			;
		n[j] = *t;
	}
	pfree(b->tallies);
	b->tallies = n;
	b->tal_cap = cap;
}

static void
tally_add(Batch *b, int64 rid, int32 k, Numeric x)
{
	uint32		j;
	Tally	   *t;

	if ((b->tal_n + 1) * 2 > b->tal_cap)
		tally_grow(b);
	for (j = tally_hash(rid, k) & (b->tal_cap - 1);; j = (j + 1) & (b->tal_cap - 1))
	{
		t = &b->tallies[j];
		if (!t->used || (t->rid == rid && t->k == k))
			break;
	}
	if (!t->used)
	{
		t->used = 1;
		t->rid = rid;
		t->k = k;
		t->nrows = 0;
		t->sum = NULL;
		b->tal_n++;
	}
	t->nrows++;
	if (x != NULL)
	{
		if (t->sum == NULL)
			t->sum = x;			/* shared with the row until the next add */
		else
		{
			MemoryContext old = MemoryContextSwitchTo(b->cx);
			Numeric		s = numeric_add_opt_error(t->sum, x, NULL);

			MemoryContextSwitchTo(old);
			t->sum = s;			/* the old sum stays in b->cx until the batch ends */
		}
	}
}

/*
 * Step 1 for source src: its statement runs with a receiver of its own, which
 * keeps each row as it comes out of the executor (no copy of the row into an
 * SPI table).  The statement may use parallel workers.
 */
typedef struct
{
	DestReceiver pub;
	Batch	   *b;
	int			src;
	MemoryContext rowcx;		/* reset per row */
	bool		started;		/* a query's results came */
} SourceDest;

static void
source_startup(DestReceiver *self, int operation, TupleDesc td)
{
	SourceDest *d = (SourceDest *) self;
	bool		bad;

	d->started = true;
	bad = operation != CMD_SELECT || td->natts < 4 || (td->natts - 1) % 3 != 0 || TupleDescAttr(td, 0)->atttypid != TEXTOID;
	for (int c = 1; !bad && c < td->natts; c += 3)
		bad = TupleDescAttr(td, c)->atttypid != INT4OID || TupleDescAttr(td, c + 1)->atttypid != BOOLOID
			|| TupleDescAttr(td, c + 2)->atttypid != NUMERICOID;
	if (bad)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("score_hits: statement %d must be a query returning a text, then (integer, boolean, numeric) per signal",
							   d->src + 1)));
}

static bool
source_receive(TupleTableSlot *slot, DestReceiver *self)
{
	SourceDest *d = (SourceDest *) self;
	Batch	   *b = d->b;
	MemoryContext old = MemoryContextSwitchTo(d->rowcx);
	int			natts = slot->tts_tupleDescriptor->natts;
	text	   *kt;

	slot_getallattrs(slot);
	if (!slot->tts_isnull[0])	/* a row without a key is linked to nobody */
	{
		kt = DatumGetTextPP(slot->tts_values[0]);
		for (int c = 1; c < natts; c += 3)
		{
			Numeric		xn = NULL;

			if (slot->tts_isnull[c + 1] || !DatumGetBool(slot->tts_values[c + 1]) || slot->tts_isnull[c])
				continue;
			if (!slot->tts_isnull[c + 2])
			{
				MemoryContextSwitchTo(b->cx);
				xn = DatumGetNumericCopy(slot->tts_values[c + 2]);
				MemoryContextSwitchTo(d->rowcx);
				b->extra += VARSIZE(xn);
			}
			rows_add(b, d->src, VARDATA_ANY(kt), VARSIZE_ANY_EXHDR(kt), DatumGetInt32(slot->tts_values[c]), xn);
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(d->rowcx);
	return true;
}

static void
source_shutdown(DestReceiver *self pg_attribute_unused())
{
}

static void
source_destroy(DestReceiver *self pg_attribute_unused())
{
}

static void
read_source(Batch *b, int src, const char *query, Datum vals)
{
	Oid			argtypes[1] = {TEXTARRAYOID};
	SPIPlanPtr	plan;
	SPIExecuteOptions opt;
	ParamListInfo params;
	SourceDest	d;
	int			rc;

	plan = SPI_prepare_cursor(query, 1, argtypes, CURSOR_OPT_PARALLEL_OK);
	if (plan == NULL)
		elog(ERROR, "score_hits: statement %d: %s", src + 1, SPI_result_code_string(SPI_result));
	params = makeParamList(1);
	params->params[0].value = vals;
	params->params[0].isnull = false;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].ptype = TEXTARRAYOID;
	memset(&d, 0, sizeof(d));
	d.pub.receiveSlot = source_receive;
	d.pub.rStartup = source_startup;
	d.pub.rShutdown = source_shutdown;
	d.pub.rDestroy = source_destroy;
	d.pub.mydest = DestNone;
	d.b = b;
	d.src = src;
	d.rowcx = AllocSetContextCreate(CurrentMemoryContext, "aidlink score_hits row", ALLOCSET_SMALL_SIZES);
	memset(&opt, 0, sizeof(opt));
	opt.params = params;
	opt.read_only = true;
	opt.dest = &d.pub;
	rc = SPI_execute_plan_extended(plan, &opt);
	/* (SPI says SPI_OK_UTILITY for a query whose rows go to a receiver) */
	if ((rc != SPI_OK_SELECT && rc != SPI_OK_UTILITY) || !d.started)
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
						errmsg("score_hits: statement %d is not a query", src + 1)));
	MemoryContextDelete(d.rowcx);
	SPI_freeplan(plan);
}

/*
 * Step 2 probes in groups of PROBE_GROUP links: the hash table is far larger
 * than the caches, so each group's slots are prefetched first and their
 * cache misses overlap instead of coming one after the other (the same for
 * the tallies).  Keys are copied out of the buffer page (the scan moves on).
 */
#define PROBE_GROUP 32

typedef struct
{
	uint32		h;
	uint16		src;
	uint16		len;
	int64		rid;
	char	   *key;			/* into the group's key buffer */
} Probe;

typedef struct
{
	int64		rid;
	int32		k;
	Numeric		x;
} TallyAdd;

static void
probe_group(Batch *b, Probe *pr, int n)
{
	TallyAdd	add[PROBE_GROUP * 2];
	int			nadd = 0;

	for (int i = 0; i < n; i++)
	{
		uint32		slot;
		RowEntry   *e = rows_lookup(b, pr[i].src, pr[i].key, pr[i].len, pr[i].h, &slot);

		if (e == NULL)
			continue;
		for (int32 j = e->first; j >= 0; j = b->hits[j].next)
		{
			if (nadd == lengthof(add))
			{
				for (int a = 0; a < nadd; a++)
					tally_add(b, add[a].rid, add[a].k, add[a].x);
				nadd = 0;
			}
			add[nadd].rid = pr[i].rid;
			add[nadd].k = b->hits[j].k;
			add[nadd].x = b->hits[j].x;
			__builtin_prefetch(&b->tallies[tally_hash(pr[i].rid, b->hits[j].k) & (b->tal_cap - 1)], 1);
			nadd++;
		}
	}
	for (int a = 0; a < nadd; a++)
		tally_add(b, add[a].rid, add[a].k, add[a].x);
}

/* step 2: one scan of aidlink.links for the sources of the batch */
static void
probe_links(Batch *b, Relation links, int nsrc, text **names, bool *in_batch,
			AttrNumber a_src, AttrNumber a_key, AttrNumber a_rid, AttrNumber a_status)
{
	TableScanDesc scan;
	TupleTableSlot *slot;
	AttrNumber	natt = Max(Max(a_src, a_key), Max(a_rid, a_status));
	Probe		pr[PROBE_GROUP];
	int			n = 0;
	StringInfoData keys;

	initStringInfo(&keys);
	slot = table_slot_create(links, NULL);
	scan = table_beginscan(links, GetActiveSnapshot(), 0, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		text	   *t;
		int			src = -1;
		int			len;

		CHECK_FOR_INTERRUPTS();
		slot_getsomeattrs(slot, natt);
		if (slot->tts_isnull[a_src - 1] || slot->tts_isnull[a_key - 1]
			|| slot->tts_isnull[a_rid - 1] || slot->tts_isnull[a_status - 1])
			continue;
		/* status = 'accepted' */
		t = DatumGetTextPP(slot->tts_values[a_status - 1]);
		if (VARSIZE_ANY_EXHDR(t) != 8 || memcmp(VARDATA_ANY(t), "accepted", 8) != 0)
			continue;
		/* a source of the batch */
		t = DatumGetTextPP(slot->tts_values[a_src - 1]);
		len = VARSIZE_ANY_EXHDR(t);
		for (int i = 0; i < nsrc; i++)
		{
			if (in_batch[i] && (int) VARSIZE_ANY_EXHDR(names[i]) == len
				&& memcmp(VARDATA_ANY(names[i]), VARDATA_ANY(t), len) == 0)
			{
				src = i;
				break;
			}
		}
		if (src < 0)
			continue;
		t = DatumGetTextPP(slot->tts_values[a_key - 1]);
		len = VARSIZE_ANY_EXHDR(t);
		if (len > PG_UINT16_MAX)
			continue;			/* longer than any key kept */
		pr[n].src = src;
		pr[n].len = len;
		pr[n].h = row_hash(src, VARDATA_ANY(t), len);
		pr[n].rid = DatumGetInt64(slot->tts_values[a_rid - 1]);
		pr[n].key = (char *) (intptr_t) keys.len;	/* an offset until the group is full */
		appendBinaryStringInfo(&keys, VARDATA_ANY(t), len);
		__builtin_prefetch(&b->slots[pr[n].h & (b->slots_cap - 1)]);
		if (++n == PROBE_GROUP)
		{
			for (int i = 0; i < n; i++)
				pr[i].key = keys.data + (intptr_t) pr[i].key;
			probe_group(b, pr, n);
			n = 0;
			resetStringInfo(&keys);
		}
	}
	for (int i = 0; i < n; i++)
		pr[i].key = keys.data + (intptr_t) pr[i].key;
	probe_group(b, pr, n);
	pfree(keys.data);
	table_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
}

/* step 3: the batch's tallies into the result */
static void
emit(Batch *b, ReturnSetInfo *rsinfo)
{
	for (uint32 i = 0; i < b->tal_cap; i++)
	{
		Tally	   *t = &b->tallies[i];
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		if (!t->used)
			continue;
		values[0] = Int32GetDatum(t->k);
		values[1] = Int64GetDatum(t->rid);
		values[2] = Int64GetDatum(t->nrows);
		if (t->sum == NULL)
			nulls[3] = true;
		else
			values[3] = DirectFunctionCall1(numeric_float8, NumericGetDatum(t->sum));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

static AttrNumber
links_attnum(Relation rel, const char *name)
{
	AttrNumber	a = get_attnum(RelationGetRelid(rel), name);

	if (a == InvalidAttrNumber)
		elog(ERROR, "score_hits: aidlink.links has no column %s", name);
	return a;
}

Datum
score_hits(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *src_a,
			   *q_a;
	Datum	   *src_d,
			   *q_d;
	bool	   *src_n,
			   *q_n;
	int			nsrc,
				nq;
	text	  **names;
	bool	   *in_batch;
	Datum		vals;
	Relation	links;
	AclResult	ac;
	Batch		b;
	Size		limit = (Size) maintenance_work_mem * 1024;
	bool		pending = false;
	int			batches = 0;
	AttrNumber	a_src,
				a_key,
				a_rid,
				a_status;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						errmsg("score_hits: sources, statements and values are required")));
	src_a = PG_GETARG_ARRAYTYPE_P(0);
	q_a = PG_GETARG_ARRAYTYPE_P(1);
	vals = PG_GETARG_DATUM(2);
	deconstruct_array(src_a, TEXTOID, -1, false, TYPALIGN_INT, &src_d, &src_n, &nsrc);
	deconstruct_array(q_a, TEXTOID, -1, false, TYPALIGN_INT, &q_d, &q_n, &nq);
	if (nsrc > PG_UINT16_MAX)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("score_hits: %d sources are too many", nsrc)));
	if (nsrc != nq)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("score_hits: %d sources but %d statements", nsrc, nq)));
	names = palloc(sizeof(text *) * Max(nsrc, 1));
	in_batch = palloc0(sizeof(bool) * Max(nsrc, 1));
	for (int i = 0; i < nsrc; i++)
	{
		if (src_n[i] || q_n[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("score_hits: source %d or its statement is NULL", i + 1)));
		names[i] = DatumGetTextPP(src_d[i]);
	}

	InitMaterializedSRF(fcinfo, 0);

	links = table_openrv(makeRangeVar("aidlink", "links", -1), AccessShareLock);
	ac = pg_class_aclcheck(RelationGetRelid(links), GetUserId(), ACL_SELECT);
	if (ac != ACLCHECK_OK)
		aclcheck_error(ac, OBJECT_TABLE, RelationGetRelationName(links));
	if (check_enable_rls(RelationGetRelid(links), InvalidOid, true) == RLS_ENABLED)
		ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						errmsg("score_hits: row-level security applies to aidlink.links for this user"),
						errhint("aidlink.score_month reads the links by SQL then.")));
	a_src = links_attnum(links, "source_name");
	a_key = links_attnum(links, "row_key");
	a_rid = links_attnum(links, "resident_id");
	a_status = links_attnum(links, "status");

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	batch_init(&b, CurrentMemoryContext);
	for (int i = 0; i < nsrc; i++)
	{
		if (pending && batch_bytes(&b) > limit)
		{
			probe_links(&b, links, nsrc, names, in_batch, a_src, a_key, a_rid, a_status);
			elog(DEBUG1, "score_hits: batch %d: %u rows kept, %zu bytes, %u tallies",
				 ++batches, b.rows_n, batch_bytes(&b), b.tal_n);
			emit(&b, rsinfo);
			batch_reset(&b);
			memset(in_batch, 0, sizeof(bool) * nsrc);
		}
		read_source(&b, i, TextDatumGetCString(q_d[i]), vals);
		in_batch[i] = true;
		pending = true;
	}
	if (pending)
	{
		probe_links(&b, links, nsrc, names, in_batch, a_src, a_key, a_rid, a_status);
		elog(DEBUG1, "score_hits: batch %d: %u rows kept, %zu bytes, %u tallies",
			 ++batches, b.rows_n, batch_bytes(&b), b.tal_n);
		emit(&b, rsinfo);
	}
	MemoryContextDelete(b.cx);
	SPI_finish();
	table_close(links, AccessShareLock);
	return (Datum) 0;
}
