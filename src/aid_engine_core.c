/*
 * aid_engine_core.c — pure-C parts of the aid calculation engine: region
 * reach with LIKE's semantics, and the hash of its lookups.
 */
#include "aid_engine_core.h"

#include <string.h>

int
aide_utf8_len(const char *s)
{
	unsigned char c = (unsigned char) *s;

	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/*
 * LIKE: does s[0..slen) match pattern p[0..plen)?  '%' any run, '_' one
 * character, '\' escapes the next pattern character (a trailing '\' matches
 * itself; aide_region_under never passes one: it reads the '\' that would
 * escape the '/' of p || '/%' itself).
 */
static bool
like(const char *s, size_t slen, const char *p, size_t plen, aide_charlen_fn charlen)
{
	while (plen > 0)
	{
		if (*p == '%')
		{
			p++, plen--;
			while (plen > 0 && *p == '%')
				p++, plen--;
			if (plen == 0)
				return true;
			/* try every position of s from here */
			for (;;)
			{
				int			n;

				if (like(s, slen, p, plen, charlen))
					return true;
				if (slen == 0)
					return false;
				n = charlen(s);
				if ((size_t) n > slen)
					n = (int) slen;
				s += n, slen -= n;
			}
		}
		if (slen == 0)
			return false;
		if (*p == '_')
		{
			int			n = charlen(s);

			if ((size_t) n > slen)
				n = (int) slen;
			s += n, slen -= n;
			p++, plen--;
			continue;
		}
		if (*p == '\\' && plen > 1)
			p++, plen--;
		if (*p != *s)
			return false;
		p++, plen--;
		s++, slen--;
	}
	return slen == 0;
}

bool
aide_region_under(const char *h, size_t hlen, const char *p, size_t plen, aide_charlen_fn charlen)
{
	size_t		i,
				k = 0;

	if (hlen == plen && memcmp(h, p, hlen) == 0)
		return true;
	/*
	 * An odd run of '' at the end of p escapes the '/' that follows in
	 * p || '/%': the '/' is then the literal one below, and p is one shorter.
	 */
	while (k < plen && p[plen - 1 - k] == '\\')
		k++;
	if (k % 2 == 1)
		plen--;
	/*
	 * h LIKE p || '/%': some '/' of h has, before it, what matches p ('/' is
	 * never a byte inside a multibyte character of the server encodings).
	 */
	for (i = 0; i < hlen; i++)
	{
		if (h[i] == '/' && like(h, i, p, plen, charlen))
			return true;
	}
	return false;
}

uint32_t
aide_hash(uint32_t h, const void *data, size_t len)
{
	const unsigned char *d = data;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= d[i];
		h *= 16777619u;
	}
	return h;
}
