/*
 * aid_engine_core.h — the pure-C parts of the aid calculation engine
 * (issue 5): which regions a policy reaches, and a small string-keyed hash
 * the engine uses for its per-region and per-household lookups.  No server
 * dependency; unit-tested by `make unit` (test/unit/unit_aid_engine.c).
 */
#ifndef AID_ENGINE_CORE_H
#define AID_ENGINE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length in bytes of the character that starts at s (the server passes
 * pg_mblen; the unit tests a UTF-8 reader). */
typedef int (*aide_charlen_fn) (const char *s);

/*
 * Whether a household of region h is served by a policy of region p, exactly
 * as the SQL test `h = p OR h LIKE p || '/%'` decides it: the same region, or
 * one under it.  As in LIKE, '_' in p stands for any one character, '%' for
 * any run of characters and '\' takes the next character literally.
 */
bool		aide_region_under(const char *h, size_t hlen, const char *p, size_t plen,
							  aide_charlen_fn charlen);

/* The UTF-8 character length of the byte at s (1 for a stray byte). */
int			aide_utf8_len(const char *s);

/* FNV-1a over bytes, continued from h (start with AIDE_HASH_START). */
#define AIDE_HASH_START 2166136261u
uint32_t	aide_hash(uint32_t h, const void *data, size_t len);

#endif
