/* Fuzz target: hb-proto(5) decoding of datagrams, and re-encoding what was accepted. */
#include <stdint.h>
#include <stdlib.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct proto_dec d = PROTO_DEC_INIT, d2 = PROTO_DEC_INIT;
	struct buf out = BUF_INIT;
	struct hb_msg m, m2;

	if (proto_decode(&d, data, n, &m) == PR_OK) {
		/* an accepted message survives encoding (unless it no longer fits) */
		if (proto_encode(&m, PROTO_ZTHRESHOLD, &out) == 0 &&
		    (proto_decode(&d2, out.p, out.len, &m2) != PR_OK ||
		    m2.type != m.type || m2.seq != m.seq))
			abort();
	}
	buf_free(&out);
	return 0;
}
