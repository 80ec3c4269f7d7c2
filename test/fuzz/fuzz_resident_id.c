/*
 * libFuzzer harness for the resident_id parser (strict and lenient), its
 * error descriptions, and the format/parse round trip.
 */
#include "resident_id_core.h"

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
		int64_t		body;
		al_error	err;

		if (rid_parse(s, size, lenient, &body, &err))
		{
			char		text[19];
			int64_t		again;
			char		legacy[16];

			if (body < 0 || body >= RID_BODY_LIMIT || !rid_body_valid(body, &err))
				abort();
			rid_format(body, text);
			if (!rid_parse(text, 18, false, &again, &err) || again != body)
				abort();
			if (rid_legacy15(body, legacy) &&
				(!rid_parse(legacy, 15, false, &again, &err) || again != body))
				abort();
		}
		else
		{
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			rid_describe(&err, s, detail, sizeof(detail));
			if (strlen(detail) == 0)
				abort();
		}
	}
	/*
	 * The clean-data fast path (exactly 18 bytes) must agree with the general
	 * parser, which a leading space forces.
	 */
	if (size == 18)
	{
		char		spaced[19];
		int64_t		b1 = 0,
					b2 = 0;
		al_error	e1,
					e2;
		bool		ok1,
					ok2;

		spaced[0] = ' ';
		memcpy(spaced + 1, data, 18);
		ok1 = rid_parse(s, 18, false, &b1, &e1);
		ok2 = rid_parse(spaced, 19, false, &b2, &e2);
		if (ok1 != ok2 || (ok1 && b1 != b2) || (!ok1 && e1.problem != e2.problem))
			abort();
	}
	/* Bodies taken straight from the bytes, as a binary receive would. */
	if (size >= 8)
	{
		int64_t		body;
		al_error	err;

		memcpy(&body, data, 8);
		if (!rid_body_valid(body, &err))
			rid_describe(&err, NULL, detail, sizeof(detail));
	}
	return 0;
}
