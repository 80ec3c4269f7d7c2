/*
 * evidence_core.c — reading typed birth dates.  See evidence_core.h.
 */
#include "evidence_core.h"

#include "id_scan.h"

#define CP_NIAN  0x5E74			/* 年 */
#define CP_YUE   0x6708			/* 月 */
#define CP_RI    0x65E5			/* 日 */

static bool
is_separator(const al_char *c)
{
	return c->ascii == '-' || c->ascii == '/' || c->ascii == '.' || c->ascii == ' ' ||
		c->codepoint == CP_NIAN || c->codepoint == CP_YUE || c->codepoint == CP_RI;
}

bool
al_read_date(const char *s, size_t len, int *year, int *month, int *day)
{
	al_scan		sc;
	int			field[3] = {0, 0, 0};
	int			width[3] = {0, 0, 0};
	int			nfield = 0;
	bool		in_digits = false;
	int			y,
				m,
				d;

	al_scan_text(s, len, false, AL_SCAN_KEEP, &sc);
	if (sc.nchars == 0 || sc.nchars > AL_SCAN_KEEP)
		return false;

	for (size_t i = 0; i < sc.nchars; i++)
	{
		const al_char *c = &sc.ch[i];

		if (c->ascii >= '0' && c->ascii <= '9')
		{
			if (!in_digits)
			{
				if (nfield == 3)
					return false;
				nfield++;
				in_digits = true;
			}
			if (++width[nfield - 1] > 8)
				return false;
			field[nfield - 1] = field[nfield - 1] * 10 + (c->ascii - '0');
		}
		else if (is_separator(c) && nfield > 0 && in_digits)
			in_digits = false;	/* one separator between fields, none doubled */
		else if (i == sc.nchars - 1 && c->codepoint == CP_RI && nfield == 3)
			;					/* 1990年5月6日: the closing 日 */
		else
			return false;
	}

	if (nfield == 1 && width[0] == 8)
	{
		y = field[0] / 10000;
		m = (field[0] / 100) % 100;
		d = field[0] % 100;
	}
	else if (nfield == 3 && width[0] == 4 && width[1] <= 2 && width[2] <= 2)
	{
		y = field[0];
		m = field[1];
		d = field[2];
	}
	else
		return false;

	if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1 || d > al_days_in_month(y, m))
		return false;
	*year = y;
	*month = m;
	*day = d;
	return true;
}

/* The date as the eight digits YYYYMMDD; false for years outside 1-9999. */
static bool
date_digits(int y, int m, int d, char out[8])
{
	int			v[3] = {y, m, d};
	int			w[3] = {4, 2, 2};
	int			pos = 8;

	if (y < 1 || y > 9999)
		return false;
	for (int f = 2; f >= 0; f--)
		for (int i = 0; i < w[f]; i++)
		{
			out[--pos] = (char) ('0' + v[f] % 10);
			v[f] /= 10;
		}
	return true;
}

al_date_level
al_birth_date_level(int y1, int m1, int d1, int y2, int m2, int d2)
{
	char		a[8],
				b[8];

	if (y1 == y2 && m1 == m2 && d1 == d2)
		return AL_DATE_EXACT;
	if (date_digits(y1, m1, d1, a) && date_digits(y2, m2, d2, b))
	{
		int			first = -1,
					ndiff = 0;

		for (int i = 0; i < 8; i++)
			if (a[i] != b[i])
			{
				if (first < 0)
					first = i;
				ndiff++;
			}
		/* one substitution, or one swap of two adjacent different digits */
		if (ndiff == 1 ||
			(ndiff == 2 && first < 7 && a[first] == b[first + 1] && a[first + 1] == b[first]))
			return AL_DATE_ONE_DIGIT;
	}
	if (y1 == y2 && d1 <= 12 && d2 <= 12 && m1 == d2 && d1 == m2)
		return AL_DATE_MONTH_DAY_SWAPPED;
	if (y1 == y2)
		return AL_DATE_SAME_YEAR;
	return AL_DATE_DIFFERENT;
}

const char *
al_date_level_code(al_date_level l)
{
	switch (l)
	{
		case AL_DATE_EXACT:
			return "exact";
		case AL_DATE_ONE_DIGIT:
			return "one_digit";
		case AL_DATE_MONTH_DAY_SWAPPED:
			return "month_day_swapped";
		case AL_DATE_SAME_YEAR:
			return "same_year";
		case AL_DATE_DIFFERENT:
			return "different";
	}
	return "different";
}

size_t
al_typed_number_chars(const char *s, size_t len, char out[AL_TYPED_MAX])
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];
		char		k = 0;

		if (c >= '0' && c <= '9')
			k = (char) c;
		else if (c == 'x' || c == 'X')
			k = 'X';
		else if (c == 0xEF && i + 2 < len)
		{
			unsigned char c1 = (unsigned char) s[i + 1];
			unsigned char c2 = (unsigned char) s[i + 2];

			if (c1 == 0xBC && c2 >= 0x90 && c2 <= 0x99)	/* U+FF10..FF19 */
				k = (char) ('0' + (c2 - 0x90));
			else if ((c1 == 0xBC && c2 == 0xB8) || (c1 == 0xBD && c2 == 0x98))	/* U+FF38, U+FF58 */
				k = 'X';
			if (k)
				i += 2;
		}
		if (k)
		{
			if (n < AL_TYPED_MAX)
				out[n] = k;
			n++;
		}
	}
	return n;
}

int
al_typed_distance(const char *a, size_t n, const char *b, size_t m)
{
	int			d[AL_TYPED_MAX + 1][AL_TYPED_MAX + 1];

	if (n > AL_TYPED_MAX)
		n = AL_TYPED_MAX;
	if (m > AL_TYPED_MAX)
		m = AL_TYPED_MAX;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int) i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int) j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++)
		{
			int			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}
