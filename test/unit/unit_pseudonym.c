/*
 * Unit tests of the pseudonym token format (src/pseudonym_core.c), outside the
 * server under AddressSanitizer and UBSan (make unit).  The expected tokens
 * were computed with Python's base64.b32encode (RFC 4648).  Prints each
 * failure and ends with "unit: N passed, N failed".
 */
#include "pseudonym_core.h"

#include <stdio.h>
#include <string.h>

static int	passed,
			failed;

#define CHECK(cond, ...) do { \
	if (cond) passed++; \
	else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static const struct
{
	int32_t		version;
	uint8_t		mac[PN_MAC_BYTES];
	const char *token;
}			known[] = {
	{1, {0x3a, 0x5e, 0xf6, 0x60, 0x20, 0x31, 0xb4, 0x0b, 0x15, 0x23, 0x3f, 0xcf, 0xff, 0x81, 0x35, 0x66, 0xa4, 0x07, 0x75, 0x7c}, "v1-HJPPMYBAGG2AWFJDH7H77AJVM2SAO5L4"},
	{7, {0x74, 0x63, 0x7e, 0x92, 0x31, 0xe5, 0xd4, 0x67, 0x16, 0x7c, 0x3b, 0xc2, 0x05, 0xb3, 0x44, 0x85, 0x68, 0x79, 0xe6, 0xe9}, "v7-ORRX5ERR4XKGOFT4HPBALM2EQVUHTZXJ"},
	{42, {0x61, 0xb9, 0x1d, 0xa9, 0x42, 0x18, 0xfd, 0xd0, 0x10, 0x62, 0x9e, 0xd4, 0x60, 0x1b, 0xa9, 0x0e, 0x56, 0x3c, 0xb0, 0x16}, "v42-MG4R3KKCDD65AEDCT3KGAG5JBZLDZMAW"},
	{999999999, {0x7f, 0xe7, 0xa6, 0x84, 0xe6, 0x35, 0x94, 0xce, 0x24, 0x9b, 0x10, 0x8a, 0xf2, 0x09, 0x7d, 0xb3, 0x31, 0x25, 0xf2, 0xdc}, "v999999999-P7T2NBHGGWKM4JE3CCFPECL5WMYSL4W4"},
	{123456789, {0x94, 0x74, 0xba, 0x95, 0xe1, 0x71, 0x49, 0x8e, 0x5b, 0xda, 0xe0, 0x6d, 0x22, 0x28, 0xc3, 0x99, 0x18, 0x88, 0xb0, 0x50}, "v123456789-SR2LVFPBOFEY4W624BWSEKGDTEMIRMCQ"},
	{1, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, "v1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
	{2, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "v2-77777777777777777777777777777777"}
};

static const struct
{
	const char *text;
	pn_problem	problem;
	size_t		pos;
}			bad[] = {
	{"", PN_EMPTY, 0},
	{"1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_NO_PREFIX, 0},
	{"V1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_NO_PREFIX, 0},
	{"v-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_BAD_VERSION, 1},
	{"v0-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_BAD_VERSION, 1},
	{"v01-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_BAD_VERSION, 1},
	{"v1234567890-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_BAD_VERSION, 10},
	{"v1", PN_NO_SEPARATOR, 2},
	{"v1_UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_NO_SEPARATOR, 2},
	{"v1-", PN_BAD_LENGTH, 3},
	{"v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD", PN_BAD_LENGTH, 3},
	{"v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDHA", PN_BAD_LENGTH, 3},
	{"v1-uZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDH", PN_BAD_CHARACTER, 3},
	{"v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD1", PN_BAD_CHARACTER, 34},
	{"v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD8", PN_BAD_CHARACTER, 34},
	{"v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMD=", PN_BAD_CHARACTER, 34},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
	{
		char		out[PN_TOKEN_MAX + 1];
		int32_t		v = 0;
		uint8_t		mac[PN_MAC_BYTES];
		size_t		pos;
		size_t		n = pn_format_token(known[i].version, known[i].mac, out);

		CHECK(n == strlen(known[i].token) && strcmp(out, known[i].token) == 0,
			  "format v%d: %s, want %s", (int) known[i].version, out, known[i].token);
		CHECK(pn_parse_token(known[i].token, strlen(known[i].token), &v, mac, &pos) == PN_OK &&
			  v == known[i].version && memcmp(mac, known[i].mac, PN_MAC_BYTES) == 0,
			  "parse %s", known[i].token);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		int32_t		v = -1;
		uint8_t		mac[PN_MAC_BYTES];
		size_t		pos = 999;
		pn_problem	p = pn_parse_token(bad[i].text, strlen(bad[i].text), &v, mac, &pos);

		CHECK(p == bad[i].problem && pos == bad[i].pos, "\"%s\": problem %d at %zu, want %d at %zu",
			  bad[i].text, (int) p, pos, (int) bad[i].problem, bad[i].pos);
		CHECK(v == -1, "\"%s\": version written on error", bad[i].text);
		CHECK(strlen(pn_problem_text(p)) > 0, "\"%s\": no problem text", bad[i].text);
	}
	/* a length is respected: a valid token followed by bytes not given */
	{
		const char *s = "v1-UZTVKRJ3CBW45IGPUJSCCSXFT7Y6RMDHxyz";
		int32_t		v;
		uint8_t		mac[PN_MAC_BYTES];
		size_t		pos;

		CHECK(pn_parse_token(s, 35, &v, mac, &pos) == PN_OK && v == 1, "length not respected");
		CHECK(pn_parse_token(s, 38, &v, mac, &pos) == PN_BAD_LENGTH, "trailing bytes accepted");
	}
	/* every version round-trips through the text, at the edges and in between */
	for (int32_t v = 1; v <= PN_MAX_VERSION; v = v < 1000 ? v + 1 : v * 3 + 7)
	{
		char		out[PN_TOKEN_MAX + 1];
		uint8_t		mac[PN_MAC_BYTES] = {0};
		int32_t		back = 0;
		size_t		pos;

		mac[v % PN_MAC_BYTES] = (uint8_t) v;
		pn_format_token(v, mac, out);
		CHECK(pn_parse_token(out, strlen(out), &back, mac, &pos) == PN_OK && back == v,
			  "round trip of version %d (%s)", (int) v, out);
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
