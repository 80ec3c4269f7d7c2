/*
 * aidlink.h — what the server-side glue files share.
 */
#ifndef AIDLINK_H
#define AIDLINK_H

#include "postgres.h"
#include "fmgr.h"

#include "id_scan.h"

/* Writes a rejection's detail (UTF-8) for the input it came from. */
typedef void (*al_describe_fn) (const al_error *err, const char *input,
								char *buf, size_t bufsize);

/*
 * The parsers read UTF-8.  In a UTF-8 (or SQL_ASCII) database, or when the
 * text is plain ASCII, this returns s itself; otherwise a palloc'd UTF-8 copy.
 */
const char *al_input_utf8(const char *s, size_t len, size_t *outlen);

/*
 * Raise the input error for a value of type typname: SQLSTATE 22P02, the
 * value (cut to a readable length) in the message, the detail from describe.
 * input/len are the original server-encoded text; utf8/utf8len what was parsed.
 */
pg_attribute_noreturn()
void		al_report_invalid(const char *typname, const char *input, size_t len,
							  const char *utf8, const al_error *err,
							  al_describe_fn describe);

/* As above for a binary value (SQLSTATE 22P03), with no text to quote. */
pg_attribute_noreturn()
void		al_report_invalid_binary(const char *typname, const al_error *err,
									 al_describe_fn describe);

/*
 * Set up a set-returning function's result as a tuplestore (materialise
 * mode): InitMaterializedSRF on PostgreSQL 15 and later, the same by hand
 * before.
 */
void		al_materialize_srf(FunctionCallInfo fcinfo);

/* A text datum from a NUL-terminated ASCII string. */
Datum		al_text_datum(const char *s);

/*
 * Count one row of a linkage step (step: len bytes, not NUL-terminated) and,
 * every few seconds, report progress as a NOTICE (linkage.c).
 */
void		al_link_progress(const char *step, size_t len, int64 total);

/*
 * The comparison level of two birth dates given as DateADT, an al_date_level
 * of evidence_core.h (evidence.c).
 */
int			al_birth_date_dates_level(int32 a, int32 b);

#endif
