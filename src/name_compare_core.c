/*
 * name_compare_core.c — folding and comparing names over code points.
 * Plain C; see name_compare_core.h.
 */
#include "name_compare_core.h"

#include "hanzi.h"
#include "id_scan.h"

#include <stdlib.h>
#include <string.h>

/* ---- characters ------------------------------------------------------------ */

static bool
is_space(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
		cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
		cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
		cp == 0xFEFF;			/* byte-order mark */
}

/* Characters with no look of their own: controls, soft hyphen, zero-width
 * characters, variation selectors (of ideographic variation sequences too). */
static bool
is_invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
		(cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
		(cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE01EF);
}

/* The separators typed between the parts of a minority or transliterated
 * name (阿依古丽·买买提): middle dots of every script, bullets, full stops. */
static bool
is_name_dot(uint32_t cp)
{
	switch (cp)
	{
		case 0x002E:			/* . */
		case 0x00B7:			/* · middle dot */
		case 0x0387:			/* Greek ano teleia (canonically U+00B7) */
		case 0x16EB:			/* runic single punctuation */
		case 0x2022:			/* • bullet */
		case 0x2027:			/* ‧ hyphenation point (Taiwan) */
		case 0x2219:			/* ∙ bullet operator */
		case 0x22C5:			/* ⋅ dot operator */
		case 0x2E31:			/* ⸱ word separator middle dot */
		case 0x30FB:			/* ・ katakana middle dot */
		case 0xFF0E:			/* ． full-width full stop */
		case 0xFF65:			/* ･ half-width katakana middle dot */
			return true;
		default:
			return false;
	}
}

/* The code point a name character folds to, 0 to drop it. */
static uint32_t
fold_char(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E && cp != 0xFF0E)	/* full-width ASCII */
		cp = cp - 0xFF01 + 0x21;
	if (is_space(cp) || is_invisible(cp))
		return 0;
	if (is_name_dot(cp))
		return AL_NAME_DOT;
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)	/* Latin-1 capitals */
		return cp + 0x20;
	if (cp >= 0x3400)
		return al_hanzi_fold(cp);
	return cp;
}

long
al_utf8_check(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		uint8_t		nb;

		if (u[i] < 0x80)
		{
			i++;
			continue;
		}
		if (al_decode_utf8(u + i, len - i, &nb) == AL_UTF8_INVALID)
			return (long) i;
		i += nb;
	}
	return -1;
}

void
al_name_trim(const char *s, size_t len, size_t *start, size_t *end)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;
	bool		seen = false;

	*start = *end = 0;
	while (i < len)
	{
		uint8_t		nb;
		uint32_t	cp = al_decode_utf8(u + i, len - i, &nb);

		if (!is_space(cp))
		{
			if (!seen)
				*start = i;
			seen = true;
			*end = i + nb;
		}
		i += nb;
	}
	if (!seen)
		*start = *end = len;
}

size_t
al_name_fold(const char *s, size_t len, uint32_t *out)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0,
				n = 0;

	while (i < len)
	{
		uint8_t		nb;
		uint32_t	cp = al_decode_utf8(u + i, len - i, &nb);

		i += nb;
		if (cp == AL_UTF8_INVALID)
			continue;			/* callers check first; never read past */
		cp = fold_char(cp);
		if (cp == 0)
			continue;
		/* one dot between parts: none leading, none doubled */
		if (cp == AL_NAME_DOT && (n == 0 || out[n - 1] == AL_NAME_DOT))
			continue;
		out[n++] = cp;
	}
	if (n > 0 && out[n - 1] == AL_NAME_DOT)
		n--;
	return n;
}

size_t
al_utf8_encode(const uint32_t *cp, size_t n, char *buf)
{
	unsigned char *o = (unsigned char *) buf;

	for (size_t i = 0; i < n; i++)
	{
		uint32_t	c = cp[i];

		if (c < 0x80)
			*o++ = (unsigned char) c;
		else if (c < 0x800)
		{
			*o++ = (unsigned char) (0xC0 | (c >> 6));
			*o++ = (unsigned char) (0x80 | (c & 0x3F));
		}
		else if (c < 0x10000)
		{
			*o++ = (unsigned char) (0xE0 | (c >> 12));
			*o++ = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
			*o++ = (unsigned char) (0x80 | (c & 0x3F));
		}
		else
		{
			*o++ = (unsigned char) (0xF0 | (c >> 18));
			*o++ = (unsigned char) (0x80 | ((c >> 12) & 0x3F));
			*o++ = (unsigned char) (0x80 | ((c >> 6) & 0x3F));
			*o++ = (unsigned char) (0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
	return (size_t) (o - (unsigned char *) buf);
}

/* ---- Jaro–Winkler ------------------------------------------------------------ */

/*
 * Jaro matches a[i] with the first unmatched b[j] equal to it within the
 * window |i - j| <= max(n, m) / 2 - 1, for i in order.  Both ways below find
 * exactly those pairs; they differ in speed only.
 */
static size_t
jw_window(size_t n, size_t m)
{
	size_t		w = (n > m ? n : m) / 2;

	return w > 0 ? w - 1 : 0;
}

/* From the matched flags: Jaro, then Winkler's boost for a common prefix. */
static double
jw_finish(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
		  const unsigned char *amatch, const unsigned char *bmatch, size_t matches)
{
	size_t		half = 0,
				j = 0,
				prefix = 0;
	double		md = (double) matches,
				jaro;

	if (matches == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
	{
		if (!amatch[i])
			continue;
		while (!bmatch[j])
			j++;
		if (a[i] != b[j])
			half++;
		j++;
	}
	/* transpositions: half the mismatched pairs, rounded down (as strcmp95) */
	jaro = (md / (double) n + md / (double) m + (md - (double) (half / 2)) / md) / 3.0;
	while (prefix < 4 && prefix < n && prefix < m && a[prefix] == b[prefix])
		prefix++;
	if (jaro > 0.7)
		jaro += (double) prefix * 0.1 * (1.0 - jaro);
	return jaro;
}

size_t
al_name_jw_work_size(size_t n, size_t m)
{
	/*
	 * indexed: (cp, pos) pairs and cursors for b, flags for a and b; counted
	 * for both orders, as al_name_jaro_winkler may swap the names
	 */
	return (n + m) * (3 * sizeof(uint32_t) + 1) + 16;
}

double
al_name_jw_scan(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work)
{
	unsigned char *amatch = (unsigned char *) work;
	unsigned char *bmatch = amatch + n;
	size_t		w = jw_window(n, m),
				matches = 0;

	if (n == 0 && m == 0)
		return 1.0;
	if (n == 0 || m == 0)
		return 0.0;
	memset(amatch, 0, n + m);
	for (size_t i = 0; i < n; i++)
	{
		size_t		lo = i > w ? i - w : 0;
		size_t		hi = i + w + 1 < m ? i + w + 1 : m;

		for (size_t j = lo; j < hi; j++)
		{
			if (!bmatch[j] && a[i] == b[j])
			{
				amatch[i] = bmatch[j] = 1;
				matches++;
				break;
			}
		}
	}
	return jw_finish(a, n, b, m, amatch, bmatch, matches);
}

typedef struct jw_pos
{
	uint32_t	cp;
	uint32_t	pos;
} jw_pos;

static int
jw_pos_cmp(const void *x, const void *y)
{
	const jw_pos *p = x,
			   *q = y;

	if (p->cp != q->cp)
		return p->cp < q->cp ? -1 : 1;
	return p->pos < q->pos ? -1 : (p->pos > q->pos);
}

/*
 * b's positions sorted by character; for each character a cursor to its
 * first position that may still match.  For a[i], positions below i - w can
 * never match again (windows only move right) and matched positions are
 * taken in order, so the cursor only moves forward: each a[i] costs one
 * binary search.
 */
double
al_name_jw_indexed(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work)
{
	jw_pos	   *idx = (jw_pos *) work;
	uint32_t   *cursor = (uint32_t *) (idx + m);
	unsigned char *amatch = (unsigned char *) (cursor + m);
	unsigned char *bmatch = amatch + n;
	size_t		w = jw_window(n, m),
				matches = 0;

	if (n == 0 && m == 0)
		return 1.0;
	if (n == 0 || m == 0)
		return 0.0;
	for (size_t j = 0; j < m; j++)
	{
		idx[j].cp = b[j];
		idx[j].pos = (uint32_t) j;
	}
	qsort(idx, m, sizeof(jw_pos), jw_pos_cmp);
	for (size_t j = 0; j < m; j++)
		cursor[j] = (uint32_t) j;	/* meaningful at the start of each group */
	memset(amatch, 0, n + m);
	for (size_t i = 0; i < n; i++)
	{
		size_t		lo = 0,
					hi = m,
					k;

		while (lo < hi)
		{
			size_t		mid = lo + (hi - lo) / 2;

			if (idx[mid].cp < a[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == m || idx[lo].cp != a[i])
			continue;
		k = cursor[lo];
		while (k < m && idx[k].cp == a[i] && idx[k].pos + w < i)
			k++;
		if (k < m && idx[k].cp == a[i] && idx[k].pos <= i + w)
		{
			amatch[i] = bmatch[idx[k].pos] = 1;
			matches++;
			k++;
		}
		cursor[lo] = (uint32_t) k;
	}
	return jw_finish(a, n, b, m, amatch, bmatch, matches);
}

/* Compare two code point strings: by length, then code points. */
static int
cps_cmp(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	if (n != m)
		return n < m ? -1 : 1;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

double
al_name_jaro_winkler(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work)
{
	size_t		w = jw_window(n, m);

	/*
	 * Greedy matching may pick different pairs when the names change places;
	 * one fixed order makes the measure symmetric.
	 */
	if (cps_cmp(a, n, b, m) > 0)
	{
		const uint32_t *t = a;
		size_t		tn = n;

		a = b;
		n = m;
		b = t;
		m = tn;
	}
	if (n * (2 * w + 1) <= 4096)
		return al_name_jw_scan(a, n, b, m, work);
	return al_name_jw_indexed(a, n, b, m, work);
}

/* ---- edit distance ------------------------------------------------------------ */

size_t
al_name_osa_work_size(size_t n, size_t m)
{
	return 3 * ((n < m ? n : m) + 1) * sizeof(uint32_t);
}

size_t
al_name_osa(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work)
{
	uint32_t   *prev2,
			   *prev,
			   *cur;

	if (m > n)					/* rows over the shorter name */
	{
		const uint32_t *t = a;
		size_t		tn = n;

		a = b;
		n = m;
		b = t;
		m = tn;
	}
	if (m == 0)
		return n;
	prev2 = (uint32_t *) work;
	prev = prev2 + (m + 1);
	cur = prev + (m + 1);
	for (size_t j = 0; j <= m; j++)
		prev[j] = (uint32_t) j;
	for (size_t i = 1; i <= n; i++)
	{
		uint32_t   *t;

		cur[0] = (uint32_t) i;
		for (size_t j = 1; j <= m; j++)
		{
			uint32_t	cost = a[i - 1] == b[j - 1] ? 0 : 1;
			uint32_t	d = prev[j - 1] + cost;

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

bool
al_name_one_edit(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t		i = 0;

	if (n == m)
	{
		size_t		last;

		while (i < n && a[i] == b[i])
			i++;
		if (i == n)
			return false;		/* equal: distance 0 */
		last = n - 1;
		while (a[last] == b[last])
			last--;
		if (last == i)
			return true;		/* one substitution */
		return last == i + 1 && a[i] == b[last] && a[last] == b[i];	/* a swap */
	}
	if (n + 1 == m || m + 1 == n)
	{
		const uint32_t *l = n > m ? a : b;	/* the longer */
		const uint32_t *s = n > m ? b : a;
		size_t		sn = n > m ? m : n;

		while (i < sn && l[i] == s[i])
			i++;
		if (i == sn)
			return true;		/* one character added at the end */
		/* one insertion at i: the rest must agree */
		return memcmp(l + i + 1, s + i, (sn - i) * sizeof(uint32_t)) == 0;
	}
	return false;
}

bool
al_name_homophone(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	if (n != m)
		return false;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i] && !al_hanzi_share_reading(a[i], b[i]))
			return false;
	return true;
}

/* ---- surnames and pinyin -------------------------------------------------------- */

/*
 * Compound surnames (复姓) in their simplified form: those of the Hundred
 * Family Surnames (百家姓) that are still met, and a few of the north.
 */
static const char *const compound_surnames[] = {
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
	"宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "西门", "南宫", "独孤",
	"万俟", "呼延", "澹台", "公羊", "赫连", "申屠", "太史", "司空", "濮阳", "百里",
	"东郭", "拓跋", "完颜", "淳于", "单于", "鲜于", "闻人", "第五", "左丘", "闾丘",
	"乐正", "漆雕", "巫马", "公冶", "司寇", "亓官", "段干", "梁丘", "羊舌", "谷梁",
	"仲孙", "颛孙", "壤驷", "公良", "公西", "子车", "微生", "太叔", "宰父", "东门",
	"南门", "归海", "夹谷", "汝鄢", "叱干", "宗政", "即墨", "公仪",
	NULL
};

/* Characters read otherwise as a surname than in their customary reading. */
static const struct
{
	const char *surname;
	const char *reading;		/* toneless, one syllable per character */
}			surname_readings[] = {
	{"曾", "zeng"}, {"单", "shan"}, {"解", "xie"}, {"仇", "qiu"}, {"区", "ou"},
	{"查", "zha"}, {"朴", "piao"}, {"盖", "ge"}, {"乐", "yue"}, {"员", "yun"},
	{"种", "chong"}, {"秘", "bi"}, {"覃", "qin"}, {"缪", "miao"}, {"翟", "zhai"},
	{"召", "shao"}, {"折", "she"}, {"句", "gou"}, {"尉", "wei"}, {"繁", "po"},
	{"长孙", "zhang sun"}, {"单于", "chan yu"},
	{"万俟", "mo qi"}, {"尉迟", "yu chi"}, {"澹台", "tan tai"},
	{NULL, NULL}
};

const char *
al_name_compound_surname(size_t i)
{
	return i < sizeof(compound_surnames) / sizeof(compound_surnames[0]) ?
		compound_surnames[i] : NULL;
}

/* Do the first len code points of a spell the UTF-8 string s exactly? */
static bool
spells(const uint32_t *a, size_t len, const char *s)
{
	char		buf[4 * 2 + 1];

	if (len > 2)
		return false;
	al_utf8_encode(a, len, buf);
	return strcmp(buf, s) == 0;
}

size_t
al_name_surname_len(const uint32_t *a, size_t n)
{
	if (n == 0 || !al_hanzi_is_han(a[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (a[i] == AL_NAME_DOT)
			return 0;
	if (n >= 3 && al_hanzi_is_han(a[1]))
		for (size_t k = 0; compound_surnames[k] != NULL; k++)
			if (spells(a, 2, compound_surnames[k]))
				return 2;
	return 1;
}

bool
al_name_surname_reading(const uint32_t *a, size_t len, uint16_t *ids)
{
	for (size_t k = 0; surname_readings[k].surname != NULL; k++)
	{
		const char *r = surname_readings[k].reading;

		if (!spells(a, len, surname_readings[k].surname))
			continue;
		for (size_t i = 0; i < len; i++)
		{
			char		syl[8];
			size_t		l = strcspn(r, " ");

			if (l == 0 || l >= sizeof(syl))
				return false;
			memcpy(syl, r, l);
			syl[l] = '\0';
			ids[i] = al_hanzi_syllable_id(syl);
			if (ids[i] == 0)
				return false;
			r += l;
			if (*r == ' ')
				r++;
		}
		return true;
	}
	return false;
}

size_t
al_name_pinyin_size(size_t n)
{
	/* a syllable of 6 letters with ü (2 bytes) or a 4-byte character, and a space */
	return 8 * n + 1;
}

size_t
al_name_pinyin(const uint32_t *a, size_t n, char *buf)
{
	size_t		o = 0,
				slen = al_name_surname_len(a, n);
	uint16_t	sids[2];
	bool		has_sreading = slen > 0 && al_name_surname_reading(a, slen, sids);
	bool		in_word = false;	/* inside a run of other characters */

	for (size_t i = 0; i < n; i++)
	{
		const uint16_t *ids;
		size_t		nr = al_hanzi_readings(a[i], &ids);

		if (nr > 0 || a[i] == AL_NAME_DOT || al_hanzi_is_han(a[i]))
		{
			const char *syl;

			if (o > 0)
				buf[o++] = ' ';
			in_word = false;
			if (nr == 0)		/* the dot, or a Han character without reading */
			{
				o += al_utf8_encode(&a[i], 1, buf + o);
				continue;
			}
			syl = al_hanzi_syllable(i < slen && has_sreading ? sids[i] : ids[0]);
			for (; *syl; syl++)
			{
				if (*syl == 'v')
				{
					buf[o++] = (char) 0xC3; /* ü */
					buf[o++] = (char) 0xBC;
				}
				else
					buf[o++] = *syl;
			}
		}
		else
		{
			if (!in_word && o > 0)
				buf[o++] = ' ';
			in_word = true;
			o += al_utf8_encode(&a[i], 1, buf + o);
		}
	}
	buf[o] = '\0';
	return o;
}

/* ---- levels --------------------------------------------------------------------- */

const char *
al_name_result_code(al_name_result r)
{
	switch (r)
	{
		case AL_NAME_EXACT:
			return "exact";
		case AL_NAME_VARIANT:
			return "variant";
		case AL_NAME_HOMOPHONE:
			return "homophone";
		case AL_NAME_ONE_EDIT:
			return "one_edit";
		case AL_NAME_SIMILAR:
			return "similar";
		case AL_NAME_DIFFERENT:
			return "different";
		default:
			return NULL;
	}
}

size_t
al_name_compare_work_size(size_t alen, size_t blen)
{
	/* both folded names, then the Jaro–Winkler work after them */
	return (alen + blen) * sizeof(uint32_t) + al_name_jw_work_size(alen, blen);
}

al_name_result
al_name_compare(const char *a, size_t alen, const char *b, size_t blen,
				double similar_at, void *work)
{
	size_t		as,
				ae,
				bs,
				be,
				n,
				m;
	uint32_t   *fa = (uint32_t *) work,
			   *fb;

	if (al_utf8_check(a, alen) >= 0 || al_utf8_check(b, blen) >= 0)
		return AL_NAME_INVALID;
	al_name_trim(a, alen, &as, &ae);
	al_name_trim(b, blen, &bs, &be);
	n = al_name_fold(a + as, ae - as, fa);
	fb = fa + n;
	m = al_name_fold(b + bs, be - bs, fb);
	if (n == 0 || m == 0)
		return AL_NAME_NULL;
	if (ae - as == be - bs && memcmp(a + as, b + bs, ae - as) == 0)
		return AL_NAME_EXACT;
	if (n == m && memcmp(fa, fb, n * sizeof(uint32_t)) == 0)
		return AL_NAME_VARIANT;
	if (al_name_homophone(fa, n, fb, m))
		return AL_NAME_HOMOPHONE;
	if (al_name_one_edit(fa, n, fb, m))
		return AL_NAME_ONE_EDIT;
	if (al_name_jaro_winkler(fa, n, fb, m, fb + m) >= similar_at)
		return AL_NAME_SIMILAR;
	return AL_NAME_DIFFERENT;
}

al_address_result
al_address_compare(const uint32_t *a, size_t n, const uint32_t *b, size_t m, void *work)
{
	if (n == m && memcmp(a, b, n * sizeof(uint32_t)) == 0)
		return AL_ADDRESS_EXACT;
	if (n > 0 && m > 0 && al_name_jaro_winkler(a, n, b, m, work) >= AL_ADDRESS_SIMILAR_AT)
		return AL_ADDRESS_SIMILAR;
	return AL_ADDRESS_DIFFERENT;
}

const char *
al_address_result_code(al_address_result r)
{
	switch (r)
	{
		case AL_ADDRESS_EXACT:
			return "exact";
		case AL_ADDRESS_SIMILAR:
			return "similar";
		default:
			return "different";
	}
}

al_name_result
al_name_level(const char *a, int alen, const char *b, int blen)
{
	uint32_t	stack[512];
	void	   *work = stack;
	size_t		need;
	al_name_result r;

	if (a == NULL || b == NULL || alen < 0 || blen < 0)
		return AL_NAME_INVALID;
	need = al_name_compare_work_size((size_t) alen, (size_t) blen);
	if (need > sizeof(stack))
	{
		work = malloc(need);
		if (work == NULL)
			return AL_NAME_NO_MEMORY;
	}
	r = al_name_compare(a, (size_t) alen, b, (size_t) blen, AL_NAME_SIMILAR_AT, work);
	if (work != stack)
		free(work);
	return r;
}
