/*
 * Unit tests of aidlink's pure-C core, run outside the server under
 * AddressSanitizer and UBSan (make unit).  Prints each failure and ends with
 * "unit: N passed, N failed".
 */
#include "id_scan.h"
#include "evidence_core.h"
#include "org_code_core.h"
#include "resident_id_core.h"
#include "uscc_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

/* ---- independent reference implementations ---------------------------- */

/* ISO 7064 MOD 11-2 computed the textbook way: weights 2^(17-i) mod 11. */
static char
ref_rid_check(const char *d17)
{
	int			sum = 0;
	int			w = 1;
	int			c;

	for (int i = 16; i >= 0; i--)
	{
		w = (w * 2) % 11;
		sum += (d17[i] - '0') * w;
	}
	c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char) ('0' + c);
}

static const char *uscc_abc = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static char
ref_uscc_check(const char *c17)
{
	int			sum = 0;
	int			w = 1;

	for (int i = 0; i < 17; i++)
	{
		sum += (int) (strchr(uscc_abc, c17[i]) - uscc_abc) * w;
		w = (w * 3) % 31;
	}
	return uscc_abc[(31 - sum % 31) % 31];
}

static char
ref_org_check(const char *c8)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int			sum = 0;
	int			c;

	for (int i = 0; i < 8; i++)
	{
		int			v = (c8[i] <= '9') ? c8[i] - '0' : c8[i] - 'A' + 10;

		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
}

/* ---- helpers ----------------------------------------------------------- */

static al_problem
rid_problem(const char *s, bool lenient)
{
	int64_t		body;
	al_error	err;

	if (rid_parse(s, strlen(s), lenient, &body, &err))
		return AL_OK;
	return err.problem;
}

static void
expect_rid(const char *in, bool lenient, const char *want)
{
	int64_t		body;
	al_error	err;
	char		out[19];

	if (!rid_parse(in, strlen(in), lenient, &body, &err))
	{
		CHECK(0, "rid_parse(\"%s\", %d) rejected: %s", in, lenient, al_problem_code(err.problem));
		return;
	}
	rid_format(body, out);
	CHECK(strcmp(out, want) == 0, "rid_parse(\"%s\") gave %s, want %s", in, out, want);
}

static void
expect_rid_detail(const char *in, al_problem p, const char *detail)
{
	int64_t		body;
	al_error	err;
	char		buf[512];

	if (rid_parse(in, strlen(in), false, &body, &err))
	{
		CHECK(0, "rid_parse(\"%s\") accepted, want %s", in, al_problem_code(p));
		return;
	}
	CHECK(err.problem == p, "rid_parse(\"%s\"): %s, want %s", in,
		  al_problem_code(err.problem), al_problem_code(p));
	rid_describe(&err, in, buf, sizeof(buf));
	CHECK(strcmp(buf, detail) == 0, "detail of \"%s\":\n   got  %s\n   want %s", in, buf, detail);
}

static void
expect_uscc_detail(const char *in, al_problem p, const char *detail)
{
	uscc_packed v;
	al_error	err;
	char		buf[512];

	if (uscc_parse(in, strlen(in), false, &v, &err))
	{
		CHECK(p == AL_OK, "uscc_parse(\"%s\") accepted, want %s", in, al_problem_code(p));
		return;
	}
	CHECK(err.problem == p, "uscc_parse(\"%s\"): %s, want %s", in,
		  al_problem_code(err.problem), p ? al_problem_code(p) : "valid");
	if (detail)
	{
		uscc_describe(&err, in, buf, sizeof(buf));
		CHECK(strcmp(buf, detail) == 0, "detail of \"%s\":\n   got  %s\n   want %s", in, buf, detail);
	}
}

static void
expect_org_detail(const char *in, al_problem p, const char *detail)
{
	int64_t		v;
	al_error	err;
	char		buf[512];

	if (orgc_parse(in, strlen(in), false, &v, &err))
	{
		CHECK(p == AL_OK, "orgc_parse(\"%s\") accepted, want %s", in, al_problem_code(p));
		return;
	}
	CHECK(err.problem == p, "orgc_parse(\"%s\"): %s, want %s", in,
		  al_problem_code(err.problem), p ? al_problem_code(p) : "valid");
	if (detail)
	{
		orgc_describe(&err, in, buf, sizeof(buf));
		CHECK(strcmp(buf, detail) == 0, "detail of \"%s\":\n   got  %s\n   want %s", in, buf, detail);
	}
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t
next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1Dull;
}

static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
	41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};

static int64_t
random_valid_body(void)
{
	int			prov = provinces[next_rand() % (sizeof(provinces) / sizeof(provinces[0]))];
	int			region = prov * 10000 + (int) (next_rand() % 10000);
	int			year = 1800 + (int) (next_rand() % 300);
	int			month = 1 + (int) (next_rand() % 12);
	int			day = 1 + (int) (next_rand() % al_days_in_month(year, month));
	int64_t		body;
	al_error	err;

	if (!rid_from_parts(region, year, month, day, (int) (next_rand() % 1000), &body, &err))
	{
		CHECK(0, "rid_from_parts rejected %d %d-%d-%d", region, year, month, day);
		return 0;
	}
	return body;
}

/* ---- resident_id -------------------------------------------------------- */

static void
test_resident_id_accepts(void)
{
	expect_rid("11010519491231002X", false, "11010519491231002X");
	expect_rid("11010519491231002x", false, "11010519491231002X");
	expect_rid("  11010519491231002X\t\n", false, "11010519491231002X");
	/* full-width digits and X, ideographic space, no-break space, BOM */
	expect_rid("\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90\xef\xbc\x95"
			   "19491231002\xef\xbc\xb8", false, "11010519491231002X");
	expect_rid("\xe3\x80\x80" "11010519491231002X" "\xe3\x80\x80", false, "11010519491231002X");
	expect_rid("\xc2\xa0" "11010519491231002X" "\xc2\xa0", false, "11010519491231002X");
	expect_rid("\xef\xbb\xbf" "11010519491231002X", false, "11010519491231002X");
	/* legacy 15 digits: century 19, or 18 for order codes 996-999 */
	expect_rid("110105491231002", false, "11010519491231002X");
	{
		char		want[19] = "11010518491231996";

		want[17] = ref_rid_check(want);
		want[18] = '\0';
		expect_rid("110105491231996", false, want);
	}
	/* lenient: inner spaces, hyphens of all widths, spreadsheet apostrophe */
	expect_rid("110105 19491231 002X", true, "11010519491231002X");
	expect_rid("110105-1949-1231-002x", true, "11010519491231002X");
	expect_rid("110105\xe2\x80\x94" "19491231\xef\xbc\x8d" "002X", true, "11010519491231002X");
	expect_rid("'11010519491231002X", true, "11010519491231002X");
	expect_rid("\xef\xbc\x87" "11010519491231002X", true, "11010519491231002X");
	/* provinces 71, 81, 82, 83 and a leap day */
	for (int p = 0; p < 4; p++)
	{
		int			prov[4] = {71, 81, 82, 83};
		int64_t		body;
		al_error	err;

		CHECK(rid_from_parts(prov[p] * 10000, 2000, 2, 29, 123, &body, &err),
			  "province %d rejected", prov[p]);
	}
}

static void
test_resident_id_rejects(void)
{
	expect_rid_detail("", AL_EMPTY, "The value is empty.");
	expect_rid_detail("   ", AL_EMPTY, "The value is empty.");
	expect_rid_detail("1101051949123100", AL_BAD_LENGTH,
					  "A resident identity number has 18 characters, or 15 in the legacy form; this value has 16.");
	expect_rid_detail("11010519491231002XX", AL_BAD_LENGTH,
					  "A resident identity number has 18 characters, or 15 in the legacy form; this value has 19.");
	expect_rid_detail("1101051949123100aX", AL_BAD_CHARACTER,
					  "Character 17, \"a\", is not allowed: characters 1 to 17 are digits.");
	expect_rid_detail("11010519491231002Y", AL_BAD_CHARACTER,
					  "Character 18, \"Y\", is not allowed: the check character (the 18th) is a digit or X.");
	expect_rid_detail("110105 9491231002X", AL_BAD_CHARACTER,
					  "Character 7, \" \", is not allowed: characters 1 to 17 are digits.");
	expect_rid_detail("11010519491231002\xe4\xb8\xad", AL_BAD_CHARACTER,
					  "Character 18, \"\xe4\xb8\xad\" (U+4E2D), is not allowed: the check character (the 18th) is a digit or X.");
	expect_rid_detail("1101051949123\x01" "002X", AL_BAD_CHARACTER,
					  "Character 14, U+0001 (a control character), is not allowed: characters 1 to 17 are digits.");
	expect_rid_detail("1101051949123\xff" "002X", AL_BAD_CHARACTER,
					  "Character 14, byte 0xFF (not UTF-8), is not allowed: characters 1 to 17 are digits.");
	expect_rid_detail("110105 19491231002X", AL_BAD_CHARACTER,
					  "Character 7, \" \", is not allowed: a resident identity number has only digits and X.");
	expect_rid_detail("'11010519491231002X", AL_BAD_CHARACTER,
					  "Character 1, \"'\", is not allowed: a resident identity number has only digits and X.");
	expect_rid_detail("110105\xe3\x80\x80" "19491231002X", AL_BAD_CHARACTER,
					  "Character 7, \"\xe3\x80\x80\" (U+3000), is not allowed: a resident identity number has only digits and X.");
	expect_rid_detail("11010549123100X", AL_BAD_CHARACTER,
					  "Character 15, \"X\", is not allowed: a 15-character legacy number has only digits.");
	expect_rid_detail("99010519491231002X", AL_BAD_PROVINCE,
					  "Province code \"99\" (characters 1 to 2) is not a province-level code of GB/T 2260.");
	expect_rid_detail("10010519491231002X", AL_BAD_PROVINCE,
					  "Province code \"10\" (characters 1 to 2) is not a province-level code of GB/T 2260.");
	expect_rid_detail("440103199002291234", AL_BAD_DATE,
					  "Birth date \"19900229\" (characters 7 to 14) is not a valid date: February 1990 has 28 days.");
	expect_rid_detail("440103190002291234", AL_BAD_DATE,
					  "Birth date \"19000229\" (characters 7 to 14) is not a valid date: February 1900 has 28 days.");
	expect_rid_detail("440103199013011234", AL_BAD_DATE,
					  "Birth date \"19901301\" (characters 7 to 14) is not a valid date: there is no month 13.");
	expect_rid_detail("440103199002301234", AL_BAD_DATE,
					  "Birth date \"19900230\" (characters 7 to 14) is not a valid date: February 1990 has 28 days.");
	expect_rid_detail("440103199004001234", AL_BAD_DATE,
					  "Birth date \"19900400\" (characters 7 to 14) is not a valid date: there is no day 0.");
	expect_rid_detail("440103179912311234", AL_BAD_DATE,
					  "Birth date \"17991231\" (characters 7 to 14) is not a valid date: the year 1799 is before 1800.");
	expect_rid_detail("440103901301123", AL_BAD_DATE,
					  "Birth date \"901301\" (characters 7 to 12) is not a valid date: there is no month 13.");
	expect_rid_detail("110105194912310021", AL_BAD_CHECKSUM,
					  "The check character (character 18) is \"1\" but should be \"X\".");
	expect_rid_detail("110105194912310020 ", AL_BAD_CHECKSUM,
					  "The check character (character 18) is \"0\" but should be \"X\".");
}

static void
test_resident_id_lenient_vs_strict(void)
{
	CHECK(rid_problem("110105 19491231002X", false) == AL_BAD_CHARACTER, "strict rejects inner space");
	CHECK(rid_problem("110105 19491231002X", true) == AL_OK, "lenient accepts inner space");
	CHECK(rid_problem("'11010519491231002X", false) == AL_BAD_CHARACTER, "strict rejects apostrophe");
	CHECK(rid_problem("1'1010519491231002X", true) == AL_BAD_LENGTH, "apostrophe only leads");
	CHECK(rid_problem("---", true) == AL_EMPTY, "lenient: separators only are empty");
	CHECK(rid_problem("''11010519491231002X", true) == AL_BAD_LENGTH, "only one apostrophe is dropped");
	{
		int64_t		body;
		al_error	err;
		char		buf[256];

		CHECK(!rid_from_parts(110105, 10000, 1, 1, 1, &body, &err) && err.problem == AL_BAD_DATE,
			  "year 10000");
		rid_describe(&err, NULL, buf, sizeof(buf));
		CHECK(strstr(buf, "the year 10000 is after 9999") != NULL, "year 10000 detail: %s", buf);
	}
}

static void
test_resident_id_overlong(void)
{
	size_t		n = 1000000;
	char	   *big = malloc(n + 1);
	int64_t		body;
	al_error	err;

	memset(big, '1', n);
	big[n] = '\0';
	CHECK(!rid_parse(big, n, false, &body, &err) && err.problem == AL_BAD_LENGTH && err.nchars == n,
		  "a million characters: bad_length with the count");
	CHECK(!rid_parse(big, n, true, &body, &err) && err.problem == AL_BAD_LENGTH,
		  "a million characters, lenient: bad_length");
	/* not NUL-terminated input must not be read past its length */
	CHECK(!rid_parse(big, 17, false, &body, &err) && err.problem == AL_BAD_LENGTH && err.nchars == 17,
		  "length is honoured");
	free(big);
	/* a truncated multi-byte character at the end */
	CHECK(rid_problem("11010519491231002\xef\xbc", false) == AL_BAD_LENGTH, "truncated UTF-8");
}

static void
test_resident_id_fields(void)
{
	int64_t		body;
	al_error	err;
	int			y,
				m,
				d;
	char		legacy[16];

	CHECK(rid_parse("11010519491231002X", 18, false, &body, &err), "parse");
	CHECK(body == INT64_C(11010519491231002), "body %lld", (long long) body);
	rid_birth(body, &y, &m, &d);
	CHECK(y == 1949 && m == 12 && d == 31, "birth %d-%d-%d", y, m, d);
	CHECK(rid_sex(body) == 'F', "002 is even: F");
	CHECK(rid_region(body) == 110105, "region");
	CHECK(rid_legacy15(body, legacy) && strcmp(legacy, "110105491231002") == 0, "legacy %s", legacy);
	CHECK(rid_from_parts(440103, 2001, 5, 6, 123, &body, &err) && !rid_legacy15(body, legacy),
		  "born 2001: no legacy form");
	CHECK(rid_from_parts(440103, 1899, 5, 6, 123, &body, &err) && !rid_legacy15(body, legacy),
		  "born 1899 with order 123: no legacy form");
	CHECK(rid_from_parts(440103, 1899, 5, 6, 997, &body, &err) && rid_legacy15(body, legacy) &&
		  strcmp(legacy, "440103990506997") == 0, "born 1899 order 997: %s", legacy);
	CHECK(rid_sex(body) == 'M', "997 is odd: M");
	CHECK(!rid_body_valid(-1, &err) && err.problem == AL_BAD_LENGTH, "negative body");
	CHECK(!rid_body_valid(RID_BODY_LIMIT, &err) && err.problem == AL_BAD_LENGTH, "10^17");
	CHECK(!rid_body_valid(INT64_C(99010519491231002), &err) && err.problem == AL_BAD_PROVINCE, "body province");
	CHECK(!rid_body_valid(INT64_C(44010319900229123), &err) && err.problem == AL_BAD_DATE, "body date");
	CHECK(!rid_from_parts(440103, 1990, 2, 29, 1, &body, &err) && err.problem == AL_BAD_DATE, "parts date");
	CHECK(!rid_from_parts(990103, 1990, 2, 28, 1, &body, &err) && err.problem == AL_BAD_PROVINCE, "parts province");
	CHECK(!rid_from_parts(440103, 1990, 2, 28, 1000, &body, &err), "parts order 1000");
	CHECK(!rid_from_parts(440103, 10000, 2, 28, 1, &body, &err) && err.problem == AL_BAD_DATE, "parts year 10000");
}

/* The property: every single-character substitution or adjacent swap
 * of a valid number is rejected or yields a different valid number. */
static void
test_resident_id_properties(void)
{
	const char	alphabet[] = "0123456789X";
	long		roundtrip_bad = 0,
				mutation_bad = 0,
				check_bad = 0,
				mutations = 0;

	for (int n = 0; n < 100000; n++)
	{
		int64_t		body = random_valid_body();
		int64_t		again;
		al_error	err;
		char		text[19],
					mut[19];

		rid_format(body, text);
		if (text[17] != ref_rid_check(text))
			check_bad++;
		if (!rid_parse(text, 18, false, &again, &err) || again != body)
			roundtrip_bad++;
		for (int i = 0; i < 18; i++)
		{
			for (int a = 0; a < 11; a++)
			{
				if (alphabet[a] == text[i])
					continue;
				memcpy(mut, text, 19);
				mut[i] = alphabet[a];
				mutations++;
				if (rid_parse(mut, 18, true, &again, &err) && again == body)
					mutation_bad++;
			}
			if (i < 17 && text[i] != text[i + 1])
			{
				memcpy(mut, text, 19);
				mut[i] = text[i + 1];
				mut[i + 1] = text[i];
				mutations++;
				if (rid_parse(mut, 18, true, &again, &err) && again == body)
					mutation_bad++;
			}
		}
	}
	CHECK(check_bad == 0, "%ld check characters differ from the reference", check_bad);
	CHECK(roundtrip_bad == 0, "%ld numbers do not round-trip", roundtrip_bad);
	CHECK(mutation_bad == 0, "%ld of %ld mutations parsed to the original", mutation_bad, mutations);
}

/* ---- uscc ---------------------------------------------------------------- */

/* Make a valid code from a 16-character stem: add the org check and the check. */
static void
complete_uscc(const char *stem16, char out[19])
{
	memcpy(out, stem16, 16);
	out[16] = ref_org_check(out + 8);
	out[17] = ref_uscc_check(out);
	out[18] = '\0';
}

static void
test_uscc(void)
{
	uscc_packed v,
				w;
	al_error	err;
	char		text[19],
				code[19],
				body[8];

	expect_uscc_detail("91350100M000100Y43", AL_OK, NULL);
	CHECK(uscc_parse("91350100m000100y43", 18, false, &v, &err), "lower case");
	uscc_format(&v, text);
	CHECK(strcmp(text, "91350100M000100Y43") == 0, "canonical upper case: %s", text);
	uscc_org_body(&v, body);
	CHECK(memcmp(body, "M000100Y", 8) == 0, "org body");
	CHECK(uscc_parse("9135 0100-M000 100Y43", 21, true, &v, &err), "lenient separators");

	/* authorities A, N, Y and check characters '0' must be accepted */
	{
		const char *stems[] = {"A1100000MA000000", "N2440103MA5FXXXX", "Y1440103MA5F0001", "11100000000013127"};
		int			zero_found = 0;

		for (int i = 0; i < 3; i++)
		{
			complete_uscc(stems[i], code);
			if (ref_org_check(code + 8) == code[16])
				expect_uscc_detail(code, AL_OK, NULL);
		}
		/* search for a code whose check character is '0' */
		for (int k = 0; k < 100000 && zero_found < 3; k++)
		{
			char		stem[32];

			snprintf(stem, sizeof(stem), "914401%02d%08d", k % 100, k % 100000000);
			complete_uscc(stem, code);
			if (code[17] == '0')
			{
				zero_found++;
				CHECK(uscc_parse(code, 18, false, &v, &err), "check '0' code %s rejected: %s",
					  code, al_problem_code(err.problem));
			}
		}
		CHECK(zero_found == 3, "found codes with check character 0");
	}

	expect_uscc_detail("", AL_EMPTY, "The value is empty.");
	expect_uscc_detail("91350100M000100Y4", AL_BAD_LENGTH,
					   "A unified social credit code has 18 characters; this value has 17.");
	expect_uscc_detail("91350100M000100I43", AL_BAD_CHARACTER,
					   "Character 16, \"I\", is not allowed: the letters I, O, S, V and Z are not used in a unified social credit code.");
	expect_uscc_detail("91350100M00010-Y43", AL_BAD_CHARACTER,
					   "Character 15, \"-\", is not allowed: a unified social credit code has only digits and capital letters.");
	expect_uscc_detail("B1350100M000100Y43", AL_BAD_AUTHORITY,
					   "The registration authority (character 1) is \"B\"; it must be one of 1 to 9, A, N and Y.");
	expect_uscc_detail("01350100M000100Y43", AL_BAD_AUTHORITY, NULL);
	expect_uscc_detail("90350100M000100Y43", AL_BAD_ENTITY_TYPE,
					   "The entity type (character 2) is \"0\"; it must be a digit from 1 to 9.");
	expect_uscc_detail("913501A0M000100Y43", AL_BAD_REGION,
					   "The region code \"3501A0\" (characters 3 to 8) must be 6 digits.");
	expect_uscc_detail("91350100M000100Y44", AL_BAD_CHECKSUM,
					   "The check character (character 18) is \"4\" but should be \"3\".");
	/* valid outer check, wrong inner org-code check */
	{
		char		bad[19];

		memcpy(bad, "91350100M000100Y", 16);
		bad[16] = ref_org_check(bad + 8) == '5' ? '6' : '5';
		bad[17] = ref_uscc_check(bad);
		bad[18] = '\0';
		expect_uscc_detail(bad, AL_BAD_ORG_CODE_CHECKSUM, NULL);
	}

	/* properties: round trip, order = text order, mutations rejected */
	{
		long		bad_rt = 0,
					bad_order = 0,
					bad_mut = 0;
		char		prev[19] = "";
		uscc_packed pv;

		memset(&pv, 0, sizeof(pv));
		for (int n = 0; n < 20000; n++)
		{
			char		stem[17];

			stem[0] = "123456789ANY"[next_rand() % 12];
			stem[1] = (char) ('1' + next_rand() % 9);
			for (int i = 2; i < 8; i++)
				stem[i] = (char) ('0' + next_rand() % 10);
			for (int i = 8; i < 16; i++)
				stem[i] = uscc_abc[next_rand() % 31];
			complete_uscc(stem, code);
			if (strchr(uscc_abc, code[16]) == NULL)
				continue;		/* org check X is fine; '0'-'9' too */
			if (!uscc_parse(code, 18, false, &v, &err))
			{
				bad_rt++;
				continue;
			}
			uscc_format(&v, text);
			if (strcmp(text, code) != 0)
				bad_rt++;
			if (n > 0 && ((strcmp(prev, code) < 0) != (memcmp(pv.b, v.b, 16) < 0)))
				bad_order++;
			memcpy(prev, code, 19);
			pv = v;
			for (int i = 0; i < 18; i++)
			{
				for (int a = 0; a < 31; a++)
				{
					char		mut[19];

					if (uscc_abc[a] == code[i])
						continue;
					memcpy(mut, code, 19);
					mut[i] = uscc_abc[a];
					if (uscc_parse(mut, 18, true, &w, &err) && memcmp(w.b, v.b, 16) == 0)
						bad_mut++;
				}
			}
		}
		CHECK(bad_rt == 0, "%ld uscc do not round-trip", bad_rt);
		CHECK(bad_order == 0, "%ld uscc pairs order differently from their text", bad_order);
		CHECK(bad_mut == 0, "%ld uscc mutations parsed to the original", bad_mut);
	}
}

/* ---- org_code ------------------------------------------------------------ */

static void
test_org_code(void)
{
	int64_t		v,
				w;
	al_error	err;
	char		text[11];

	CHECK(orgc_parse("M000100Y-4", 10, false, &v, &err), "with hyphen");
	CHECK(orgc_parse("M000100Y4", 9, false, &w, &err) && w == v, "without hyphen");
	CHECK(orgc_parse("m000100y4", 9, false, &w, &err) && w == v, "lower case");
	CHECK(orgc_parse("\xef\xbc\xad" "000100Y\xef\xbc\x8d" "4", 14, false, &w, &err) && w == v, "full width");
	orgc_format(v, text);
	CHECK(strcmp(text, "M000100Y-4") == 0, "format %s", text);
	CHECK(orgc_parse("M00 0100Y-4", 11, true, &w, &err) && w == v, "lenient");
	CHECK(ref_org_check("D2143569") == 'X', "reference: D2143569-X");
	expect_org_detail("D2143569-X", AL_OK, NULL);
	expect_org_detail("D2143569X", AL_OK, NULL);
	expect_org_detail("", AL_EMPTY, "The value is empty.");
	expect_org_detail("D2143569-", AL_BAD_CHARACTER,
					  "Character 9, \"-\", is not allowed: the check character is a digit or X.");
	expect_org_detail("D2143569-XX", AL_BAD_LENGTH,
					  "An organisation code has 8 characters and a check character, with or without a hyphen between them (XXXXXXXX-X); this value has 11 characters.");
	expect_org_detail("D2143569_X", AL_BAD_CHARACTER,
					  "Character 9, \"_\", is not allowed: a 10-character code has a hyphen before its check character.");
	expect_org_detail("D21435#9X", AL_BAD_CHARACTER,
					  "Character 7, \"#\", is not allowed: characters 1 to 8 are digits or letters.");
	expect_org_detail("D2143569-1", AL_BAD_CHECKSUM,
					  "The check character (character 10) is \"1\" but should be \"X\".");
	expect_org_detail("D2143569Y", AL_BAD_CHARACTER, NULL);
	expect_org_detail("D214 3569-X", AL_BAD_CHARACTER,
					  "Character 5, \" \", is not allowed: only a hyphen before the check character may stand inside an organisation code.");

	/* every body: check against the reference, round trip, order */
	{
		long		bad = 0;
		int64_t		prev = -1;
		char		prevtext[11] = "";

		for (int n = 0; n < 100000; n++)
		{
			char		body[9];
			char		code[10];
			int64_t		x;

			for (int i = 0; i < 8; i++)
				body[i] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[next_rand() % 36];
			body[8] = '\0';
			memcpy(code, body, 8);
			code[8] = ref_org_check(body);
			code[9] = '\0';
			if (!orgc_parse(code, 9, false, &x, &err))
			{
				bad++;
				continue;
			}
			orgc_format(x, text);
			if (memcmp(text, body, 8) != 0 || text[9] != code[8])
				bad++;
			if (prev >= 0 && ((x < prev) != (strcmp(text, prevtext) < 0)))
				bad++;
			prev = x;
			memcpy(prevtext, text, 11);
			for (int i = 0; i < 9; i++)
			{
				char		mut[10];

				memcpy(mut, code, 10);
				mut[i] = mut[i] == '7' ? '8' : '7';
				if (orgc_parse(mut, 9, true, &w, &err) && w == x)
					bad++;
			}
		}
		CHECK(bad == 0, "%ld org codes failed round trip, order or mutation", bad);
	}
}

static void
test_scan(void)
{
	al_scan		sc;

	al_scan_text("  a b  ", 7, false, SIZE_MAX, &sc);
	CHECK(sc.nchars == 3 && sc.ch[0].ascii == 'a' && sc.ch[1].ascii == ' ', "strict keeps inner space");
	al_scan_text("  a b  ", 7, true, SIZE_MAX, &sc);
	CHECK(sc.nchars == 2 && sc.ch[1].ascii == 'b', "lenient drops inner space");
	al_scan_text("\xe4\xb8\xad", 3, false, SIZE_MAX, &sc);
	CHECK(sc.nchars == 1 && sc.ch[0].ascii == 0 && sc.ch[0].codepoint == 0x4E2D, "CJK character");
	al_scan_text("\xc0\x80", 2, false, SIZE_MAX, &sc);
	CHECK(sc.nchars == 2 && sc.ch[0].codepoint == 0xFFFFFFFFu, "overlong NUL is two invalid bytes");
	al_scan_text("\xed\xa0\x80", 3, false, SIZE_MAX, &sc);
	CHECK(sc.nchars == 3, "surrogate is invalid");
	al_scan_text("", 0, false, SIZE_MAX, &sc);
	CHECK(sc.nchars == 0, "empty");
	CHECK(al_days_in_month(2000, 2) == 29 && al_days_in_month(1900, 2) == 28 &&
		  al_days_in_month(2024, 2) == 29 && al_days_in_month(2023, 13) == 0, "calendar");
}

static void
check_date(const char *in, int y, int m, int d)
{
	int			yy = 0,
				mm = 0,
				dd = 0;
	bool		ok = al_read_date(in, strlen(in), &yy, &mm, &dd);

	if (y == 0)
		CHECK(!ok, "al_read_date(\"%s\") accepted %d-%d-%d", in, yy, mm, dd);
	else
		CHECK(ok && yy == y && mm == m && dd == d, "al_read_date(\"%s\") gave %d %d-%d-%d, want %d-%d-%d",
			  in, ok, yy, mm, dd, y, m, d);
}

static void
check_date_level(int y1, int m1, int d1, int y2, int m2, int d2, const char *want)
{
	const char *got = al_date_level_code(al_birth_date_level(y1, m1, d1, y2, m2, d2));
	const char *back = al_date_level_code(al_birth_date_level(y2, m2, d2, y1, m1, d1));

	CHECK(strcmp(got, want) == 0 && strcmp(back, want) == 0,
		  "date level %04d-%02d-%02d / %04d-%02d-%02d: %s (reversed %s), want %s",
		  y1, m1, d1, y2, m2, d2, got, back, want);
}

static void
test_dates(void)
{
	check_date("19900506", 1990, 5, 6);
	check_date("1990-05-06", 1990, 5, 6);
	check_date("1990/5/6", 1990, 5, 6);
	check_date(" 1990.05.06 ", 1990, 5, 6);
	check_date("1990\xe5\xb9\xb4" "5\xe6\x9c\x88" "6\xe6\x97\xa5", 1990, 5, 6);
	check_date("\xef\xbc\x91\xef\xbc\x99\xef\xbc\x99\xef\xbc\x90-05-06", 1990, 5, 6);
	check_date("1990-02-29", 0, 0, 0);
	check_date("2000-02-29", 2000, 2, 29);
	check_date("1990-13-01", 0, 0, 0);
	check_date("", 0, 0, 0);
	check_date("abc", 0, 0, 0);
	check_date("1799-01-01", 0, 0, 0);

	check_date_level(1990, 5, 6, 1990, 5, 6, "exact");
	check_date_level(1990, 5, 6, 1990, 5, 8, "one_digit");		/* a digit */
	check_date_level(1990, 5, 6, 1980, 5, 6, "one_digit");
	check_date_level(1990, 12, 3, 1990, 12, 30, "one_digit");	/* 03 / 30: a swap */
	check_date_level(1990, 5, 6, 1909, 5, 6, "one_digit");		/* 90 / 09 */
	check_date_level(1990, 5, 6, 1990, 6, 5, "month_day_swapped");
	check_date_level(1990, 5, 16, 1990, 6, 15, "same_year");
	check_date_level(1990, 1, 1, 1990, 12, 31, "same_year");
	check_date_level(1990, 5, 6, 1991, 6, 7, "different");
	check_date_level(1990, 1, 1, 1989, 12, 31, "different");
	check_date_level(10000, 1, 1, 10000, 1, 2, "same_year");	/* 5-digit years */
	check_date_level(-5, 1, 1, -5, 1, 2, "same_year");
}

static void
check_typed(const char *in, const char *want, size_t want_n)
{
	char		d[AL_TYPED_MAX];
	size_t		n = al_typed_number_chars(in, strlen(in), d);
	size_t		kept = n < AL_TYPED_MAX ? n : AL_TYPED_MAX;

	CHECK(n == want_n && strlen(want) == kept && memcmp(d, want, kept) == 0,
		  "al_typed_number_chars(\"%s\"): %zu characters (%.*s), want %zu (%s)",
		  in, n, (int) kept, d, want_n, want);
}

static void
test_typed_numbers(void)
{
	check_typed("11010519491231002X", "11010519491231002X", 18);
	check_typed("11010519491231002x", "11010519491231002X", 18);
	check_typed(" 110105-19491231-002x ", "11010519491231002X", 18);
	check_typed("\xef\xbc\x91\xef\xbc\x90\xef\xbd\x98\xef\xbc\xb8", "10XX", 4);	/* full width */
	check_typed("'110105491231002", "110105491231002", 15);
	check_typed("\xe6\x97\xa0", "", 0);		/* a word */
	check_typed("", "", 0);
	check_typed("1101051949123100212", "110105194912310021", 19);	/* counted past 18 */
	check_typed("\xef\xbc", "", 0);			/* a truncated sequence is dropped */
	check_typed("\xef\xbc\x9a" "1", "1", 1);		/* U+FF1A is no digit */

	CHECK(al_typed_distance("110105", 6, "110105", 6) == 0, "distance 0");
	CHECK(al_typed_distance("110105", 6, "110106", 6) == 1, "one substitution");
	CHECK(al_typed_distance("110105", 6, "101105", 6) == 1, "one swap");
	CHECK(al_typed_distance("110105", 6, "101150", 6) == 2, "two swaps");
	CHECK(al_typed_distance("110105", 6, "11010", 5) == 1, "one deletion");
	CHECK(al_typed_distance("", 0, "123", 3) == 3, "from empty");
	CHECK(al_typed_distance("11010519491231002X", 40, "11010519491231002X", 40) == 0,
		  "lengths past the maximum are cut, not read past");
}

int
main(void)
{
	test_dates();
	test_typed_numbers();
	test_scan();
	test_resident_id_accepts();
	test_resident_id_rejects();
	test_resident_id_lenient_vs_strict();
	test_resident_id_overlong();
	test_resident_id_fields();
	test_resident_id_properties();
	test_uscc();
	test_org_code();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
