/* Unit tests of SHA-256, HMAC-SHA256 and PBKDF2 (lib/sha256.c) against the examples of FIPS 180-2, RFC 4231 and RFC 7914. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbtime.h"
#include "sha256.h"
#include "tap.h"

/* The digest of n bytes at p in hex, in a static buffer. */
static const char *
hexof(const unsigned char *p, size_t n)
{
	static char s[2 * 128 + 1];

	if (n > 128)
		exit(2);
	hex_encode(p, n, s);
	return s;
}

/* Hash from an exactly sized heap copy, so AddressSanitizer sees over-reads. */
static const char *
digest(const void *data, size_t n)
{
	unsigned char *copy = malloc(n ? n : 1), out[SHA256_LEN];

	if (copy == NULL)
		exit(2);
	memcpy(copy, data, n);
	sha256(copy, n, out);
	free(copy);
	return hexof(out, SHA256_LEN);
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
	static const char m896[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	is_str(digest("abc", 3),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "FIPS 180-2 B.1: \"abc\"");
	is_str(digest(m448, strlen(m448)),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "FIPS 180-2 B.2: the 448-bit message");
	is_str(digest(m896, strlen(m896)),
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	    "the 896-bit message");
	is_str(digest("", 0),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "the empty string");
	{
		unsigned char out[SHA256_LEN];

		sha256(NULL, 0, out);
		is_str(hexof(out, SHA256_LEN), "e3b0c44298fc1c149afbf4c8996fb"
		    "92427ae41e4649b934ca495991b7852b855", "sha256(NULL, 0)");
	}
}

/* One million 'a' (FIPS 180-2 B.3) in updates of odd sizes that straddle block edges. */
static void
test_million(void)
{
	static const size_t sizes[] = { 1, 3, 7, 13, 55, 61, 63, 64, 65, 127,
	    129, 997, 4099 };
	unsigned char a[4099], out[SHA256_LEN];
	struct sha256 c;
	size_t left = 1000000, k, i = 0;

	memset(a, 'a', sizeof(a));
	sha256_init(&c);
	while (left > 0) {
		k = sizes[i++ % (sizeof(sizes) / sizeof(sizes[0]))];
		if (k > left)
			k = left;
		sha256_update(&c, a, k);
		sha256_update(&c, a, 0);
		left -= k;
	}
	sha256_final(&c, out);
	is_str(hexof(out, SHA256_LEN),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "FIPS 180-2 B.3: one million 'a' in updates of odd sizes");
}

/* Lengths at the padding edges, one-shot against hashlib, then cut in two and three everywhere. */
static void
test_splits(void)
{
	static const struct {
		size_t		 len;
		const char	*want;
	} tab[] = {
		{ 55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b" },
		{ 56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63" },
		{ 57, "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d" },
		{ 63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076" },
		{ 64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd" },
		{ 65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0" },
		{ 119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe" },
		{ 120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656" },
		{ 128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356" },
	};
	unsigned char m[200 + 1], one[SHA256_LEN], got[SHA256_LEN];
	struct sha256 c;
	size_t i, len, s, t, bad = 0, bad3 = 0;

	pattern(m, sizeof(m));
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		is_str(digest(m, tab[i].len), tab[i].want, "%zu bytes one-shot",
		    tab[i].len);
	/* unaligned input must hash the same (the loads are by bytes) */
	pattern(m + 1, 200);
	sha256(m + 1, 64, got);
	is_str(hexof(got, SHA256_LEN), tab[4].want,
	    "64 bytes from an odd address");

	pattern(m, sizeof(m));
	for (len = 0; len <= 200; len++) {
		sha256(m, len, one);
		for (s = 0; s <= len; s++) {
			sha256_init(&c);
			sha256_update(&c, m, s);
			sha256_update(&c, m + s, len - s);
			sha256_final(&c, got);
			if (memcmp(one, got, SHA256_LEN) != 0 && bad++ < 5)
				diag("%zu bytes split at %zu differ", len, s);
		}
		/* three pieces, the first ending near a block edge */
		for (s = 50; s <= 70 && s <= len; s++)
			for (t = s; t <= len; t++) {
				sha256_init(&c);
				sha256_update(&c, m, s);
				sha256_update(&c, m + s, t - s);
				sha256_update(&c, m + t, len - t);
				sha256_final(&c, got);
				if (memcmp(one, got, SHA256_LEN) != 0 &&
				    bad3++ < 5)
					diag("%zu bytes split at %zu and %zu "
					    "differ", len, s, t);
			}
	}
	ok(bad == 0, "0-200 bytes split in two anywhere match one-shot "
	    "(%zu bad)", bad);
	ok(bad3 == 0, "0-200 bytes split in three match one-shot (%zu bad)",
	    bad3);

	sha256_init(&c);
	for (i = 0; i < 128; i++)
		sha256_update(&c, m + i, 1);
	sha256_final(&c, got);
	is_str(hexof(got, SHA256_LEN), tab[8].want, "128 bytes one at a time");
}

/* RFC 4231 section 4: all seven test cases. */
static void
test_hmac(void)
{
	static const char data7[] = "This is a test using a larger than "
	    "block-size key and a larger than block-size data. The key needs "
	    "to be hashed before being used by the HMAC algorithm.";
	unsigned char key[131], data[50], out[SHA256_LEN];
	size_t i;

	memset(key, 0x0b, 20);
	hmac_sha256(key, 20, "Hi There", 8, out);
	is_str(hexof(out, SHA256_LEN), "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7", "RFC 4231 test case 1");

	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, out);
	is_str(hexof(out, SHA256_LEN), "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843",
	    "RFC 4231 test case 2: a key shorter than the digest");

	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	hmac_sha256(key, 20, data, 50, out);
	is_str(hexof(out, SHA256_LEN), "773ea91e36800e46854db8ebd09181a7"
	    "2959098b3ef8c122d9635514ced565fe", "RFC 4231 test case 3");

	for (i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	hmac_sha256(key, 25, data, 50, out);
	is_str(hexof(out, SHA256_LEN), "82558a389a443c0ea4cc819899f2083a"
	    "85f0faa3e578f8077a2e3ff46729665b", "RFC 4231 test case 4");

	memset(key, 0x0c, 20);
	hmac_sha256(key, 20, "Test With Truncation", 20, out);
	is_str(hexof(out, 16), "a3b6167473100ee06e0c796c2955552b",
	    "RFC 4231 test case 5, truncated to 128 bits");

	memset(key, 0xaa, 131);
	hmac_sha256(key, 131, "Test Using Larger Than Block-Size Key - "
	    "Hash Key First", 54, out);
	is_str(hexof(out, SHA256_LEN), "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54",
	    "RFC 4231 test case 6: a 131-byte key");

	hmac_sha256(key, 131, data7, strlen(data7), out);
	is_str(hexof(out, SHA256_LEN), "9b09ffa71b942fcb27635fbcd5b0e944"
	    "bfdc63644f0713938a7f51535c3a35e2",
	    "RFC 4231 test case 7: a 131-byte key and 152 bytes of data");
}

/* One PBKDF2 run compared with the expected hex. */
static void
pbkdf2_is(const char *pw, const char *salt, unsigned long c, size_t dklen,
    const char *want, const char *what)
{
	unsigned char out[128];

	if (dklen > sizeof(out))
		exit(2);
	ok(pbkdf2_sha256(pw, strlen(pw), salt, strlen(salt), c, out,
	    dklen) == 0, "%s: returns 0", what);
	is_str(hexof(out, dklen), want, "%s", what);
}

static void
test_pbkdf2(void)
{
	unsigned char out[64], keep[64], longer[64];
	char pw[101], salt[101];
	double t0, t1;

	pbkdf2_is("passwd", "salt", 1, 64,
	    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	    "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
	    "RFC 7914 11: passwd, salt, c=1, dkLen=64");
	pbkdf2_is("Password", "NaCl", 80000, 64,
	    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
	    "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
	    "RFC 7914 11: Password, NaCl, c=80000, dkLen=64");
	/* figures from Python's hashlib.pbkdf2_hmac */
	pbkdf2_is("password", "salt", 4096, 32,
	    "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a",
	    "password, salt, c=4096, dkLen=32");
	pbkdf2_is("", "", 1, 32,
	    "f7ce0b653d2d72a4108cf5abe912ffdd777616dbbb27a70e8204f3ae2d0f6fad",
	    "an empty password and salt");
	memset(pw, 'x', 100);
	pw[100] = '\0';
	pbkdf2_is(pw, "salt", 2, 40,
	    "d43a18cd77bafc1a4b0c6025dbbf29c7e6d67acce6ad02a736d4a3003b6a3c26"
	    "e111e365519f0c64", "a 100-byte password (hashed as the key), "
	    "dkLen=40");
	memset(pw, 'k', 64);
	pw[64] = '\0';
	memset(salt, 's', 100);
	salt[100] = '\0';
	pbkdf2_is(pw, salt, 3, 33,
	    "41b0287a29b60f6ef4481cadc2343dfa96948795bb98ded96a0d68a98559e7cf"
	    "46",
	    "a 64-byte password, a 100-byte salt, dkLen=33");

	/* a shorter key is a prefix of a longer one */
	pbkdf2_sha256("Password", 8, "NaCl", 4, 3, longer, 64);
	pbkdf2_sha256("Password", 8, "NaCl", 4, 3, out, 45);
	ok(memcmp(out, longer, 45) == 0, "dkLen=45 is a prefix of dkLen=64");

	memset(out, 0x5a, sizeof(out));
	memcpy(keep, out, sizeof(out));
	is_int(pbkdf2_sha256("p", 1, "s", 1, 0, out, 32), -1, "0 iterations");
	is_int(pbkdf2_sha256("p", 1, "s", 1, 1, out, 0), -1, "dkLen 0");
#if SIZE_MAX > 0xffffffffUL
	is_int(pbkdf2_sha256("p", 1, "s", 1, 1, out,
	    (size_t)0xffffffffUL * SHA256_LEN + 1), -1,
	    "dkLen (2^32 - 1) * 32 + 1");
#endif
	is_int(pbkdf2_sha256("p", 1, "s", 1, 1, out, SIZE_MAX), -1,
	    "dkLen SIZE_MAX");
	ok(memcmp(out, keep, sizeof(out)) == 0, "errors leave out untouched");

	t0 = time_mono();
	pbkdf2_sha256("correct horse battery staple", 28, "0123456789abcdef",
	    16, 600000, out, 32);
	t1 = time_mono();
	diag("pbkdf2_sha256: 600000 iterations (dkLen 32) in %.3f s", t1 - t0);
}

static void
test_ct_equal(void)
{
	unsigned char a[32], b[32];
	size_t i, bad = 0;
	unsigned bit, d;

	pattern(a, sizeof(a));
	memcpy(b, a, sizeof(b));
	ok(ct_equal(a, b, 32) == 1, "equal bytes");
	ok(ct_equal(a, a, 32) == 1, "the same bytes");
	ok(ct_equal(NULL, NULL, 0) == 1, "nothing equals nothing");
	for (i = 0; i < 32; i++)
		for (bit = 0; bit < 8; bit++) {
			b[i] ^= (unsigned char)(1u << bit);
			if (ct_equal(a, b, 32) != 0 || ct_equal(b, a, 32) != 0)
				bad++;
			if (ct_equal(a, b, i) != 1)
				bad++;
			b[i] ^= (unsigned char)(1u << bit);
		}
	ok(bad == 0, "one bit different anywhere is unequal, and the bytes "
	    "before it equal (%zu bad)", bad);
	for (d = 1, bad = 0; d < 256; d++) {
		b[31] = (unsigned char)(a[31] ^ d);
		if (ct_equal(a, b, 32) != 0)
			bad++;
	}
	ok(bad == 0, "every difference of the last byte is unequal (%zu bad)",
	    bad);
	memset(a, 0, sizeof(a));
	memset(b, 0xff, sizeof(b));
	ok(ct_equal(a, b, 32) == 0, "all bits different");
}

static void
test_hex(void)
{
	static const unsigned char some[] = { 0x00, 0x01, 0x7f, 0x80, 0xab,
	    0xff };
	unsigned char all[256];
	char out[2 * 256 + 1], want[2 * 256 + 1];
	size_t i;

	hex_encode(some, sizeof(some), out);
	is_str(out, "00017f80abff", "hex_encode, lower case");
	memset(out, 'x', sizeof(out));
	hex_encode(some, 0, out);
	is_str(out, "", "hex_encode of nothing is the empty string");
	for (i = 0; i < 256; i++) {
		all[i] = (unsigned char)i;
		snprintf(want + 2 * i, 3, "%02x", (unsigned)i);
	}
	hex_encode(all, 256, out);
	is_str(out, want, "hex_encode of every byte value agrees with %%02x");
}

int
main(void)
{
	test_fips();
	test_million();
	test_splits();
	test_hmac();
	test_pbkdf2();
	test_ct_equal();
	test_hex();
	return done_testing();
}
