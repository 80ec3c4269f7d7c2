/*
 * signal_set_core.c — sets of signal numbers as bitmaps (see signal_set_core.h).
 */
#include "signal_set_core.h"

#include <stdio.h>
#include <string.h>

static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static bool
fail(sset_error *err, sset_status st, size_t pos, size_t toklen)
{
	err->status = st;
	err->pos = pos;
	err->toklen = toklen;
	return false;
}

bool
sset_parse(const char *s, size_t n, uint8_t *bits, size_t *len, sset_error *err)
{
	size_t		i = skip_blanks(s, n, 0);

	memset(bits, 0, SSET_BYTES);
	*len = 0;
	err->status = SSET_OK;
	if (i >= n || s[i] != '{')
		return fail(err, SSET_OPEN, i, 0);
	i = skip_blanks(s, n, i + 1);
	if (i < n && s[i] == '}')
		i++;
	else
	{
		for (;;)
		{
			size_t		start = i;
			long long	v = 0;

			if (i >= n || s[i] < '0' || s[i] > '9')
				return fail(err, SSET_SYNTAX, i, 0);
			while (i < n && s[i] >= '0' && s[i] <= '9')
			{
				if (v <= SSET_MAX)
					v = v * 10 + (s[i] - '0');
				i++;
			}
			if (v < 1 || v > SSET_MAX)
				return fail(err, SSET_RANGE, start, i - start);
			bits[(v - 1) / 8] |= (uint8_t) (1u << ((v - 1) % 8));
			i = skip_blanks(s, n, i);
			if (i < n && s[i] == ',')
			{
				i = skip_blanks(s, n, i + 1);
				continue;
			}
			if (i < n && s[i] == '}')
			{
				i++;
				break;
			}
			return fail(err, SSET_SYNTAX, i, 0);
		}
	}
	i = skip_blanks(s, n, i);
	if (i < n)
		return fail(err, SSET_TRAILING, i, 0);
	*len = sset_trim(bits, SSET_BYTES);
	return true;
}

size_t
sset_trim(const uint8_t *bits, size_t len)
{
	while (len > 0 && bits[len - 1] == 0)
		len--;
	return len;
}

size_t
sset_text_size(size_t len)
{
	/* at most 8 members a byte, each at most 4 digits and a comma, braces, NUL */
	return len * 8 * 5 + 3;
}

size_t
sset_format(const uint8_t *bits, size_t len, char *out)
{
	size_t		o = 0;
	bool		first = true;

	out[o++] = '{';
	for (size_t b = 0; b < len; b++)
		for (int j = 0; j < 8; j++)
			if (bits[b] & (1u << j))
			{
				if (!first)
					out[o++] = ',';
				first = false;
				o += (size_t) sprintf(out + o, "%d", (int) (b * 8 + (size_t) j + 1));
			}
	out[o++] = '}';
	out[o] = '\0';
	return o;
}

int
sset_count(const uint8_t *bits, size_t len)
{
	int			c = 0;

	for (size_t b = 0; b < len; b++)
		for (uint8_t x = bits[b]; x; x &= (uint8_t) (x - 1))
			c++;
	return c;
}

bool
sset_contains(const uint8_t *bits, size_t len, int k)
{
	if (k < 1 || (size_t) (k - 1) / 8 >= len)
		return false;
	return (bits[(k - 1) / 8] >> ((k - 1) % 8)) & 1;
}

int
sset_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t		n = alen > blen ? alen : blen;

	for (size_t i = 0; i < n; i++)
	{
		uint8_t		x = i < alen ? a[i] : 0;
		uint8_t		y = i < blen ? b[i] : 0;
		uint8_t		d = x ^ y;

		if (d)
		{
			uint8_t		low = (uint8_t) (d & -d);	/* the first member in one only */
			bool		a_has = (x & low) != 0;
			const uint8_t *o = a_has ? b : a;	/* the other set */
			size_t		olen = a_has ? blen : alen;
			bool		other_goes_on = false;

			/* members of the other beyond this bit? */
			if ((uint8_t) ((i < olen ? o[i] : 0) & ~(uint8_t) (low | (low - 1))) != 0)
				other_goes_on = true;
			for (size_t j = i + 1; !other_goes_on && j < olen; j++)
				if (o[j])
					other_goes_on = true;
			/* the set holding the smaller member comes first, unless the
			 * other ends before it (then the other is a prefix) */
			if (a_has)
				return other_goes_on ? -1 : 1;
			return other_goes_on ? 1 : -1;
		}
	}
	return 0;
}

static int32_t
sset_wire_int4(const uint8_t *p)
{
	return (int32_t) (((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3]);
}

sset_wire_status
sset_from_wire(const uint8_t *b, size_t len, uint8_t *bits, sset_wire_error *e)
{
	int32_t		prev = 0;

	memset(bits, 0, SSET_BYTES);
	e->count = 0;
	e->following = len < 4 ? 0 : len - 4;
	e->index = 0;
	e->value = 0;
	if (len < 4)
		return SSET_WIRE_SHORT;
	e->count = sset_wire_int4(b);
	if (e->count < 0 || e->count > SSET_MAX || e->following != 4 * (size_t) e->count)
		return SSET_WIRE_COUNT;
	for (int32_t i = 0; i < e->count; i++)
	{
		int32_t		k = sset_wire_int4(b + 4 + 4 * (size_t) i);

		if (k < 1 || k > SSET_MAX || k <= prev)
		{
			e->index = i + 1;
			e->value = k;
			return SSET_WIRE_MEMBER;
		}
		bits[(k - 1) / 8] |= (uint8_t) (1u << ((k - 1) % 8));
		prev = k;
	}
	return SSET_WIRE_OK;
}
