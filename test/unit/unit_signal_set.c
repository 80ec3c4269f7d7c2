/*
 * Unit tests of the signal sets (src/signal_set_core.c), outside the server
 * under AddressSanitizer and UBSan (make unit).  Prints each failure and
 * ends with "unit: N passed, N failed".
 */
#include "signal_set_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static uint8_t bits[SSET_BYTES];

/* parses in, prints canon */
static void
roundtrip(const char *in, const char *canon, size_t len)
{
	size_t		n;
	sset_error	e;
	char	   *out;

	CHECK(sset_parse(in, strlen(in), bits, &n, &e), "'%s' does not parse (status %d at %zu)", in, e.status, e.pos);
	CHECK(n == len, "'%s': length %zu, want %zu", in, n, len);
	CHECK(n == 0 || bits[n - 1] != 0, "'%s': trailing zero byte", in);
	out = malloc(sset_text_size(n));
	CHECK(sset_format(bits, n, out) == strlen(out), "'%s': length of the text", in);
	CHECK(strlen(out) < sset_text_size(n), "'%s': text too long", in);
	CHECK(strcmp(out, canon) == 0, "'%s' prints '%s', want '%s'", in, out, canon);
	free(out);
}

static void
rejects(const char *in, sset_status st, size_t pos)
{
	size_t		n;
	sset_error	e;

	CHECK(!sset_parse(in, strlen(in), bits, &n, &e), "'%s' parses", in);
	CHECK(e.status == st && e.pos == pos, "'%s': status %d at %zu, want %d at %zu", in, e.status, e.pos, st, pos);
}

static int
cmp_text(const char *a, const char *b)
{
	uint8_t		x[SSET_BYTES],
				y[SSET_BYTES];
	size_t		xl,
				yl;
	sset_error	e;

	if (!sset_parse(a, strlen(a), x, &xl, &e) || !sset_parse(b, strlen(b), y, &yl, &e))
		return 99;
	return sset_compare(x, xl, y, yl);
}

/* reference order: the member lists compared element by element */
static int
cmp_lists(const int *a, int an, const int *b, int bn)
{
	for (int i = 0; i < an && i < bn; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return an == bn ? 0 : an < bn ? -1 : 1;
}

int
main(void)
{
	roundtrip("{}", "{}", 0);
	roundtrip(" { } ", "{}", 0);
	roundtrip("{1}", "{1}", 1);
	roundtrip("{8}", "{8}", 1);
	roundtrip("{9}", "{9}", 2);
	roundtrip("{ 9 , 1,1, 3 }", "{1,3,9}", 2);
	roundtrip("{4096}", "{4096}", SSET_BYTES);
	roundtrip("{0004}", "{4}", 1);

	rejects("", SSET_OPEN, 0);
	rejects("  1}", SSET_OPEN, 2);
	rejects("{", SSET_SYNTAX, 1);
	rejects("{1,", SSET_SYNTAX, 3);
	rejects("{1,,2}", SSET_SYNTAX, 3);
	rejects("{1 2}", SSET_SYNTAX, 3);
	rejects("{-1}", SSET_SYNTAX, 1);
	rejects("{0}", SSET_RANGE, 1);
	rejects("{4097}", SSET_RANGE, 1);
	rejects("{99999999999999999999999999}", SSET_RANGE, 1);
	rejects("{1} x", SSET_TRAILING, 4);
	rejects("{\xef\xbc\x91}", SSET_SYNTAX, 1);	/* full-width 1 */

	CHECK(cmp_text("{}", "{}") == 0, "{} = {}");
	CHECK(cmp_text("{}", "{1}") < 0, "{} < {1}");
	CHECK(cmp_text("{1}", "{1,2}") < 0, "{1} < {1,2}");
	CHECK(cmp_text("{1,2}", "{2}") < 0, "{1,2} < {2}");
	CHECK(cmp_text("{1,9}", "{1,2}") > 0, "{1,9} > {1,2}");
	CHECK(cmp_text("{16,17}", "{17}") < 0, "{16,17} < {17}");
	CHECK(cmp_text("{8}", "{9}") < 0, "{8} < {9}");
	CHECK(cmp_text("{1,4096}", "{1,4095}") > 0, "{1,4096} > {1,4095}");

	/* every pair of subsets of {1..11} (bytes boundary crossed) against the reference order */
	for (int a = 0; a < (1 << 11); a += 7)
		for (int b = 0; b < (1 << 11); b += 5)
		{
			uint8_t		x[2] = {(uint8_t) (a & 0xff), (uint8_t) (a >> 8)};
			uint8_t		y[2] = {(uint8_t) (b & 0xff), (uint8_t) (b >> 8)};
			int			la[11],
						lb[11],
						na = 0,
						nb = 0;
			int			got,
						want;

			for (int k = 0; k < 11; k++)
			{
				if (a & (1 << k))
					la[na++] = k + 1;
				if (b & (1 << k))
					lb[nb++] = k + 1;
			}
			got = sset_compare(x, sset_trim(x, 2), y, sset_trim(y, 2));
			want = cmp_lists(la, na, lb, nb);
			if ((got > 0) - (got < 0) != want)
				CHECK(0, "compare %#x %#x: %d, want %d", a, b, got, want);
			else
				passed++;
			CHECK(sset_count(x, 2) == na, "count %#x", a);
			for (int k = 0; k <= 12; k++)
				if (sset_contains(x, 2, k) != (k >= 1 && k <= 11 && (a & (1 << (k - 1)))))
					CHECK(0, "contains %#x %d", a, k);
		}

	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
