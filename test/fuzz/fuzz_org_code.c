/*
 * libFuzzer harness for the org_code parser (strict and lenient), its error
 * descriptions, and the format/parse round trip.
 */
#include "org_code_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	char		detail[512];

	for (int lenient = 0; lenient <= 1; lenient++)
	{
		int64_t		v;
		al_error	err;

		if (orgc_parse(s, size, lenient, &v, &err))
		{
			char		text[11];
			char		compact[10];
			int64_t		again;

			if (!orgc_value_valid(v))
				abort();
			orgc_format(v, text);
			if (!orgc_parse(text, 10, false, &again, &err) || again != v)
				abort();
			orgc_format_compact(v, compact);
			if (!orgc_parse(compact, 9, false, &again, &err) || again != v)
				abort();
		}
		else
		{
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			orgc_describe(&err, s, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
		}
	}
	return 0;
}
