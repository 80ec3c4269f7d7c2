/*
 * evidence_core.h — reading the evidence columns of departmental tables
 * (birth dates typed in many ways), in plain C (no server headers).
 */
#ifndef AIDLINK_EVIDENCE_CORE_H
#define AIDLINK_EVIDENCE_CORE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read a calendar date from text as departments type it: 19900506,
 * 1990-05-06, 1990/5/6, 1990.05.06, 1990年5月6日, with full-width digits and
 * surrounding spaces.  False (and nothing set) for anything else, including
 * dates that do not exist (1990-02-29) and years outside 1800-9999.
 */
bool		al_read_date(const char *s, size_t len, int *year, int *month, int *day);

/*
 * The characters of a typed identity number that can belong to it: ASCII and
 * full-width digits and x / X (UTF-8), as ASCII digits and upper-case X, in
 * order; every other character (separators, spaces, apostrophes, words) is
 * dropped.  The first AL_TYPED_MAX go to out; returns how many there are in
 * all (so 15 or 18 tells a number-shaped text, and more than 18 none).
 */
#define AL_TYPED_MAX 18
size_t		al_typed_number_chars(const char *s, size_t len, char out[AL_TYPED_MAX]);

/*
 * Keying errors between two strings of at most AL_TYPED_MAX characters:
 * substitutions, insertions, deletions and swaps of adjacent characters,
 * no substring edited twice (optimal string alignment).
 */
int			al_typed_distance(const char *a, size_t n, const char *b, size_t m);

/*
 * How alike two birth dates are, for record linkage: the levels of
 * aidlink.birth_date_comparison_level, most alike first.  The numbers are
 * stable.
 */
typedef enum al_date_level
{
	AL_DATE_EXACT = 1,			/* the same date */
	AL_DATE_ONE_DIGIT = 2,		/* YYYYMMDD differ in one digit, or in two
								 * adjacent digits swapped */
	AL_DATE_MONTH_DAY_SWAPPED = 3,	/* same year, month and day exchanged */
	AL_DATE_SAME_YEAR = 4,
	AL_DATE_DIFFERENT = 5
} al_date_level;

/*
 * The level of two calendar dates (years 1-9999 are written with four digits
 * for the one-digit test; other years are never one digit apart).
 */
al_date_level al_birth_date_level(int y1, int m1, int d1, int y2, int m2, int d2);

/* "exact", "one_digit", "month_day_swapped", "same_year", "different". */
const char *al_date_level_code(al_date_level l);

#endif
