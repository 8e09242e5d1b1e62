/*
 * zbody: zlib in and out. Inflation is where a 60 KB datagram could become
 * gigabytes, so output is produced in bounded steps and stops at the cap.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "zbody.h"

struct zbody {
	z_stream	s;
};

enum { STEP = 64 * 1024 };

static struct zbody *
zbody_new(void)
{
	struct zbody *z;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return NULL;
	if (inflateInit(&z->s) != Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}

enum zbody_result
zbody_inflate(struct zbody **zp, const void *in, size_t n, size_t cap,
    struct buf *out)
{
	struct zbody *z;
	size_t room;
	int rc;

	if (n > UINT_MAX)
		return ZB_BAD;
	if (*zp == NULL && (*zp = zbody_new()) == NULL)
		return ZB_NOMEM;
	z = *zp;
	if (inflateReset(&z->s) != Z_OK)
		return ZB_NOMEM;
	buf_reset(out);
	z->s.next_in = (Bytef *)(uintptr_t)in;
	z->s.avail_in = (uInt)n;
	do {
		/* one byte past the cap tells "too much" from "exactly the cap" */
		room = cap + 1 - out->len;
		if (room > STEP)
			room = STEP;
		if (room == 0)
			return ZB_CAP;
		if (buf_reserve(out, room) == -1)
			return ZB_NOMEM;
		z->s.next_out = (Bytef *)out->p + out->len;
		z->s.avail_out = (uInt)room;
		rc = inflate(&z->s, Z_NO_FLUSH);
		out->len += room - z->s.avail_out;
		out->p[out->len] = '\0';
		if (out->len > cap)
			return ZB_CAP;
	} while (rc == Z_OK);
	if (rc != Z_STREAM_END)
		return rc == Z_MEM_ERROR ? ZB_NOMEM : ZB_BAD;
	return z->s.avail_in > 0 ? ZB_TRAILING : ZB_OK;
}

void
zbody_free(struct zbody **zp)
{
	if (*zp == NULL)
		return;
	inflateEnd(&(*zp)->s);
	free(*zp);
	*zp = NULL;
}

int
zbody_deflate(const void *in, size_t n, struct buf *out)
{
	uLongf len;
	uLong bound;

	if (n > ULONG_MAX / 2)
		return -1;
	bound = compressBound((uLong)n);
	if (buf_reserve(out, bound) == -1)
		return -1;
	len = bound;
	if (compress2((Bytef *)out->p + out->len, &len, in, (uLong)n,
	    Z_DEFAULT_COMPRESSION) != Z_OK)
		return -1;
	out->len += len;
	out->p[out->len] = '\0';
	return 0;
}
