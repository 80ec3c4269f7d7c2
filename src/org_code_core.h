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
bool		orgc_value_valid(int64_t value);

/* Canonical text "XXXXXXXX-X" and a NUL; compact form without the hyphen. */
void		orgc_format(int64_t value, char out[11]);
void		orgc_format_compact(int64_t value, char out[10]);

/* Body value of 8 body characters (each must have a value). */
int64_t		orgc_value_of_chars(const char body[8]);

void		orgc_describe(const al_error *err, const char *input, char *buf, size_t bufsize);

#endif
