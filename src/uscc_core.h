/*
 * uscc_core.h — GB 32100-2015 unified social credit codes, in plain C.
 *
 * A code is 18 characters over the alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY:
 * the registration authority (1-9, A, N, Y), the entity type (1-9), 6 region
 * digits (GB/T 2260), the 9-character organisation code of GB 11714 (with its
 * own check character), and a check character (weights 3^i mod 31).
 *
 * The value kept is 16 bytes: the 17 characters before the check character as
 * 5-bit alphabet indexes, packed most significant first.  Bytewise order of
 * the packed value is the text order of the codes, and the bytes are the same
 * on every platform.
 */
#ifndef AIDLINK_USCC_CORE_H
#define AIDLINK_USCC_CORE_H

#include "id_scan.h"

#define USCC_PACKED_SIZE 16

typedef struct uscc_packed
{
	uint8_t		b[USCC_PACKED_SIZE];
} uscc_packed;

bool		uscc_parse(const char *s, size_t len, bool lenient, uscc_packed *out, al_error *err);

/*
 * The binary form: the 18 characters in ASCII digits and capital letters
 * only, decoded from b[0..len) and validated.  AL_WIRE_LENGTH when len is
 * not 18; AL_WIRE_BYTE with *bad_byte (0-based) for another byte;
 * AL_WIRE_INVALID (err filled) for an invalid code.
 */
#define USCC_WIRE_SIZE 18
al_wire_status uscc_from_wire(const uint8_t *b, size_t len, uscc_packed *out, al_error *err,
							  size_t *bad_byte);

/* Canonical text: 18 characters and a NUL. */
void		uscc_format(const uscc_packed *v, char out[19]);

/* The 8 characters of the embedded organisation code's body. */
void		uscc_org_body(const uscc_packed *v, char out[8]);

void		uscc_describe(const al_error *err, const char *input, char *buf, size_t bufsize);

#endif
