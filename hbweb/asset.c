/*
 * asset: the stylesheets and scripts of the dashboards, built into the
 * binary from hbweb/www/ (no CDN, nothing installed beside it). They
 * change only with the binary, so a browser keeps them and asks again
 * with the ETag, which a 304 answers.
 */
#include <stdio.h>
#include <string.h>

#include "hbweb.h"
#include "httpreq.h"

static const struct {
	const char	*ext, *type;
} types[] = {
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
};

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

void
static_asset(struct call *k, struct resp *r, const char *name)
{
	const struct asset *a;
	const char *match;
	char etag[24];

	for (a = assets; a->name != NULL; a++)
		if (strcmp(a->name, name) == 0)
			break;
	if (a->name == NULL) {
		resp_error(r, 404, "not found");
		return;
	}
	snprintf(etag, sizeof(etag), "\"%016llx\"",
	    (unsigned long long)hash64(HASH64_INIT, a->data, a->len));
	buf_printf(&r->head, "ETag: %s\r\n", etag);
	r->cache = "no-cache";
	match = httpreq_header(k->rq, "If-None-Match");
	if (match != NULL && strstr(match, etag) != NULL) {
		r->status = 304;
		return;
	}
	r->type = type_of(a->name);
	r->shared = (const char *)a->data;
	r->shared_len = a->len;
}
