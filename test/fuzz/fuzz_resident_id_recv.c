/*
 * libFuzzer harness for the receive path of resident_id: raw bytes, as a
 * client sends them in binary COPY or a binary parameter, through
 * rid_from_wire(), the pure-C core of resident_id_recv.  What is accepted
 * must be a valid number whose send form is the same bytes; what is refused
 * must say why (the error detail is built as the server builds it).
 */
#include "resident_id_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		body = 0;
	al_error	err;
	char		detail[512];

	switch (rid_from_wire(data, size, &body, &err))
	{
		case AL_WIRE_OK:
			{
				uint8_t		again[RID_WIRE_SIZE];
				char		text[19];
				int64_t		parsed;

				for (int i = 0; i < RID_WIRE_SIZE; i++)
					again[i] = (uint8_t) ((uint64_t) body >> (56 - 8 * i));
				if (size != RID_WIRE_SIZE || memcmp(again, data, RID_WIRE_SIZE) != 0)
					abort();
				/* and the number it names prints and parses back to it */
				rid_format(body, text);
				if (!rid_parse(text, 18, false, &parsed, &err) || parsed != body)
					abort();
				break;
			}
		case AL_WIRE_LENGTH:
			if (size == RID_WIRE_SIZE)
				abort();
			break;
		case AL_WIRE_INVALID:
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			rid_describe(&err, NULL, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
