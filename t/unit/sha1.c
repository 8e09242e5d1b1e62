/* Unit tests of SHA-1 (lib/sha1.c) against the examples of FIPS 180-2 and figures from Python's hashlib. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha1.h"
#include "sha256.h"
#include "tap.h"

/* The digest in hex, in a static buffer. */
static const char *
hexof(const unsigned char out[SHA1_LEN])
{
	static char s[2 * SHA1_LEN + 1];

	hex_encode(out, SHA1_LEN, s);
	return s;
}

/* Hash from an exactly sized heap copy, so AddressSanitizer sees over-reads. */
static const char *
digest(const void *data, size_t n)
{
	unsigned char *copy = malloc(n ? n : 1), out[SHA1_LEN];

	if (copy == NULL)
		exit(2);
	memcpy(copy, data, n);
	sha1(copy, n, out);
	free(copy);
	return hexof(out);
}

/* The test message for lengths around the padding boundaries: bytes of every kind. */
static void
pattern(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + 7);
}

static void
test_fips(void)
{
	static const char m448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	unsigned char out[SHA1_LEN];

	is_str(digest("abc", 3), "a9993e364706816aba3e25717850c26c9cd0d89d",
	    "FIPS 180-2 A.1: \"abc\"");
	is_str(digest(m448, strlen(m448)),
	    "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	    "FIPS 180-2 A.2: the 448-bit message");
	is_str(digest("", 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "the empty string");
	sha1(NULL, 0, out);
	is_str(hexof(out), "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "sha1(NULL, 0)");
}

/* One million 'a' (FIPS 180-2 A.3): one-shot, and in updates of odd sizes that straddle block edges. */
static void
test_million(void)
{
	static const size_t sizes[] = { 1, 3, 7, 13, 55, 61, 63, 64, 65, 127,
	    129, 997, 4099 };
	static const char want[] = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
	unsigned char *a, out[SHA1_LEN];
	struct sha1 c;
	size_t left = 1000000, k, i = 0;

	if ((a = malloc(left)) == NULL)
		exit(2);
	memset(a, 'a', left);
	sha1(a, left, out);
	is_str(hexof(out), want, "FIPS 180-2 A.3: one million 'a'");
	sha1_init(&c);
	while (left > 0) {
		k = sizes[i++ % (sizeof(sizes) / sizeof(sizes[0]))];
		if (k > left)
			k = left;
		sha1_update(&c, a, k);
		sha1_update(&c, NULL, 0);
		left -= k;
	}
	sha1_final(&c, out);
	is_str(hexof(out), want, "one million 'a' in updates of odd sizes");
	free(a);
}

/* Lengths at the padding edges against hashlib; every length 0-130 whole, byte by byte and cut in two. */
static void
test_lengths(void)
{
	static const struct {
		size_t		 len;
		const char	*want;
	} tab[] = {
		{ 55, "749bbefb28edc4638b28b2b9a9e03ab9a4032b90" },
		{ 56, "a5b6e9c29d201c774753ff8e7fb64931656f5e63" },
		{ 57, "eb0737bed5451790722b2df351829ce117e3d9dd" },
		{ 63, "d1a454409359fc372b4d22b3cea6488d6ba1be00" },
		{ 64, "39a0d8b645ad85f1f976731ed112ac9455e28b78" },
		{ 65, "d0c96e18890114a14716e9686528d2e3fdba8d9e" },
		{ 119, "562ecf8a430f8e1056e3619bae33628e9a1d0a4e" },
		{ 120, "353f6d2bf0e91aa91b74a2e0b3f297510f7d825f" },
		{ 128, "0060f2a7e34b6e4d459f560197ef93243732a400" },
	};
	unsigned char m[131 + 1], one[SHA1_LEN], got[SHA1_LEN];
	struct sha1 c;
	size_t i, len, s, bad = 0, bad2 = 0;

	pattern(m, sizeof(m));
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		is_str(digest(m, tab[i].len), tab[i].want, "%zu bytes one-shot",
		    tab[i].len);
	/* unaligned input must hash the same (the loads are by bytes) */
	pattern(m + 1, 131);
	sha1(m + 1, 64, got);
	is_str(hexof(got), tab[4].want, "64 bytes from an odd address");

	pattern(m, sizeof(m));
	for (len = 0; len <= 130; len++) {
		sha1(m, len, one);
		sha1_init(&c);
		for (i = 0; i < len; i++)
			sha1_update(&c, m + i, 1);
		sha1_final(&c, got);
		if (memcmp(one, got, SHA1_LEN) != 0 && bad++ < 5)
			diag("%zu bytes one at a time differ", len);
		for (s = 0; s <= len; s++) {
			sha1_init(&c);
			sha1_update(&c, m, s);
			sha1_update(&c, m + s, len - s);
			sha1_final(&c, got);
			if (memcmp(one, got, SHA1_LEN) != 0 && bad2++ < 5)
				diag("%zu bytes split at %zu differ", len, s);
		}
	}
	ok(bad == 0, "0-130 bytes fed byte by byte match one-shot (%zu bad)",
	    bad);
	ok(bad2 == 0, "0-130 bytes split in two anywhere match one-shot "
	    "(%zu bad)", bad2);
}

/* A context is reusable after final once init again. */
static void
test_reuse(void)
{
	unsigned char out[SHA1_LEN];
	struct sha1 c;

	sha1_init(&c);
	sha1_update(&c, "xyz", 3);
	sha1_final(&c, out);
	sha1_init(&c);
	sha1_update(&c, "abc", 3);
	sha1_final(&c, out);
	is_str(hexof(out), "a9993e364706816aba3e25717850c26c9cd0d89d",
	    "a context init again after final");
}

int
main(void)
{
	test_fips();
	test_million();
	test_lengths();
	test_reuse();
	return done_testing();
}
