/*
 * name_compare_core.h — comparing personal names, Chinese ones above all,
 * character by character.  Plain C, no server headers.
 *
 * A name is UTF-8.  It is compared in its folded form (al_name_fold): white
 * space trimmed and dropped, invisible characters dropped, full-width ASCII to
 * ASCII, Latin letters lower-case, traditional characters simplified
 * (劉德華 -> 刘德华), and the separators of minority and transliterated names
 * (· • ・ . and their look-alikes) unified to one middle dot U+00B7.  The
 * comparators work on code points, never bytes:
 *
 *   Jaro–Winkler        Winkler's prefix boost (4 characters, 0.1) above a
 *                       Jaro of 0.7; linear time and memory for long names.
 *   edit distance       Damerau–Levenshtein as optimal string alignment (OSA:
 *                       substitutions, insertions, deletions and swaps of
 *                       adjacent characters, no substring edited twice), in
 *                       three rows: memory grows with the shorter name only.
 *   homophone           same length, and at each place the same character or
 *                       two characters that share a toneless reading (张伟 /
 *                       章伟: both zhang wei) — the typo of a pinyin input method.
 *
 * Every function here is safe on any bytes: invalid UTF-8 is reported
 * (al_utf8_check, AL_NAME_INVALID), never read past.
 */
#ifndef AIDLINK_NAME_COMPARE_CORE_H
#define AIDLINK_NAME_COMPARE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How alike two names are, best first.  The numbers are stable. */
typedef enum al_name_result
{
	AL_NAME_NO_MEMORY = -2,		/* al_name_level could not allocate */
	AL_NAME_INVALID = -1,		/* a name is not valid UTF-8 */
	AL_NAME_NULL = 0,			/* a name is empty once folded: no evidence */
	AL_NAME_EXACT = 1,			/* equal after trimming white space */
	AL_NAME_VARIANT = 2,		/* equal after folding */
	AL_NAME_HOMOPHONE = 3,		/* same reading at every place */
	AL_NAME_ONE_EDIT = 4,		/* edit distance 1 after folding */
	AL_NAME_SIMILAR = 5,		/* Jaro–Winkler >= the threshold after folding */
	AL_NAME_DIFFERENT = 6
} al_name_result;

/* How alike two addresses are (aidlink.address_comparison_level), best
 * first.  The numbers are stable. */
typedef enum al_address_result
{
	AL_ADDRESS_EXACT = 1,		/* equal once folded */
	AL_ADDRESS_SIMILAR = 2,		/* Jaro–Winkler at least AL_ADDRESS_SIMILAR_AT */
	AL_ADDRESS_DIFFERENT = 3
} al_address_result;

/* The threshold of AL_ADDRESS_SIMILAR. */
#define AL_ADDRESS_SIMILAR_AT 0.9

/* The default threshold of AL_NAME_SIMILAR. */
#define AL_NAME_SIMILAR_AT 0.88

/* The one middle dot of folded minority names. */
#define AL_NAME_DOT 0x00B7u

/* The longest names (characters, after folding) that al_name_osa is given by
 * the SQL function: its time grows with the product of the lengths. */
#define AL_NAME_EDIT_MAX 10000

/*
 * The level of two names given as UTF-8 (the C entry for the linkage: no
 * server, no fmgr).  Uses the stack for names of up to about 70 bytes
 * together, malloc (freed before return) beyond.  A caller in a database that
 * is not UTF-8 converts first.  Equivalent to
 * al_name_compare(a, alen, b, blen, AL_NAME_SIMILAR_AT, work).
 */
al_name_result al_name_level(const char *a, int alen, const char *b, int blen);

/* "exact", "variant", … "different"; NULL for AL_NAME_NULL and the errors. */
const char *al_name_result_code(al_name_result r);

/* The same with a threshold for AL_NAME_SIMILAR and caller-provided memory
 * of al_name_compare_work_size(alen, blen) bytes, aligned for uint32_t. */
size_t		al_name_compare_work_size(size_t alen, size_t blen);
al_name_result al_name_compare(const char *a, size_t alen, const char *b, size_t blen,
							   double similar_at, void *work);

/* The level of two folded addresses, with work of al_name_jw_work_size(n, m)
 * bytes (two empty ones are exact). */
al_address_result al_address_compare(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
									 void *work);

/* "exact", "similar", "different". */
const char *al_address_result_code(al_address_result r);

/* ---- the parts ------------------------------------------------------------ */

/* The byte offset of the first byte of s that does not begin a valid UTF-8
 * character, or -1 when s is valid. */
long		al_utf8_check(const char *s, size_t len);

/* [*start, *end): s without the white space at its ends (valid UTF-8). */
void		al_name_trim(const char *s, size_t len, size_t *start, size_t *end);

/* Fold valid UTF-8 s into out, which has room for len code points (folding
 * never lengthens); returns the number of code points. */
size_t		al_name_fold(const char *s, size_t len, uint32_t *out);

/* Write cp[0..n) as UTF-8 to buf (room for 4 * n + 1 bytes), NUL-terminated;
 * returns the length in bytes. */
size_t		al_utf8_encode(const uint32_t *cp, size_t n, char *buf);

/* Jaro–Winkler similarity in [0, 1] of two folded names (1 for two empty
 * ones), with work of al_name_jw_work_size(n, m) bytes.  Symmetric. */
size_t		al_name_jw_work_size(size_t n, size_t m);
double		al_name_jaro_winkler(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
								 void *work);

/* The two ways of matching Jaro's characters, exported so that tests can
 * check that they agree: by a scan of the window (quadratic, fast on short
 * names) and through an index of b's characters (n log m); both return the
 * Jaro–Winkler similarity of a and b in the order given. */
double		al_name_jw_scan(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
							void *work);
double		al_name_jw_indexed(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
							   void *work);

/* Damerau–Levenshtein distance (optimal string alignment) in characters, with
 * work of al_name_osa_work_size(n, m) bytes (three rows of the shorter). */
size_t		al_name_osa_work_size(size_t n, size_t m);
size_t		al_name_osa(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work);

/* Is the OSA distance exactly 1?  Linear time, no memory. */
bool		al_name_one_edit(const uint32_t *a, size_t n, const uint32_t *b, size_t m);

/* Same length, and at each place equal characters or two that share a
 * toneless reading. */
bool		al_name_homophone(const uint32_t *a, size_t n, const uint32_t *b, size_t m);

/*
 * The number of characters of the surname of a folded name: 2 for a compound
 * surname (欧阳, 司马, 诸葛, 上官 …) followed by a given name, else 1; 0 when
 * there is no Han surname to split (the name does not begin with a Han
 * character, or it has a middle dot: Uyghur and other minority names, and
 * transliterated foreign names, order their parts otherwise).
 */
size_t		al_name_surname_len(const uint32_t *a, size_t n);

/*
 * Toneless pinyin of a folded name into buf (room for al_name_pinyin_size(n)
 * bytes), NUL-terminated: one syllable per Han character, separated by spaces
 * ("zhang wei"), ü as ü.  Each character gets its customary reading, except
 * the surname, which gets its reading as a surname (曾 zeng, 单 shan, 解 xie,
 * 仇 qiu …).  Other characters are kept, a run of them as one word; the
 * middle dot is a word of its own.  Returns the length in bytes.
 */
size_t		al_name_pinyin_size(size_t n);
size_t		al_name_pinyin(const uint32_t *a, size_t n, char *buf);

/* The surname reading of a (folded) surname of len characters: syllable ids
 * into ids[0..len), true when the name's surname has one. For tests. */
bool		al_name_surname_reading(const uint32_t *a, size_t len, uint16_t *ids);

/* Compound surnames known (for tests): the i-th as UTF-8, NULL past the end. */
const char *al_name_compound_surname(size_t i);

#endif
