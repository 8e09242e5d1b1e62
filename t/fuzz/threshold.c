/*
 * Fuzz target: threshold, profile and host directives as hbstate reads
 * them (lib/threshold, lib/thset, lib/hostconf), then every threshold
 * judged on values and its display template rendered.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hostconf.h"
#include "template.h"
#include "threshold.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct sets {
	struct thset	 set;
	struct hmap	 hosts;
};

static int
threshold(const struct conf_line *l, void *ctx)
{
	struct sets *s = ctx;
	struct threshold *t;
	const char *why;
	int at = strcmp(l->argv[0], "profile") == 0 ? 3 : 1;

	if (at >= l->argc)
		return conf_err(l, "short");
	if ((t = malloc(sizeof(*t))) == NULL)
		return -1;
	if (threshold_parse(t, l->argv[at], l->argc - at - 1, l->argv + at + 1,
	    &why) == -1 || thset_put(&s->set, t) == -1) {
		threshold_free(t);
		free(t);
		return conf_err(l, "%s", why);
	}
	return 0;
}

static int
host(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct sets *)ctx)->hosts);
}

static int
field(void *ctx, const char *name, size_t len, struct buf *out)
{
	(void)ctx;
	if (len > 0 && name[0] == 'v')
		return buf_add(out, name, len) == 0 ? 1 : -1;
	return 0;
}

static void
judge(const struct threshold *t, const struct thset *s)
{
	static const double vals[] = { -1e300, -5, 0, 1, 2, 3, 79.9, 80, 90,
	    1e300, NAN };
	struct mvalue v = { 1, 0, NULL, 0 };
	struct buf b = BUF_INIT;
	enum level lv = LV_OK;
	size_t i, strip, last;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		v.num = vals[i];
		if ((lv = threshold_eval(t, &v, lv)) > LV_CRITICAL)
			abort();
		threshold_level(t, lv);
	}
	v.isnum = 0;
	v.str = t->metric;
	v.len = strlen(t->metric);
	if (threshold_eval(t, &v, lv) > LV_CRITICAL)
		abort();
	if (thset_find(s, t->metric, strlen(t->metric), &strip, &last) != t)
		abort();
	if (t->display != NULL && template_render(&b, t->display, field, NULL) == 0 &&
	    b.p == NULL)
		abort();
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const struct conf_handler handlers[] = {
		{ "threshold", threshold },
		{ "profile", threshold },
		{ "host", host },
		{ NULL, NULL }
	};
	struct sets s;
	struct buf err = BUF_INIT;
	struct hent *e = NULL;
	size_t i = 0;

	memset(&s, 0, sizeof(s));
	thset_init(&s.set);
	conf_parse("fuzz", (const char *)data, n, handlers, &s, &err);
	while ((e = hmap_next(&s.set.by_metric, &i, e)) != NULL)
		judge(e->val, &s.set);
	thset_free(&s.set, 1);
	hostconf_free_all(&s.hosts);
	buf_free(&err);
	return 0;
}
