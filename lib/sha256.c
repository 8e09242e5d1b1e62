/* sha256: SHA-256 written from FIPS 180-4, with HMAC and PBKDF2 on top, for hbweb's passwords and sessions. */
#include <string.h>

#include "sha256.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
static const uint32_t H0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

/* A key's HMAC states: the inner and outer hashes, each past its padded key block. */
struct hmac {
	struct sha256	in;
	struct sha256	out;
};

/*
 * Clear secrets before the memory is reused. The stores go through a
 * volatile pointer because a plain memset of memory about to die may be
 * optimised away.
 */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

static void
store64(unsigned char *p, uint64_t v)
{
	md_store32(p, (uint32_t)(v >> 32));
	md_store32(p + 4, (uint32_t)v);
}

/* The eight words of a chaining value as the 32 bytes of a digest. */
static void
store_digest(unsigned char out[SHA256_LEN], const uint32_t h[8])
{
	size_t i;

	for (i = 0; i < 8; i++)
		md_store32(out + 4 * i, h[i]);
}

/* The functions of FIPS 180-4 4.1.2. */
static uint32_t
rotr(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static uint32_t
ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static uint32_t
maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static uint32_t
bsig0(uint32_t x)
{
	return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22);
}

static uint32_t
bsig1(uint32_t x)
{
	return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25);
}

static uint32_t
ssig0(uint32_t x)
{
	return rotr(x, 7) ^ rotr(x, 18) ^ x >> 3;
}

static uint32_t
ssig1(uint32_t x)
{
	return rotr(x, 17) ^ rotr(x, 19) ^ x >> 10;
}

/* Fold one 64-byte block into the chaining value h (FIPS 180-4 6.2.2). */
static void
compress(uint32_t h[8], const unsigned char *block)
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	size_t t;

	for (t = 0; t < 16; t++)
		w[t] = md_load32(block + 4 * t);
	for (; t < 64; t++)
		w[t] = ssig1(w[t - 2]) + w[t - 7] + ssig0(w[t - 15]) +
		    w[t - 16];
	a = h[0], b = h[1], c = h[2], d = h[3];
	e = h[4], f = h[5], g = h[6], hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + bsig1(e) + ch(e, f, g) + K[t] + w[t];
		t2 = bsig0(a) + maj(a, b, c);
		hh = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void
sha256_init(struct sha256 *c)
{
	memcpy(c->h, H0, sizeof(c->h));
	md_init(&c->b);
}

void
sha256_update(struct sha256 *c, const void *data, size_t n)
{
	md_update(&c->b, c->h, compress, data, n);
}

void
sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN])
{
	md_pad(&c->b, c->h, compress);
	store_digest(out, c->h);
	/* The context may have hashed a key or a password. */
	wipe(c, sizeof(*c));
}

void
sha256(const void *data, size_t n, unsigned char out[SHA256_LEN])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, data, n);
	sha256_final(&c, out);
}

/* RFC 2104: hash a long key first, pad it with zeros, and hash it xored with ipad and opad, once. */
static void
hmac_init(struct hmac *m, const void *key, size_t keylen)
{
	unsigned char pad[SHA256_BLOCK];
	size_t i;

	memset(pad, 0, sizeof(pad));
	if (keylen > SHA256_BLOCK)
		sha256(key, keylen, pad);
	else if (keylen > 0)
		memcpy(pad, key, keylen);
	for (i = 0; i < SHA256_BLOCK; i++)
		pad[i] ^= 0x36;
	sha256_init(&m->in);
	sha256_update(&m->in, pad, SHA256_BLOCK);
	for (i = 0; i < SHA256_BLOCK; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	sha256_init(&m->out);
	sha256_update(&m->out, pad, SHA256_BLOCK);
	wipe(pad, sizeof(pad));
}

/* The MAC once the inner hash has had the whole message; wipes both states. */
static void
hmac_final(struct hmac *m, unsigned char out[SHA256_LEN])
{
	sha256_final(&m->in, out);
	sha256_update(&m->out, out, SHA256_LEN);
	sha256_final(&m->out, out);
}

void
hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[SHA256_LEN])
{
	struct hmac m;

	hmac_init(&m, key, keylen);
	sha256_update(&m.in, msg, n);
	hmac_final(&m, out);
}

/*
 * Xor U_2 ... U_c into t, where U_j = HMAC(P, U_j-1) and u holds U_1.
 * Each message is one 32-byte digest after the 64-byte key block, so its
 * padding is the same every time: a block is laid out once, and a round
 * is two compressions from the saved states with no buffering at all.
 */
static void
pbkdf2_rounds(const struct hmac *key, const unsigned char u[SHA256_LEN],
    unsigned char t[SHA256_LEN], unsigned long rounds)
{
	unsigned char block[SHA256_BLOCK];
	uint32_t h[8];
	size_t i;

	memcpy(block, u, SHA256_LEN);
	memset(block + SHA256_LEN, 0, SHA256_BLOCK - SHA256_LEN);
	block[SHA256_LEN] = 0x80;
	store64(block + SHA256_BLOCK - 8,
	    (uint64_t)(SHA256_BLOCK + SHA256_LEN) * 8);
	while (rounds-- > 0) {
		memcpy(h, key->in.h, sizeof(h));
		compress(h, block);
		store_digest(block, h);
		memcpy(h, key->out.h, sizeof(h));
		compress(h, block);
		store_digest(block, h);
		for (i = 0; i < SHA256_LEN; i++)
			t[i] ^= block[i];
	}
	wipe(block, sizeof(block));
	wipe(h, sizeof(h));
}

int
pbkdf2_sha256(const void *pw, size_t pwlen, const void *salt, size_t saltlen,
    unsigned long iterations, unsigned char *out, size_t dklen)
{
	struct hmac key, m;
	unsigned char u[SHA256_LEN], t[SHA256_LEN], be[4];
	uint32_t i;
	size_t k;

	/* RFC 8018 5.2: at most 2^32 - 1 blocks, the index being 32 bits. */
	if (iterations < 1 || dklen == 0 ||
	    (dklen - 1) / SHA256_LEN >= 0xffffffffUL)
		return -1;
	hmac_init(&key, pw, pwlen);
	for (i = 1; dklen > 0; i++) {
		m = key;
		sha256_update(&m.in, salt, saltlen);
		md_store32(be, i);
		sha256_update(&m.in, be, sizeof(be));
		hmac_final(&m, u);
		memcpy(t, u, SHA256_LEN);
		pbkdf2_rounds(&key, u, t, iterations - 1);
		k = dklen < SHA256_LEN ? dklen : SHA256_LEN;
		memcpy(out, t, k);
		out += k, dklen -= k;
	}
	wipe(&key, sizeof(key));
	wipe(u, sizeof(u));
	wipe(t, sizeof(t));
	return 0;
}

int
ct_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	unsigned d = 0;
	size_t i;

	/* No early exit: the time must not tell where a difference is. */
	for (i = 0; i < n; i++)
		d |= p[i] ^ q[i];
	/* d is below 256, so d - 1 borrows into bit 8 only when d is 0: no branch on d. */
	return (int)((d - 1) >> 8 & 1);
}

void
hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		*out++ = digits[p[i] >> 4];
		*out++ = digits[p[i] & 0x0f];
	}
	*out = '\0';
}
