/*
 * org_code_core.h — GB 11714-1997 organisation codes, in plain C.
 *
 * A code is 8 characters (digits and capital letters) and a check character
 * (a digit or X), written XXXXXXXX-X.  The value kept is the 8-character body
 * read as a base-36 number (0-9 then A-Z), so integer order is text order.
 */
#ifndef AIDLINK_ORG_CODE_CORE_H
#define AIDLINK_ORG_CODE_CORE_H

#include "id_scan.h"

#define ORGC_BODY_LIMIT INT64_C(2821109907456)	/* 36^8 */

/* Value of a body character ('0'-'9' → 0-9, 'A'-'Z' → 10-35), or -1. */
int			orgc_char_value(char c);

/* Check character of 8 body characters (each must have a value). */
char		orgc_check_of_chars(const char body[8]);

bool		orgc_parse(const char *s, size_t len, bool lenient, int64_t *value, al_error *err);

/*
 * The binary form: the 9 characters without the hyphen, in ASCII digits and
 * capital letters only, decoded from b[0..len) and validated.
 * AL_WIRE_LENGTH when len is not 9; AL_WIRE_BYTE with *bad_byte (0-based)
 * for another byte; AL_WIRE_INVALID (err filled) for an invalid code.
 */
#define ORGC_WIRE_SIZE 9
al_wire_status orgc_from_wire(const uint8_t *b, size_t len, int64_t *value, al_error *err,
							  size_t *bad_byte);
bool		orgc_value_valid(int64_t value);

/* Canonical text "XXXXXXXX-X" and a NUL; compact form without the hyphen. */
void		orgc_format(int64_t value, char out[11]);
void		orgc_format_compact(int64_t value, char out[10]);

/* Body value of 8 body characters (each must have a value). */
int64_t		orgc_value_of_chars(const char body[8]);

void		orgc_describe(const al_error *err, const char *input, char *buf, size_t bufsize);

#endif
