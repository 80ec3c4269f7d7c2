/*
 * libFuzzer harness for the uscc parser (strict and lenient), its error
 * descriptions, the format/parse round trip and the embedded org code.
 */
#include "org_code_core.h"
#include "uscc_core.h"

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
		uscc_packed v;
		al_error	err;

		if (uscc_parse(s, size, lenient, &v, &err))
		{
			char		text[19];
			char		body[8];
			uscc_packed again;
			int64_t		org;

			uscc_format(&v, text);
			if (!uscc_parse(text, 18, false, &again, &err) ||
				memcmp(again.b, v.b, USCC_PACKED_SIZE) != 0)
				abort();
			/* The embedded organisation code must itself be valid. */
			uscc_org_body(&v, body);
			memcpy(detail, body, 8);
			detail[8] = text[16];
			if (!orgc_parse(detail, 9, false, &org, &err))
				abort();
		}
		else
		{
			if (err.problem == AL_OK || al_problem_code(err.problem) == NULL)
				abort();
			uscc_describe(&err, s, detail, sizeof(detail));
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
		uscc_packed v1,
					v2;
		al_error	e1,
					e2;
		bool		ok1,
					ok2;

		spaced[0] = ' ';
		memcpy(spaced + 1, data, 18);
		ok1 = uscc_parse(s, 18, false, &v1, &e1);
		ok2 = uscc_parse(spaced, 19, false, &v2, &e2);
		if (ok1 != ok2 || (ok1 && memcmp(v1.b, v2.b, USCC_PACKED_SIZE) != 0) ||
			(!ok1 && e1.problem != e2.problem))
			abort();
	}
	return 0;
}
