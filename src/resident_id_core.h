/*
 * resident_id_core.h — GB 11643-1999 resident identity numbers, in plain C.
 *
 * A number is 18 characters: a 6-digit region code (GB/T 2260), an 8-digit
 * birth date YYYYMMDD, a 3-digit order code whose parity gives the sex, and a
 * check character (ISO 7064 MOD 11-2: a digit or X).  The value kept is the
 * 17-digit body as an integer: the check character follows from it, and the
 * integer order of bodies is the text order of the numbers.
 */
#ifndef AIDLINK_RESIDENT_ID_CORE_H
#define AIDLINK_RESIDENT_ID_CORE_H

#include "id_scan.h"

#define RID_BODY_LIMIT INT64_C(100000000000000000)	/* 10^17 */
#define RID_MIN_YEAR 1800

/* Parse text; on success *body holds the 17-digit body. */
bool		rid_parse(const char *s, size_t len, bool lenient, int64_t *body, al_error *err);

/* Is body (as from a bigint cast or a binary receive) a valid number? */
bool		rid_body_valid(int64_t body, al_error *err);

/*
 * The binary form: the body as a big-endian int8 (RID_WIRE_SIZE bytes),
 * decoded from b[0..len) and validated.  AL_WIRE_LENGTH when len is not 8,
 * AL_WIRE_INVALID (err filled) when the body is no valid number.
 */
#define RID_WIRE_SIZE 8
al_wire_status rid_from_wire(const uint8_t *b, size_t len, int64_t *body, al_error *err);

/* The check character ('0'-'9' or 'X') of a 17-digit body. */
char		rid_check_char(int64_t body);

/* Canonical text: 18 characters and a NUL. */
void		rid_format(int64_t body, char out[19]);

/* The 15-digit legacy form and a NUL; false when the number has none. */
bool		rid_legacy15(int64_t body, char out[16]);

/* Build a body from its parts, validating each; false with err set if not. */
bool		rid_from_parts(int region, int year, int month, int day, int order,
						   int64_t *body, al_error *err);

static inline int
rid_region(int64_t body)
{
	return (int) (body / INT64_C(100000000000));
}

static inline void
rid_birth(int64_t body, int *year, int *month, int *day)
{
	int			ymd = (int) ((body / 1000) % 100000000);

	*year = ymd / 10000;
	*month = (ymd / 100) % 100;
	*day = ymd % 100;
}

static inline int
rid_order(int64_t body)
{
	return (int) (body % 1000);
}

/* 'M' when the 17th digit is odd, 'F' when even. */
static inline char
rid_sex(int64_t body)
{
	return (body % 2) ? 'M' : 'F';
}

/* Is code a province-level code accepted in the first two digits? */
bool		rid_is_province(int code);

/*
 * Write the detail of a rejection (UTF-8, one sentence or two, ending with a
 * period) for the input text it came from.
 */
void		rid_describe(const al_error *err, const char *input, char *buf, size_t bufsize);

#endif
