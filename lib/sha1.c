/*
 * sha1: SHA-1 written from FIPS 180-4, for the Sec-WebSocket-Accept value
 * of RFC 6455's handshake and nothing else. SHA-1 is broken for collision
 * resistance: the handshake uses it only to show that the server read the
 * client's key, and nothing here may rely on it for security.
 */
#include <string.h>

#include "sha1.h"

/* FIPS 180-4 5.3.1. */
static const uint32_t H0[5] = {
	0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
};

static uint32_t
rotl(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

/* FIPS 180-4 4.1.1 and 4.2.1: the function and the constant of each 20-round stage. */
static uint32_t
stage_f(size_t t, uint32_t x, uint32_t y, uint32_t z)
{
	if (t < 20)
		return (x & y) ^ (~x & z);
	if (t < 40 || t >= 60)
		return x ^ y ^ z;
	return (x & y) ^ (x & z) ^ (y & z);
}

static uint32_t
stage_k(size_t t)
{
	static const uint32_t K[4] = {
		0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6,
	};

	return K[t / 20];
}

/* Fold one 64-byte block into the chaining value h (FIPS 180-4 6.1.2). */
static void
compress(uint32_t *h, const unsigned char *block)
{
	uint32_t w[80], a, b, c, d, e, tmp;
	size_t t;

	for (t = 0; t < 16; t++)
		w[t] = md_load32(block + 4 * t);
	for (; t < 80; t++)
		w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (t = 0; t < 80; t++) {
		tmp = rotl(a, 5) + stage_f(t, b, c, d) + e + stage_k(t) + w[t];
		e = d, d = c, c = rotl(b, 30), b = a, a = tmp;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

void
sha1_init(struct sha1 *c)
{
	memcpy(c->h, H0, sizeof(c->h));
	md_init(&c->b);
}

void
sha1_update(struct sha1 *c, const void *data, size_t n)
{
	md_update(&c->b, c->h, compress, data, n);
}

void
sha1_final(struct sha1 *c, unsigned char out[SHA1_LEN])
{
	size_t i;

	md_pad(&c->b, c->h, compress);
	for (i = 0; i < 5; i++)
		md_store32(out + 4 * i, c->h[i]);
}

void
sha1(const void *data, size_t n, unsigned char out[SHA1_LEN])
{
	struct sha1 c;

	sha1_init(&c);
	sha1_update(&c, data, n);
	sha1_final(&c, out);
}
