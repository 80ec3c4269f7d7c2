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
