/*
 * glance: the few numbers of a host that the live view shows on its card
 * (cpu, memory, fullest disk, in percent), from the latest samples in
 * hbrecv's host file; and GET /api/0/glance, those of every host the
 * user lists, which the page asks for again every 30 seconds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "file.h"
#include "hbweb.h"
#include "json.h"
#include "proto.h"

#define HOST_FILE_MAX	(16u << 20)

/* plugins.NAME.data, or NULL. */
static const struct json *
sample(const struct json *plugins, const char *name)
{
	return json_get(json_get(plugins, name), "data");
}

static double
num_or_nan(const struct json *obj, const char *key)
{
	const struct json *v = json_get(obj, key);

	return v != NULL && v->type == JSON_NUMBER ? v->u.num : NAN;
}

int
glance_of(const struct config *c, const char *host, struct glance *g)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	const struct json *pl, *parts;
	char path[4096];
	size_t i;
	double p;

	g->cpu = g->memory = g->disk = NAN;
	snprintf(path, sizeof(path), "%s/hosts/%s.json", c->statedir, host);
	if (file_read(path, &b, HOST_FILE_MAX) == -1 ||
	    json_parse(&doc, b.p, b.len, NULL) == -1) {
		buf_free(&b);
		json_doc_free(&doc);
		return -1;
	}
	pl = json_get(&doc.root, "plugins");
	g->cpu = num_or_nan(sample(pl, "cpu_monitor"), "cpu_percent");
	g->memory = num_or_nan(sample(pl, "memory_monitor"), "percent");
	parts = json_get(sample(pl, "disk_monitor"), "partitions");
	for (i = 0; parts != NULL && parts->type == JSON_OBJECT &&
	    i < parts->len; i++) {
		p = num_or_nan(&parts->u.members[i].value, "percent");
		if (!isnan(p) && (isnan(g->disk) || p > g->disk))
			g->disk = p;
	}
	json_doc_free(&doc);
	buf_free(&b);
	return 0;
}

static void
knum_or_null(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	isnan(v) ? jw_null(w) : jw_num(w, v);
}

void
api_glance(struct call *k, struct resp *r)
{
	const struct json *hs = k->pic->hosts;
	struct glance g;
	const char *name;
	const int *n;
	struct jw w;
	size_t i;

	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "hosts");
	jw_obj(&w);
	for (i = 0; hs != NULL && i < hs->len; i++) {
		name = hs->u.members[i].key;
		if (!proto_name_ok(name, strlen(name)) ||
		    role_of(k->c, k->user, name) < ROLE_MANAGER)
			continue;
		glance_of(k->c, name, &g);
		n = picture_counts(k->pic, name);
		jw_key(&w, name);
		jw_obj(&w);
		knum_or_null(&w, "cpu", g.cpu);
		knum_or_null(&w, "memory", g.memory);
		knum_or_null(&w, "disk", g.disk);
		jw_knum(&w, "alerts", n[0] + n[1] + n[2]);
		jw_end(&w, '}');
	}
	jw_end(&w, '}');
	jw_end(&w, '}');
	buf_addc(&r->body, '\n');
}
