/*
 * schedule_core.c — bracket schedules: parse, check, print, apply, compare.
 * See schedule_core.h for the syntax and the meaning.
 */
#include "schedule_core.h"

#include <stdio.h>
#include <string.h>

/* ---- parsing -------------------------------------------------------------- */

typedef struct reader
{
	const char *s;
	size_t		len;
	size_t		pos;
} reader;

static void
skip_space(reader *r)
{
	while (r->pos < r->len &&
		   (r->s[r->pos] == ' ' || r->s[r->pos] == '\t' || r->s[r->pos] == '\n' ||
			r->s[r->pos] == '\r'))
		r->pos++;
}

static bool
fail(sched_error *err, sched_problem p, size_t pos, int bracket, const char *expected)
{
	err->problem = p;
	err->pos = (int) pos;
	err->bracket = bracket;
	err->expected = expected;
	return false;
}

static bool
expect(reader *r, char c, sched_error *err, int bracket, const char *what)
{
	skip_space(r);
	if (r->pos < r->len && r->s[r->pos] == c)
	{
		r->pos++;
		return true;
	}
	return fail(err, SCHED_SYNTAX, r->pos, bracket, what);
}

/*
 * A non-negative decimal with at most maxdec decimals, scaled by 10^scale
 * (scale >= maxdec), at most limit.  Digits may be grouped with ',' only when
 * allow_group (never: ',' separates bounds), so no grouping here.
 */
static bool
read_number(reader *r, int maxdec, int scale, int64_t limit, int64_t *out,
			sched_error *err, int bracket, const char *what)
{
	size_t		start;
	int64_t		v = 0;
	int			ndig = 0;
	int			ndec = 0;
	bool		point = false;

	skip_space(r);
	start = r->pos;
	while (r->pos < r->len)
	{
		char		c = r->s[r->pos];

		if (c >= '0' && c <= '9')
		{
			if (point)
			{
				if (ndec >= maxdec)
				{
					/* trailing zeros beyond maxdec are harmless */
					if (c != '0')
						return fail(err, SCHED_BAD_NUMBER, start, bracket, what);
					r->pos++;
					continue;
				}
				ndec++;
			}
			if (v > limit)		/* already too big: keep scanning */
				;
			else
				v = v * 10 + (c - '0');
			ndig++;
			r->pos++;
		}
		else if (c == '.' && !point)
		{
			point = true;
			r->pos++;
		}
		else
			break;
	}
	if (ndig == 0)
		return fail(err, r->pos == start ? SCHED_SYNTAX : SCHED_BAD_NUMBER, start, bracket, what);
	if (ndig > 18 || v > limit)
		return fail(err, SCHED_TOO_BIG, start, bracket, what);
	for (int i = ndec; i < scale; i++)
	{
		v *= 10;
		if (v > limit)
			return fail(err, SCHED_TOO_BIG, start, bracket, what);
	}
	*out = v;
	return true;
}

static bool
check_order(const sched_schedule *s, sched_error *err, bool with_pos, size_t pos)
{
	int			i = s->n - 1;	/* the bracket just added */
	const sched_bracket *b = &s->b[i];
	size_t		p = with_pos ? pos : 0;

	if (b->rate < 0 || b->rate > SCHED_RATE_ONE)
		return fail(err, SCHED_RATE_RANGE, p, i + 1, NULL);
	if (b->hi != SCHED_OPEN && b->lo >= b->hi)
		return fail(err, SCHED_EMPTY_BRACKET, p, i + 1, NULL);
	if (i > 0)
	{
		const sched_bracket *a = &s->b[i - 1];

		if (a->hi == SCHED_OPEN)
			return fail(err, SCHED_OPEN_NOT_LAST, p, i, NULL);
		if (b->lo < a->lo)
			return fail(err, SCHED_UNSORTED, p, i + 1, NULL);
		if (b->lo < a->hi)
			return fail(err, SCHED_OVERLAP, p, i + 1, NULL);
		if (b->lo > a->hi)
			return fail(err, SCHED_GAP, p, i + 1, NULL);
	}
	return true;
}

bool
sched_parse(const char *s, size_t len, sched_schedule *out, sched_error *err)
{
	reader		r = {s, len, 0};

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	skip_space(&r);
	if (r.pos == r.len)
		return fail(err, SCHED_EMPTY, 0, 0, NULL);

	for (;;)
	{
		skip_space(&r);
		if (r.pos < r.len && r.s[r.pos] == '[')
		{
			sched_bracket *b;
			size_t		at = r.pos;
			int			k = out->n + 1;
			int64_t		rate;

			if (out->has_cap)
				return fail(err, SCHED_SYNTAX, at, k, "nothing after the cap");
			if (out->n == SCHED_MAX_BRACKETS)
				return fail(err, SCHED_TOO_MANY, at, k, NULL);
			r.pos++;
			b = &out->b[out->n];
			if (!read_number(&r, 2, 2, SCHED_MAX_FEN, &b->lo, err, k, "the lower bound of a bracket (yuan)"))
				return false;
			if (!expect(&r, ',', err, k, "',' after the lower bound"))
				return false;
			skip_space(&r);
			if (r.pos < r.len && r.s[r.pos] == ')')
				b->hi = SCHED_OPEN;
			else if (!read_number(&r, 2, 2, SCHED_MAX_FEN, &b->hi, err, k, "the upper bound of a bracket (yuan), or ')' for an open bracket"))
				return false;
			if (!expect(&r, ')', err, k, "')' closing the bracket (brackets are half-open: [lower,upper))"))
				return false;
			if (!expect(&r, ':', err, k, "':' before the rate"))
				return false;
			skip_space(&r);
			{
				size_t		rate_at = r.pos;

				if (r.pos < r.len && r.s[r.pos] == '-')
					return fail(err, SCHED_RATE_RANGE, rate_at, k, NULL);
				if (!read_number(&r, 4, 4, INT64_C(1000000000000), &rate, err, k, "a rate in percent"))
					return false;
				if (!expect(&r, '%', err, k, "'%' after the rate"))
					return false;
				b->rate = rate > SCHED_RATE_ONE ? SCHED_RATE_ONE + 1 : (int32_t) rate;
				out->n++;
				if (!check_order(out, err, true, at))
				{
					if (err->problem == SCHED_RATE_RANGE)
						err->pos = (int) rate_at;
					return false;
				}
			}
		}
		else if (r.pos + 3 <= r.len && strncmp(r.s + r.pos, "cap", 3) == 0)
		{
			size_t		at = r.pos;

			if (out->has_cap)
				return fail(err, SCHED_DUPLICATE_CAP, at, 0, NULL);
			if (out->n == 0)
				return fail(err, SCHED_SYNTAX, at, 1, "a bracket '[lower,upper):rate%' before the cap");
			r.pos += 3;
			if (r.pos < r.len && r.s[r.pos] != ' ' && r.s[r.pos] != '\t')
				return fail(err, SCHED_SYNTAX, r.pos, 0, "a space after 'cap'");
			if (!read_number(&r, 2, 2, SCHED_MAX_FEN, &out->cap, err, 0, "the cap (yuan)"))
				return false;
			out->has_cap = 1;
		}
		else
			return fail(err, SCHED_SYNTAX, r.pos, out->n + 1,
						out->n == 0 ? "a bracket '[lower,upper):rate%'"
						: "a bracket '[lower,upper):rate%' or 'cap amount'");

		skip_space(&r);
		if (r.pos == r.len)
			break;
		if (!expect(&r, ',', err, out->n + 1, "',' between brackets, or the end"))
			return false;
	}
	return true;
}

bool
sched_validate(const sched_schedule *s, sched_error *err)
{
	sched_schedule t;

	memset(err, 0, sizeof(*err));
	if (s->n < 1)
		return fail(err, SCHED_EMPTY, 0, 0, NULL);
	if (s->n > SCHED_MAX_BRACKETS)
		return fail(err, SCHED_TOO_MANY, 0, SCHED_MAX_BRACKETS + 1, NULL);
	if ((s->has_cap != 0 && s->has_cap != 1) || s->cap < 0 || s->cap > SCHED_MAX_FEN ||
		(!s->has_cap && s->cap != 0))
		return fail(err, SCHED_BAD_BINARY, 0, 0, NULL);
	memset(&t, 0, sizeof(t));
	for (int i = 0; i < s->n; i++)
	{
		const sched_bracket *b = &s->b[i];

		if (b->lo < 0 || b->lo > SCHED_MAX_FEN || b->pad != 0 ||
			(b->hi != SCHED_OPEN && (b->hi < 0 || b->hi > SCHED_MAX_FEN)))
			return fail(err, SCHED_BAD_BINARY, 0, i + 1, NULL);
		t.b[i] = *b;
		t.n = i + 1;
		if (!check_order(&t, err, false, 0))
			return false;
	}
	return true;
}

/* ---- printing ------------------------------------------------------------- */

size_t
sched_format_yuan(int64_t fen, char *buf, size_t bufsize)
{
	int			n;

	if (fen % 100 == 0)
		n = snprintf(buf, bufsize, "%lld", (long long) (fen / 100));
	else
		n = snprintf(buf, bufsize, "%lld.%02lld", (long long) (fen / 100), (long long) (fen % 100));
	return n < 0 ? 0 : (size_t) n;
}

static size_t
format_rate(int32_t rate, char *buf, size_t bufsize)
{
	/* millionths -> percent with up to 4 decimals, no trailing zeros */
	int32_t		whole = rate / 10000;
	int32_t		frac = rate % 10000;
	int			n;

	if (frac == 0)
		n = snprintf(buf, bufsize, "%d%%", (int) whole);
	else
	{
		char		f[8];
		int			k;

		snprintf(f, sizeof(f), "%04d", (int) frac);
		for (k = 3; k > 0 && f[k] == '0'; k--)
			f[k] = '\0';
		n = snprintf(buf, bufsize, "%d.%s%%", (int) whole, f);
	}
	return n < 0 ? 0 : (size_t) n;
}

size_t
sched_format(const sched_schedule *s, char *buf, size_t bufsize)
{
	size_t		used = 0;
	char		a[32],
				b[32],
				r[32];

#define PUT(...) do { \
	int n_ = snprintf(buf + used, used < bufsize ? bufsize - used : 0, __VA_ARGS__); \
	if (n_ > 0) used += (size_t) n_; \
} while (0)

	if (bufsize > 0)
		buf[0] = '\0';
	for (int i = 0; i < s->n; i++)
	{
		sched_format_yuan(s->b[i].lo, a, sizeof(a));
		if (s->b[i].hi == SCHED_OPEN)
			b[0] = '\0';
		else
			sched_format_yuan(s->b[i].hi, b, sizeof(b));
		format_rate(s->b[i].rate, r, sizeof(r));
		PUT("%s[%s,%s):%s", i > 0 ? ", " : "", a, b, r);
	}
	if (s->has_cap)
	{
		sched_format_yuan(s->cap, a, sizeof(a));
		PUT(", cap %s", a);
	}
#undef PUT
	return used < bufsize ? used : (bufsize > 0 ? bufsize - 1 : 0);
}

void
sched_describe(const sched_error *err, const sched_schedule *partial, char *buf, size_t bufsize)
{
	char		a[32],
				b[32];
	int			k = err->bracket;

	switch (err->problem)
	{
		case SCHED_OK:
			snprintf(buf, bufsize, "No problem.");
			break;
		case SCHED_EMPTY:
			snprintf(buf, bufsize, "A schedule has at least one bracket, as in '[0,20000):60%%, [20000,):80%%, cap 50000'.");
			break;
		case SCHED_SYNTAX:
			snprintf(buf, bufsize, "Expected %s at character %d.", err->expected ? err->expected : "something else", err->pos + 1);
			break;
		case SCHED_BAD_NUMBER:
			snprintf(buf, bufsize, "Malformed number at character %d (expected %s; amounts have at most 2 decimals, rates at most 4).",
					 err->pos + 1, err->expected ? err->expected : "a number");
			break;
		case SCHED_TOO_BIG:
			snprintf(buf, bufsize, "Number too large at character %d (at most 10000000000 yuan, and a rate at most 100%%).", err->pos + 1);
			break;
		case SCHED_RATE_RANGE:
			snprintf(buf, bufsize, "The rate of bracket %d is outside 0%%-100%%.", k);
			break;
		case SCHED_EMPTY_BRACKET:
			sched_format_yuan(partial->b[k - 1].lo, a, sizeof(a));
			sched_format_yuan(partial->b[k - 1].hi, b, sizeof(b));
			snprintf(buf, bufsize, "Bracket %d [%s,%s) is empty: its upper bound must be above its lower bound.", k, a, b);
			break;
		case SCHED_OPEN_NOT_LAST:
			snprintf(buf, bufsize, "Bracket %d is open-ended, so it must be the last.", k);
			break;
		case SCHED_UNSORTED:
			sched_format_yuan(partial->b[k - 1].lo, a, sizeof(a));
			sched_format_yuan(partial->b[k - 2].lo, b, sizeof(b));
			snprintf(buf, bufsize, "Brackets are not sorted: bracket %d starts at %s, before bracket %d, which starts at %s.", k, a, k - 1, b);
			break;
		case SCHED_OVERLAP:
			sched_format_yuan(partial->b[k - 1].lo, a, sizeof(a));
			sched_format_yuan(partial->b[k - 2].hi, b, sizeof(b));
			snprintf(buf, bufsize, "Brackets %d and %d overlap: bracket %d starts at %s, before bracket %d ends at %s.", k - 1, k, k, a, k - 1, b);
			break;
		case SCHED_GAP:
			sched_format_yuan(partial->b[k - 2].hi, a, sizeof(a));
			sched_format_yuan(partial->b[k - 1].lo, b, sizeof(b));
			snprintf(buf, bufsize, "Gap between brackets %d and %d: amounts from %s to %s are in no bracket.", k - 1, k, a, b);
			break;
		case SCHED_TOO_MANY:
			snprintf(buf, bufsize, "A schedule has at most %d brackets.", SCHED_MAX_BRACKETS);
			break;
		case SCHED_DUPLICATE_CAP:
			snprintf(buf, bufsize, "A second cap at character %d: a schedule has at most one.", err->pos + 1);
			break;
		case SCHED_BAD_BINARY:
			snprintf(buf, bufsize, "The binary value is inconsistent (count, cap flag, bound out of range or padding).");
			break;
	}
}

/* ---- applying -------------------------------------------------------------- */

int64_t
sched_apply(const sched_schedule *s, int64_t amount, bool marginal, int *bracket, bool *capped)
{
	int64_t		total = 0;			/* millionths of a fen: <= 1e12 * 1e6 */
	int			where = 0;

	for (int i = 0; i < s->n; i++)
	{
		const sched_bracket *b = &s->b[i];

		if (amount >= b->lo && (b->hi == SCHED_OPEN || amount < b->hi))
			where = i + 1;
		if (marginal && amount > b->lo)
		{
			int64_t		top = (b->hi == SCHED_OPEN || amount < b->hi) ? amount : b->hi;

			total += (top - b->lo) * (int64_t) b->rate;
		}
	}
	if (!marginal && where > 0)
		total = amount * (int64_t) s->b[where - 1].rate;
	*bracket = where;
	*capped = false;
	if (s->has_cap && total > s->cap * SCHED_RATE_ONE)
	{
		total = s->cap * SCHED_RATE_ONE;
		*capped = true;
	}
	return total;
}

/* ---- order and wire form --------------------------------------------------- */

static int
cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b ? 1 : 0;
}

int
sched_cmp(const sched_schedule *a, const sched_schedule *b)
{
	int			n = a->n < b->n ? a->n : b->n;
	int			c;

	for (int i = 0; i < n; i++)
	{
		int64_t		ah = a->b[i].hi == SCHED_OPEN ? INT64_MAX : a->b[i].hi;
		int64_t		bh = b->b[i].hi == SCHED_OPEN ? INT64_MAX : b->b[i].hi;

		if ((c = cmp64(a->b[i].lo, b->b[i].lo)) != 0)
			return c;
		if ((c = cmp64(ah, bh)) != 0)
			return c;
		if ((c = cmp64(a->b[i].rate, b->b[i].rate)) != 0)
			return c;
	}
	if ((c = cmp64(a->n, b->n)) != 0)
		return c;
	return cmp64(a->has_cap ? a->cap : INT64_MAX, b->has_cap ? b->cap : INT64_MAX);
}

static void
put64(uint8_t *p, int64_t v)
{
	uint64_t	u = (uint64_t) v;

	for (int i = 7; i >= 0; i--)
	{
		p[i] = (uint8_t) (u & 0xff);
		u >>= 8;
	}
}

static int64_t
get64(const uint8_t *p)
{
	uint64_t	u = 0;

	for (int i = 0; i < 8; i++)
		u = (u << 8) | p[i];
	return (int64_t) u;
}

static void
put32(uint8_t *p, int32_t v)
{
	uint32_t	u = (uint32_t) v;

	p[0] = (uint8_t) (u >> 24);
	p[1] = (uint8_t) (u >> 16);
	p[2] = (uint8_t) (u >> 8);
	p[3] = (uint8_t) u;
}

static int32_t
get32(const uint8_t *p)
{
	return (int32_t) (((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
					  ((uint32_t) p[2] << 8) | (uint32_t) p[3]);
}

/* wire: int32 n, int32 has_cap, int64 cap, then n x (int64 lo, int64 hi, int32 rate) */
size_t
sched_to_wire(const sched_schedule *s, uint8_t *buf)
{
	size_t		p = 0;

	put32(buf + p, s->n);
	p += 4;
	put32(buf + p, s->has_cap);
	p += 4;
	put64(buf + p, s->cap);
	p += 8;
	for (int i = 0; i < s->n; i++)
	{
		put64(buf + p, s->b[i].lo);
		p += 8;
		put64(buf + p, s->b[i].hi);
		p += 8;
		put32(buf + p, s->b[i].rate);
		p += 4;
	}
	return p;
}

bool
sched_from_wire(const uint8_t *buf, size_t len, sched_schedule *out, size_t *used, sched_error *err)
{
	size_t		p = 0;
	int32_t		n;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len < 16)
		return fail(err, SCHED_BAD_BINARY, 0, 0, NULL);
	n = get32(buf);
	if (n < 1 || n > SCHED_MAX_BRACKETS)
		return fail(err, n < 1 ? SCHED_EMPTY : SCHED_TOO_MANY, 0, 0, NULL);
	if (len < 16 + 20 * (size_t) n)
		return fail(err, SCHED_BAD_BINARY, 0, 0, NULL);
	out->n = n;
	out->has_cap = get32(buf + 4);
	out->cap = get64(buf + 8);
	p = 16;
	for (int i = 0; i < n; i++)
	{
		out->b[i].lo = get64(buf + p);
		out->b[i].hi = get64(buf + p + 8);
		out->b[i].rate = get32(buf + p + 16);
		p += 20;
	}
	*used = p;
	return sched_validate(out, err);
}

/* sched_cmp on two (valid) wire forms, without decoding them. */
int
sched_cmp_wire(const uint8_t *a, const uint8_t *b)
{
	int32_t		na = get32(a),
				nb = get32(b);
	int			n = na < nb ? na : nb;
	int			c;

	for (int i = 0; i < n; i++)
	{
		const uint8_t *pa = a + 16 + 20 * i;
		const uint8_t *pb = b + 16 + 20 * i;
		int64_t		ah = get64(pa + 8),
					bh = get64(pb + 8);

		if ((c = cmp64(get64(pa), get64(pb))) != 0)
			return c;
		if ((c = cmp64(ah == SCHED_OPEN ? INT64_MAX : ah, bh == SCHED_OPEN ? INT64_MAX : bh)) != 0)
			return c;
		if ((c = cmp64(get32(pa + 16), get32(pb + 16))) != 0)
			return c;
	}
	if ((c = cmp64(na, nb)) != 0)
		return c;
	return cmp64(get32(a + 4) ? get64(a + 8) : INT64_MAX, get32(b + 4) ? get64(b + 8) : INT64_MAX);
}

sched_wire_status
sched_from_wire_exact(const uint8_t *b, size_t len, sched_schedule *out, size_t *used,
					  sched_error *err)
{
	*used = 0;
	if (len < 16 || len > SCHED_WIRE_MAX)
		return SCHED_WIRE_LENGTH;
	if (!sched_from_wire(b, len, out, used, err))
		return SCHED_WIRE_INVALID;
	return *used == len ? SCHED_WIRE_OK : SCHED_WIRE_TRAILING;
}
