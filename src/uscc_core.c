/*
 * uscc_core.c — parsing and checking GB 32100-2015 unified social credit
 * codes, in plain C (no server headers).  See uscc_core.h.
 */
#include "uscc_core.h"
#include "org_code_core.h"

#include <stdio.h>
#include <string.h>

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i-1) mod 31 for positions 1..17. */
static const int uscc_weight[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Index of each byte in the alphabet, or -1 (lower case folds to upper). */
static const signed char uscc_index_of[256] = {
	['0'] = 1,['1'] = 2,['2'] = 3,['3'] = 4,['4'] = 5,['5'] = 6,['6'] = 7,['7'] = 8,
	['8'] = 9,['9'] = 10,['A'] = 11,['B'] = 12,['C'] = 13,['D'] = 14,['E'] = 15,
	['F'] = 16,['G'] = 17,['H'] = 18,['J'] = 19,['K'] = 20,['L'] = 21,['M'] = 22,
	['N'] = 23,['P'] = 24,['Q'] = 25,['R'] = 26,['T'] = 27,['U'] = 28,['W'] = 29,
	['X'] = 30,['Y'] = 31,
};								/* stored plus one, so that 0 means "not in it" */

static int
uscc_index(char c)
{
	return uscc_index_of[(unsigned char) c] - 1;
}

static char
upper(char a)
{
	return (a >= 'a' && a <= 'z') ? (char) (a - 'a' + 'A') : a;
}

static void
pack(const int code[17], uscc_packed *out)
{
	uint64_t	hi = 0,
				lo = 0;

	/* codes 1..12 fill the top 60 bits of hi; codes 13..17 the top 25 of lo */
	for (int i = 0; i < 12; i++)
		hi = (hi << 5) | (uint64_t) code[i];
	hi <<= 4;
	for (int i = 12; i < 17; i++)
		lo = (lo << 5) | (uint64_t) code[i];
	lo <<= 39;
	for (int i = 0; i < 8; i++)
	{
		out->b[i] = (uint8_t) (hi >> (56 - 8 * i));
		out->b[8 + i] = (uint8_t) (lo >> (56 - 8 * i));
	}
}

static void
unpack(const uscc_packed *v, int code[17])
{
	uint64_t	hi = 0,
				lo = 0;

	for (int i = 0; i < 8; i++)
	{
		hi = (hi << 8) | v->b[i];
		lo = (lo << 8) | v->b[8 + i];
	}
	hi >>= 4;
	lo >>= 39;
	for (int i = 11; i >= 0; i--)
	{
		code[i] = (int) (hi & 31);
		hi >>= 5;
	}
	for (int i = 16; i >= 12; i--)
	{
		code[i] = (int) (lo & 31);
		lo >>= 5;
	}
}

static char
check_of_codes(const int code[17])
{
	int			sum = 0;
	int			c;

	for (int i = 0; i < 17; i++)
		sum += code[i] * uscc_weight[i];
	c = 31 - sum % 31;
	return uscc_alphabet[c == 31 ? 0 : c];
}

/*
 * The common case, clean data: exactly 18 ASCII bytes in canonical upper
 * case with both check characters right, read in one pass.  Anything else
 * returns false, and the general parser below decides and explains.
 */
static inline bool
parse_clean18(const char *s, uscc_packed *out)
{
	int			code[17];
	int			sum = 0;
	int			c;

	for (int i = 0; i < 17; i++)
	{
		code[i] = uscc_index(s[i]);
		if (code[i] < 0)
			return false;
		sum += code[i] * uscc_weight[i];
	}
	c = 31 - sum % 31;
	if (s[17] != uscc_alphabet[c == 31 ? 0 : c])
		return false;
	if (!((s[0] >= '1' && s[0] <= '9') || s[0] == 'A' || s[0] == 'N' || s[0] == 'Y') ||
		!(s[1] >= '1' && s[1] <= '9'))
		return false;
	for (int i = 2; i < 8; i++)
		if (code[i] > 9)
			return false;
	if (s[16] != orgc_check_of_chars(s + 8))
		return false;
	pack(code, out);
	return true;
}

bool
uscc_parse(const char *s, size_t len, bool lenient, uscc_packed *out, al_error *err)
{
	al_scan		sc;
	int			code[18];
	char		text[18];
	char		want;

	if (len == 18 && parse_clean18(s, out))
		return true;

	memset(err, 0, sizeof(*err));
	err->form = 18;
	al_scan_text(s, len, lenient, lenient ? 18 : SIZE_MAX, &sc);

	if (sc.nchars == 0)
	{
		err->problem = AL_EMPTY;
		return false;
	}
	if (sc.nchars != 18)
	{
		int			drop = lenient ? -1 : al_first_droppable(&sc, -1);

		if (drop >= 0)
		{
			al_set_bad_character(err, &sc, drop, "a unified social credit code has only digits and capital letters");
			return false;
		}
		err->problem = AL_BAD_LENGTH;
		err->nchars = sc.nchars;
		return false;
	}
	for (int i = 0; i < 18; i++)
	{
		text[i] = upper(sc.ch[i].ascii);
		code[i] = uscc_index(text[i]);
		if (code[i] < 0)
		{
			al_set_bad_character(err, &sc, i,
								 (text[i] == 'I' || text[i] == 'O' || text[i] == 'S' ||
								  text[i] == 'V' || text[i] == 'Z') ?
								 "the letters I, O, S, V and Z are not used in a unified social credit code" :
								 "a unified social credit code has only digits and capital letters");
			return false;
		}
	}
	if (!((text[0] >= '1' && text[0] <= '9') || text[0] == 'A' || text[0] == 'N' || text[0] == 'Y'))
	{
		err->problem = AL_BAD_AUTHORITY;
		err->position = 1;
		err->span = 1;
		err->field[0] = text[0];
		return false;
	}
	if (!(text[1] >= '1' && text[1] <= '9'))
	{
		err->problem = AL_BAD_ENTITY_TYPE;
		err->position = 2;
		err->span = 1;
		err->field[0] = text[1];
		return false;
	}
	for (int i = 2; i < 8; i++)
	{
		if (!(text[i] >= '0' && text[i] <= '9'))
		{
			err->problem = AL_BAD_REGION;
			err->position = 3;
			err->span = 6;
			memcpy(err->field, text + 2, 6);
			return false;
		}
	}
	want = check_of_codes(code);
	if (text[17] != want)
	{
		err->problem = AL_BAD_CHECKSUM;
		err->position = 18;
		err->span = 1;
		err->field[0] = text[17];
		err->expected = want;
		return false;
	}
	/* Positions 9-17 are a GB 11714 organisation code with its own check. */
	want = orgc_check_of_chars(text + 8);
	if (text[16] != want)
	{
		err->problem = AL_BAD_ORG_CODE_CHECKSUM;
		err->position = 9;
		err->span = 9;
		memcpy(err->field, text + 8, 9);
		err->expected = want;
		return false;
	}
	pack(code, out);
	return true;
}

void
uscc_format(const uscc_packed *v, char out[19])
{
	int			code[17];

	unpack(v, code);
	for (int i = 0; i < 17; i++)
		out[i] = uscc_alphabet[code[i] < 31 ? code[i] : 0];
	out[17] = check_of_codes(code);
	out[18] = '\0';
}

void
uscc_org_body(const uscc_packed *v, char out[8])
{
	int			code[17];

	unpack(v, code);
	for (int i = 0; i < 8; i++)
		out[i] = uscc_alphabet[code[8 + i] < 31 ? code[8 + i] : 0];
}

void
uscc_describe(const al_error *err, const char *input, char *buf, size_t bufsize)
{
	char		c[64];

	switch (err->problem)
	{
		case AL_EMPTY:
			snprintf(buf, bufsize, "The value is empty.");
			break;
		case AL_BAD_LENGTH:
			snprintf(buf, bufsize,
					 "A unified social credit code has 18 characters; this value has %zu.",
					 err->nchars);
			break;
		case AL_BAD_CHARACTER:
			al_describe_char(input, &err->bad, c, sizeof(c));
			snprintf(buf, bufsize, "Character %d, %s, is not allowed: %s.",
					 err->position, c, err->rule);
			break;
		case AL_BAD_AUTHORITY:
			snprintf(buf, bufsize,
					 "The registration authority (character 1) is \"%s\"; it must be one of 1 to 9, A, N and Y.",
					 err->field);
			break;
		case AL_BAD_ENTITY_TYPE:
			snprintf(buf, bufsize,
					 "The entity type (character 2) is \"%s\"; it must be a digit from 1 to 9.",
					 err->field);
			break;
		case AL_BAD_REGION:
			snprintf(buf, bufsize,
					 "The region code \"%s\" (characters 3 to 8) must be 6 digits.",
					 err->field);
			break;
		case AL_BAD_CHECKSUM:
			snprintf(buf, bufsize,
					 "The check character (character 18) is \"%c\" but should be \"%c\".",
					 err->field[0], err->expected);
			break;
		case AL_BAD_ORG_CODE_CHECKSUM:
			snprintf(buf, bufsize,
					 "Characters 9 to 17, \"%s\", are an organisation code (GB 11714) whose check character is \"%c\" but should be \"%c\".",
					 err->field, err->field[8], err->expected);
			break;
		default:
			snprintf(buf, bufsize, "The value is not a unified social credit code.");
			break;
	}
}

al_wire_status
uscc_from_wire(const uint8_t *b, size_t len, uscc_packed *out, al_error *err, size_t *bad_byte)
{
	if (len != USCC_WIRE_SIZE)
		return AL_WIRE_LENGTH;
	for (size_t i = 0; i < USCC_WIRE_SIZE; i++)
	{
		if (!((b[i] >= '0' && b[i] <= '9') || (b[i] >= 'A' && b[i] <= 'Z')))
		{
			*bad_byte = i;
			return AL_WIRE_BYTE;
		}
	}
	return uscc_parse((const char *) b, USCC_WIRE_SIZE, false, out, err) ? AL_WIRE_OK : AL_WIRE_INVALID;
}
