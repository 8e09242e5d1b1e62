/* zbody: the zlib (RFC 1950) bodies of hb-proto(5), inflated under a cap. */
#ifndef HB_ZBODY_H
#define HB_ZBODY_H

#include <stddef.h>

#include "buf.h"

enum zbody_result { ZB_OK, ZB_BAD, ZB_CAP, ZB_TRAILING, ZB_NOMEM };

struct zbody;

/*
 * Inflate the zlib stream in (n bytes) into out (replaced), stopping as
 * soon as more than cap bytes would come out. ZB_TRAILING when bytes follow
 * the end of the stream. The stream state lives in *z, reused across calls
 * (NULL at first); zbody_free releases it.
 */
enum zbody_result zbody_inflate(struct zbody **z, const void *in, size_t n,
	    size_t cap, struct buf *out);
void	zbody_free(struct zbody **);
/* Append the zlib stream of in (n bytes) to out. 0 or -1. */
int	zbody_deflate(const void *in, size_t n, struct buf *out);

#endif
