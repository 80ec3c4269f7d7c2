/*
 * id_repair_core.c — candidate repairs of a mistyped resident identity
 * number.  See id_repair_core.h.
 */
#include "id_repair_core.h"

#include <stdio.h>
#include <string.h>

/* Is this exact 18- or 15-character ASCII string a valid number?  */
static bool
valid_text(const char *t, size_t n, int64_t *body)
{
	al_error	err;

	return rid_parse(t, n, false, body, &err);
}

static void
add(rid_candidate *out, int *n, int64_t body, rid_edit_kind kind, int position,
	char from, char to)
{
	for (int i = 0; i < *n; i++)
		if (out[i].body == body)
			return;
	if (*n >= RID_MAX_CANDIDATES)
		return;
	out[*n].body = body;
	out[*n].kind = kind;
	out[*n].position = position;
	out[*n].from = from;
	out[*n].to = to;
	(*n)++;
}

int
rid_repair_candidates(const char *s, size_t len, rid_candidate out[RID_MAX_CANDIDATES])
{
	al_scan		sc;
	char		typed[19];
	char		work[19];
	size_t		n;
	int			count = 0;
	int64_t		own = -1;
	int64_t		body;

	al_scan_text(s, len, true, AL_SCAN_KEEP, &sc);
	n = sc.nchars;
	if (n != 18 && n != 15)
		return 0;

	/* What was typed, as ASCII: digits and X; anything else is '?'. */
	for (size_t i = 0; i < n; i++)
	{
		char		c = sc.ch[i].ascii;

		if (c == 'x')
			c = 'X';
		typed[i] = ((c >= '0' && c <= '9') || c == 'X') ? c : '?';
	}
	typed[n] = '\0';
	if (!valid_text(typed, n, &own))
		own = -1;

	/* One character replaced. */
	for (size_t p = 0; p < n; p++)
	{
		bool		check = (n == 18 && p == 17);

		for (int r = 0; r < (check ? 11 : 10); r++)
		{
			char		to = (r == 10) ? 'X' : (char) ('0' + r);

			if (to == typed[p])
				continue;
			memcpy(work, typed, n + 1);
			work[p] = to;
			if (valid_text(work, n, &body) && body != own)
				add(out, &count, body, RID_EDIT_SUBSTITUTE, (int) p + 1, typed[p], to);
		}
	}

	/* Two adjacent characters swapped. */
	for (size_t p = 0; p + 1 < n; p++)
	{
		if (typed[p] == typed[p + 1])
			continue;
		memcpy(work, typed, n + 1);
		work[p] = typed[p + 1];
		work[p + 1] = typed[p];
		if (valid_text(work, n, &body) && body != own)
			add(out, &count, body, RID_EDIT_SWAP, (int) p + 1, typed[p], typed[p + 1]);
	}
	return count;
}

void
rid_describe_edit(const rid_candidate *c, char *buf, size_t bufsize)
{
	if (c->kind == RID_EDIT_SWAP)
		snprintf(buf, bufsize, "characters %d and %d swapped", c->position, c->position + 1);
	else
		snprintf(buf, bufsize, "character %d: %c -> %c", c->position, c->from, c->to);
}
