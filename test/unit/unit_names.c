/*
 * Unit tests of the name comparators' pure-C core (hanzi.c,
 * name_compare_core.c), run outside the server under AddressSanitizer and
 * UBSan (make unit).  Prints each failure and ends with
 * "unit: N passed, N failed", like unit_tests.c.
 *
 * Jaro–Winkler and the edit distance are checked against textbook
 * implementations written here (full matrices, no shortcuts), on known
 * values and on random names.
 */
#include "hanzi.h"
#include "name_compare_core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

/* ---- helpers ------------------------------------------------------------- */

/* Fold a UTF-8 literal; returns the count, code points in out (room 256). */
static size_t
fold(const char *s, uint32_t *out)
{
	return al_name_fold(s, strlen(s), out);
}

static const char *
folded_text(const char *s)
{
	static char buf[4 * 256 + 1];
	uint32_t	cp[256];
	size_t		n = fold(s, cp);

	al_utf8_encode(cp, n, buf);
	return buf;
}

static uint32_t
first_cp(const char *s)
{
	uint32_t	cp[8];

	return fold(s, cp) > 0 ? cp[0] : 0;
}

static bool
has_reading(const char *ch, const char *syl)
{
	const uint16_t *ids;
	size_t		n = al_hanzi_readings(first_cp(ch), &ids);

	for (size_t i = 0; i < n; i++)
		if (strcmp(al_hanzi_syllable(ids[i]), syl) == 0)
			return true;
	return false;
}

static const char *
level_of_n(const char *a, int alen, const char *b, int blen)
{
	al_name_result r = al_name_level(a, alen, b, blen);
	const char *c = al_name_result_code(r);

	return c ? c : r == AL_NAME_NULL ? "NULL" : r == AL_NAME_INVALID ? "INVALID" : "?";
}

static const char *
level_of(const char *a, const char *b)
{
	return level_of_n(a, (int) strlen(a), b, (int) strlen(b));
}

/* Textbook Jaro–Winkler: flags, window max/2 - 1, transpositions halved
 * (rounded down), Winkler's boost of 0.1 per common prefix character (at
 * most 4) above a Jaro of 0.7. */
static double
ref_jw(const uint32_t *a, int n, const uint32_t *b, int m)
{
	char		fa[512] = {0},
				fb[512] = {0};
	int			w = (n > m ? n : m) / 2 - 1,
				matches = 0,
				half = 0,
				k = 0,
				l = 0;
	double		j;

	if (n == 0 && m == 0)
		return 1.0;
	if (n == 0 || m == 0)
		return 0.0;
	if (w < 0)
		w = 0;
	for (int i = 0; i < n; i++)
		for (int x = 0; x < m; x++)
			if (x >= i - w && x <= i + w && !fb[x] && a[i] == b[x])
			{
				fa[i] = fb[x] = 1;
				matches++;
				break;
			}
	if (matches == 0)
		return 0.0;
	for (int i = 0; i < n; i++)
		if (fa[i])
		{
			while (!fb[k])
				k++;
			half += a[i] != b[k];
			k++;
		}
	j = ((double) matches / n + (double) matches / m + (double) (matches - half / 2) / matches) / 3;
	while (l < 4 && l < n && l < m && a[l] == b[l])
		l++;
	return j > 0.7 ? j + l * 0.1 * (1 - j) : j;
}

/* Textbook optimal string alignment distance over a full matrix. */
static int
ref_osa(const uint32_t *a, int n, const uint32_t *b, int m)
{
	static int	d[130][130];

	for (int i = 0; i <= n; i++)
		d[i][0] = i;
	for (int j = 0; j <= m; j++)
		d[0][j] = j;
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= m; j++)
		{
			int			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

static double
jw_of(const char *x, const char *y)
{
	uint32_t	a[256],
				b[256];
	size_t		n = fold(x, a),
				m = fold(y, b);
	static unsigned char work[16384];

	return al_name_jaro_winkler(a, n, b, m, work);
}

static size_t
osa_of(const char *x, const char *y)
{
	uint32_t	a[256],
				b[256];
	size_t		n = fold(x, a),
				m = fold(y, b);
	static unsigned char work[16384];

	return al_name_osa(a, n, b, m, work);
}

static const char *
pinyin_of(const char *s)
{
	static char buf[8 * 256 + 1];
	uint32_t	cp[256];
	size_t		n = fold(s, cp);

	al_name_pinyin(cp, n, buf);
	return buf;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t
rnd(uint32_t bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng % bound);
}

/* ---- the character table ------------------------------------------------- */

static void
test_table(void)
{
	size_t		nchars,
				nsyl,
				nfold;

	al_hanzi_counts(&nchars, &nsyl, &nfold);
	CHECK(nchars > 40000, "only %zu characters with readings", nchars);
	CHECK(nsyl > 400 && nsyl < 450, "%zu syllables", nsyl);
	CHECK(nfold > 5000, "only %zu folded characters", nfold);
	CHECK(strcmp(al_hanzi_unicode_version(), "15.0.0") == 0, "Unicode %s", al_hanzi_unicode_version());

	/* customary readings come first */
	{
		const uint16_t *ids;

		CHECK(al_hanzi_readings(first_cp("张"), &ids) >= 1 &&
			  strcmp(al_hanzi_syllable(ids[0]), "zhang") == 0, "张 is not read zhang first");
		CHECK(al_hanzi_readings(first_cp("单"), &ids) >= 1 &&
			  strcmp(al_hanzi_syllable(ids[0]), "dan") == 0, "单 is not read dan first");
		CHECK(al_hanzi_readings(first_cp("吕"), &ids) >= 1 &&
			  strcmp(al_hanzi_syllable(ids[0]), "lv") == 0, "吕 is not read lv");
		CHECK(al_hanzi_readings('A', &ids) == 0 && ids == NULL, "A has readings");
		CHECK(al_hanzi_readings(0x10FFFF, &ids) == 0, "U+10FFFF has readings");
	}
	/* heteronyms keep every reading */
	CHECK(has_reading("曾", "zeng") && has_reading("曾", "ceng"), "曾 zeng/ceng");
	CHECK(has_reading("单", "dan") && has_reading("单", "shan") && has_reading("单", "chan"), "单 dan/shan/chan");
	CHECK(has_reading("乐", "le") && has_reading("乐", "yue"), "乐 le/yue");
	CHECK(has_reading("重", "zhong") && has_reading("重", "chong"), "重 zhong/chong");
	/* rare characters read from kHanyuPinyin only */
	CHECK(al_hanzi_readings(0x20000, &(const uint16_t *) {NULL}) > 0, "U+20000 has no reading");

	/* folding: traditional to simplified, compatibility to unified */
	CHECK(al_hanzi_fold(first_cp("劉")) == 0x5218, "劉 -> 刘");
	CHECK(al_hanzi_fold(0x9673) == 0x9648, "陳 -> 陈");
	CHECK(al_hanzi_fold(0x5F35) == 0x5F20, "張 -> 张");
	CHECK(al_hanzi_fold(0x83EF) == 0x534E, "華 -> 华");
	CHECK(al_hanzi_fold(0x4E7E) == 0x4E7E, "乾 stays (also simplified)");
	CHECK(al_hanzi_fold(0x5DD6) == 0x5CA9, "巖 -> 岩 (its semantic variant, not U+303A0)");
	CHECK(al_hanzi_fold(0x5F20) == 0x5F20, "张 stays");
	CHECK(al_hanzi_fold(0xF900) == 0x5C82, "U+F900 -> 豈 -> 岂");
	CHECK(al_hanzi_fold(0xF9D1) == 0x516D, "U+F9D1 -> 六");
	CHECK(al_hanzi_fold('A') == 'A' && al_hanzi_fold(0) == 0 && al_hanzi_fold(0x10FFFF) == 0x10FFFF, "non-Han fold");
	/* a fold never leads to a character that folds again */
	for (uint32_t cp = 0x3400; cp < 0x32400; cp++)
	{
		uint32_t	f = al_hanzi_fold(cp);

		if (al_hanzi_fold(f) != f)
		{
			CHECK(0, "U+%04X folds to U+%04X, which folds again", cp, f);
			break;
		}
	}

	/* syllables */
	CHECK(al_hanzi_syllable_id("zhang") > 0 &&
		  strcmp(al_hanzi_syllable(al_hanzi_syllable_id("zhang")), "zhang") == 0, "zhang id");
	CHECK(al_hanzi_syllable_id("xyz") == 0 && al_hanzi_syllable_id("") == 0, "unknown syllable");
	CHECK(strcmp(al_hanzi_syllable(0xFFFF), "") == 0, "syllable past the end");

	CHECK(al_hanzi_share_reading(first_cp("张"), first_cp("章")), "张 章 share zhang");
	CHECK(!al_hanzi_share_reading(first_cp("张"), first_cp("李")), "张 李");
	CHECK(al_hanzi_share_reading('a', 'a') && !al_hanzi_share_reading('a', 'b'), "non-Han share");
	CHECK(al_hanzi_is_han(0x4E00) && al_hanzi_is_han(0x3007) && al_hanzi_is_han(0x2A6DF) &&
		  !al_hanzi_is_han('a') && !al_hanzi_is_han(0x3002), "is_han");
}

/* ---- UTF-8, trimming, folding --------------------------------------------- */

static void
test_utf8_fold(void)
{
	size_t		s,
				e;
	uint32_t	cp[256];
	char		buf[64];

	CHECK(al_utf8_check("张伟", 6) == -1, "valid");
	CHECK(al_utf8_check("", 0) == -1, "empty valid");
	CHECK(al_utf8_check("ab\xFF", 3) == 2, "0xFF at 2");
	CHECK(al_utf8_check("\xE5\xBC", 2) == 0, "truncated");
	CHECK(al_utf8_check("\xC0\xAF", 2) == 0, "overlong");
	CHECK(al_utf8_check("\xED\xA0\x80", 3) == 0, "surrogate");
	CHECK(al_utf8_check("\xF4\x90\x80\x80", 4) == 0, "above U+10FFFF");
	CHECK(al_utf8_check("a\xF0\x9F\x98\x80", 5) == -1, "4-byte");

	al_name_trim(" \t　张伟\xEF\xBB\xBF ", strlen(" \t　张伟\xEF\xBB\xBF "), &s, &e);
	CHECK(s == 5 && e == 11, "trim: [%zu, %zu)", s, e);
	al_name_trim("   ", 3, &s, &e);
	CHECK(s == e, "trim of blanks");

	CHECK(strcmp(folded_text("  劉德華　"), "刘德华") == 0, "traditional: %s", folded_text("  劉德華　"));
	CHECK(strcmp(folded_text("陳 小 明"), "陈小明") == 0, "inner spaces");
	CHECK(strcmp(folded_text("ＺＨＡＮＧ　Ｗｅｉ"), "zhangwei") == 0, "full-width: %s", folded_text("ＺＨＡＮＧ　Ｗｅｉ"));
	CHECK(strcmp(folded_text("ÉLODIE"), "élodie") == 0, "Latin-1 lower-case");
	CHECK(strcmp(folded_text("阿依古丽·买买提"), "阿依古丽·买买提") == 0, "middle dot");
	CHECK(strcmp(folded_text("阿依古丽•买买提"), "阿依古丽·买买提") == 0, "bullet");
	CHECK(strcmp(folded_text("阿依古丽・买买提"), "阿依古丽·买买提") == 0, "katakana dot");
	CHECK(strcmp(folded_text("阿依古丽．买买提"), "阿依古丽·买买提") == 0, "full-width stop");
	CHECK(strcmp(folded_text("阿依古丽.买买提"), "阿依古丽·买买提") == 0, "full stop");
	CHECK(strcmp(folded_text("阿依古丽 · · 买买提·"), "阿依古丽·买买提") == 0, "dots collapse");
	CHECK(strcmp(folded_text("·张伟"), "张伟") == 0, "leading dot");
	CHECK(strcmp(folded_text("张\xE2\x80\x8B伟\xC2\xAD"), "张伟") == 0, "zero-width, soft hyphen");
	CHECK(strcmp(folded_text("葛\xF3\xA0\x84\x80"), "葛") == 0, "ideographic variation selector");
	CHECK(fold(" · ", cp) == 0, "only a dot folds to nothing");
	CHECK(fold("", cp) == 0, "empty");
	/* folding never lengthens and skips invalid bytes */
	CHECK(al_name_fold("a\xFF" "b", 3, cp) == 2 && cp[0] == 'a' && cp[1] == 'b', "invalid skipped");

	{
		uint32_t	all[4] = {0x41, 0x7FF, 0xFFFF, 0x10FFFF};

		CHECK(al_utf8_encode(all, 4, buf) == 1 + 2 + 3 + 4 && al_utf8_check(buf, 10) == -1, "encode");
	}
}

/* ---- comparators ----------------------------------------------------------- */

static void
test_jaro_winkler(void)
{
	static unsigned char work[1 << 16];

	CHECK(fabs(jw_of("MARTHA", "MARHTA") - 0.961111) < 1e-5, "MARTHA %f", jw_of("MARTHA", "MARHTA"));
	CHECK(fabs(jw_of("DWAYNE", "DUANE") - 0.84) < 1e-9, "DWAYNE %f", jw_of("DWAYNE", "DUANE"));
	CHECK(fabs(jw_of("DIXON", "DICKSONX") - 0.813333) < 1e-5, "DIXON %f", jw_of("DIXON", "DICKSONX"));
	CHECK(jw_of("张伟", "张伟") == 1.0, "equal");
	CHECK(jw_of("张伟", "李娜") == 0.0, "nothing in common");
	CHECK(fabs(jw_of("张伟", "章伟") - 2.0 / 3.0) < 1e-9, "张伟/章伟 %f", jw_of("张伟", "章伟"));
	CHECK(jw_of("", "") == 1.0 && jw_of("a", "") == 0.0, "empty");
	CHECK(jw_of("劉德華", "刘德华") == 1.0, "folded first");

	/* random names over small alphabets: scan, indexed, textbook and symmetry agree */
	{
		uint32_t	a[128],
					b[128];
		int			bad = 0;

		for (int t = 0; t < 60000; t++)
		{
			int			n = (int) rnd(t < 40000 ? 8 : 120),
						m = (int) rnd(t < 40000 ? 8 : 120),
						k = 2 + (int) rnd(5);
			double		r,
						s,
						x,
						y,
						z;

			for (int i = 0; i < n; i++)
				a[i] = 0x4E00 + rnd((uint32_t) k);
			for (int i = 0; i < m; i++)
				b[i] = 0x4E00 + rnd((uint32_t) k);
			r = ref_jw(a, n, b, m);
			s = al_name_jw_scan(a, (size_t) n, b, (size_t) m, work);
			x = al_name_jw_indexed(a, (size_t) n, b, (size_t) m, work);
			y = al_name_jaro_winkler(a, (size_t) n, b, (size_t) m, work);
			z = al_name_jaro_winkler(b, (size_t) m, a, (size_t) n, work);
			if (r != s || r != x || y != z || y < 0.0 || y > 1.0)
			{
				if (bad++ < 5)
					printf("  jw n=%d m=%d ref %.17g scan %.17g indexed %.17g ab %.17g ba %.17g\n",
						   n, m, r, s, x, y, z);
			}
		}
		CHECK(bad == 0, "%d random pairs: Jaro–Winkler implementations disagree", bad);
	}
}

static void
test_edit_distance(void)
{
	static unsigned char work[1 << 16];

	CHECK(osa_of("张伟", "张伟") == 0, "equal");
	CHECK(osa_of("张伟", "章伟") == 1, "substitution");
	CHECK(osa_of("张伟", "伟张") == 1, "swap");
	CHECK(osa_of("张伟", "张小伟") == 1, "insertion");
	CHECK(osa_of("ca", "abc") == 3, "OSA, not true DL (which gives 2): %zu", osa_of("ca", "abc"));
	CHECK(osa_of("kitten", "sitting") == 3, "kitten");
	CHECK(osa_of("", "abc") == 3 && osa_of("abc", "") == 3, "empty");
	CHECK(osa_of("劉德華", "刘德华") == 0, "folded first");

	{
		uint32_t	a[128],
					b[128];
		int			bad = 0;

		for (int t = 0; t < 40000; t++)
		{
			int			n = (int) rnd(t < 30000 ? 7 : 40),
						m = (int) rnd(t < 30000 ? 7 : 40),
						k = 2 + (int) rnd(4);
			int			r;
			size_t		d1,
						d2;
			bool		one;

			for (int i = 0; i < n; i++)
				a[i] = 'a' + rnd((uint32_t) k);
			for (int i = 0; i < m; i++)
				b[i] = 'a' + rnd((uint32_t) k);
			/* a close copy half the time, so that distance 1 is common */
			if (t % 2)
			{
				memcpy(b, a, (size_t) n * sizeof(uint32_t));
				m = n;
				if (n > 0)
				{
					int			p = (int) rnd((uint32_t) n);

					switch (rnd(3))
					{
						case 0:
							b[p] = 'a' + rnd((uint32_t) k);
							break;
						case 1:
							memmove(b + p, b + p + 1, (size_t) (n - p - 1) * sizeof(uint32_t));
							m = n - 1;
							break;
						default:
							if (p + 1 < n)
							{
								uint32_t	c = b[p];

								b[p] = b[p + 1];
								b[p + 1] = c;
							}
					}
				}
			}
			r = ref_osa(a, n, b, m);
			d1 = al_name_osa(a, (size_t) n, b, (size_t) m, work);
			d2 = al_name_osa(b, (size_t) m, a, (size_t) n, work);
			one = al_name_one_edit(a, (size_t) n, b, (size_t) m);
			if ((size_t) r != d1 || d1 != d2 || one != (r == 1) ||
				one != al_name_one_edit(b, (size_t) m, a, (size_t) n))
			{
				if (bad++ < 5)
					printf("  osa n=%d m=%d ref %d got %zu / %zu one_edit %d\n", n, m, r, d1, d2, one);
			}
		}
		CHECK(bad == 0, "%d random pairs: edit distances disagree", bad);
	}
	CHECK(al_name_osa_work_size(3, 1000000) == 3 * 4 * sizeof(uint32_t), "rows over the shorter name");
}

static void
test_homophones(void)
{
	uint32_t	a[64],
				b[64];
	size_t		n,
				m;

#define SOUNDS(x, y, want) do { \
	n = fold(x, a); m = fold(y, b); \
	CHECK(al_name_homophone(a, n, b, m) == (want), "%s / %s: sounds alike %d", x, y, !(want)); \
} while (0)
	SOUNDS("张伟", "章伟", true);
	SOUNDS("李娜", "李那", true);
	SOUNDS("王丽", "王莉", true);
	SOUNDS("刘德华", "刘德化", true);
	SOUNDS("曾伟", "层伟", true);	/* 曾 ceng */
	SOUNDS("张伟", "张伟", true);
	SOUNDS("张伟", "李伟", false);
	SOUNDS("张伟", "张伟伟", false);
	SOUNDS("张伟a", "章伟a", true);
	SOUNDS("张伟a", "章伟b", false);
	SOUNDS("吕布", "旅布", true);	/* lv */
#undef SOUNDS
}

static void
test_levels(void)
{
#define LEVEL(x, y, want) do { \
	const char *got = level_of(x, y); \
	CHECK(strcmp(got, want) == 0, "level(%s, %s) = %s, want %s", x, y, got, want); \
} while (0)
	LEVEL("张伟", "张伟", "exact");
	LEVEL(" 张伟　", "张伟", "exact");
	LEVEL("劉德華", "刘德华", "variant");
	LEVEL("张 伟", "张伟", "variant");
	LEVEL("ＺＨＡＮＧ", "zhang", "variant");
	LEVEL("阿依古丽•买买提", "阿依古丽·买买提", "variant");
	LEVEL("张伟", "章伟", "homophone");
	LEVEL("張偉", "章伟", "homophone");
	LEVEL("张伟", "李伟", "one_edit");
	LEVEL("张伟", "张小伟", "one_edit");
	LEVEL("张伟", "伟张", "one_edit");
	LEVEL("欧阳娜娜", "欧阳娜", "one_edit");
	LEVEL("欧阳娜娜娜", "欧阳娜", "similar");
	LEVEL("张伟", "李娜", "different");
	LEVEL("", "张伟", "NULL");
	LEVEL("   ", "张伟", "NULL");
	LEVEL("·", "·", "NULL");
	LEVEL("张伟", "\xFF", "INVALID");
#undef LEVEL
	CHECK(al_name_level(NULL, 0, "a", 1) == AL_NAME_INVALID, "NULL pointer");
	CHECK(al_name_level("a", -1, "a", 1) == AL_NAME_INVALID, "negative length");
	CHECK(al_name_result_code(AL_NAME_NULL) == NULL && al_name_result_code(AL_NAME_INVALID) == NULL &&
		  strcmp(al_name_result_code(AL_NAME_SIMILAR), "similar") == 0, "codes");

	/* the threshold of similar */
	{
		static unsigned char work[4096];
		const char *a = "欧阳娜娜娜",
				   *b = "欧阳娜";

		CHECK(al_name_compare(a, strlen(a), b, strlen(b), 1.0, work) == AL_NAME_DIFFERENT, "threshold 1");
		CHECK(al_name_compare(a, strlen(a), b, strlen(b), 0.0, work) == AL_NAME_SIMILAR, "threshold 0");
	}

	/* long names: linear-time levels, malloc'd memory, no crash */
	{
		size_t		len = 3 * 1000000;
		char	   *x = malloc(len + 3),
				   *y = malloc(len + 3);

		for (size_t i = 0; i < len; i += 3)
		{
			memcpy(x + i, "张", 3);
			memcpy(y + i, "张", 3);
		}
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "exact") == 0, "million, exact");
		memcpy(y + 1500000, "章", 3);
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "homophone") == 0, "million, homophone");
		memcpy(y + 1500000, "李", 3);
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "one_edit") == 0, "million, one edit");
		memcpy(y + 300000, "李", 3);
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "similar") == 0, "million, similar");
		for (size_t i = 0; i < len; i += 6)
			memcpy(y + i, "李", 3);
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "different") == 0, "million, different");
		x[len - 1] = (char) 0xFF;
		CHECK(strcmp(level_of_n(x, (int) len, y, (int) len), "INVALID") == 0, "million, invalid");
		free(x);
		free(y);
	}
}

/* ---- surnames and pinyin ----------------------------------------------------- */

static void
test_surnames_pinyin(void)
{
	uint32_t	cp[64];
	size_t		n;

#define SURNAME(x, want) do { \
	n = fold(x, cp); \
	CHECK(al_name_surname_len(cp, n) == (want), "surname of %s: %zu, want %d", x, al_name_surname_len(cp, n), want); \
} while (0)
	SURNAME("张伟", 1);
	SURNAME("欧阳娜娜", 2);
	SURNAME("歐陽娜娜", 2);		/* folded first */
	SURNAME("司马光", 2);
	SURNAME("诸葛亮", 2);
	SURNAME("上官婉儿", 2);
	SURNAME("欧阳", 1);			/* two characters: surname 欧 */
	SURNAME("张", 1);
	SURNAME("阿依古丽·买买提", 0);
	SURNAME("zhang wei", 0);
	SURNAME("", 0);
#undef SURNAME

	/* every compound surname is two Han characters with readings */
	for (size_t k = 0; al_name_compound_surname(k) != NULL; k++)
	{
		const char *s = al_name_compound_surname(k);
		const uint16_t *ids;

		n = al_name_fold(s, strlen(s), cp);
		CHECK(n == 2 && al_hanzi_is_han(cp[0]) && al_hanzi_is_han(cp[1]) &&
			  al_hanzi_readings(cp[0], &ids) > 0 && al_hanzi_readings(cp[1], &ids) > 0 &&
			  strcmp(folded_text(s), s) == 0, "compound surname %s", s);
	}

#define PINYIN(x, want) do { \
	const char *got = pinyin_of(x); \
	CHECK(strcmp(got, want) == 0, "pinyin of %s: \"%s\", want \"%s\"", x, got, want); \
} while (0)
	PINYIN("张伟", "zhang wei");
	PINYIN("劉德華", "liu de hua");
	PINYIN("曾伟", "zeng wei");
	PINYIN("单田芳", "shan tian fang");
	PINYIN("简单", "jian dan");		/* 单 as a surname only in first place */
	PINYIN("解放", "xie fang");
	PINYIN("长孙无忌", "zhang sun wu ji");
	PINYIN("尉迟恭", "yu chi gong");
	PINYIN("吕布", "lü bu");
	PINYIN("阿依古丽·买买提", "a yi gu li · mai mai ti");
	PINYIN("张A伟", "zhang a wei");
	PINYIN("Zhang Wei", "zhangwei");
	PINYIN("", "");
#undef PINYIN

	/* surname readings are readings of those characters */
	{
		static const char *const s[] = {"曾", "单", "解", "仇", "区", "查", "朴", "盖", "乐", "员",
			"种", "秘", "覃", "缪", "翟", "召", "折", "句", "尉", "繁",
		"长孙", "单于", "万俟", "尉迟", "澹台", NULL};

		for (int k = 0; s[k]; k++)
		{
			uint16_t	ids[2];
			size_t		len = fold(s[k], cp);
			bool		ok = al_name_surname_reading(cp, len, ids);

			for (size_t i = 0; ok && i < len; i++)
			{
				const uint16_t *r;
				size_t		nr = al_hanzi_readings(cp[i], &r);

				ok = false;
				for (size_t j = 0; j < nr; j++)
					ok |= r[j] == ids[i];
			}
			CHECK(ok, "surname reading of %s is not one of its readings", s[k]);
		}
	}
}

int
main(void)
{
	test_table();
	test_utf8_fold();
	test_jaro_winkler();
	test_edit_distance();
	test_homophones();
	test_levels();
	test_surnames_pinyin();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
