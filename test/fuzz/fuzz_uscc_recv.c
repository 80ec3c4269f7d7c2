/*
 * libFuzzer harness for the receive path of uscc: raw bytes through
 * uscc_from_wire(), the pure-C core of uscc_recv.  What is accepted must be
 * a valid code whose send form (the 18 characters) is the same bytes; what
 * is refused must name the byte or say why.
 */
#include "uscc_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uscc_packed v;
	al_error	err;
	size_t		bad = SIZE_MAX;
	char		detail[512];

	switch (uscc_from_wire(data, size, &v, &err, &bad))
	{
		case AL_WIRE_OK:
			{
				char		text[19];

				if (size != USCC_WIRE_SIZE)
					abort();
				uscc_format(&v, text);
				if (memcmp(text, data, USCC_WIRE_SIZE) != 0)
					abort();
				break;
			}
		case AL_WIRE_LENGTH:
			if (size == USCC_WIRE_SIZE)
				abort();
			break;
		case AL_WIRE_BYTE:
			if (bad >= size || (data[bad] >= '0' && data[bad] <= '9') || (data[bad] >= 'A' && data[bad] <= 'Z'))
				abort();
			break;
		case AL_WIRE_INVALID:
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			uscc_describe(&err, NULL, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
