/*
 * schedule_core.h — bracket schedules (aidlink.bracket_schedule), in plain C.
 *
 * A schedule is a list of half-open brackets of an amount in yuan, each with a
 * rate in percent, and an optional cap on what the schedule pays:
 *
 *     [0,20000):60%, [20000,50000):80%, [50000,):90%, cap 50000
 *
 * Bounds and the cap are yuan with at most 2 decimals (kept as integer fen);
 * rates are percentages from 0 to 100 with at most 4 decimals (kept as
 * millionths, 1% = 10000).  Only the last bracket may be open ("[a,)").
 * Brackets are sorted, touch without gaps or overlaps, and are not empty.
 * An amount below the first bracket or above a closed last one is in no
 * bracket: that part is paid nothing.
 *
 * Applied marginally, each bracket's rate applies to the part of the amount
 * inside it; applied as a whole, the rate of the bracket the amount falls in
 * applies to the whole amount.  Results are exact, in millionths of a fen;
 * rounding is the caller's (policy's) business.
 *
 * No amount, rate or cap of any policy is in this file: they are all data.
 */
#ifndef AIDLINK_SCHEDULE_CORE_H
#define AIDLINK_SCHEDULE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_MAX_BRACKETS 64
/* Largest bound, cap or amount: 10,000,000,000.00 yuan, in fen. */
#define SCHED_MAX_FEN INT64_C(1000000000000)
#define SCHED_RATE_ONE 1000000		/* 100% in millionths */
#define SCHED_OPEN (-1)				/* hi of an open last bracket */

typedef struct sched_bracket
{
	int64_t		lo;				/* fen, inclusive */
	int64_t		hi;				/* fen, exclusive; SCHED_OPEN if open */
	int32_t		rate;			/* millionths */
	int32_t		pad;			/* zero */
} sched_bracket;

typedef struct sched_schedule
{
	int32_t		n;
	int32_t		has_cap;		/* 0 or 1 */
	int64_t		cap;			/* fen; 0 when has_cap is 0 */
	sched_bracket b[SCHED_MAX_BRACKETS];
} sched_schedule;

typedef enum sched_problem
{
	SCHED_OK = 0,
	SCHED_EMPTY,				/* no bracket */
	SCHED_SYNTAX,				/* expected something else at pos */
	SCHED_BAD_NUMBER,			/* malformed or too many decimals at pos */
	SCHED_TOO_BIG,				/* number beyond SCHED_MAX_FEN at pos */
	SCHED_RATE_RANGE,			/* rate outside 0-100% (bracket) */
	SCHED_EMPTY_BRACKET,		/* lo >= hi (bracket) */
	SCHED_OPEN_NOT_LAST,		/* open bracket followed by another (bracket) */
	SCHED_UNSORTED,				/* bracket starts before the previous one (bracket) */
	SCHED_OVERLAP,				/* bracket starts inside the previous one (bracket) */
	SCHED_GAP,					/* bracket starts after the previous one ends (bracket) */
	SCHED_TOO_MANY,				/* more than SCHED_MAX_BRACKETS */
	SCHED_DUPLICATE_CAP,		/* two caps */
	SCHED_BAD_BINARY			/* binary form inconsistent */
} sched_problem;

typedef struct sched_error
{
	sched_problem problem;
	int			pos;			/* byte offset in the text (syntax problems) */
	int			bracket;		/* 1-based bracket number (order problems) */
	const char *expected;		/* what the parser expected (syntax) */
} sched_error;

/* Parse text (not NUL-terminated) into *out; false and *err on any problem. */
bool		sched_parse(const char *s, size_t len, sched_schedule *out, sched_error *err);

/* Check a schedule built from another source (binary input). */
bool		sched_validate(const sched_schedule *s, sched_error *err);

/* Canonical text into buf; returns the length (buf of SCHED_TEXT_MAX). */
#define SCHED_TEXT_MAX (SCHED_MAX_BRACKETS * 64 + 64)
size_t		sched_format(const sched_schedule *s, char *buf, size_t bufsize);

/* A readable detail for an error (UTF-8, ASCII only). */
void		sched_describe(const sched_error *err, const sched_schedule *partial,
						   char *buf, size_t bufsize);

/*
 * What the schedule pays on amount (fen, 0..SCHED_MAX_FEN), in millionths of
 * a fen, capped.  marginal: each bracket's rate on its part; otherwise the
 * rate of the bracket holding the amount on the whole amount.  *bracket gets
 * the 1-based bracket the amount falls in (0 if none); *capped whether the cap
 * cut the result.
 */
int64_t		sched_apply(const sched_schedule *s, int64_t amount, bool marginal,
						int *bracket, bool *capped);

/* Total order: bracket by bracket (lo, hi with open last, rate), then fewer
 * brackets first, then cap (no cap last). */
int			sched_cmp(const sched_schedule *a, const sched_schedule *b);

/* The same order on two valid wire forms (see sched_to_wire), not decoded. */
int			sched_cmp_wire(const uint8_t *a, const uint8_t *b);

/* Canonical big-endian bytes for hashing and binary I/O; returns the length
 * (at most 16 + 20 * SCHED_MAX_BRACKETS). */
#define SCHED_WIRE_MAX (16 + 20 * SCHED_MAX_BRACKETS)
size_t		sched_to_wire(const sched_schedule *s, uint8_t *buf);
/* Read the wire form; false (SCHED_BAD_BINARY or a validation problem) if
 * wrong.  *used gets the bytes read. */
bool		sched_from_wire(const uint8_t *buf, size_t len, sched_schedule *out,
							size_t *used, sched_error *err);

/*
 * The receive function's whole check of raw bytes b[0..len): a length from
 * 16 to SCHED_WIRE_MAX (SCHED_WIRE_LENGTH), a valid schedule
 * (SCHED_WIRE_INVALID, err filled), and nothing after it
 * (SCHED_WIRE_TRAILING, *used gets the bytes read).
 */
typedef enum sched_wire_status
{
	SCHED_WIRE_OK = 0,
	SCHED_WIRE_LENGTH,
	SCHED_WIRE_INVALID,
	SCHED_WIRE_TRAILING
} sched_wire_status;
sched_wire_status sched_from_wire_exact(const uint8_t *b, size_t len, sched_schedule *out,
										size_t *used, sched_error *err);

/* Write fen as yuan (no decimals when whole, else two). */
size_t		sched_format_yuan(int64_t fen, char *buf, size_t bufsize);

#endif
