/*
 * libFuzzer harness for the name comparators: random bytes as two names (cut
 * at the first NUL byte, or in the middle).  Checks that nothing crashes on
 * invalid UTF-8, and the properties that must hold for any names:
 * Jaro–Winkler and the edit distance are symmetric, JW is in [0, 1] and its
 * two matching methods agree, DL(a, a) = 0, one_edit agrees with DL = 1,
 * level(a, a) is exact (or NULL for an empty name), level is symmetric, and
 * folding is idempotent.
 */
#include "name_compare_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const uint8_t *nul = memchr(data, 0, size);
	size_t		alen = nul ? (size_t) (nul - data) : size / 2;
	const char *a = s,
			   *b = s + alen + (nul ? 1 : 0);
	size_t		blen = size - (size_t) (b - s);
	al_name_result ab = al_name_level(a, (int) alen, b, (int) blen);
	al_name_result ba = al_name_level(b, (int) blen, a, (int) alen);
	al_name_result aa = al_name_level(a, (int) alen, a, (int) alen);
	bool		valid = al_utf8_check(a, alen) < 0 && al_utf8_check(b, blen) < 0;

	if (ab != ba)
		abort();
	if (!valid)
	{
		if (ab != AL_NAME_INVALID)
			abort();
		return 0;
	}
	if (ab == AL_NAME_INVALID || ab == AL_NAME_NO_MEMORY)
		abort();

	{
		uint32_t   *fa = xmalloc((alen + 1) * sizeof(uint32_t));
		uint32_t   *fb = xmalloc((blen + 1) * sizeof(uint32_t));
		size_t		n = al_name_fold(a, alen, fa),
					m = al_name_fold(b, blen, fb);
		void	   *work = xmalloc(al_name_jw_work_size(n, m) + al_name_osa_work_size(n, m) +
								   al_name_osa_work_size(n, n));
		double		j1 = al_name_jaro_winkler(fa, n, fb, m, work),
					j2 = al_name_jaro_winkler(fb, m, fa, n, work);
		char	   *enc = xmalloc(4 * n + 1);
		uint32_t   *again = xmalloc((4 * n + 1) * sizeof(uint32_t));
		size_t		encn;

		if (aa != (n == 0 ? AL_NAME_NULL : AL_NAME_EXACT))
			abort();
		if ((n == 0 || m == 0) != (ab == AL_NAME_NULL))
			abort();
		if (j1 != j2 || !(j1 >= 0.0 && j1 <= 1.0))
			abort();
		if (al_name_jw_scan(fa, n, fb, m, work) != al_name_jw_indexed(fa, n, fb, m, work))
			abort();
		if (n > 0 && al_name_jaro_winkler(fa, n, fa, n, work) != 1.0)
			abort();
		if (n <= 512 && m <= 512)
		{
			size_t		d = al_name_osa(fa, n, fb, m, work);

			if (d != al_name_osa(fb, m, fa, n, work) || al_name_osa(fa, n, fa, n, work) != 0)
				abort();
			if (al_name_one_edit(fa, n, fb, m) != (d == 1))
				abort();
			if (ab == AL_NAME_VARIANT && d != 0)
				abort();
		}
		if (al_name_homophone(fa, n, fb, m) != al_name_homophone(fb, m, fa, n))
			abort();
		/* folding a folded name changes nothing */
		encn = al_utf8_encode(fa, n, enc);
		if (al_utf8_check(enc, encn) >= 0 || al_name_fold(enc, encn, again) != n ||
			memcmp(again, fa, n * sizeof(uint32_t)) != 0)
			abort();
		/* pinyin and surname split of anything */
		{
			char	   *py = xmalloc(al_name_pinyin_size(n));
			size_t		pl = al_name_pinyin(fa, n, py);

			if (pl >= al_name_pinyin_size(n) || strlen(py) != pl || al_utf8_check(py, pl) >= 0)
				abort();
			if (al_name_surname_len(fa, n) > n || al_name_surname_len(fa, n) > 2)
				abort();
			free(py);
		}
		free(fa);
		free(fb);
		free(work);
		free(enc);
		free(again);
	}
	return 0;
}
