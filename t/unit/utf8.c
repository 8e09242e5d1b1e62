/* Unit tests of the strict UTF-8 decoder, encoder and validator (lib/utf8.c) against the well-formed byte sequences of Unicode Table 3-7. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

/*
 * The length of the well-formed sequence at the start of s (n bytes), or 0,
 * straight from Table 3-7 of the Unicode Standard: an independent reference.
 */
static size_t
reference(const unsigned char *s, size_t n)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] <= 0x7f)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* Decode from an exactly sized heap copy, so AddressSanitizer sees over-reads. */
static size_t
decode(const char *s, size_t n, uint32_t *cp)
{
	unsigned char *copy = malloc(n ? n : 1);
	size_t k;

	if (copy == NULL)
		exit(2);
	memcpy(copy, s, n);
	k = utf8_decode(copy, n, cp);
	free(copy);
	return k;
}

static int
valid(const char *s, size_t n)
{
	char *copy = malloc(n ? n : 1);
	int v;

	if (copy == NULL)
		exit(2);
	memcpy(copy, s, n);
	v = utf8_valid(copy, n);
	free(copy);
	return v;
}

static void
test_decode(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		uint32_t	 cp;
	} good[] = {
		{ "\0", 1, 0 },
		{ "A", 1, 0x41 },
		{ "\x7F", 1, 0x7f },
		{ "\xC2\x80", 2, 0x80 },
		{ "\xC3\xA9", 2, 0xe9 },
		{ "\xDF\xBF", 2, 0x7ff },
		{ "\xE0\xA0\x80", 3, 0x800 },
		{ "\xE2\x82\xAC", 3, 0x20ac },
		{ "\xED\x9F\xBF", 3, 0xd7ff },
		{ "\xEE\x80\x80", 3, 0xe000 },
		{ "\xEF\xBF\xBD", 3, 0xfffd },
		{ "\xEF\xBF\xBF", 3, 0xffff },
		{ "\xF0\x90\x80\x80", 4, 0x10000 },
		{ "\xF0\x9F\x98\x80", 4, 0x1f600 },
		{ "\xF4\x8F\xBF\xBF", 4, 0x10ffff },
	};
	static const struct {
		const char	*s;
		size_t		 n;
		const char	*what;
	} bad[] = {
		{ "", 0, "nothing" },
		{ "\x80", 1, "a lone continuation byte" },
		{ "\xBF", 1, "a lone continuation byte 0xBF" },
		{ "\xC0\x80", 2, "overlong NUL" },
		{ "\xC0\xAF", 2, "overlong '/' (C0 AF)" },
		{ "\xC1\xBF", 2, "overlong U+7F" },
		{ "\xE0\x80\xAF", 3, "overlong '/' (E0 80 AF)" },
		{ "\xE0\x9F\xBF", 3, "overlong U+7FF" },
		{ "\xF0\x80\x80\xAF", 4, "overlong '/' (F0 80 80 AF)" },
		{ "\xF0\x8F\xBF\xBF", 4, "overlong U+FFFF" },
		{ "\xED\xA0\x80", 3, "surrogate U+D800" },
		{ "\xED\xAF\xBF", 3, "surrogate U+DBFF" },
		{ "\xED\xB0\x80", 3, "surrogate U+DC00" },
		{ "\xED\xBF\xBF", 3, "surrogate U+DFFF" },
		{ "\xF4\x90\x80\x80", 4, "U+110000" },
		{ "\xF7\xBF\xBF\xBF", 4, "U+1FFFFF" },
		{ "\xF5\x80\x80\x80", 4, "lead F5" },
		{ "\xF8\x88\x80\x80\x80", 5, "a five-byte form" },
		{ "\xFC\x84\x80\x80\x80\x80", 6, "a six-byte form" },
		{ "\xFE", 1, "FE" },
		{ "\xFF", 1, "FF" },
		{ "\xC3", 1, "truncated 2-byte" },
		{ "\xE2\x82", 2, "truncated 3-byte" },
		{ "\xE2", 1, "truncated 3-byte after 1" },
		{ "\xF0\x9F\x98", 3, "truncated 4-byte" },
		{ "\xF0\x9F", 2, "truncated 4-byte after 2" },
		{ "\xC3" "A", 2, "2-byte lead then ASCII" },
		{ "\xE2\x82" "A", 3, "3-byte lead then ASCII" },
		{ "\xF0\x9F\x98" "A", 4, "4-byte lead then ASCII" },
		{ "\xC3\xC3", 2, "lead then lead" },
		{ "\xE2\xFF\xAC", 3, "FF as continuation" },
	};
	uint32_t cp;
	size_t i, k;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cp = 0xdeadbeef;
		k = decode(good[i].s, good[i].len, &cp);
		ok(k == good[i].len && cp == good[i].cp, "decodes U+%04X (%zu bytes)",
		    (unsigned)good[i].cp, good[i].len);
		/* the same with more bytes after it */
		{
			char more[8];

			memcpy(more, good[i].s, good[i].len);
			memcpy(more + good[i].len, "\xC3\xA9", 2);
			cp = 0;
			ok(decode(more, good[i].len + 2, &cp) == good[i].len &&
			    cp == good[i].cp, "U+%04X with bytes after it",
			    (unsigned)good[i].cp);
		}
		/* and cut short */
		for (k = 1; k < good[i].len; k++)
			if (decode(good[i].s, k, &cp) != 0)
				break;
		ok(good[i].len == 1 || k == good[i].len,
		    "U+%04X cut to fewer bytes is refused", (unsigned)good[i].cp);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cp = 0x12345;
		k = decode(bad[i].s, bad[i].n, &cp);
		ok(k == 0 && cp == 0x12345, "refuses %s", bad[i].what);
	}
}

/* Compare with the reference at n bytes; count and show mismatches. */
static void
compare(const unsigned char s[4], size_t n, size_t *mismatches)
{
	size_t got, want;
	uint32_t cp;
	char out[4];

	got = utf8_decode(s, n, &cp);
	want = reference(s, n);
	if (got == want && (got == 0 || (utf8_encode(cp, out) == got &&
	    memcmp(out, s, got) == 0)))
		return;
	if ((*mismatches)++ < 5)
		diag("%02X %02X %02X %02X (n %zu): got %zu, want %zu", s[0], s[1],
		    s[2], s[3], n, got, want);
}

/* Every 1- and 2-byte prefix, every 3-byte one with a 3- or 4-byte lead, every 4-byte lead with some last bytes. */
static void
test_exhaustive(void)
{
	static const unsigned char lasts[] = { 0x41, 0x7f, 0x80, 0xbf, 0xc0 };
	unsigned char s[4];
	unsigned b0, b1, b2, t;
	size_t mismatches = 0, n;

	for (b0 = 0; b0 < 256; b0++)
		for (b1 = 0; b1 < 256; b1++) {
			s[0] = (unsigned char)b0;
			s[1] = (unsigned char)b1;
			s[2] = 0x80;
			s[3] = 0x80;
			for (n = 1; n <= 4; n++)
				compare(s, n, &mismatches);
			if (b0 < 0xe0)
				continue;
			for (b2 = 0; b2 < 256; b2++) {
				s[2] = (unsigned char)b2;
				s[3] = 0x80;
				compare(s, 3, &mismatches);
				for (t = 0; b0 >= 0xf0 && t < sizeof(lasts); t++) {
					s[3] = lasts[t];
					compare(s, 4, &mismatches);
				}
			}
		}
	ok(mismatches == 0, "all sequences up to 4 bytes agree with Table 3-7 "
	    "(%zu mismatches)", mismatches);
}

static void
test_encode(void)
{
	static const struct {
		uint32_t	 cp;
		size_t		 len;
		const char	*want;
	} tab[] = {
		{ 0, 1, "\0" },
		{ 0x7f, 1, "\x7F" },
		{ 0x80, 2, "\xC2\x80" },
		{ 0x7ff, 2, "\xDF\xBF" },
		{ 0x800, 3, "\xE0\xA0\x80" },
		{ 0xd7ff, 3, "\xED\x9F\xBF" },
		{ 0xe000, 3, "\xEE\x80\x80" },
		{ 0xffff, 3, "\xEF\xBF\xBF" },
		{ 0x10000, 4, "\xF0\x90\x80\x80" },
		{ 0x1f600, 4, "\xF0\x9F\x98\x80" },
		{ 0x10ffff, 4, "\xF4\x8F\xBF\xBF" },
	};
	static const uint32_t refused[] = { 0xd800, 0xdbff, 0xdc00, 0xdfff,
	    0x110000, 0x1fffff, 0x7fffffff, 0xffffffff };
	char out[4];
	size_t i, k, want, bad = 0;
	uint32_t cp, back;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		k = utf8_encode(tab[i].cp, out);
		ok(k == tab[i].len && memcmp(out, tab[i].want, k) == 0,
		    "encodes U+%04X in %zu bytes", (unsigned)tab[i].cp, tab[i].len);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		ok(utf8_encode(refused[i], out) == 0, "refuses to encode 0x%X",
		    (unsigned)refused[i]);

	/* every code point: scalar values round-trip, surrogates are refused */
	for (cp = 0; cp <= 0x10ffff; cp++) {
		want = cp >= 0xd800 && cp <= 0xdfff ? 0 : cp < 0x80 ? 1 :
		    cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		k = utf8_encode(cp, out);
		if (k != want || (k > 0 && (utf8_decode((unsigned char *)out, k,
		    &back) != k || back != cp || !utf8_valid(out, k)))) {
			if (bad++ < 5)
				diag("U+%04X: length %zu, want %zu", (unsigned)cp,
				    k, want);
		}
	}
	ok(bad == 0, "every code point encodes and decodes back (%zu bad)", bad);
}

static void
test_valid(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		int		 valid;
		const char	*what;
	} tab[] = {
#define V(lit, v, what)	{ lit, sizeof(lit) - 1, v, what }
		V("", 1, "the empty string"),
		V("hello", 1, "ASCII"),
		V("a\0b", 1, "an embedded NUL"),
		V("\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 1, "mixed"),
		V("\xEF\xBB\xBF", 1, "a BOM"),
		V("abc\x80", 0, "a stray continuation at the end"),
		V("\x80" "abc", 0, "a stray continuation at the start"),
		V("ab\xC0\xAF" "cd", 0, "an overlong form in the middle"),
		V("ab\xED\xA0\x80" "cd", 0, "a surrogate in the middle"),
		V("ab\xF4\x90\x80\x80", 0, "beyond U+10FFFF"),
		V("abc\xE2\x82", 0, "truncated at the end"),
		V("abc\xF0\x9F\x98", 0, "truncated 4-byte at the end"),
		V("\xE2\x82\xAC\xAC", 0, "one continuation too many"),
		V("\xFF", 0, "FF"),
#undef V
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		is_int(valid(tab[i].s, tab[i].n), tab[i].valid, "utf8_valid: %s",
		    tab[i].what);
	ok(utf8_valid(NULL, 0) == 1, "utf8_valid(NULL, 0)");
	ok(utf8_valid("\xC3\xA9", 1) == 0, "utf8_valid stops at n");
}

int
main(void)
{
	test_decode();
	test_encode();
	test_valid();
	test_exhaustive();
	return done_testing();
}
