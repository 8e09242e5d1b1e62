/* mdblock: the blocks and padding of SHA-1 and SHA-256. */
#include <string.h>

#include "mdblock.h"

uint32_t
md_load32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void
md_store32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

void
md_init(struct mdblock *b)
{
	b->len = 0;
	b->n = 0;
}

void
md_update(struct mdblock *b, uint32_t *h, md_compress_fn compress,
    const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	if (n == 0)
		return;
	b->len += n;
	if (b->n > 0) {
		k = MD_BLOCK - b->n < n ? MD_BLOCK - b->n : n;
		memcpy(b->buf + b->n, p, k);
		b->n += k, p += k, n -= k;
		if (b->n < MD_BLOCK)
			return;
		compress(h, b->buf);
		b->n = 0;
	}
	/* Whole blocks straight from the caller's memory, without a copy. */
	for (; n >= MD_BLOCK; p += MD_BLOCK, n -= MD_BLOCK)
		compress(h, p);
	if (n > 0)
		memcpy(b->buf, p, n);
	b->n = n;
}

void
md_pad(struct mdblock *b, uint32_t *h, md_compress_fn compress)
{
	uint64_t bits = b->len << 3;

	b->buf[b->n++] = 0x80;
	if (b->n > MD_BLOCK - 8) {
		memset(b->buf + b->n, 0, MD_BLOCK - b->n);
		compress(h, b->buf);
		b->n = 0;
	}
	memset(b->buf + b->n, 0, MD_BLOCK - 8 - b->n);
	md_store32(b->buf + MD_BLOCK - 8, (uint32_t)(bits >> 32));
	md_store32(b->buf + MD_BLOCK - 4, (uint32_t)bits);
	compress(h, b->buf);
}
