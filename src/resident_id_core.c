/*
 * resident_id_core.c — parsing and checking GB 11643-1999 resident identity
 * numbers, in plain C (no server headers).  See resident_id_core.h.
 */
#include "resident_id_core.h"

#include <stdio.h>
#include <string.h>

/* ISO 7064 MOD 11-2 weights of digits 1..17, and the character for sum % 11. */
static const int rid_weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char rid_check_of[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

/*
 * Province-level codes of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54,
 * 61–65, 71) and 81, 82, 83 (residence permits of Hong Kong, Macao and Taiwan
 * residents).  Only the first two digits are checked: a county code created
 * after the birth year, or abolished since, stays valid on a person's number.
 */
static const bool rid_province[100] = {
	[11] = true,[12] = true,[13] = true,[14] = true,[15] = true,
	[21] = true,[22] = true,[23] = true,
	[31] = true,[32] = true,[33] = true,[34] = true,[35] = true,[36] = true,[37] = true,
	[41] = true,[42] = true,[43] = true,[44] = true,[45] = true,[46] = true,
	[50] = true,[51] = true,[52] = true,[53] = true,[54] = true,
	[61] = true,[62] = true,[63] = true,[64] = true,[65] = true,
	[71] = true,
	[81] = true,[82] = true,[83] = true,
};

bool
rid_is_province(int code)
{
	return code >= 0 && code < 100 && rid_province[code];
}

static char
check_of_digits(const int d[17])
{
	int			sum = 0;

	for (int i = 0; i < 17; i++)
		sum += d[i] * rid_weight[i];
	return rid_check_of[sum % 11];
}

char
rid_check_char(int64_t body)
{
	int			d[17];

	for (int i = 16; i >= 0; i--)
	{
		d[i] = (int) (body % 10);
		body /= 10;
	}
	return check_of_digits(d);
}

void
rid_format(int64_t body, char out[19])
{
	int			d[17];
	int64_t		b = body;

	for (int i = 16; i >= 0; i--)
	{
		d[i] = (int) (b % 10);
		b /= 10;
		out[i] = (char) ('0' + d[i]);
	}
	out[17] = check_of_digits(d);
	out[18] = '\0';
}

/* Check a birth date; on failure fill err (position/span are the caller's). */
static bool
date_valid(int year, int month, int day, al_error *err)
{
	const char *rule = NULL;

	if (year < RID_MIN_YEAR)
		rule = "year";
	else if (month < 1 || month > 12)
		rule = "month";
	else if (day < 1 || day > al_days_in_month(year, month))
		rule = "day";
	if (rule == NULL)
		return true;
	err->problem = AL_BAD_DATE;
	err->rule = rule;
	err->year = year;
	err->month = month;
	err->day = day;
	return false;
}

static void
set_field(al_error *err, const al_scan *sc, int from, int span)
{
	int			n = span < (int) sizeof(err->field) - 1 ? span : (int) sizeof(err->field) - 1;

	for (int i = 0; i < n; i++)
		err->field[i] = sc->ch[from + i].ascii;
	err->field[n] = '\0';
	err->position = from + 1;
	err->span = span;
}

/*
 * The common case, clean data: exactly 18 ASCII bytes, 17 digits and a digit
 * or X, a known province, a calendar date from 1800 and the right check
 * character, read in one pass.  Anything else returns false, and the general
 * parser below decides and explains; so both always agree.
 */
static inline bool
parse_clean18(const unsigned char *u, int64_t *body)
{
	int64_t		b = 0;
	int			sum = 0;
	int			year,
				month,
				day;
	unsigned char got;

	for (int i = 0; i < 17; i++)
	{
		unsigned int d = (unsigned int) u[i] - '0';

		if (d > 9)
			return false;
		b = b * 10 + d;
		sum += (int) d * rid_weight[i];
	}
	got = u[17] == 'x' ? 'X' : u[17];
	if (got != (unsigned char) rid_check_of[sum % 11])
		return false;
	if (!rid_province[(u[0] - '0') * 10 + (u[1] - '0')])
		return false;
	year = (u[6] - '0') * 1000 + (u[7] - '0') * 100 + (u[8] - '0') * 10 + (u[9] - '0');
	month = (u[10] - '0') * 10 + (u[11] - '0');
	day = (u[12] - '0') * 10 + (u[13] - '0');
	if (year < RID_MIN_YEAR || month < 1 || month > 12 || day < 1 ||
		day > al_days_in_month(year, month))
		return false;
	*body = b;
	return true;
}

bool
rid_parse(const char *s, size_t len, bool lenient, int64_t *body, al_error *err)
{
	al_scan		sc;
	int			d[18];
	int			n;
	int			year,
				month,
				day,
				order;
	int64_t		b;

	if (len == 18 && parse_clean18((const unsigned char *) s, body))
		return true;

	memset(err, 0, sizeof(*err));
	al_scan_text(s, len, lenient, lenient ? 18 : SIZE_MAX, &sc);

	if (sc.nchars == 0)
	{
		err->problem = AL_EMPTY;
		return false;
	}
	if (sc.nchars != 18 && sc.nchars != 15)
	{
		int			drop = lenient ? -1 : al_first_droppable(&sc, -1);

		if (drop >= 0)
		{
			al_set_bad_character(err, &sc, drop, "a resident identity number has only digits and X");
			return false;
		}
		err->problem = AL_BAD_LENGTH;
		err->nchars = sc.nchars;
		return false;
	}
	n = (int) sc.nchars;
	err->form = n;

	for (int i = 0; i < n; i++)
	{
		char		a = sc.ch[i].ascii;

		if (a >= '0' && a <= '9')
			d[i] = a - '0';
		else if (i == 17 && (a == 'X' || a == 'x'))
			d[i] = 10;
		else
		{
			al_set_bad_character(err, &sc, i,
								 n == 15 ? "a 15-character legacy number has only digits" :
								 i == 17 ? "the check character (the 18th) is a digit or X" :
								 "characters 1 to 17 are digits");
			return false;
		}
	}

	if (!rid_province[d[0] * 10 + d[1]])
	{
		err->problem = AL_BAD_PROVINCE;
		set_field(err, &sc, 0, 2);
		return false;
	}

	if (n == 18)
	{
		year = d[6] * 1000 + d[7] * 100 + d[8] * 10 + d[9];
		month = d[10] * 10 + d[11];
		day = d[12] * 10 + d[13];
		if (!date_valid(year, month, day, err))
		{
			set_field(err, &sc, 6, 8);
			return false;
		}
		b = 0;
		for (int i = 0; i < 17; i++)
			b = b * 10 + d[i];
		{
			char		want = check_of_digits(d);
			char		got = d[17] == 10 ? 'X' : (char) ('0' + d[17]);

			if (want != got)
			{
				err->problem = AL_BAD_CHECKSUM;
				set_field(err, &sc, 17, 1);
				err->field[0] = got;
				err->expected = want;
				return false;
			}
		}
	}
	else
	{
		/* GB 11643-1989: YYMMDD; order codes 996–999 marked centenarians. */
		order = d[12] * 100 + d[13] * 10 + d[14];
		year = (order >= 996 ? 1800 : 1900) + d[6] * 10 + d[7];
		month = d[8] * 10 + d[9];
		day = d[10] * 10 + d[11];
		if (!date_valid(year, month, day, err))
		{
			set_field(err, &sc, 6, 6);
			return false;
		}
		b = 0;
		for (int i = 0; i < 6; i++)
			b = b * 10 + d[i];
		b = b * 100000000 + (int64_t) (year * 10000 + month * 100 + day);
		b = b * 1000 + order;
	}
	*body = b;
	return true;
}

bool
rid_body_valid(int64_t body, al_error *err)
{
	int			year,
				month,
				day;

	memset(err, 0, sizeof(*err));
	err->form = 18;
	if (body < 0 || body >= RID_BODY_LIMIT)
	{
		err->problem = AL_BAD_LENGTH;
		err->nchars = 0;
		return false;
	}
	if (!rid_province[rid_region(body) / 10000])
	{
		err->problem = AL_BAD_PROVINCE;
		snprintf(err->field, sizeof(err->field), "%02d", rid_region(body) / 10000);
		err->position = 1;
		err->span = 2;
		return false;
	}
	rid_birth(body, &year, &month, &day);
	if (!date_valid(year, month, day, err))
	{
		snprintf(err->field, sizeof(err->field), "%08d", (int) ((body / 1000) % 100000000));
		err->position = 7;
		err->span = 8;
		return false;
	}
	return true;
}

bool
rid_legacy15(int64_t body, char out[16])
{
	int			year,
				month,
				day;
	int			order = rid_order(body);

	rid_birth(body, &year, &month, &day);
	if (!((year / 100 == 19 && order < 996) || (year / 100 == 18 && order >= 996)))
		return false;
	{
		char		full[19];

		/* region (6) + year without century (2) + month, day (4) + order (3) */
		rid_format(body, full);
		memcpy(out, full, 6);
		memcpy(out + 6, full + 8, 9);
		out[15] = '\0';
	}
	return true;
}

bool
rid_from_parts(int region, int year, int month, int day, int order,
			   int64_t *body, al_error *err)
{
	memset(err, 0, sizeof(*err));
	err->form = 18;
	if (region < 0 || region > 999999 || !rid_province[region / 10000])
	{
		err->problem = AL_BAD_PROVINCE;
		snprintf(err->field, sizeof(err->field), "%02d", (region / 10000) % 100);
		err->position = 1;
		err->span = 2;
		return false;
	}
	if (year > 9999 || !date_valid(year, month, day, err))
	{
		if (err->problem == AL_OK)
		{
			err->problem = AL_BAD_DATE;
			err->rule = "year_after";
			err->year = year;
			err->month = month;
			err->day = day;
		}
		snprintf(err->field, sizeof(err->field), "%d-%02d-%02d", year, month, day);
		err->position = 7;
		err->span = 8;
		return false;
	}
	if (order < 0 || order > 999)
	{
		err->problem = AL_BAD_CHARACTER;
		err->rule = "the order code is a number from 0 to 999";
		snprintf(err->field, sizeof(err->field), "%d", order);
		err->position = 15;
		err->span = 3;
		return false;
	}
	*body = ((int64_t) region * 100000000 + (int64_t) (year * 10000 + month * 100 + day)) * 1000 + order;
	return true;
}

static const char *const month_name[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

void
rid_describe(const al_error *err, const char *input, char *buf, size_t bufsize)
{
	char		c[64];

	switch (err->problem)
	{
		case AL_OK:
			snprintf(buf, bufsize, "The value is valid.");
			break;
		case AL_EMPTY:
			snprintf(buf, bufsize, "The value is empty.");
			break;
		case AL_BAD_LENGTH:
			if (err->nchars == 0)
				snprintf(buf, bufsize, "The body of a resident identity number is a number of 17 digits, from 0 to 99999999999999999.");
			else
				snprintf(buf, bufsize,
						 "A resident identity number has 18 characters, or 15 in the legacy form; this value has %zu.",
						 err->nchars);
			break;
		case AL_BAD_CHARACTER:
			if (input == NULL)
				snprintf(buf, bufsize, "The order code %s is not allowed: %s.", err->field, err->rule);
			else
			{
				al_describe_char(input, &err->bad, c, sizeof(c));
				snprintf(buf, bufsize, "Character %d, %s, is not allowed: %s.",
						 err->position, c, err->rule);
			}
			break;
		case AL_BAD_PROVINCE:
			snprintf(buf, bufsize,
					 "Province code \"%s\" (characters 1 to 2) is not a province-level code of GB/T 2260.",
					 err->field);
			break;
		case AL_BAD_DATE:
			{
				char		what[64];
				int			last = err->position + err->span - 1;

				if (err->rule && strcmp(err->rule, "year_after") == 0)
					snprintf(what, sizeof(what), "the year %d is after 9999", err->year);
				else if (err->rule && strcmp(err->rule, "year") == 0)
					snprintf(what, sizeof(what), "the year %d is before %d", err->year, RID_MIN_YEAR);
				else if (err->rule && strcmp(err->rule, "month") == 0)
					snprintf(what, sizeof(what), "there is no month %d", err->month);
				else if (err->day == 0)
					snprintf(what, sizeof(what), "there is no day 0");
				else
					snprintf(what, sizeof(what), "%s %d has %d days", month_name[err->month - 1],
							 err->year, al_days_in_month(err->year, err->month));
				snprintf(buf, bufsize,
						 "Birth date \"%s\" (characters %d to %d) is not a valid date: %s.",
						 err->field, err->position, last, what);
			}
			break;
		case AL_BAD_CHECKSUM:
			snprintf(buf, bufsize,
					 "The check character (character 18) is \"%c\" but should be \"%c\".",
					 err->field[0], err->expected);
			break;
		default:
			snprintf(buf, bufsize, "The value is not a resident identity number.");
			break;
	}
}

al_wire_status
rid_from_wire(const uint8_t *b, size_t len, int64_t *body, al_error *err)
{
	uint64_t	u = 0;

	if (len != RID_WIRE_SIZE)
		return AL_WIRE_LENGTH;
	for (int i = 0; i < RID_WIRE_SIZE; i++)
		u = (u << 8) | b[i];
	*body = (int64_t) u;
	return rid_body_valid(*body, err) ? AL_WIRE_OK : AL_WIRE_INVALID;
}
