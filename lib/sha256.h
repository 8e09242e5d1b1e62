/* sha256: SHA-256 (FIPS 180-4), HMAC-SHA256 (RFC 2104), PBKDF2-HMAC-SHA256 (RFC 8018) and the helpers that go with them. */
#ifndef HB_SHA256_H
#define HB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "mdblock.h"

#define SHA256_LEN	32	/* bytes in a digest */
#define SHA256_BLOCK	MD_BLOCK	/* bytes in a block */

struct sha256 {
	uint32_t	 h[8];			/* the chaining value */
	struct mdblock	 b;			/* the partial block, the length */
};

/* Start a new hash. */
void	sha256_init(struct sha256 *);
/* Hash n more bytes (n may be 0, and the pointer then NULL). */
void	sha256_update(struct sha256 *, const void *, size_t n);
/* The digest of everything given; init again to reuse the context. */
void	sha256_final(struct sha256 *, unsigned char out[SHA256_LEN]);
/* The digest of n bytes in one call. */
void	sha256(const void *, size_t n, unsigned char out[SHA256_LEN]);

/* HMAC-SHA256 of msg (n bytes) under a key of any length. */
void	hmac_sha256(const void *key, size_t keylen, const void *msg,
	    size_t n, unsigned char out[SHA256_LEN]);

/*
 * PBKDF2-HMAC-SHA256 (RFC 8018), dklen bytes into out; 0, or -1 when
 * iterations < 1 or dklen is 0 or too large (over (2^32 - 1) * 32), and
 * then out is untouched.
 */
int	pbkdf2_sha256(const void *pw, size_t pwlen, const void *salt,
	    size_t saltlen, unsigned long iterations, unsigned char *out,
	    size_t dklen);

/* 1 when the n bytes at a and b are equal, in time that depends only on n; else 0. */
int	ct_equal(const void *a, const void *b, size_t n);

/* Lower-case hex of n bytes into out (2n+1 bytes with the NUL). */
void	hex_encode(const unsigned char *, size_t n, char *out);

#endif
