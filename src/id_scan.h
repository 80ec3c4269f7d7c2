/*
 * id_scan.h — the pure-C core shared by aidlink's identifier types.
 *
 * Nothing here includes a PostgreSQL header: the parsers can be unit-tested,
 * fuzzed and micro-benchmarked outside the server (see test/unit, test/fuzz).
 *
 * Input is UTF-8.  The scanner folds the forms that input methods and
 * spreadsheets produce (full-width digits and letters, the ideographic space,
 * full-width and typographic hyphens) to ASCII, trims surrounding white space,
 * and, in lenient mode, drops inner spaces and hyphens.  It never reads past
 * the length it is given and never writes past its fixed-size result, so any
 * byte string, valid UTF-8 or not, is safe to give it.
 */
#ifndef AIDLINK_ID_SCAN_H
#define AIDLINK_ID_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a text is not a valid identifier.  The codes are stable SQL-visible
 * strings (see al_problem_code); never renumber or rename one. */
typedef enum al_problem
{
	AL_OK = 0,
	AL_EMPTY,
	AL_BAD_LENGTH,
	AL_BAD_CHARACTER,
	AL_BAD_PROVINCE,
	AL_BAD_DATE,
	AL_BAD_CHECKSUM,
	AL_BAD_AUTHORITY,
	AL_BAD_ENTITY_TYPE,
	AL_BAD_REGION,
	AL_BAD_ORG_CODE_CHECKSUM
} al_problem;

/* One input character after folding. */
typedef struct al_char
{
	uint32_t	offset;			/* byte offset in the input */
	uint8_t		nbytes;			/* its length in bytes (1 for an invalid byte) */
	char		ascii;			/* folded ASCII character, or 0 if it has none */
	uint32_t	codepoint;		/* decoded code point; 0xFFFFFFFF for an invalid byte */
} al_char;

/* Identifiers here are at most 18 characters; a few more are kept so that a
 * length error can still point at real characters. */
#define AL_SCAN_KEEP 20

typedef struct al_scan
{
	size_t		nchars;			/* characters counted (after trimming/skipping) */
	al_char		ch[AL_SCAN_KEEP];	/* the first AL_SCAN_KEEP of them */
} al_scan;

/*
 * Scan s[0..len) into out.  With lenient, inner separators (spaces, hyphens in
 * any width) and a leading spreadsheet apostrophe are dropped instead of kept.
 * Scanning stops early once more than stop_after characters are counted
 * (pass SIZE_MAX to count them all, for a precise length message).
 */
void		al_scan_text(const char *s, size_t len, bool lenient, size_t stop_after,
						 al_scan *out);

/*
 * Decoding a binary (wire) form from raw bytes: the core of the receive
 * functions, callable (and fuzzed) outside the server.  AL_WIRE_LENGTH: the
 * form has a fixed length and these bytes do not; AL_WIRE_BYTE: a byte that
 * the form never holds; AL_WIRE_INVALID: well formed, but not a valid value
 * (the al_error says why, as for text).
 */
typedef enum al_wire_status
{
	AL_WIRE_OK = 0,
	AL_WIRE_LENGTH,
	AL_WIRE_BYTE,
	AL_WIRE_INVALID
} al_wire_status;

/* Everything a caller needs to explain a rejection. */
typedef struct al_error
{
	al_problem	problem;
	size_t		nchars;			/* characters in the value (bad_length) */
	int			position;		/* 1-based first character of the faulty field */
	int			span;			/* characters in the faulty field */
	al_char		bad;			/* the offending character (bad_character) */
	char		field[20];		/* faulty field as folded ASCII, NUL-terminated */
	char		expected;		/* the check character it should have */
	int			year,
				month,
				day;			/* a rejected date, as read */
	int			form;			/* 18 or 15 (resident_id), 18 (uscc), 9 (org_code) */
	const char *rule;			/* what the field must be, for the detail */
} al_error;

/* The stable SQL-visible code of a problem ("bad_length", …); NULL for AL_OK. */
const char *al_problem_code(al_problem p);

/* Calendar helpers (proleptic Gregorian). */
bool		al_is_leap_year(int year);
int			al_days_in_month(int year, int month);

/*
 * Append to buf (size bufsize, always NUL-terminated) a quoted description of
 * one character of the input: "a" for a printable one, U+0009 for a control
 * character, byte 0xFF for a byte that is not UTF-8.
 */
void		al_describe_char(const char *input, const al_char *c, char *buf, size_t bufsize);

/*
 * When a strict parse finds the wrong length, the reason is often a space, a
 * hyphen or a spreadsheet apostrophe that the lenient parser would drop: the
 * index of the first such character among those kept (skipping index
 * allowed_hyphen when it holds a hyphen, -1 for none), else -1.
 */
int			al_first_droppable(const al_scan *sc, int allowed_hyphen);

/* Fill err for a character that is not allowed at its place. */
void		al_set_bad_character(al_error *err, const al_scan *sc, int index, const char *rule);


/*
 * Decode one UTF-8 character at s[0..len), len >= 1: its code point and length
 * in *nbytes, or AL_UTF8_INVALID with *nbytes = 1 for a byte that does not
 * begin a valid character (overlong forms, surrogates and values above
 * U+10FFFF included).  Shared with the name comparators.
 */
#define AL_UTF8_INVALID 0xFFFFFFFFu
uint32_t	al_decode_utf8(const unsigned char *s, size_t len, uint8_t *nbytes);

#endif
