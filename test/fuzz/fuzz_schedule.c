/*
 * libFuzzer harness for the bracket schedule parser: whatever parses must
 * print, parse back equal, survive the wire round trip, and apply without
 * overflow (UBSan) to any amount in range; whatever fails must describe
 * itself.  Wire input is fuzzed too.
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
	char		detail[512];
	char		text[SCHED_TEXT_MAX];
	uint8_t		wire[SCHED_WIRE_MAX];
	size_t		used;

	if (sched_parse((const char *) data, size, &v, &err))
	{
		size_t		n = sched_format(&v, text, sizeof(text));
		int			br;
		bool		capped;

		if (!sched_parse(text, n, &w, &err) || sched_cmp(&v, &w) != 0)
			abort();
		n = sched_to_wire(&v, wire);
		if (!sched_from_wire(wire, n, &w, &used, &err) || used != n || sched_cmp(&v, &w) != 0)
			abort();
		for (int64_t a = 0; a <= SCHED_MAX_FEN; a = a * 7 + 13)
		{
			int64_t		m = sched_apply(&v, a, true, &br, &capped);
			int64_t		h = sched_apply(&v, a, false, &br, &capped);

			if (m < 0 || h < 0 || m > a * SCHED_RATE_ONE || h > a * SCHED_RATE_ONE)
				abort();
		}
	}
	else
		sched_describe(&err, &v, detail, sizeof(detail));

	if (sched_from_wire(data, size, &w, &used, &err))
	{
		size_t		n = sched_format(&w, text, sizeof(text));

		if (!sched_parse(text, n, &v, &err) || sched_cmp(&v, &w) != 0)
			abort();
	}
	else
		sched_describe(&err, &w, detail, sizeof(detail));
	return 0;
}
