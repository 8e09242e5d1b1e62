/*
 * api_plugins: what a host's plugins reported, from hbrecv's files: the
 * latest sample of each (hosts/NAME.json) and the recent history of one
 * (hosts/NAME.hist/PLUGIN, a JSON line a sample, oldest first).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "hbweb.h"
#include "httpreq.h"
#include "log.h"
#include "num.h"
#include "proto.h"

#define HOST_FILE_MAX	(16u << 20)
#define HIST_FILE_MAX	(64u << 20)
#define LIMIT_DEFAULT	50
#define LIMIT_MAX	10000

/* A file of hbrecv's that cannot be read: a 404 when it is not there, else the reason is logged. */
static void
unreadable(struct resp *r, const char *path, const char *what)
{
	if (errno == ENOENT) {
		resp_error(r, 404, what);
		return;
	}
	warnx("%s: %s", path, errno ? strerror(errno) : "not JSON");
	resp_error(r, 500, "cannot read what hbrecv wrote");
}

void
api_plugins(struct call *k, struct resp *r, const char *host)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	const struct json *p;
	char path[4096];
	struct jw w;

	if (host_allowed(k, r, host, ROLE_MONITOR) == ROLE_NONE)
		return;
	snprintf(path, sizeof(path), "%s/hosts/%s.json", k->c->statedir, host);
	if (file_read(path, &b, HOST_FILE_MAX) == -1 ||
	    (errno = 0, json_parse(&doc, b.p, b.len, NULL) == -1)) {
		unreadable(r, path, "no such host");
		goto out;
	}
	p = json_get(&doc.root, "plugins");
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "plugins");
	if (p != NULL && p->type == JSON_OBJECT)
		jw_tree(&w, p);
	else
		jw_raw(&w, "{}", 2);
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
out:
	json_doc_free(&doc);
	buf_free(&b);
}

/* The limit of ?limit=N; -1 (and a 400 made) when it is no number. */
static long long
limit_of(struct call *k, struct resp *r)
{
	char v[24];
	const char *why;
	long long n = LIMIT_DEFAULT;
	int got;

	got = k->query ? http_query_get(k->query, "limit", v, sizeof(v)) : 0;
	if (got == -1 || (got == 1 && num_ll(v, 1, LIMIT_MAX, &n, &why) == -1)) {
		resp_error(r, 400, "limit: a number from 1 to 10000 expected");
		return -1;
	}
	return n;
}

/* The last n whole lines of b, as items of the array w is in; those that are no JSON are left out. */
static void
last_lines(struct jw *w, const struct buf *b, long long n)
{
	struct json_doc doc = JSON_DOC_INIT;
	const char *start = b->p, *end = b->p + b->len, *p = end, *nl;
	long long k = 0;

	/* back from the last newline to the n-th line's start */
	if (p > start && p[-1] == '\n')
		p--;
	for (; p > start; p--)
		if (p[-1] == '\n' && ++k == n)
			break;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		if (json_parse(&doc, p, (size_t)(nl - p), NULL) == 0)
			jw_tree(w, &doc.root);
	}
	json_doc_free(&doc);
}

void
api_plugin_history(struct call *k, struct resp *r, const char *host,
    const char *plugin)
{
	struct buf b = BUF_INIT;
	char path[4096];
	long long n;
	struct jw w;

	if (host_allowed(k, r, host, ROLE_MONITOR) == ROLE_NONE ||
	    (n = limit_of(k, r)) == -1)
		return;
	if (!proto_name_ok(plugin, strlen(plugin))) {
		resp_error(r, 404, "no such plugin");
		return;
	}
	snprintf(path, sizeof(path), "%s/hosts/%s.hist/%s", k->c->statedir,
	    host, plugin);
	if (file_read(path, &b, HIST_FILE_MAX) == -1) {
		unreadable(r, path, "no such plugin");
		buf_free(&b);
		return;
	}
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "plugin", plugin);
	jw_key(&w, "samples");
	jw_arr(&w);
	if (b.p != NULL)
		last_lines(&w, &b, n);
	jw_end(&w, ']');
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
	buf_free(&b);
}
