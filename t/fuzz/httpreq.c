/*
 * Fuzz target: the HTTP request parser, fed pipelined requests in random
 * splits, must agree with itself fed whole and keep its invariants; the
 * path and query decoders must keep theirs on the raw bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "httpreq.h"

#define REQS_MAX	8	/* requests read from one input */
#define PREFIX		5	/* bytes that choose body_max and the splits */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a server sees of one request, and where it ended. */
struct seen {
	int		 rc;
	size_t		 end;
	char		 method[HTTPREQ_METHOD_MAX + 1];
	char		 path[HTTPREQ_LINE_MAX + 1];
	size_t		 nfields;
	size_t		 body_len;
	uint32_t	 body_hash;
	int		 flags;
};

static struct httpreq R;
static struct seen whole[REQS_MAX], split[REQS_MAX];
static char out[HTTPREQ_LINE_MAX * 4 + 2], small[64], again[sizeof(out)];
static char text[HTTPREQ_LINE_MAX + 1];

static int
is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* A canonical path: '/' first, no empty, "." or ".." segment but a last empty one. */
static void
canonical(const char *p, size_t size)
{
	size_t len;

	if (memchr(p, '\0', size) == NULL)
		abort();
	len = strlen(p);
	if (len == 0 || p[0] != '/' || strstr(p, "//") != NULL ||
	    strstr(p, "/./") != NULL || strstr(p, "/../") != NULL)
		abort();
	if ((len >= 2 && strcmp(p + len - 2, "/.") == 0) ||
	    (len >= 3 && strcmp(p + len - 3, "/..") == 0))
		abort();
}

static void
check(const struct httpreq *r, size_t body_max)
{
	const char *m;
	size_t i;

	if (r->method[0] == '\0' || r->path == NULL || r->target == NULL ||
	    (r->minor != 0 && r->minor != 1) || r->nfields > HTTPREQ_FIELDS_MAX)
		abort();
	for (m = r->method; *m != '\0'; m++)
		if (!is_tchar((unsigned char)*m))
			abort();
	if (strcmp(r->path, "*") == 0) {
		if (strcmp(r->method, "OPTIONS") != 0)
			abort();
	} else
		canonical(r->path, HTTPREQ_LINE_MAX + 1);
	if (r->query != NULL && (r->query < r->target ||
	    r->query > r->target + strlen(r->target)))
		abort();
	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].name[0] == '\0' ||
		    httpreq_header(r, r->fields[i].name) == NULL)
			abort();
	if (r->body.len > body_max || r->body.p == NULL ||
	    r->body.p[r->body.len] != '\0')
		abort();
	if (r->chunked && r->has_length)
		abort();
	if (r->has_length && r->content_length != r->body.len)
		abort();
	if (r->minor == 1 && httpreq_header(r, "Host") == NULL)
		abort();
	if ((r->keep_alive != 0 && r->keep_alive != 1) || !r->head_done)
		abort();
}

static void
note(struct seen *s, const struct httpreq *r, int rc, size_t end)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->rc = rc;
	s->end = end;
	if (rc != 1)
		return;
	strcpy(s->method, r->method);
	strcpy(s->path, r->path);
	s->nfields = r->nfields;
	s->body_len = r->body.len;
	s->body_hash = 2166136261u;
	for (i = 0; i < r->body.len; i++)
		s->body_hash = (s->body_hash ^ (uint8_t)r->body.p[i]) *
		    16777619u;
	s->flags = r->keep_alive | r->chunked << 1 | r->has_length << 2 |
	    r->expect_continue << 3 | r->minor << 4;
}

/* Requests one after the other, in pieces of 1 to 64 bytes drawn from seed (0: whole). */
static size_t
parse(const uint8_t *data, size_t n, uint32_t seed, size_t body_max,
    struct seen *seen)
{
	size_t off = 0, k, used, count = 0;
	int rc;

	httpreq_init(&R, body_max);
	while (count < REQS_MAX) {
		rc = 0;
		while (off < n && rc == 0) {
			k = n - off;
			if (seed != 0) {
				seed ^= seed << 13;
				seed ^= seed >> 17;
				seed ^= seed << 5;
				if (k > 1 + seed % 64)
					k = 1 + seed % 64;
			}
			rc = httpreq_feed(&R, (const char *)data + off, k, &used);
			if (used > k || (rc == 0 && used != k))
				abort();
			if (rc != 0 && rc != 1 && rc != 400 && rc != 411 &&
			    rc != 413 && rc != 414 && rc != 431 && rc != 500 &&
			    rc != 501 && rc != 505)
				abort();
			off += used;
		}
		/* the verdict stays */
		if (rc != 0 && (httpreq_feed(&R, "GET", 3, &used) != rc ||
		    used != 0))
			abort();
		if (rc == 1)
			check(&R, body_max);
		if (rc >= 400 && R.keep_alive)
			abort();
		note(&seen[count++], &R, rc, off);
		if (rc != 1)
			break;
		httpreq_reset(&R);
	}
	httpreq_free(&R);
	return count;
}

static void
paths(const uint8_t *data, size_t n)
{
	size_t len;

	if (n > HTTPREQ_LINE_MAX * 4)
		return;
	if (http_path_canon((const char *)data, n, out, n + 1) == 0) {
		canonical(out, n + 1);
		len = strlen(out);
		/* what has no '%' left is its own canonical form */
		if (memchr(out, '%', len) == NULL && (http_path_canon(out, len,
		    again, sizeof(again)) != 0 || strcmp(again, out) != 0))
			abort();
		/* a smaller out: the same, or too small */
		if (http_path_canon((const char *)data, n, small,
		    sizeof(small)) == 0 && strcmp(small, out) != 0)
			abort();
		if (len >= sizeof(small) && http_path_canon((const char *)data,
		    n, small, sizeof(small)) == 0)
			abort();
	} else if (http_path_canon((const char *)data, n, out,
	    sizeof(out)) == 0)
		abort();	/* n + 1 bytes are always enough */
}

static void
queries(const uint8_t *data, size_t n)
{
	const char *name = "a";
	int rc;

	if (n > HTTPREQ_LINE_MAX)
		n = HTTPREQ_LINE_MAX;
	memcpy(text, data, n);
	text[n] = '\0';
	if (n > 0 && (data[0] & 1))
		name = "";
	rc = http_query_get(text, name, small, sizeof(small));
	if (rc < -1 || rc > 1 || (rc == 1 && memchr(small, '\0',
	    sizeof(small)) == NULL))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const size_t maxes[] = { 1 << 16, 0, 16, 1024 };
	size_t body_max = maxes[0], nw, ns, i;
	uint32_t seed = 0;

	paths(data, n);
	queries(data, n);
	if (n >= PREFIX) {
		body_max = maxes[data[0] % 4];
		memcpy(&seed, data + 1, 4);
		data += PREFIX;
		n -= PREFIX;
	}
	nw = parse(data, n, 0, body_max, whole);
	ns = parse(data, n, seed | 1, body_max, split);
	if (nw != ns)
		abort();
	for (i = 0; i < nw; i++)
		if (memcmp(&whole[i], &split[i], sizeof(whole[i])) != 0)
			abort();
	return 0;
}
