/*
 * libFuzzer harness for the receive path of org_code: raw bytes through
 * orgc_from_wire(), the pure-C core of org_code_recv.  What is accepted must
 * be a valid code whose send form (the 9 characters without the hyphen) is
 * the same bytes; what is refused must name the byte or say why.
 */
#include "org_code_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		v = 0;
	al_error	err;
	size_t		bad = SIZE_MAX;
	char		detail[512];

	switch (orgc_from_wire(data, size, &v, &err, &bad))
	{
		case AL_WIRE_OK:
			{
				char		text[10];

				if (!orgc_value_valid(v) || size != ORGC_WIRE_SIZE)
					abort();
				orgc_format_compact(v, text);
				if (memcmp(text, data, ORGC_WIRE_SIZE) != 0)
					abort();
				break;
			}
		case AL_WIRE_LENGTH:
			if (size == ORGC_WIRE_SIZE)
				abort();
			break;
		case AL_WIRE_BYTE:
			if (bad >= size || (data[bad] >= '0' && data[bad] <= '9') || (data[bad] >= 'A' && data[bad] <= 'Z'))
				abort();
			break;
		case AL_WIRE_INVALID:
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			orgc_describe(&err, NULL, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
