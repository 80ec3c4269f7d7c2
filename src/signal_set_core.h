/*
 * signal_set_core.h — sets of signal numbers (1..SSET_MAX) as bitmaps, with
 * no server dependency (unit-tested by test/unit/unit_signal_set.c).
 *
 * A set is stored as its bitmap bytes: member k is bit (k-1) % 8 of byte
 * (k-1) / 8; the canonical form has no trailing zero byte (the empty set is
 * zero bytes long), so equal sets have equal bytes.
 */
#ifndef SIGNAL_SET_CORE_H
#define SIGNAL_SET_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SSET_MAX 4096				/* largest signal number */
#define SSET_BYTES (SSET_MAX / 8)	/* largest bitmap */

typedef enum
{
	SSET_OK = 0,
	SSET_OPEN,					/* no opening brace */
	SSET_SYNTAX,				/* not a number, ',' or '}' where one is due */
	SSET_RANGE,					/* a number outside 1..SSET_MAX */
	SSET_TRAILING				/* text after the closing brace */
} sset_status;

typedef struct
{
	sset_status status;
	size_t		pos;			/* byte offset in the input where it went wrong */
	size_t		toklen;			/* the length of the number out of range */
} sset_error;

/*
 * Parse '{3, 1, 7}' (members in any order, duplicates collapse, blanks
 * around everything) into bits[SSET_BYTES]; *len gets the canonical length.
 */
bool		sset_parse(const char *s, size_t n, uint8_t *bits, size_t *len, sset_error *err);

/*
 * The binary form: a big-endian int4 count (0 to SSET_MAX), then that many
 * int4 members, each from 1 to SSET_MAX and greater than the one before.
 * Decoded from raw bytes b[0..len) into bits[SSET_BYTES] (all of it written).
 * SSET_WIRE_SHORT: fewer than 4 bytes; SSET_WIRE_COUNT: the count is out of
 * range or does not match the bytes that follow (e->count, e->following);
 * SSET_WIRE_MEMBER: member e->index (1-based) is e->value, out of range or
 * not increasing.
 */
typedef enum
{
	SSET_WIRE_OK = 0,
	SSET_WIRE_SHORT,
	SSET_WIRE_COUNT,
	SSET_WIRE_MEMBER
} sset_wire_status;

typedef struct
{
	int32_t		count;
	size_t		following;
	int			index;
	int32_t		value;
} sset_wire_error;

sset_wire_status sset_from_wire(const uint8_t *b, size_t len, uint8_t *bits, sset_wire_error *e);

/* Canonical text '{1,3,7}' into out (at least sset_text_size(len) bytes). */
size_t		sset_text_size(size_t len);
size_t		sset_format(const uint8_t *bits, size_t len, char *out);

/* Canonical length of a bitmap of len bytes (trailing zero bytes dropped). */
size_t		sset_trim(const uint8_t *bits, size_t len);

/* Number of members. */
int			sset_count(const uint8_t *bits, size_t len);

/* Whether k is a member. */
bool		sset_contains(const uint8_t *bits, size_t len, int k);

/*
 * Order of sets: as their ascending member lists compared element by
 * element, a list before the longer lists it begins ({} < {1} < {1,2} < {2}).
 */
int			sset_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#endif
