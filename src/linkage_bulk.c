/*
 * linkage_bulk.c — the number step of a source's first linkage run in one
 * pass (extension/0.2/20_linkage.sql, aidlink.link_numbers_in_bulk).
 *
 * The step reads the staged rows of the source (pg_temp.al_stage) joined with
 * the reference persons on the number they parse to, decides for each row
 * what the SQL statement of aidlink.link_source decides (exact, normalised,
 * legacy; the name and birth date checked against the person; pending repair,
 * matching or a number outside the reference; the problem code), and writes
 * the rows into aidlink.links a thousand at a time with table_multi_insert,
 * then their index entries, as COPY FROM does.  Constraints are checked row by
 * row; a duplicate row key still fails on the primary key.
 *
 * Memory: the join is planned by the server (a hash of the persons, spilled
 * in batches beyond work_mem); this file holds one batch of 1,000 rows and
 * resets its memory after each.
 *
 * It declines (returns NULL, and the caller runs its SQL statement) when the
 * table has row-level security, insert triggers or rules, columns other than
 * the ones it knows, or when the caller has no table-wide INSERT privilege on
 * it: the SQL statement then applies all of these.
 */
#include "aidlink.h"

#include "access/heapam.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"

/* The fmgr functions whose decisions the SQL statement used (same results). */
extern Datum resident_id_input_form(PG_FUNCTION_ARGS);
extern Datum resident_id_problem(PG_FUNCTION_ARGS);
extern Datum link_names_agree(PG_FUNCTION_ARGS);
extern Datum birth_date_comparison_level(PG_FUNCTION_ARGS);

PG_FUNCTION_INFO_V1(link_numbers_in_bulk);

#define BULK_BATCH 1000

/* The columns of aidlink.links, in the order the SQL declares them. */
enum
{
	L_SOURCE, L_ROW_KEY, L_RESIDENT_ID, L_METHOD, L_STATUS, L_REASON, L_PROBLEM,
	L_DETAIL, L_IN_REFERENCE, L_MATCH_WEIGHT, L_MATCH_PROBABILITY, L_CANDIDATES,
	L_ROW_HASH, L_RUN_ID, L_NCOLS
};
static const char *const link_columns[L_NCOLS] = {
	"source_name", "row_key", "resident_id", "method", "status", "reason", "problem",
	"detail", "in_reference", "match_weight", "match_probability", "candidates",
	"row_hash", "run_id"
};

/* Columns of the staged-rows query. */
enum
{
	S_ROW_KEY = 1, S_TYPED, S_NAME, S_BIRTH, S_ROW_HASH, S_RID, S_FOUND, S_P_NAME, S_P_BIRTH
};

/* Call a V1 function of this module with up to three arguments, none NULL. */
static Datum
call_fn(PGFunction fn, FmgrInfo *flinfo, int nargs, Datum a, Datum b, Datum c, bool *isnull)
{
	LOCAL_FCINFO(fcinfo, 3);
	Datum		r;

	InitFunctionCallInfoData(*fcinfo, flinfo, nargs, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = a;
	fcinfo->args[0].isnull = false;
	fcinfo->args[1].value = b;
	fcinfo->args[1].isnull = false;
	fcinfo->args[2].value = c;
	fcinfo->args[2].isnull = false;
	r = fn(fcinfo);
	*isnull = fcinfo->isnull;
	return r;
}

static bool
text_is(Datum t, const char *s)
{
	text	   *x = DatumGetTextPP(t);
	size_t		n = strlen(s);

	return VARSIZE_ANY_EXHDR(x) == n && memcmp(VARDATA_ANY(x), s, n) == 0;
}

/* nullif(btrim(typed), '') IS NULL: NULL, empty or only spaces. */
static bool
typed_is_blank(Datum typed, bool isnull)
{
	text	   *t;
	const char *s;
	size_t		n;

	if (isnull)
		return true;
	t = DatumGetTextPP(typed);
	s = VARDATA_ANY(t);
	n = VARSIZE_ANY_EXHDR(t);
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

/*
 * The attribute numbers (0-based) of aidlink.links' columns in map[]; false
 * when the table has other columns than these, or lacks one.
 */
static bool
map_link_columns(TupleDesc desc, int map[L_NCOLS])
{
	int			live = 0;

	for (int c = 0; c < L_NCOLS; c++)
		map[c] = -1;
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		int			c;

		if (att->attisdropped)
			continue;
		live++;
		for (c = 0; c < L_NCOLS; c++)
			if (strcmp(NameStr(att->attname), link_columns[c]) == 0)
				break;
		if (c == L_NCOLS || att->attgenerated)
			return false;
		map[c] = i;
	}
	if (live != L_NCOLS)
		return false;
	for (int c = 0; c < L_NCOLS; c++)
		if (map[c] < 0)
			return false;
	return true;
}

typedef struct bulk_state
{
	Relation	rel;
	ResultRelInfo *rri;
	EState	   *estate;
	BulkInsertState bistate;
	CommandId	cid;
	TupleTableSlot *slots[BULK_BATCH];
	int			nslots;
} bulk_state;

/* Write the batch: heap tuples, then each one's index entries. */
static void
bulk_flush(bulk_state *b)
{
	if (b->nslots == 0)
		return;
	table_multi_insert(b->rel, b->slots, b->nslots, b->cid, 0, b->bistate);
	for (int i = 0; i < b->nslots; i++)
	{
		List	   *recheck;

		recheck = ExecInsertIndexTuples(b->rri, b->slots[i], b->estate, false, false, NULL, NIL);
		list_free(recheck);
		ExecClearTuple(b->slots[i]);
	}
	ResetPerTupleExprContext(b->estate);
	b->nslots = 0;
}

/*
 * aidlink.link_numbers_in_bulk(source_name, run, is_reference, step, total):
 * the rows of pg_temp.al_stage written into aidlink.links by their number;
 * returns the rows written, or NULL when it declines (see above).
 */
Datum
link_numbers_in_bulk(PG_FUNCTION_ARGS)
{
	text	   *source = PG_GETARG_TEXT_PP(0);
	int64		run = PG_GETARG_INT64(1);
	bool		is_reference = PG_GETARG_BOOL(2);
	text	   *step = PG_GETARG_TEXT_PP(3);
	int64		total = PG_GETARG_INT64(4);
	Oid			relid;
	Relation	rel;
	TupleDesc	desc;
	int			map[L_NCOLS];
	Oid			rid_type;
	Oid			names_agree_oid;
	Oid			argtypes[3] = {TEXTOID, TEXTOID, BOOLOID};
	FmgrInfo	names_agree_fn;
	bulk_state	b;
	MemoryContext batch_cxt,
				old;
	Portal		portal;
	int64		written = 0;
	Datum		c_source,
				c_exact,
				c_normalised,
				c_legacy,
				c_unresolved,
				c_accepted,
				c_review,
				c_name_disagrees,
				c_birth_disagrees,
				c_pending_outside,
				c_no_number,
				c_invalid_number,
				c_pending_match,
				c_pending_repair,
				c_one;
	const char *query;

	relid = get_relname_relid("links", get_namespace_oid("aidlink", false));
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"aidlink.links\" does not exist")));

	/*
	 * What only the SQL statement applies: privileges by column, RLS, triggers,
	 * rules.  RLS only when it applies to this user: aidlink's tables have it
	 * enabled (issue 8), and a superuser or the owner is not subject to it.
	 */
	if (pg_class_aclcheck(relid, GetUserId(), ACL_INSERT) != ACLCHECK_OK ||
		check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED)
		PG_RETURN_NULL();
	rel = table_open(relid, RowExclusiveLock);
	desc = RelationGetDescr(rel);
	if (rel->rd_rel->relkind != RELKIND_RELATION || rel->rd_rules != NULL ||
		(rel->trigdesc != NULL &&
		 (rel->trigdesc->trig_insert_before_row || rel->trigdesc->trig_insert_after_row ||
		  rel->trigdesc->trig_insert_instead_row || rel->trigdesc->trig_insert_before_statement ||
		  rel->trigdesc->trig_insert_after_statement || rel->trigdesc->trig_insert_new_table)) ||
		!map_link_columns(desc, map))
	{
		table_close(rel, RowExclusiveLock);
		PG_RETURN_NULL();
	}
	rid_type = TupleDescAttr(desc, map[L_RESIDENT_ID])->atttypid;
	if (get_element_type(TupleDescAttr(desc, map[L_CANDIDATES])->atttypid) != rid_type)
	{
		table_close(rel, RowExclusiveLock);
		PG_RETURN_NULL();
	}

	/* link_names_agree reports bad UTF-8 with its own name: give it its FmgrInfo. */
	names_agree_oid = LookupFuncName(list_make2(makeString("aidlink"), makeString("link_names_agree")),
									 3, argtypes, false);
	fmgr_info(names_agree_oid, &names_agree_fn);

	memset(&b, 0, sizeof(b));
	b.rel = rel;
	b.estate = CreateExecutorState();
	b.rri = makeNode(ResultRelInfo);
	InitResultRelInfo(b.rri, rel, 0, NULL, 0);
	ExecOpenIndices(b.rri, false);
	b.bistate = GetBulkInsertState();
	b.cid = GetCurrentCommandId(true);
	for (int i = 0; i < BULK_BATCH; i++)
		b.slots[i] = table_slot_create(rel, NULL);

	c_source = PointerGetDatum(source);
	c_exact = al_text_datum("exact");
	c_normalised = al_text_datum("normalised");
	c_legacy = al_text_datum("legacy");
	c_unresolved = al_text_datum("unresolved");
	c_accepted = al_text_datum("accepted");
	c_review = al_text_datum("review");
	c_name_disagrees = al_text_datum("name_disagrees");
	c_birth_disagrees = al_text_datum("birth_date_disagrees");
	c_pending_outside = al_text_datum("pending_outside");
	c_no_number = al_text_datum("no_number");
	c_invalid_number = al_text_datum("invalid_number");
	c_pending_match = al_text_datum("pending_match");
	c_pending_repair = al_text_datum("pending_repair");
	c_one = Float8GetDatum(1.0);

	batch_cxt = AllocSetContextCreate(CurrentMemoryContext, "aidlink bulk links",
									  ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (is_reference)
		query = "SELECT s.row_key, s.typed, s.name, s.birth_date, s.row_hash, "
			"aidlink.to_resident_id(s.typed), false, NULL::text, NULL::date "
			"FROM pg_temp.al_stage s";
	else
		query = "SELECT s.row_key, s.typed, s.name, s.birth_date, s.row_hash, r.rid, "
			"p.resident_id IS NOT NULL, p.name, p.birth_date "
			"FROM pg_temp.al_stage s "
			"CROSS JOIN LATERAL (SELECT aidlink.to_resident_id(s.typed) AS rid) r "
			"LEFT JOIN aidlink.persons p ON p.resident_id = r.rid";
	portal = SPI_cursor_open_with_args(NULL, query, 0, NULL, NULL, NULL, true, 0);

	for (;;)
	{
		SPITupleTable *tt;
		uint64		n;

		SPI_cursor_fetch(portal, true, BULK_BATCH);
		tt = SPI_tuptable;
		n = SPI_processed;
		if (n == 0)
			break;
		old = MemoryContextSwitchTo(batch_cxt);
		for (uint64 i = 0; i < n; i++)
		{
			HeapTuple	tup = tt->vals[i];
			TupleDesc	td = tt->tupdesc;
			TupleTableSlot *slot = b.slots[b.nslots];
			Datum	   *v = slot->tts_values;
			bool	   *nl = slot->tts_isnull;
			bool		key_null,
						typed_null,
						name_null,
						birth_null,
						hash_null,
						rid_null,
						found_null,
						pname_null,
						pbirth_null,
						isnull;
			Datum		row_key = SPI_getbinval(tup, td, S_ROW_KEY, &key_null);
			Datum		typed = SPI_getbinval(tup, td, S_TYPED, &typed_null);
			Datum		name = SPI_getbinval(tup, td, S_NAME, &name_null);
			Datum		birth = SPI_getbinval(tup, td, S_BIRTH, &birth_null);
			Datum		row_hash = SPI_getbinval(tup, td, S_ROW_HASH, &hash_null);
			Datum		rid = SPI_getbinval(tup, td, S_RID, &rid_null);
			bool		in_persons = DatumGetBool(SPI_getbinval(tup, td, S_FOUND, &found_null));
			Datum		p_name = SPI_getbinval(tup, td, S_P_NAME, &pname_null);
			Datum		p_birth = SPI_getbinval(tup, td, S_P_BIRTH, &pbirth_null);
			bool		found = !rid_null && (is_reference || in_persons);
			Datum		disagrees = (Datum) 0;
			char	   *detail = NULL;

			al_link_progress(VARDATA_ANY(step), VARSIZE_ANY_EXHDR(step), total);
			ExecClearTuple(slot);
			for (int c = 0; c < desc->natts; c++)
				nl[c] = true;

			/* The number names a person: do the row's name and birth date agree? */
			if (!rid_null && in_persons)
			{
				Datum		agree = (Datum) 0;

				isnull = true;
				if (!name_null && !pname_null)
					agree = call_fn(link_names_agree, &names_agree_fn, 3, name, p_name,
									BoolGetDatum(true), &isnull);
				if (!isnull && !DatumGetBool(agree))
				{
					disagrees = c_name_disagrees;
					detail = psprintf("the number names %s in the reference",
									  TextDatumGetCString(p_name));
				}
				else if (!birth_null && !pbirth_null)
				{
					Datum		level = call_fn(birth_date_comparison_level, NULL, 2, birth, p_birth,
												(Datum) 0, &isnull);

					if (!isnull && (text_is(level, "same_year") || text_is(level, "different")))
					{
						disagrees = c_birth_disagrees;
						detail = psprintf("the row says born %s; the number, %s",
										  DatumGetCString(DirectFunctionCall1(date_out, birth)),
										  DatumGetCString(DirectFunctionCall1(date_out, p_birth)));
					}
				}
			}

			v[map[L_SOURCE]] = c_source;
			nl[map[L_SOURCE]] = false;
			v[map[L_ROW_KEY]] = row_key;
			nl[map[L_ROW_KEY]] = key_null;
			if (found)
			{
				Datum		form = call_fn(resident_id_input_form, NULL, 1, typed, 0, 0, &isnull);

				v[map[L_RESIDENT_ID]] = rid;
				nl[map[L_RESIDENT_ID]] = false;
				if (isnull)		/* cannot be: the number parsed */
					elog(ERROR, "aidlink.link_numbers_in_bulk: no input form for a valid number");
				v[map[L_METHOD]] = text_is(form, "canonical") ? c_exact
					: text_is(form, "legacy") ? c_legacy : c_normalised;
				v[map[L_STATUS]] = disagrees != (Datum) 0 ? c_review : c_accepted;
				if (disagrees != (Datum) 0)
				{
					v[map[L_REASON]] = disagrees;
					nl[map[L_REASON]] = false;
					v[map[L_DETAIL]] = CStringGetTextDatum(detail);
					nl[map[L_DETAIL]] = false;
				}
				v[map[L_MATCH_PROBABILITY]] = c_one;
				nl[map[L_MATCH_PROBABILITY]] = false;
			}
			else
			{
				v[map[L_METHOD]] = c_unresolved;
				v[map[L_STATUS]] = c_unresolved;
				if (!rid_null)
					v[map[L_REASON]] = c_pending_outside;
				else if (typed_is_blank(typed, typed_null))
					v[map[L_REASON]] = is_reference ? c_no_number : c_pending_match;
				else
					v[map[L_REASON]] = is_reference ? c_invalid_number : c_pending_repair;
				nl[map[L_REASON]] = false;
			}
			nl[map[L_METHOD]] = false;
			nl[map[L_STATUS]] = false;
			if (rid_null)
			{
				Datum		problem = call_fn(resident_id_problem, NULL, 1,
											  typed_null ? al_text_datum("") : typed, 0, 0, &isnull);

				if (!isnull)
				{
					v[map[L_PROBLEM]] = problem;
					nl[map[L_PROBLEM]] = false;
				}
			}
			else if (!found)
			{
				Datum		one = rid;

				v[map[L_CANDIDATES]] = PointerGetDatum(construct_array(&one, 1, rid_type, 8,
																	   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
				nl[map[L_CANDIDATES]] = false;
			}
			v[map[L_IN_REFERENCE]] = BoolGetDatum(found);
			nl[map[L_IN_REFERENCE]] = false;
			v[map[L_ROW_HASH]] = row_hash;
			nl[map[L_ROW_HASH]] = hash_null;
			v[map[L_RUN_ID]] = Int64GetDatum(run);
			nl[map[L_RUN_ID]] = false;

			ExecStoreVirtualTuple(slot);
			if (rel->rd_att->constr)
				ExecConstraints(b.rri, slot, b.estate);
			b.nslots++;
		}
		MemoryContextSwitchTo(old);
		/* The batch's values point into the fetched tuples: write before freeing them. */
		bulk_flush(&b);
		written += n;
		SPI_freetuptable(tt);
		MemoryContextReset(batch_cxt);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	SPI_finish();

	FreeBulkInsertState(b.bistate);
	table_finish_bulk_insert(rel, 0);
	for (int i = 0; i < BULK_BATCH; i++)
		ExecDropSingleTupleTableSlot(b.slots[i]);
	ExecCloseIndices(b.rri);
	FreeExecutorState(b.estate);
	MemoryContextDelete(batch_cxt);
	table_close(rel, NoLock);
	CommandCounterIncrement();
	PG_RETURN_INT64(written);
}
