/*
 * Unit tests of the aid engine's pure-C parts (src/aid_engine_core.c),
 * outside the server under AddressSanitizer and UBSan (make unit): region
 * reach with the semantics of `h = p OR h LIKE p || '/%'`, and the hash.
 * Prints each failure and ends with "unit: N passed, N failed".
 */
#include "aid_engine_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static bool
under(const char *h, const char *p)
{
	return aide_region_under(h, strlen(h), p, strlen(p), aide_utf8_len);
}

/* a reference LIKE on whole strings, by brute force over the split points */
static bool
ref_like(const char *s, const char *p)
{
	if (*p == '\0')
		return *s == '\0';
	if (*p == '%')
	{
		const char *t = s;

		for (;;)
		{
			if (ref_like(t, p + 1))
				return true;
			if (*t == '\0')
				return false;
			t += aide_utf8_len(t);
		}
	}
	if (*s == '\0')
		return false;
	if (*p == '_')
		return ref_like(s + aide_utf8_len(s), p + 1);
	if (*p == '\\' && p[1] != '\0')
		p++;
	return *p == *s && ref_like(s + 1, p + 1);
}

static bool
ref_under(const char *h, const char *p)
{
	char		pat[256];

	if (strcmp(h, p) == 0)
		return true;
	snprintf(pat, sizeof(pat), "%s/%%", p);
	return ref_like(h, pat);
}

int
main(void)
{
	static const char *const cases[][3] = {
		/* household region, policy region, expected */
		{"zhongshan", "zhongshan", "1"},
		{"zhongshan/shiqi", "zhongshan", "1"},
		{"zhongshan/shiqi/x", "zhongshan", "1"},
		{"zhongshan/shiqi", "zhongshan/shiqi", "1"},
		{"zhongshanx/shiqi", "zhongshan", "0"},
		{"zhongshan", "zhongshan/shiqi", "0"},
		{"zhong", "zhongshan", "0"},
		{"foshan/chancheng/zhangcha", "foshan", "1"},
		{"foshan/chancheng/zhangcha", "foshan/chancheng", "1"},
		{"foshan/chancheng", "foshan/chancheng/zhangcha", "0"},
		{"zhongshan/", "zhongshan", "1"},	/* LIKE 'zhongshan/%' matches an empty rest */
		{"", "", "1"},
		{"a", "", "0"},
		{"/a", "", "1"},		/* '' || '/%' */
		/* LIKE's wildcards in a policy's region act as in SQL */
		{"zhongshan/shiqi", "zhong_han", "1"},
		{"zhongshan/shiqi", "zh%n", "1"},
		{"zhongshan/shiqi", "%", "1"},
		{"zhongshan", "%", "0"},	/* not equal, and LIKE '%/%' needs a '/' */
		{"zhong_han/x", "zhong\\_han", "1"},
		{"zhongshan/x", "zhong\\_han", "0"},
		/* a '\\' at the end escapes the '/' of p || '/%' */
		{"a/x", "a\\", "1"},
		{"a\\/x", "a\\", "0"},
		{"a\\/x", "a\\\\", "1"},
		/* '_' is one character, not one byte */
		{"中山/石岐", "_山", "1"},
		{"中山/石岐", "__山", "0"},
		{"中山市/石岐", "中山", "0"},
		{"中山/石岐", "中山", "1"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		bool		want = ref_under(cases[i][0], cases[i][1]);

		CHECK(under(cases[i][0], cases[i][1]) == want, "'%s' under '%s': got %d, reference %d",
			  cases[i][0], cases[i][1], under(cases[i][0], cases[i][1]), want);
		CHECK(want == (cases[i][2][0] == '1'), "'%s' under '%s': reference %d, table says %s",
			  cases[i][0], cases[i][1], want, cases[i][2]);
	}

	/* random regions and patterns over a small alphabet, against the reference */
	{
		static const char *const alpha[] = {"a", "b", "/", "_", "%", "\\", "山"};
		unsigned	seed = 12345;
		int			n;

		for (n = 0; n < 200000; n++)
		{
			char		h[64] = "",
						p[64] = "";
			int			hl,
						pl,
						k;

			seed = seed * 1103515245u + 12345u;
			hl = (seed >> 16) % 7;
			seed = seed * 1103515245u + 12345u;
			pl = (seed >> 16) % 5;
			for (k = 0; k < hl; k++)
			{
				seed = seed * 1103515245u + 12345u;
				/* households' regions: no wildcards needed, but allowed */
				strcat(h, alpha[(seed >> 16) % 7]);
			}
			for (k = 0; k < pl; k++)
			{
				seed = seed * 1103515245u + 12345u;
				strcat(p, alpha[(seed >> 16) % 7]);
			}
			CHECK(under(h, p) == ref_under(h, p), "random: '%s' under '%s': got %d, reference %d",
				  h, p, under(h, p), ref_under(h, p));
			if (failed > 20)
				break;
		}
	}

	/* the hash: deterministic, continues, differs on order */
	CHECK(aide_hash(AIDE_HASH_START, "", 0) == AIDE_HASH_START, "empty hash");
	CHECK(aide_hash(AIDE_HASH_START, "ab", 2) == aide_hash(aide_hash(AIDE_HASH_START, "a", 1), "b", 1), "continued hash");
	CHECK(aide_hash(AIDE_HASH_START, "ab", 2) != aide_hash(AIDE_HASH_START, "ba", 2), "order matters");
	CHECK(aide_hash(AIDE_HASH_START, "a", 1) == 0xe40c292cu, "FNV-1a of 'a' is 0xe40c292c");

	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
