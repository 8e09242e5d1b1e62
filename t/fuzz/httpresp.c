/* Fuzz target: the HTTP response parser, fed in random splits, must agree with itself fed whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "httpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct outcome {
	int	rc;
	struct http_resp r;
};

/* The input in pieces of 1 to 64 bytes drawn from seed (0: whole), then EOF. */
static void
parse(const uint8_t *data, size_t n, uint32_t seed, int head, struct outcome *o)
{
	static struct http_parser hp;
	size_t off = 0, k;
	int rc = 0;

	http_parser_init(&hp, &o->r, head);
	while (off < n && rc == 0) {
		k = n - off;
		if (seed != 0) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			if (k > 1 + seed % 64)
				k = 1 + seed % 64;
		}
		rc = http_parser_feed(&hp, (const char *)data + off, k);
		if (rc < -1 || rc > 1)
			abort();
		off += k;
	}
	if (rc == 0)
		rc = http_parser_eof(&hp);
	/* the verdict stays */
	if (rc == 0 || http_parser_feed(&hp, "x", 1) != rc ||
	    http_parser_eof(&hp) != rc)
		abort();
	if (o->r.body.len > HTTPC_BODY_MAX)
		abort();
	if (rc == 1 && (o->r.status < 100 || o->r.status > 599 ||
	    o->r.body.p == NULL || o->r.body.p[o->r.body.len] != '\0'))
		abort();
	if (rc == -1 && o->r.why[0] == '\0')
		abort();
	o->rc = rc;
}

static void
same(const struct outcome *a, const struct outcome *b)
{
	if (a->rc != b->rc)
		abort();
	if (a->rc == -1 && strcmp(a->r.why, b->r.why) != 0)
		abort();
	if (a->rc == 1 && (a->r.status != b->r.status ||
	    a->r.body.len != b->r.body.len ||
	    memcmp(a->r.body.p, b->r.body.p, a->r.body.len) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct outcome whole, split;
	uint32_t seed = 2166136261u;
	size_t i;
	int head;

	/* the splits depend on the input, so a crash replays */
	for (i = 0; i < n; i++)
		seed = (seed ^ data[i]) * 16777619u;
	for (head = 0; head <= 1; head++) {
		parse(data, n, 0, head, &whole);
		parse(data, n, seed | 1, head, &split);
		same(&whole, &split);
		http_resp_free(&whole.r);
		http_resp_free(&split.r);
	}
	return 0;
}
