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
 * accepted and, for a source other than the reference, no reference run
 * after the link was made wrote, removed or renumbered a person with its
 * number.
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
#include "utils/lsyscache.h"
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

/* The state of the pass in progress, for aidlink.link_stage_wanted(). */
typedef struct stage_pass
{
	MemoryContext cxt;
	arena		keys;
	stagetab_hash *tab;
	bool		full_run;
	const char *step;
	size_t		step_len;
	int64		total;
	int64		n_read;
	int64		n_repeated;
} stage_pass;

static stage_pass *current_pass = NULL;

/*
 * aidlink.link_stage_wanted(row_key text, row_hash bigint) -> boolean: the
 * filter of the read query of aidlink.link_stage_changed_rows.  Counts the
 * row, marks its key read, and says whether the row must be linked again: a
 * key without a link, a hash other than the link's, a link that may not be
 * kept, a key read before (a repeat, counted), a NULL key, or a full run.
 */
PG_FUNCTION_INFO_V1(link_stage_wanted);

Datum
link_stage_wanted(PG_FUNCTION_ARGS)
{
	stage_pass *ps = current_pass;
	stage_entry *e;
	stage_key	key;
	text	   *k;
	bool		found;
	MemoryContext old;

	if (ps == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("aidlink.link_stage_wanted can only be called by aidlink.link_stage_changed_rows")));
	ps->n_read++;
	al_link_progress(ps->step, ps->step_len, ps->total);
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);
	k = PG_GETARG_TEXT_PP(0);
	key.ptr = VARDATA_ANY(k);
	key.len = VARSIZE_ANY_EXHDR(k);
	e = stagetab_insert(ps->tab, key, &found);
	if (!found)
	{
		old = MemoryContextSwitchTo(ps->cxt);
		e->key.ptr = arena_copy(&ps->keys, key.ptr, key.len);
		MemoryContextSwitchTo(old);
		e->linked = false;
		e->keep = false;
		e->row_hash = 0;
		e->seen = true;
		PG_RETURN_BOOL(true);
	}
	if (e->seen)
	{
		ps->n_repeated++;
		PG_RETURN_BOOL(true);
	}
	e->seen = true;
	PG_RETURN_BOOL(ps->full_run || !e->linked || !e->keep || PG_ARGISNULL(1) ||
				   e->row_hash != PG_GETARG_INT64(1));
}

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
 * read_query reads the source, filtered by aidlink.link_stage_wanted(row key,
 * row hash) before the linked columns are worked out, and returns the rows
 * as pg_temp.al_stage holds them; each is written into al_stage.  The keys
 * of links not read go into pg_temp.al_gone.  repeated_keys counts keys read
 * more than once (the caller reports them as an error).
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
	stage_pass	ps;
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
				n_staged = 0,
				n_gone = 0;
	TupleDesc	rdesc,
				sdesc;
	Datum		result[4];
	bool		rnull[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &rdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "aidlink.link_stage_changed_rows: the result type must be a row");
	if (current_pass != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("aidlink.link_stage_changed_rows cannot be nested")));

	memset(&ps, 0, sizeof(ps));
	ps.cxt = AllocSetContextCreate(CurrentMemoryContext, "aidlink staged keys", ALLOCSET_DEFAULT_SIZES);
	ps.keys.cxt = ps.cxt;
	ps.full_run = full_run;
	ps.step = VARDATA_ANY(step);
	ps.step_len = VARSIZE_ANY_EXHDR(step);
	ps.total = total;

	stage = open_work_table("al_stage");
	gone = open_work_table("al_gone");
	sdesc = RelationGetDescr(stage);

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
	ps.tab = stagetab_create(ps.cxt, (uint32) Min(n_links + n_links / 8 + 1024, (int64) PG_UINT32_MAX / 2), NULL);

	/*
	 * A link of another source than the reference is kept only if the
	 * register has not touched its person since the link was made: no
	 * person with its number written by a later reference run (rewritten,
	 * or new: a link outside the reference may now have a person), and none
	 * removed or renumbered by one (aidlink.link_changes of the reference).
	 * Those persons are few: a small hash join (the latest run that touched
	 * each), not a join with every person, nor a subquery per link.
	 */
	portal = SPI_cursor_open_with_args(NULL,
									   "WITH since AS (SELECT coalesce(min(u.run_id), 0) AS run_id "
									   "               FROM aidlink.link_runs u WHERE u.source_name = $1), "
									   "touched AS ("
									   "  SELECT p.resident_id, p.run_id FROM aidlink.persons p "
									   "  WHERE NOT $2 AND p.run_id > (SELECT run_id FROM since) "
									   "  UNION ALL "
									   "  SELECT c.old_resident_id, c.run_id FROM aidlink.link_changes c "
									   "  JOIN aidlink.link_sources r ON r.source_name = c.source_name AND r.is_reference "
									   "  WHERE NOT $2 AND c.run_id > (SELECT run_id FROM since) "
									   "    AND c.change IN ('removed', 'changed') AND c.old_resident_id IS NOT NULL), "
									   "last AS (SELECT t.resident_id, max(t.run_id) AS run_id FROM touched t "
									   "         GROUP BY t.resident_id) "
									   "SELECT l.row_key, l.row_hash, l.status = 'accepted' "
									   "       AND (t.run_id IS NULL OR t.run_id < l.run_id) "
									   "FROM aidlink.links l "
									   "LEFT JOIN last t ON t.resident_id OPERATOR(aidlink.=) l.resident_id "
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
			MemoryContext old;

			key.ptr = VARDATA_ANY(k);
			key.len = VARSIZE_ANY_EXHDR(k);
			e = stagetab_insert(ps.tab, key, &found);
			if (found)			/* cannot be: (source_name, row_key) is the primary key */
				elog(ERROR, "aidlink.link_stage_changed_rows: a row key is linked twice");
			old = MemoryContextSwitchTo(ps.cxt);
			e->key.ptr = arena_copy(&ps.keys, key.ptr, key.len);
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

	/* 2. The source, once, filtered by link_stage_wanted: stage what it returns. */
	bistate = GetBulkInsertState();
	cid = GetCurrentCommandId(true);
	current_pass = &ps;
	PG_TRY();
	{
		portal = SPI_cursor_open_with_args(NULL, read_query, 0, NULL, NULL, NULL, true, 0);
		for (;;)
		{
			TupleDesc	td;

			SPI_cursor_fetch(portal, true, 1000);
			if (SPI_processed == 0)
				break;
			td = SPI_tuptable->tupdesc;
			if (td->natts != sdesc->natts)
				elog(ERROR, "aidlink.link_stage_changed_rows: the read query returns %d columns, pg_temp.al_stage has %d",
					 td->natts, sdesc->natts);
			for (uint64 i = 0; i < SPI_processed; i++)
			{
				heap_insert(stage, SPI_tuptable->vals[i], cid, 0, bistate);
				n_staged++;
			}
			SPI_freetuptable(SPI_tuptable);
			CHECK_FOR_INTERRUPTS();
		}
		SPI_cursor_close(portal);
	}
	PG_FINALLY();
	{
		current_pass = NULL;
	}
	PG_END_TRY();
	FreeBulkInsertState(bistate);

	/* 3. Links whose row has left the source. */
	bistate = GetBulkInsertState();
	stagetab_start_iterate(ps.tab, &it);
	while ((e = stagetab_iterate(ps.tab, &it)) != NULL)
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
	result[0] = Int64GetDatum(ps.n_read);
	result[1] = Int64GetDatum(n_staged);
	result[2] = Int64GetDatum(n_gone);
	result[3] = Int64GetDatum(ps.n_repeated);
	MemoryContextDelete(ps.cxt);
	CommandCounterIncrement();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(rdesc), result, rnull)));
}

/*
 * aidlink.link_row_hash(VARIADIC "any") -> bigint: a hash of the values as
 * stored (their bytes, detoasted), NULLs and each value's length included, in
 * the order given.  The linkage hashes a row's linked columns as the source
 * holds them, so a re-run can tell an unchanged row before it works out what
 * the columns say (the number's form, the birth date, the sex ...).
 */
PG_FUNCTION_INFO_V1(link_row_hash);

Datum
link_row_hash(PG_FUNCTION_ARGS)
{
	uint64		h = UINT64CONST(0x6169646c696e6b31);	/* "aidlink1" */

	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aidlink.link_row_hash takes the values one by one, not an array marked VARIADIC")));
	for (int i = 0; i < PG_NARGS(); i++)
	{
		Oid			typ = get_fn_expr_argtype(fcinfo->flinfo, i);
		int16		typlen;
		bool		typbyval;
		const unsigned char *p;
		size_t		n;
		Datum		d;

		if (PG_ARGISNULL(i))
		{
			h = hash_combine64(h, UINT64CONST(0x9e3779b97f4a7c15) + (uint64) i);
			continue;
		}
		if (!OidIsValid(typ))
			elog(ERROR, "aidlink.link_row_hash: the type of argument %d is not known", i + 1);
		get_typlenbyval(typ, &typlen, &typbyval);
		d = PG_GETARG_DATUM(i);
		if (typbyval)
		{
			/* only the type's own bytes: the rest of a Datum is not defined */
			if (typlen == 1)
				d = (Datum) (uint8) DatumGetChar(d);
			else if (typlen == 2)
				d = (Datum) (uint16) DatumGetInt16(d);
			else if (typlen == 4)
				d = (Datum) DatumGetUInt32(d);
			p = (const unsigned char *) &d;
			n = sizeof(Datum);
		}
		else if (typlen == -1)
		{
			struct varlena *v = PG_DETOAST_DATUM_PACKED(d);

			p = (const unsigned char *) VARDATA_ANY(v);
			n = VARSIZE_ANY_EXHDR(v);
		}
		else if (typlen == -2)
		{
			p = (const unsigned char *) DatumGetCString(d);
			n = strlen((const char *) p);
		}
		else
		{
			p = (const unsigned char *) DatumGetPointer(d);
			n = (size_t) typlen;
		}
		h = hash_combine64(h, hash_bytes_extended(p, (int) n, (uint64) n + ((uint64) i << 32)));
	}
	PG_RETURN_INT64((int64) h);
}
