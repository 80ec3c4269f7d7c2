/*
 * pseudonym_core.c — formatting and reading pseudonym tokens (see
 * pseudonym_core.h).  Base32 is RFC 4648's alphabet without padding: 20
 * bytes are exactly 32 characters.
 */
#include "pseudonym_core.h"

#include <string.h>

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static int
b32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

size_t
pn_format_token(int32_t version, const uint8_t mac[PN_MAC_BYTES], char out[PN_TOKEN_MAX + 1])
{
	char		digits[10];
	int			nd = 0;
	size_t		n = 0;
	uint32_t	v = (uint32_t) version;

	do
	{
		digits[nd++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0 && nd < 9);
	out[n++] = 'v';
	while (nd > 0)
		out[n++] = digits[--nd];
	out[n++] = '-';
	/* 5 bytes -> 8 characters of 5 bits each */
	for (int i = 0; i < PN_MAC_BYTES; i += 5)
	{
		uint64_t	group = 0;

		for (int j = 0; j < 5; j++)
			group = (group << 8) | mac[i + j];
		for (int j = 7; j >= 0; j--)
			out[n++] = b32_alphabet[(group >> (5 * j)) & 31];
	}
	out[n] = '\0';
	return n;
}

pn_problem
pn_parse_token(const char *s, size_t len, int32_t *version, uint8_t mac[PN_MAC_BYTES],
			   size_t *pos)
{
	size_t		i = 1;
	int32_t		v = 0;

	*pos = 0;
	if (len == 0)
		return PN_EMPTY;
	if (s[0] != 'v')
		return PN_NO_PREFIX;
	while (i < len && s[i] >= '0' && s[i] <= '9')
	{
		if (i == 1 && s[i] == '0')
		{
			*pos = i;
			return PN_BAD_VERSION;
		}
		if (i > 9)
		{
			*pos = i;
			return PN_BAD_VERSION;
		}
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (i == 1)
	{
		*pos = i;
		return PN_BAD_VERSION;
	}
	if (i >= len || s[i] != '-')
	{
		*pos = i;
		return PN_NO_SEPARATOR;
	}
	i++;
	if (len - i != PN_MAC_CHARS)
	{
		*pos = i;
		return PN_BAD_LENGTH;
	}
	for (int g = 0; g < PN_MAC_BYTES / 5; g++)
	{
		uint64_t	group = 0;

		for (int j = 0; j < 8; j++, i++)
		{
			int			c = b32_value(s[i]);

			if (c < 0)
			{
				*pos = i;
				return PN_BAD_CHARACTER;
			}
			group = (group << 5) | (uint64_t) c;
		}
		for (int j = 4; j >= 0; j--)
			mac[g * 5 + (4 - j)] = (uint8_t) (group >> (8 * j));
	}
	*version = v;
	return PN_OK;
}

const char *
pn_problem_text(pn_problem p)
{
	switch (p)
	{
		case PN_OK:
			return "no problem";
		case PN_EMPTY:
			return "the token is empty";
		case PN_NO_PREFIX:
			return "a token starts with \"v\" and the key version";
		case PN_BAD_VERSION:
			return "the key version must be 1 to 9 digits without a leading zero";
		case PN_NO_SEPARATOR:
			return "the key version must be followed by \"-\"";
		case PN_BAD_LENGTH:
			return "32 characters must follow the \"-\"";
		case PN_BAD_CHARACTER:
			return "only the characters A-Z and 2-7 (upper case) may follow the \"-\"";
	}
	return "unknown problem";
}
