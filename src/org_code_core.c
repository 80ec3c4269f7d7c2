/*
 * org_code_core.c — parsing and checking GB 11714-1997 organisation codes,
 * in plain C (no server headers).  See org_code_core.h.
 */
#include "org_code_core.h"

#include <stdio.h>
#include <string.h>

static const int orgc_weight[8] = {3, 7, 9, 10, 5, 8, 4, 2};
static const char orgc_digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

int
orgc_char_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

char
orgc_check_of_chars(const char body[8])
{
	int			sum = 0;
	int			c;

	for (int i = 0; i < 8; i++)
		sum += orgc_char_value(body[i]) * orgc_weight[i];
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char) ('0' + c);
}

int64_t
orgc_value_of_chars(const char body[8])
{
	int64_t		v = 0;

	for (int i = 0; i < 8; i++)
		v = v * 36 + orgc_char_value(body[i]);
	return v;
}

static void
body_of_value(int64_t value, char body[8])
{
	for (int i = 7; i >= 0; i--)
	{
		body[i] = orgc_digits[value % 36];
		value /= 36;
	}
}

bool
orgc_value_valid(int64_t value)
{
	return value >= 0 && value < ORGC_BODY_LIMIT;
}

void
orgc_format(int64_t value, char out[11])
{
	body_of_value(value, out);
	out[8] = '-';
	out[9] = orgc_check_of_chars(out);
	out[10] = '\0';
}

void
orgc_format_compact(int64_t value, char out[10])
{
	body_of_value(value, out);
	out[8] = orgc_check_of_chars(out);
	out[9] = '\0';
}

static char
upper(char a)
{
	return (a >= 'a' && a <= 'z') ? (char) (a - 'a' + 'A') : a;
}

bool
orgc_parse(const char *s, size_t len, bool lenient, int64_t *value, al_error *err)
{
	al_scan		sc;
	char		body[8];
	char		got,
				want;
	int			check_at;

	memset(err, 0, sizeof(*err));
	err->form = 9;
	al_scan_text(s, len, lenient, lenient ? 9 : SIZE_MAX, &sc);

	if (sc.nchars == 0)
	{
		err->problem = AL_EMPTY;
		return false;
	}
	if (sc.nchars != 9 && (lenient || sc.nchars != 10))
	{
		int			drop = lenient ? -1 : al_first_droppable(&sc, 8);

		if (drop >= 0)
		{
			al_set_bad_character(err, &sc, drop,
								 "only a hyphen before the check character may stand inside an organisation code");
			return false;
		}
		err->problem = AL_BAD_LENGTH;
		err->nchars = sc.nchars;
		return false;
	}
	for (int i = 0; i < 8; i++)
	{
		body[i] = upper(sc.ch[i].ascii);
		if (orgc_char_value(body[i]) < 0)
		{
			al_set_bad_character(err, &sc, i, "characters 1 to 8 are digits or letters");
			return false;
		}
	}
	check_at = 8;
	if (sc.nchars == 10)
	{
		if (sc.ch[8].ascii != '-')
		{
			al_set_bad_character(err, &sc, 8,
								 "a 10-character code has a hyphen before its check character");
			return false;
		}
		check_at = 9;
	}
	got = upper(sc.ch[check_at].ascii);
	if (!((got >= '0' && got <= '9') || got == 'X'))
	{
		al_set_bad_character(err, &sc, check_at, "the check character is a digit or X");
		return false;
	}
	want = orgc_check_of_chars(body);
	if (got != want)
	{
		err->problem = AL_BAD_CHECKSUM;
		err->position = check_at + 1;
		err->span = 1;
		err->field[0] = got;
		err->field[1] = '\0';
		err->expected = want;
		return false;
	}
	*value = orgc_value_of_chars(body);
	return true;
}

void
orgc_describe(const al_error *err, const char *input, char *buf, size_t bufsize)
{
	char		c[64];

	switch (err->problem)
	{
		case AL_EMPTY:
			snprintf(buf, bufsize, "The value is empty.");
			break;
		case AL_BAD_LENGTH:
			snprintf(buf, bufsize,
					 "An organisation code has 8 characters and a check character, with or without a hyphen between them (XXXXXXXX-X); this value has %zu characters.",
					 err->nchars);
			break;
		case AL_BAD_CHARACTER:
			al_describe_char(input, &err->bad, c, sizeof(c));
			snprintf(buf, bufsize, "Character %d, %s, is not allowed: %s.",
					 err->position, c, err->rule);
			break;
		case AL_BAD_CHECKSUM:
			snprintf(buf, bufsize,
					 "The check character (character %d) is \"%c\" but should be \"%c\".",
					 err->position, err->field[0], err->expected);
			break;
		default:
			snprintf(buf, bufsize, "The value is not an organisation code.");
			break;
	}
}

al_wire_status
orgc_from_wire(const uint8_t *b, size_t len, int64_t *value, al_error *err, size_t *bad_byte)
{
	if (len != ORGC_WIRE_SIZE)
		return AL_WIRE_LENGTH;
	for (size_t i = 0; i < ORGC_WIRE_SIZE; i++)
	{
		if (!((b[i] >= '0' && b[i] <= '9') || (b[i] >= 'A' && b[i] <= 'Z')))
		{
			*bad_byte = i;
			return AL_WIRE_BYTE;
		}
	}
	return orgc_parse((const char *) b, ORGC_WIRE_SIZE, false, value, err) ? AL_WIRE_OK : AL_WIRE_INVALID;
}
