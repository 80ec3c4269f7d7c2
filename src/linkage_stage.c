/*
 * linkage_stage.c — what a re-run of a source must link again, found in one
 * pass over the source (extension/0.2/20_linkage.sql,
 * aidlink.link_stage_changed_rows).
 *
 * A monthly re-run links only rows that are new or changed since the source's
 * last run.  The source's links are loaded into a hash table (row key -> the
 * hash of the linked columns it was linked with, and whether the link may be
 * kept as it is); the source is then read once, each row's hash compared with
 * its link's, and only the rows that must be linked again are written into
 * the run's work table pg_temp.al_stage.  The keys of links whose row has left
 * the source go into pg_temp.al_gone.  Rows unchanged since their link (about
 * 95 % of a month's rows) are never written anywhere.
 *
 * A link may be kept (the SQL loading the table decides it) when it is
 * accepted and, for a source other than the reference, its person is still
 * in the reference as the link says and was not rewritten by a reference run
 * after the link was made.
 *
 * Memory: one entry per link of the source (24 bytes and the key, in blocks
 * of 1 MB, plus the hash table's slots: about 60-80 bytes a link; 2 million
 * links take about 150 MB), freed when the function returns; the source is
 * read 1,000 rows at a time.
 */
#include "aidlink.h"

#include "access/heapam.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/rel.h"

PG_FUNCTION_INFO_V1(link_stage_changed_rows);

typedef struct stage_key
{
	const char *ptr;			/* in the arena, not NUL-terminated */
	uint32		len;
} stage_key;

/* One row key of the source: a link, or a key first read in this pass. */
typedef struct stage_entry
{
	stage_key	key;
	int64		row_hash;		/* hash of the linked columns when linked */
	uint32		hash;			/* hash of the key */
	char		status;			/* simplehash's */
	bool		keep;			/* the link may be kept if the row is unchanged */
	bool		seen;			/* the row was read in this pass */
	bool		linked;			/* a link exists (false: a new key, kept to find repeats) */
} stage_entry;

#define SH_PREFIX		stagetab
#define SH_ELEMENT_TYPE	stage_entry
#define SH_KEY_TYPE		stage_key
#define SH_KEY			key
#define SH_HASH_KEY(tb, k)	hash_bytes((const unsigned char *) (k).ptr, (int) (k).len)
#define SH_EQUAL(tb, a, b)	((a).len == (b).len && memcmp((a).ptr, (b).ptr, (a).len) == 0)
#define SH_GET_HASH(tb, a)	((a)->hash)
#define SH_STORE_HASH
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* Keys are copied into blocks of 1 MB: no allocation header per key. */
#define ARENA_BLOCK (1024 * 1024)

typedef struct arena
{
	MemoryContext cxt;
	char	   *cur;
	size_t		left;
} arena;

static const char *
arena_copy(arena *a, const char *s, size_t n)
{
	char	   *d;

	if (n > a->left)
	{
		size_t		sz = Max(n, (size_t) ARENA_BLOCK);

		a->cur = MemoryContextAllocHuge(a->cxt, sz);
		a->left = sz;
	}
	d = a->cur;
	memcpy(d, s, n);
	a->cur += n;
	a->left -= n;
	return d;
}

/* The staged rows' columns, as the caller's query returns them. */
enum
{
	Q_ROW_KEY = 1, Q_ROW_HASH = 9, Q_NCOLS = 9
};

static Relation
open_work_table(const char *name)
{
	Oid			relid = RangeVarGetRelid(makeRangeVar("pg_temp", (char *) name, -1), RowExclusiveLock, true);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("aidlink.link_stage_changed_rows: the work table pg_temp.%s does not exist", name),
				 errhint("It is called by aidlink.link_source, which creates it.")));
	return table_open(relid, NoLock);
}

/*
 * aidlink.link_stage_changed_rows(source_name, read_query, is_reference,
 *     full_run, step, total) -> (rows_read, rows_staged, rows_gone, repeated_keys)
 *
 * read_query returns the source's rows as pg_temp.al_stage holds them (row
 * key as text, the number, name, birth date, sex, phone, address, household,
 * and the hash of these); every row whose key has no link, whose hash differs
 * from its link's, whose link may not be kept, or all rows with full_run, is
 * written into pg_temp.al_stage; keys of links not read go into
 * pg_temp.al_gone.  repeated_keys counts keys read more than once (the caller
 * reports them as an error).  Rows with a NULL key are staged as they are (the
 * caller refuses them).
 */
Datum
link_stage_changed_rows(PG_FUNCTION_ARGS)
{
	text	   *source = PG_GETARG_TEXT_PP(0);
	char	   *read_query = text_to_cstring(PG_GETARG_TEXT_PP(1));
	bool		is_reference = PG_GETARG_BOOL(2);
	bool		full_run = PG_GETARG_BOOL(3);
	text	   *step = PG_GETARG_TEXT_PP(4);
	int64		total = PG_GETARG_INT64(5);
	MemoryContext cxt,
				old;
	arena		keys;
	stagetab_hash *tab;
	stagetab_iterator it;
	stage_entry *e;
	Relation	stage,
				gone;
	BulkInsertState bistate;
	CommandId	cid;
	Portal		portal;
	Oid			argtypes[2] = {TEXTOID, BOOLOID};
	Datum		args[2];
	int64		n_links,
				n_read = 0,
				n_staged = 0,
				n_gone = 0,
				n_repeated = 0;
	TupleDesc	rdesc;
	Datum		result[4];
	bool		rnull[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &rdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "aidlink.link_stage_changed_rows: the result type must be a row");

	cxt = AllocSetContextCreate(CurrentMemoryContext, "aidlink staged keys", ALLOCSET_DEFAULT_SIZES);
	keys.cxt = cxt;
	keys.cur = NULL;
	keys.left = 0;

	stage = open_work_table("al_stage");
	gone = open_work_table("al_gone");
	if (RelationGetDescr(stage)->natts != Q_NCOLS)
		elog(ERROR, "aidlink.link_stage_changed_rows: pg_temp.al_stage has %d columns, not %d",
			 RelationGetDescr(stage)->natts, Q_NCOLS);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");

	/* 1. The source's links. */
	args[0] = PointerGetDatum(source);
	args[1] = BoolGetDatum(is_reference);
	if (SPI_execute_with_args("SELECT count(*) FROM aidlink.links l WHERE l.source_name = $1",
							  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "aidlink.link_stage_changed_rows: counting the links failed");
	{
		bool		isnull;

		n_links = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	tab = stagetab_create(cxt, (uint32) Min(n_links + n_links / 8 + 1024, (int64) PG_UINT32_MAX / 2), NULL);

	portal = SPI_cursor_open_with_args(NULL,
									   "SELECT l.row_key, l.row_hash, l.status = 'accepted' AND ($2 OR "
									   "(l.in_reference = (p.resident_id IS NOT NULL) "
									   "AND (p.run_id IS NULL OR p.run_id < l.run_id))) "
									   "FROM aidlink.links l "
									   "LEFT JOIN aidlink.persons p ON NOT $2 AND p.resident_id = l.resident_id "
									   "WHERE l.source_name = $1",
									   2, argtypes, args, NULL, true, 0);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 10000);
		if (SPI_processed == 0)
			break;
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull,
						found;
			text	   *k = DatumGetTextPP(SPI_getbinval(tup, td, 1, &isnull));
			stage_key	key;

			key.ptr = VARDATA_ANY(k);
			key.len = VARSIZE_ANY_EXHDR(k);
			e = stagetab_insert(tab, key, &found);
			if (found)			/* cannot be: (source_name, row_key) is the primary key */
				elog(ERROR, "aidlink.link_stage_changed_rows: a row key is linked twice");
			old = MemoryContextSwitchTo(cxt);
			e->key.ptr = arena_copy(&keys, key.ptr, key.len);
			MemoryContextSwitchTo(old);
			e->row_hash = DatumGetInt64(SPI_getbinval(tup, td, 2, &isnull));
			e->keep = DatumGetBool(SPI_getbinval(tup, td, 3, &isnull)) && !isnull;
			e->seen = false;
			e->linked = true;
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);

	/* 2. The source, once: stage what must be linked again. */
	bistate = GetBulkInsertState();
	cid = GetCurrentCommandId(true);
	portal = SPI_cursor_open_with_args(NULL, read_query, 0, NULL, NULL, NULL, true, 0);
	for (;;)
	{
		TupleDesc	td;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		td = SPI_tuptable->tupdesc;
		if (td->natts != Q_NCOLS)
			elog(ERROR, "aidlink.link_stage_changed_rows: the read query returns %d columns, not %d",
				 td->natts, Q_NCOLS);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tup = SPI_tuptable->vals[i];
			bool		key_null,
						hash_null,
						found,
						stage_it = true;
			Datum		kd = SPI_getbinval(tup, td, Q_ROW_KEY, &key_null);
			int64		h = DatumGetInt64(SPI_getbinval(tup, td, Q_ROW_HASH, &hash_null));

			n_read++;
			al_link_progress(VARDATA_ANY(step), VARSIZE_ANY_EXHDR(step), total);
			if (!key_null)
			{
				text	   *k = DatumGetTextPP(kd);
				stage_key	key;

				key.ptr = VARDATA_ANY(k);
				key.len = VARSIZE_ANY_EXHDR(k);
				e = stagetab_insert(tab, key, &found);
				if (!found)
				{
					old = MemoryContextSwitchTo(cxt);
					e->key.ptr = arena_copy(&keys, key.ptr, key.len);
					MemoryContextSwitchTo(old);
					e->linked = false;
					e->keep = false;
					e->row_hash = 0;
					e->seen = true;
				}
				else if (e->seen)
					n_repeated++;
				else
				{
					e->seen = true;
					if (!full_run && e->linked && e->keep && !hash_null && e->row_hash == h)
						stage_it = false;
				}
			}
			if (stage_it)
			{
				heap_insert(stage, tup, cid, 0, bistate);
				n_staged++;
			}
		}
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	FreeBulkInsertState(bistate);

	/* 3. Links whose row has left the source. */
	bistate = GetBulkInsertState();
	stagetab_start_iterate(tab, &it);
	while ((e = stagetab_iterate(tab, &it)) != NULL)
	{
		if (e->linked && !e->seen)
		{
			Datum		v;
			bool		isnull = false;
			HeapTuple	tup;

			v = PointerGetDatum(cstring_to_text_with_len(e->key.ptr, (int) e->key.len));
			tup = heap_form_tuple(RelationGetDescr(gone), &v, &isnull);
			heap_insert(gone, tup, cid, 0, bistate);
			heap_freetuple(tup);
			pfree(DatumGetPointer(v));
			n_gone++;
		}
	}
	FreeBulkInsertState(bistate);

	SPI_finish();
	table_close(stage, NoLock);
	table_close(gone, NoLock);
	MemoryContextDelete(cxt);
	CommandCounterIncrement();

	result[0] = Int64GetDatum(n_read);
	result[1] = Int64GetDatum(n_staged);
	result[2] = Int64GetDatum(n_gone);
	result[3] = Int64GetDatum(n_repeated);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(rdesc), result, rnull)));
}
