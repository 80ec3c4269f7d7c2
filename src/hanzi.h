/*
 * hanzi.h — what aidlink knows about Chinese characters: toneless pinyin
 * readings and the simplified form of a traditional character.
 *
 * Plain C, no server headers.  The table is generated at build time by
 * tools/gen_hanzi.pl from the Unihan database of Debian's unicode-data
 * package (build/hanzi_data.h, never committed): 41,421 characters with
 * readings, 423 toneless syllables, 7,264 characters that fold to another;
 * about 230 kB of read-only data in all (the sizes are in the generated
 * header).  A lookup is two array reads (a two-level table of pages of 128
 * code points, identical pages stored once) and allocates nothing.
 */
#ifndef AIDLINK_HANZI_H
#define AIDLINK_HANZI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Unicode version the table was built from ("15.0.0"). */
const char *al_hanzi_unicode_version(void);

/* Is cp a CJK unified or compatibility ideograph (or 〇)? */
bool		al_hanzi_is_han(uint32_t cp);

/*
 * The form cp folds to: the simplified character of a traditional one
 * (劉 -> 刘), the unified ideograph of a compatibility one; else cp itself.
 */
uint32_t	al_hanzi_fold(uint32_t cp);

/*
 * The toneless readings of cp as syllable ids, customary reading first
 * (*ids points into the table); 0 when the table has none.
 */
size_t		al_hanzi_readings(uint32_t cp, const uint16_t **ids);

/* The syllable of an id ("zhang"; ü written v); "" for an unknown id. */
const char *al_hanzi_syllable(uint16_t id);

/* The id of a toneless syllable ("zhang"), 0 if there is none. */
uint16_t	al_hanzi_syllable_id(const char *syllable);

/* Do a and b share a reading (or are they the same code point)? */
bool		al_hanzi_share_reading(uint32_t a, uint32_t b);

/* The number of characters with readings, syllables and folded characters. */
void		al_hanzi_counts(size_t *nchars, size_t *nsyllables, size_t *nfold);

#endif
