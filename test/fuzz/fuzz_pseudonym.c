/*
 * libFuzzer harness for the pseudonym token reader (src/pseudonym_core.c):
 * any bytes are read without a crash, an error names a problem and a byte
 * inside the input, and what is read formats back to the same token.
 */
#include "pseudonym_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int32_t		version = -1;
	uint8_t		mac[PN_MAC_BYTES];
	size_t		pos = 0;
	pn_problem	p = pn_parse_token((const char *) data, size, &version, mac, &pos);

	if (p == PN_OK)
	{
		char		again[PN_TOKEN_MAX + 1];
		size_t		n;

		if (version < 1 || version > PN_MAX_VERSION)
			abort();
		n = pn_format_token(version, mac, again);
		if (n != size || memcmp(again, data, size) != 0)
			abort();
	}
	else
	{
		if (pos > size || pn_problem_text(p) == NULL || strlen(pn_problem_text(p)) == 0)
			abort();
	}
	return 0;
}
