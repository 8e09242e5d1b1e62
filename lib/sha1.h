/* sha1: SHA-1 (FIPS 180-4), only because RFC 6455's opening handshake names it; never for security. */
#ifndef HB_SHA1_H
#define HB_SHA1_H

#include <stddef.h>
#include <stdint.h>

#include "mdblock.h"

#define SHA1_LEN	20	/* bytes in a digest */
#define SHA1_BLOCK	MD_BLOCK	/* bytes in a block */

struct sha1 {
	uint32_t	 h[5];			/* the chaining value */
	struct mdblock	 b;			/* the partial block, the length */
};

/* Start a new hash. */
void	sha1_init(struct sha1 *);
/* Hash n more bytes (n may be 0, and the pointer then NULL). */
void	sha1_update(struct sha1 *, const void *, size_t n);
/* The digest of everything given; init again to reuse the context. */
void	sha1_final(struct sha1 *, unsigned char out[SHA1_LEN]);
/* The digest of n bytes in one call. */
void	sha1(const void *, size_t n, unsigned char out[SHA1_LEN]);

#endif
