/*
 * mdblock: what SHA-1 and SHA-256 share (FIPS 180-4 5.1.1, 5.2.1): the
 * message cut into 64-byte blocks for a compression function, and the
 * last one padded with a 1 bit, zeros and the length in bits.
 */
#ifndef HB_MDBLOCK_H
#define HB_MDBLOCK_H

#include <stddef.h>
#include <stdint.h>

#define MD_BLOCK	64

/* Folds one block into the chaining value h. */
typedef void (*md_compress_fn)(uint32_t *h, const unsigned char *block);

struct mdblock {
	uint64_t	 len;		/* bytes hashed so far */
	unsigned char	 buf[MD_BLOCK];	/* a partial block */
	size_t		 n;		/* bytes in buf */
};

void	md_init(struct mdblock *);
void	md_update(struct mdblock *, uint32_t *h, md_compress_fn,
	    const void *, size_t n);
/* The padding and length, and the last block or two folded into h. */
void	md_pad(struct mdblock *, uint32_t *h, md_compress_fn);
uint32_t md_load32(const unsigned char *);	/* big-endian */
void	md_store32(unsigned char *, uint32_t);

#endif
