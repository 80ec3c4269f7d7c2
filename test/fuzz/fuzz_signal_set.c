/*
 * libFuzzer harness for the text input of signal_set (sset_parse, the core
 * of signal_set_in): whatever parses must be canonical (no trailing zero
 * byte), print, and parse back to the same bytes; whatever fails must point
 * inside the input.
 */
#include "signal_set_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bits[SSET_BYTES],
				again[SSET_BYTES];
	static char text[8 * SSET_MAX + 3];
	size_t		len,
				alen,
				tlen;
	sset_error	err;

	if (sset_parse((const char *) data, size, bits, &len, &err))
	{
		if (len > SSET_BYTES || (len > 0 && bits[len - 1] == 0) || sset_text_size(len) > sizeof(text))
			abort();
		tlen = sset_format(bits, len, text);
		if (!sset_parse(text, tlen, again, &alen, &err) || alen != len || memcmp(again, bits, len) != 0)
			abort();
		if (sset_compare(bits, len, again, alen) != 0)
			abort();
	}
	else if (err.status == SSET_OK || err.pos > size)
		abort();
	return 0;
}
