/*
 * libFuzzer harness for the receive path of bracket_schedule: raw bytes
 * through sched_from_wire_exact(), the pure-C core of bracket_schedule_recv
 * (length, validation, nothing after the last bracket).  What is accepted
 * must send back as the same bytes and print and parse back to an equal
 * schedule; what is refused must describe itself.
 */
#include "schedule_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sched_schedule v,
				w;
	sched_error err;
	size_t		used = 0;
	char		detail[512];

	memset(&v, 0, sizeof(v));
	switch (sched_from_wire_exact(data, size, &v, &used, &err))
	{
		case SCHED_WIRE_OK:
			{
				uint8_t		wire[SCHED_WIRE_MAX];
				char		text[SCHED_TEXT_MAX];
				size_t		n = sched_to_wire(&v, wire);

				if (used != size || n != size || memcmp(wire, data, n) != 0)
					abort();
				n = sched_format(&v, text, sizeof(text));
				if (!sched_parse(text, n, &w, &err) || sched_cmp(&v, &w) != 0)
					abort();
				break;
			}
		case SCHED_WIRE_LENGTH:
			if (size >= 16 && size <= SCHED_WIRE_MAX)
				abort();
			break;
		case SCHED_WIRE_INVALID:
			sched_describe(&err, &v, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
			break;
		case SCHED_WIRE_TRAILING:
			if (used >= size)
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
