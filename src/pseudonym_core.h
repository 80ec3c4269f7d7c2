/*
 * pseudonym_core.h — the text form of aidlink's pseudonym tokens, in plain C.
 *
 * A token is what one department sends another instead of a resident
 * identity number:
 *
 *     v<version>-<32 characters of RFC 4648 base32, A-Z and 2-7>
 *
 * e.g. v1-GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.  The version is the key version
 * that made it (1 to 999999999, no leading zero); the 32 characters are the
 * first 20 bytes (160 bits) of HMAC-SHA256(key, the 18-character canonical
 * number).  The form is plain ASCII, fixed-width for a given version, has no
 * character that CSV, spreadsheets or URLs treat specially, and never reads
 * as a number or a date.  Nothing here includes a PostgreSQL header.
 */
#ifndef AIDLINK_PSEUDONYM_CORE_H
#define AIDLINK_PSEUDONYM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PN_MAC_BYTES 20			/* bytes of the HMAC kept in a token */
#define PN_MAC_CHARS 32			/* their base32 characters */
#define PN_MAX_VERSION 999999999
#define PN_TOKEN_MAX (2 + 9 + 1 + PN_MAC_CHARS)	/* "v" 9 digits "-" 32 chars */

/* Why a text is not a token. */
typedef enum pn_problem
{
	PN_OK = 0,
	PN_EMPTY,
	PN_NO_PREFIX,				/* does not start with 'v' */
	PN_BAD_VERSION,				/* no digits, a leading zero, or too many */
	PN_NO_SEPARATOR,			/* no '-' after the version */
	PN_BAD_LENGTH,				/* not 32 characters after the '-' */
	PN_BAD_CHARACTER			/* a character outside A-Z, 2-7 */
} pn_problem;

/* Write the token of version and mac into out (NUL-terminated); returns its length. */
size_t		pn_format_token(int32_t version, const uint8_t mac[PN_MAC_BYTES],
							char out[PN_TOKEN_MAX + 1]);

/*
 * Read a token.  On success *version and mac are set; otherwise the problem,
 * and in *pos the 0-based byte offset where it was found.
 */
pn_problem	pn_parse_token(const char *s, size_t len, int32_t *version,
						   uint8_t mac[PN_MAC_BYTES], size_t *pos);

/* An English sentence for a problem (no period). */
const char *pn_problem_text(pn_problem p);

#endif
