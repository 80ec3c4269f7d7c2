/*
 * id_scan.c — UTF-8 scanning and folding shared by the identifier parsers.
 * Plain C; see id_scan.h.
 */
#include "id_scan.h"

#include <stdio.h>
#include <string.h>

#define AL_INVALID_CP 0xFFFFFFFFu

/*
 * Decode one UTF-8 character at s[0..len), len >= 1.  Overlong forms,
 * surrogates and values above U+10FFFF are treated as invalid single bytes.
 */
static uint32_t
decode_utf8(const unsigned char *s, size_t len, uint8_t *nbytes)
{
	unsigned char c = s[0];
	uint32_t	cp;
	int			n;
	uint32_t	min;

	if (c < 0x80)
	{
		*nbytes = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	}
	else
	{
		*nbytes = 1;
		return AL_INVALID_CP;
	}
	if ((size_t) n > len)
	{
		*nbytes = 1;
		return AL_INVALID_CP;
	}
	for (int i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*nbytes = 1;
			return AL_INVALID_CP;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
	{
		*nbytes = 1;
		return AL_INVALID_CP;
	}
	*nbytes = (uint8_t) n;
	return cp;
}

uint32_t
al_decode_utf8(const unsigned char *s, size_t len, uint8_t *nbytes)
{
	return decode_utf8(s, len, nbytes);
}

/* Fold a code point to the ASCII character it stands for, or 0. */
static char
fold_ascii(uint32_t cp)
{
	if (cp < 0x80)
		return (char) cp;
	if (cp >= 0xFF01 && cp <= 0xFF5E)	/* full-width ASCII block */
		return (char) (cp - 0xFF01 + 0x21);
	switch (cp)
	{
		case 0x3000:			/* ideographic space */
		case 0x00A0:			/* no-break space */
		case 0x2002:
		case 0x2003:
		case 0x2009:			/* en, em, thin space */
			return ' ';
		case 0x2010:
		case 0x2011:
		case 0x2012:
		case 0x2013:
		case 0x2014:
		case 0x2015:			/* hyphen … horizontal bar */
		case 0x2212:			/* minus sign */
		case 0xFE63:			/* small hyphen-minus */
			return '-';
		default:
			return 0;
	}
}

static bool
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
		cp == '\f' || cp == 0x3000 || cp == 0x00A0 || cp == 0xFEFF ||
		cp == 0x2002 || cp == 0x2003 || cp == 0x2009;
}

static bool
is_separator(char folded)
{
	return folded == ' ' || folded == '-' || folded == '\t';
}

void
al_scan_text(const char *s, size_t len, bool lenient, size_t stop_after, al_scan *out)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		start = 0;
	size_t		end = len;
	uint8_t		nb;
	bool		apostrophe_seen = false;

	out->nchars = 0;

	/* Trim leading white space (including a byte-order mark). */
	while (start < end)
	{
		uint32_t	cp = decode_utf8(u + start, end - start, &nb);

		if (!is_space_cp(cp))
			break;
		start += nb;
	}

	/*
	 * Trim trailing white space.  Multi-byte spaces are matched on their
	 * exact byte sequences, so invalid UTF-8 can never make this step back
	 * into the middle of a character that was decoded forwards.
	 */
	while (end > start)
	{
		unsigned char last = u[end - 1];

		if (last == ' ' || (last >= '\t' && last <= '\r'))
			end--;
		else if (end - start >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80 && last == 0x80)
			end -= 3;			/* U+3000 */
		else if (end - start >= 3 && u[end - 3] == 0xEF && u[end - 2] == 0xBB && last == 0xBF)
			end -= 3;			/* U+FEFF */
		else if (end - start >= 2 && u[end - 2] == 0xC2 && last == 0xA0)
			end -= 2;			/* U+00A0 */
		else if (end - start >= 3 && u[end - 3] == 0xE2 && u[end - 2] == 0x80 &&
				 (last == 0x82 || last == 0x83 || last == 0x89))
			end -= 3;			/* en, em, thin space */
		else
			break;
	}

	for (size_t i = start; i < end; i += nb)
	{
		uint32_t	cp;
		char		a;

		/* ASCII fast path: the common case for clean department data. */
		if (u[i] < 0x80)
		{
			nb = 1;
			cp = u[i];
			a = (char) u[i];
		}
		else
		{
			cp = decode_utf8(u + i, end - i, &nb);
			a = fold_ascii(cp);
		}

		if (lenient)
		{
			if (is_separator(a) || is_space_cp(cp))
				continue;
			/* A spreadsheet's text marker, once, before the value: '110105… */
			if (out->nchars == 0 && a == '\'' && !apostrophe_seen)
			{
				apostrophe_seen = true;
				continue;
			}
		}

		if (out->nchars < AL_SCAN_KEEP)
		{
			al_char    *c = &out->ch[out->nchars];

			c->offset = (uint32_t) i;
			c->nbytes = nb;
			c->ascii = a;
			c->codepoint = cp;
		}
		out->nchars++;
		if (out->nchars > stop_after)
			return;
	}
}

const char *
al_problem_code(al_problem p)
{
	switch (p)
	{
		case AL_OK:
			return NULL;
		case AL_EMPTY:
			return "empty";
		case AL_BAD_LENGTH:
			return "bad_length";
		case AL_BAD_CHARACTER:
			return "bad_character";
		case AL_BAD_PROVINCE:
			return "bad_province";
		case AL_BAD_DATE:
			return "bad_date";
		case AL_BAD_CHECKSUM:
			return "bad_checksum";
		case AL_BAD_AUTHORITY:
			return "bad_authority";
		case AL_BAD_ENTITY_TYPE:
			return "bad_entity_type";
		case AL_BAD_REGION:
			return "bad_region";
		case AL_BAD_ORG_CODE_CHECKSUM:
			return "bad_org_code_checksum";
	}
	return "unknown";
}

bool
al_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
al_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && al_is_leap_year(year))
		return 29;
	return days[month - 1];
}

void
al_describe_char(const char *input, const al_char *c, char *buf, size_t bufsize)
{
	if (bufsize == 0)
		return;
	if (c->codepoint == AL_INVALID_CP)
		snprintf(buf, bufsize, "byte 0x%02X (not UTF-8)",
				 (unsigned) (unsigned char) input[c->offset]);
	else if (c->codepoint < 0x20 || c->codepoint == 0x7F ||
			 (c->codepoint >= 0x80 && c->codepoint < 0xA0))
		snprintf(buf, bufsize, "U+%04X (a control character)", (unsigned) c->codepoint);
	else if (c->codepoint < 0x80)
		snprintf(buf, bufsize, "\"%c\"", (char) c->codepoint);
	else
		snprintf(buf, bufsize, "\"%.*s\" (U+%04X)", (int) c->nbytes,
				 input + c->offset, (unsigned) c->codepoint);
}

int
al_first_droppable(const al_scan *sc, int allowed_hyphen)
{
	size_t		kept = sc->nchars < AL_SCAN_KEEP ? sc->nchars : AL_SCAN_KEEP;

	for (size_t i = 0; i < kept; i++)
	{
		char		a = sc->ch[i].ascii;

		if ((int) i == allowed_hyphen && a == '-')
			continue;
		if (is_separator(a) || is_space_cp(sc->ch[i].codepoint) || (i == 0 && a == '\''))
			return (int) i;
	}
	return -1;
}

void
al_set_bad_character(al_error *err, const al_scan *sc, int index, const char *rule)
{
	err->problem = AL_BAD_CHARACTER;
	err->position = index + 1;
	err->span = 1;
	err->bad = sc->ch[index];
	err->rule = rule;
}
