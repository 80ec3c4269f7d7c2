/*
 * pseudonym.c — keyed pseudonyms of resident identity numbers for exchange
 * between departments (extension/0.2/80_privacy.sql).
 *
 * A token is HMAC-SHA256(key, canonical 18-character number), cut to 160
 * bits and written as v<version>-<32 base32 characters> (pseudonym_core.h).
 * A plain hash would not do: there are only about 10^11 plausible numbers,
 * so anyone can hash them all and reverse it.  Without the key, a token says
 * nothing about the number.
 *
 * The keys are in aidlink.pseudonym_keys, which no ordinary role can read.
 * The functions run with the caller's rights, and switch to the rights of
 * their owner (the superuser who created the extension) only for the one
 * query that reads the key and asks whether the caller may use it: a role
 * may use the keys granted to it (or to a role whose rights it has) in
 * aidlink.pseudonym_key_users.  Having EXECUTE on pseudonym() is not enough.
 * The query names its tables, functions and operators with their schemas,
 * so no search_path can redirect it (and there is no SET clause, which would
 * cost a third of a call).  They read the key themselves through SPI: the key is never an
 * argument of any call, so log_statement, auto_explain, pg_stat_statements
 * and error contexts never see it, and no message below ever prints it.  The
 * HMAC is the server's own (common/hmac.h: OpenSSL when built with it).
 *
 * The versions of a key are read once per calling expression (fn_extra) and
 * wiped from memory when that expression's memory goes.
 */
#include "aidlink.h"

#include "pseudonym_core.h"
#include "resident_id_core.h"

#include "catalog/pg_type.h"
#include "common/hmac.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "access/xact.h"
#include "catalog/pg_proc.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(pseudonym_current);
PG_FUNCTION_INFO_V1(pseudonym_at_version);
PG_FUNCTION_INFO_V1(pseudonym_token_key_version);
PG_FUNCTION_INFO_V1(pseudonym_new_secret);

#define PN_SECRET_BYTES 32		/* generated keys: 256 bits, SHA-256's block suits up to 64 */

typedef struct pn_version
{
	int32		version;
	TimestampTz valid_from;
	bool		has_until;
	TimestampTz usable_until;
	int			secret_len;
	uint8	   *secret;
} pn_version;

typedef struct pn_cache
{
	char	   *key_name;		/* NUL-terminated, server encoding */
	Oid			user;			/* the caller the key was read for */
	int			nversions;
	pn_version *versions;		/* by version, ascending */
	MemoryContextCallback wipe;
} pn_cache;

static void
pn_wipe(void *arg)
{
	pn_cache   *c = (pn_cache *) arg;

	for (int i = 0; i < c->nversions; i++)
		explicit_bzero(c->versions[i].secret, c->versions[i].secret_len);
	c->nversions = 0;
}

/* The versions of key_name, read (or re-read when the name changes). */
static pn_cache *
pn_load(FunctionCallInfo fcinfo, text *key_name_t)
{
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	pn_cache   *c = (pn_cache *) fcinfo->flinfo->fn_extra;
	char	   *key_name = text_to_cstring(key_name_t);
	Oid			argtypes[2] = {TEXTOID, OIDOID};
	Datum		values[2];
	int			rc;

	Oid			caller = GetUserId();
	Oid			owner;
	int			save_sec;
	HeapTuple	proc;
	bool		allowed = false;

	if (c != NULL && c->user == caller && strcmp(c->key_name, key_name) == 0)
		return c;
	if (c == NULL)
	{
		c = MemoryContextAllocZero(mcxt, sizeof(pn_cache));
		c->wipe.func = pn_wipe;
		c->wipe.arg = c;
		MemoryContextRegisterResetCallback(mcxt, &c->wipe);
		fcinfo->flinfo->fn_extra = c;
	}
	else
	{
		pn_wipe(c);
		pfree(c->key_name);
		if (c->versions)
			pfree(c->versions);
		c->versions = NULL;
	}
	c->key_name = MemoryContextStrdup(mcxt, key_name);
	c->user = InvalidOid;		/* set once the key is read and allowed */

	/* The function's owner: the one whose rights read the keys. */
	proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (!HeapTupleIsValid(proc))
		elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
	owner = ((Form_pg_proc) GETSTRUCT(proc))->proowner;
	ReleaseSysCache(proc);

	values[0] = PointerGetDatum(key_name_t);
	values[1] = ObjectIdGetDatum(caller);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/*
	 * As the owner, and back.  An error on the way needs nothing here: the
	 * abort of the (sub)transaction restores the user, as for SECURITY
	 * DEFINER functions (fmgr_security_definer relies on the same).  Every
	 * name qualified, the operators too: no search_path can redirect it.
	 * The last column: may the caller use this key?
	 */
	GetUserIdAndSecContext(&caller, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	rc = SPI_execute_with_args(
			"SELECT k.key_version, k.secret, k.valid_from, k.usable_until,"
			"       (SELECT a.rolsuper FROM pg_catalog.pg_authid a WHERE a.oid OPERATOR(pg_catalog.=) $2)"
			"       OR EXISTS (SELECT FROM aidlink.pseudonym_key_users u"
			"                   WHERE u.key_name OPERATOR(pg_catalog.=) k.key_name"
			"                     AND pg_catalog.pg_has_role($2, u.grantee::pg_catalog.oid, 'USAGE'))"
			"  FROM aidlink.pseudonym_keys k"
			" WHERE k.key_name OPERATOR(pg_catalog.=) $1"
			" ORDER BY k.key_version",
			2, argtypes, values, NULL, true, 0);
	SetUserIdAndSecContext(caller, save_sec);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading the pseudonym keys failed: %s", SPI_result_code_string(rc));

	c->versions = MemoryContextAllocZero(mcxt, sizeof(pn_version) * Max(SPI_processed, 1));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		pn_version *v = &c->versions[i];
		bool		isnull;
		bytea	   *secret;

		v->version = DatumGetInt32(SPI_getbinval(tup, desc, 1, &isnull));
		secret = DatumGetByteaPP(SPI_getbinval(tup, desc, 2, &isnull));
		v->valid_from = DatumGetTimestampTz(SPI_getbinval(tup, desc, 3, &isnull));
		v->usable_until = DatumGetTimestampTz(SPI_getbinval(tup, desc, 4, &isnull));
		v->has_until = !isnull;
		allowed = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		v->secret_len = VARSIZE_ANY_EXHDR(secret);
		v->secret = MemoryContextAlloc(mcxt, v->secret_len);
		memcpy(v->secret, VARDATA_ANY(secret), v->secret_len);
		/* do not leave a copy in SPI's memory either */
		if ((Pointer) secret != DatumGetPointer(SPI_getbinval(tup, desc, 2, &isnull)))
			explicit_bzero(VARDATA_ANY(secret), v->secret_len);
		c->nversions++;
	}
	SPI_finish();

	if (c->nversions == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("pseudonym key \"%s\" does not exist", key_name),
				 errhint("Keys are made by aidlink.pseudonym_key_create(); aidlink.pseudonym_key_versions lists them.")));
	if (!allowed)
	{
		pn_wipe(c);
		c->user = InvalidOid;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for pseudonym key \"%s\"", key_name),
				 errdetail("Role \"%s\" may not use this key.", GetUserNameFromId(caller, false)),
				 errhint("A key officer grants a key with aidlink.pseudonym_key_grant('%s', role).", key_name)));
	}
	c->user = caller;
	return c;
}

/* Can version v make tokens at time now?  If not, say why. */
static bool
pn_usable(const pn_version *v, TimestampTz now)
{
	return v->valid_from <= now && (!v->has_until || now < v->usable_until);
}

static text *
pn_token(const pn_version *v, int64 body)
{
	char		number[19];
	uint8		mac[32];
	char		token[PN_TOKEN_MAX + 1];
	pg_hmac_ctx *ctx;

	rid_format(body, number);
	ctx = pg_hmac_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (pg_hmac_init(ctx, v->secret, v->secret_len) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) number, 18) < 0 ||
		pg_hmac_final(ctx, mac, sizeof(mac)) < 0)
	{
		/* the error text of the HMAC library never contains the key */
		const char *why = pstrdup(pg_hmac_error(ctx));

		pg_hmac_free(ctx);
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not compute HMAC-SHA256: %s", why)));
	}
	pg_hmac_free(ctx);
	pn_format_token(v->version, mac, token);
	explicit_bzero(mac, sizeof(mac));
	return cstring_to_text(token);
}

/*
 * pseudonym(resident_id, key_name text) returns text: the token under the
 * key's current version (the highest version in use now).
 */
Datum
pseudonym_current(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_INT64(0);
	pn_cache   *c = pn_load(fcinfo, PG_GETARG_TEXT_PP(1));
	TimestampTz now = GetCurrentTransactionStartTimestamp();

	for (int i = c->nversions - 1; i >= 0; i--)
		if (pn_usable(&c->versions[i], now))
			PG_RETURN_TEXT_P(pn_token(&c->versions[i], body));

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("pseudonym key \"%s\" has no version in use at %s",
					c->key_name, timestamptz_to_str(now)),
			 errdetail("Its %d version(s) are all retired or not yet valid.", c->nversions),
			 errhint("Make a new version with aidlink.pseudonym_rotate().")));
	PG_RETURN_NULL();
}

/*
 * pseudonym(resident_id, key_name text, key_version integer) returns text:
 * the token under a given version, to match tokens made before a rotation
 * while that version is still usable (its overlap).
 */
Datum
pseudonym_at_version(PG_FUNCTION_ARGS)
{
	int64		body = PG_GETARG_INT64(0);
	pn_cache   *c = pn_load(fcinfo, PG_GETARG_TEXT_PP(1));
	int32		version = PG_GETARG_INT32(2);
	TimestampTz now = GetCurrentTransactionStartTimestamp();

	for (int i = 0; i < c->nversions; i++)
	{
		pn_version *v = &c->versions[i];

		if (v->version != version)
			continue;
		if (v->valid_from > now)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("version %d of pseudonym key \"%s\" is not valid yet", version, c->key_name),
					 errdetail("It is valid from %s.", timestamptz_to_str(v->valid_from))));
		if (v->has_until && now >= v->usable_until)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("version %d of pseudonym key \"%s\" is retired", version, c->key_name),
					 errdetail("It was usable until %s; tokens made with it can no longer be matched.",
							   timestamptz_to_str(v->usable_until))));
		PG_RETURN_TEXT_P(pn_token(v, body));
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("pseudonym key \"%s\" has no version %d", c->key_name, version),
			 errdetail("Its versions are 1 to %d.", c->versions[c->nversions - 1].version)));
	PG_RETURN_NULL();
}

/* pseudonym_key_version(token text) returns integer: the key version a token says. */
Datum
pseudonym_token_key_version(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	int32		version;
	uint8		mac[PN_MAC_BYTES];
	size_t		pos;
	pn_problem	p = pn_parse_token(s, len, &version, mac, &pos);

	if (p != PN_OK)
	{
		int			keep = (int) Min(len, PN_TOKEN_MAX + 8);

		keep = pg_mbcliplen(s, (int) len, keep);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid pseudonym token: \"%s%s\"", pnstrdup(s, keep),
						(size_t) keep < len ? "..." : ""),
				 errdetail("At byte %zu: %s.", pos + 1, pn_problem_text(p)),
				 errhint("A token is \"v\", the key version, \"-\" and 32 characters A-Z and 2-7, e.g. v1-GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.")));
	}
	PG_RETURN_INT32(version);
}

/* pseudonym_new_secret() returns bytea: 32 bytes from pg_strong_random. */
Datum
pseudonym_new_secret(PG_FUNCTION_ARGS)
{
	bytea	   *b = palloc(VARHDRSZ + PN_SECRET_BYTES);

	SET_VARSIZE(b, VARHDRSZ + PN_SECRET_BYTES);
	if (!pg_strong_random(VARDATA(b), PN_SECRET_BYTES))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random pseudonym key")));
	PG_RETURN_BYTEA_P(b);
}
