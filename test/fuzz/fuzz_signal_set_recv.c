/*
 * libFuzzer harness for the receive path of signal_set: raw bytes through
 * sset_from_wire(), the pure-C core of signal_set_recv.  What is accepted
 * must send back (count, then the members ascending) as the same bytes and
 * print and parse back to the same set; what is refused must point at a
 * count or a member that is really wrong.
 */
#include "signal_set_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put_int4(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

/* Member i - 1 (1-based) of a wire form that has it. */
static int32_t
prev_member(const uint8_t *data, int i)
{
	const uint8_t *p = data + 4 * (size_t) (i - 1);

	return (int32_t) (((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t bits[SSET_BYTES],
				again[SSET_BYTES],
				wire[4 + 4 * SSET_MAX];
	static char text[8 * SSET_MAX + 3];
	sset_wire_error e;
	sset_error	perr;

	switch (sset_from_wire(data, size, bits, &e))
	{
		case SSET_WIRE_OK:
			{
				size_t		len = sset_trim(bits, SSET_BYTES);
				size_t		n = 4,
							tlen,
							alen;
				int			count = sset_count(bits, len);

				if (sset_text_size(len) > sizeof(text))
					abort();
				put_int4(wire, (uint32_t) count);
				for (int k = 1; k <= SSET_MAX; k++)
					if (sset_contains(bits, len, k))
					{
						put_int4(wire + n, (uint32_t) k);
						n += 4;
					}
				if (n != size || memcmp(wire, data, n) != 0)
					abort();
				tlen = sset_format(bits, len, text);
				if (!sset_parse(text, tlen, again, &alen, &perr) || alen != len || memcmp(again, bits, len) != 0)
					abort();
				break;
			}
		case SSET_WIRE_SHORT:
			if (size >= 4)
				abort();
			break;
		case SSET_WIRE_COUNT:
			if (e.count >= 0 && e.count <= SSET_MAX && e.following == 4 * (size_t) e.count)
				abort();
			break;
		case SSET_WIRE_MEMBER:
			if (e.index < 1 || e.index > e.count ||
				(e.value >= 1 && e.value <= SSET_MAX &&
				 (e.index == 1 || e.value > prev_member(data, e.index))))
				abort();
			break;
		default:
			abort();
	}
	return 0;
}
