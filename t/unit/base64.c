/* Unit tests of base64 (lib/base64.c): the RFC 4648 examples both ways, strict decoding, and every character and byte value. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "tap.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Decode from an exactly sized heap copy, so AddressSanitizer sees over-reads. */
static long
decode(const char *s, size_t n, unsigned char *out, size_t outsize)
{
	char *copy = malloc(n ? n : 1);
	long r;

	if (copy == NULL)
		exit(2);
	memcpy(copy, s, n);
	r = base64_decode(copy, n, out, outsize);
	free(copy);
	return r;
}

static void
test_rfc(void)
{
	static const struct {
		const char	*raw;
		const char	*enc;
	} tab[] = {
		{ "", "" },
		{ "f", "Zg==" },
		{ "fo", "Zm8=" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	unsigned char out[16];
	char enc[16];
	size_t i, n;
	long r;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		n = strlen(tab[i].raw);
		is_int((long long)base64_encoded_len(n),
		    (long long)strlen(tab[i].enc),
		    "base64_encoded_len(%zu)", n);
		memset(enc, 'x', sizeof(enc));
		base64_encode(tab[i].raw, n, enc);
		is_str(enc, tab[i].enc, "RFC 4648 10: encode \"%s\"",
		    tab[i].raw);
		memset(out, 'x', sizeof(out));
		r = decode(tab[i].enc, strlen(tab[i].enc), out, n);
		ok(r == (long)n && memcmp(out, tab[i].raw, n) == 0,
		    "RFC 4648 10: decode \"%s\" into exactly %zu bytes",
		    tab[i].enc, n);
	}
	ok(base64_decode(NULL, 0, NULL, 0) == 0, "decode nothing into nothing");
	base64_encode(NULL, 0, enc);
	is_str(enc, "", "encode nothing");
}

static void
test_len(void)
{
	size_t groups = (SIZE_MAX - 1) / 4;

	is_int((long long)base64_encoded_len(0), 0, "length of 0 bytes");
	is_int((long long)base64_encoded_len(1), 4, "length of 1 byte");
	is_int((long long)base64_encoded_len(3), 4, "length of 3 bytes");
	is_int((long long)base64_encoded_len(4), 8, "length of 4 bytes");
	ok(base64_encoded_len(groups * 3) == groups * 4,
	    "the longest length that fits with its NUL");
	ok(base64_encoded_len(groups * 3 + 1) == 0,
	    "one byte more does not fit: 0");
	ok(base64_encoded_len(SIZE_MAX) == 0, "length of SIZE_MAX bytes: 0");
}

static void
test_refused(void)
{
	static const struct {
		const char	*s;
		size_t		 n;
		const char	*what;
	} bad[] = {
#define B(lit, what)	{ lit, sizeof(lit) - 1, what }
		B("Z", "1 char"),
		B("Zg", "2 chars, no padding"),
		B("Zg=", "3 chars, short padding"),
		B("Zm9vY", "5 chars"),
		B("Zm9vYg=", "7 chars"),
		B("Zm8==", "a padded group and one '=' more"),
		B("Zm9vYg===", "9 chars"),
		B("====", "only padding"),
		B("Z===", "three '='"),
		B("Zm9vZ===", "three '=' after a group"),
		B("Zg=a", "'=' then a letter"),
		B("Z=g=", "'=' inside the group"),
		B("=Zm9", "'=' first"),
		B("Zg==Zg==", "padding in the middle"),
		B("Zm8=Zm9v", "one '=' in the middle"),
		B("Zh==", "non-zero bits under \"==\""),
		B("Zm9=", "non-zero bits under \"=\""),
		B("Zm-v", "'-' (base64url)"),
		B("Zm_v", "'_' (base64url)"),
		B("Zm9!", "'!'"),
		B("Zm9.", "'.'"),
		B("Zm9\x80", "byte 0x80"),
		B("Zm9\xff", "byte 0xff"),
		B("Zm9\0", "a NUL"),
		B("Zm9\n", "a newline"),
		B("Zm\r\n", "CR LF"),
		B("Zm9 ", "a space"),
		B(" Zm9", "a leading space"),
		B("\tZm9", "a tab"),
		B("Zm9vYmF\n", "a newline after a group"),
		B("Zm9v\nYmFy", "a line break between groups"),
		B("Zg= ", "a space in the padding"),
#undef B
	};
	unsigned char out[16];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(decode(bad[i].s, bad[i].n, out, sizeof(out)), -1,
		    "refuses %s", bad[i].what);

	is_int(decode("Zm9vYmFy", 8, out, 5), -1, "6 bytes into 5: refused");
	is_int(decode("Zm9vYmFy", 8, out, 6), 6, "6 bytes into 6");
	is_int(decode("Zm9vYg==", 8, out, 3), -1, "4 bytes into 3: refused");
	is_int(decode("Zm9vYg==", 8, out, 4), 4, "4 bytes into 4");
	is_int(decode("Zg==", 4, out, 0), -1, "1 byte into 0: refused");
	is_int(decode("Zm9vYmFy", 4, out, 3), 3, "decodes only n chars");
}

/* Every byte value at every place of a group: accepted exactly when it is in the alphabet, with its value. */
static void
test_chars(void)
{
	char s[4];
	unsigned char out[3];
	const char *at;
	unsigned c, j;
	size_t bad = 0;
	uint32_t want, got;
	long r;

	for (c = 0; c < 256; c++)
		for (j = 0; j < 4; j++) {
			memcpy(s, "AAAA", 4);
			s[j] = (char)c;
			at = c != 0 ? strchr(alphabet, (int)c) : NULL;
			r = decode(s, 4, out, sizeof(out));
			if (c == '=' && j == 3) {
				/* "AAA=" is padding, and fine */
				if ((r != 2 || out[0] != 0 || out[1] != 0) &&
				    bad++ < 5)
					diag("\"AAA=\": %ld", r);
				continue;
			}
			if (at == NULL) {
				if (r != -1 && bad++ < 5)
					diag("byte %u at %u accepted", c, j);
				continue;
			}
			want = (uint32_t)(at - alphabet) << (18 - 6 * j);
			got = (uint32_t)out[0] << 16 | (uint32_t)out[1] << 8 |
			    out[2];
			if ((r != 3 || got != want) && bad++ < 5)
				diag("'%c' at %u: %ld, %06x, want %06x", (int)c,
				    j, r, (unsigned)got, (unsigned)want);
		}
	ok(bad == 0, "every byte at every place of a group (%zu bad)", bad);

	/* and the encoder writes each value as the alphabet says */
	for (c = 0, bad = 0; c < 64; c++) {
		unsigned char in[3] = { (unsigned char)(c << 2), 0, 0 };
		char enc[5];

		base64_encode(in, 3, enc);
		if (enc[0] != alphabet[c] && bad++ < 5)
			diag("value %u encodes as '%c'", c, enc[0]);
	}
	ok(bad == 0, "every value encodes to its letter (%zu bad)", bad);
}

/* All byte values, and every length up to them, there and back. */
static void
test_roundtrip(void)
{
	unsigned char all[256], back[256];
	char enc[345];
	size_t i, len, bad = 0;
	long r;

	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (len = 0; len <= 256; len++) {
		memset(enc, 'x', sizeof(enc));
		base64_encode(all + 256 - len, len, enc);
		if (strlen(enc) != base64_encoded_len(len)) {
			if (bad++ < 5)
				diag("%zu bytes: %zu chars", len, strlen(enc));
			continue;
		}
		r = decode(enc, strlen(enc), back, len);
		if ((r != (long)len ||
		    memcmp(back, all + 256 - len, len) != 0) && bad++ < 5)
			diag("%zu bytes do not come back", len);
	}
	ok(bad == 0, "every length 0-256 of byte values comes back (%zu bad)",
	    bad);
	base64_encode(all, 256, enc);
	is_int((long long)strlen(enc), 344, "256 bytes in 344 chars");
	ok(decode(enc, 344, back, 256) == 256 && memcmp(back, all, 256) == 0,
	    "all 256 byte values round-trip");
}

int
main(void)
{
	test_rfc();
	test_len();
	test_refused();
	test_chars();
	test_roundtrip();
	return done_testing();
}
