/*
 * thset: thresholds by metric, layered into profiles, found by exact or
 * generic match; and the threshold and profile directives of hb.conf(5),
 * which hbstate judges by and hbweb shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "threshold.h"

void
thset_init(struct thset *s)
{
	memset(s, 0, sizeof(*s));
}

/*
 * A plugin without thresholds costs one lookup, not one per field; a
 * field whose stripped name ends no metric costs no lookup of the path.
 */
static int
first_put(struct thset *s, const char *metric)
{
	const char *last = strrchr(metric, '.');
	struct hent *e;

	last = last ? last + 1 : metric;
	if ((e = hmap_put(&s->firsts, metric, strcspn(metric, "."))) == NULL)
		return -1;
	e->val = s;
	if ((e = hmap_put(&s->lasts, last, strlen(last))) == NULL)
		return -1;
	e->val = s;
	return 0;
}

int
thset_covers(const struct thset *s, const char *first, size_t len)
{
	return hmap_get(&s->firsts, first, len) != NULL;
}

int
thset_put(struct thset *s, struct threshold *t)
{
	struct hent *e;

	if (first_put(s, t->metric) == -1 ||
	    (e = hmap_put(&s->by_metric, t->metric, strlen(t->metric))) == NULL)
		return -1;
	if (e->val != NULL) {
		threshold_free(e->val);
		free(e->val);
	}
	e->val = t;
	return 0;
}

void
thset_free(struct thset *s, int owned)
{
	struct hent *e = NULL;
	size_t i = 0;

	while (owned && (e = hmap_next(&s->by_metric, &i, e)) != NULL) {
		threshold_free(e->val);
		free(e->val);
	}
	hmap_free(&s->by_metric);
	hmap_free(&s->firsts);
	hmap_free(&s->lasts);
}

int
thset_layer(struct thset *dst, const struct thset *top)
{
	struct hent *e = NULL, *d;
	size_t i = 0;

	while ((e = hmap_next(&top->by_metric, &i, e)) != NULL) {
		if (first_put(dst, e->key) == -1 ||
		    (d = hmap_put(&dst->by_metric, e->key, e->len)) == NULL)
			return -1;
		d->val = e->val;
	}
	return 0;
}

const struct threshold *
thset_find(const struct thset *s, const char *path, size_t len,
    size_t *strip, size_t *lastcomp)
{
	const struct threshold *t;
	const char *u, *dot;
	char key[1024];
	size_t last;

	*strip = 0;
	for (dot = NULL, u = path; (u = memchr(u, '.', len - (size_t)(u - path)));
	    u++)
		dot = u;
	last = *lastcomp = dot ? (size_t)(dot - path) + 1 : 0;
	if ((t = hmap_get(&s->by_metric, path, len)) != NULL)
		return t;
	if (len >= sizeof(key))
		return NULL;
	memcpy(key, path, last);
	/* check_disk_root_status_code: disk_root_status_code, ..., status_code */
	for (u = path + last; (u = memchr(u, '_', len - (size_t)(u - path)));) {
		u++;
		if ((size_t)(u - path) == len)
			break;
		if (hmap_get(&s->lasts, u, len - (size_t)(u - path)) == NULL)
			continue;
		memcpy(key + last, u, len - (size_t)(u - path));
		t = hmap_get(&s->by_metric, key, last + len - (size_t)(u - path));
		if (t != NULL) {
			*strip = (size_t)(u - path) - last;
			return t;
		}
	}
	return NULL;
}

void
thconf_init(struct thconf *tc)
{
	memset(tc, 0, sizeof(*tc));
	thset_init(&tc->defaults);
}

/* The words from argv[at] on: METRIC [OP] [keyword value]..., into set. */
static int
add_threshold(const struct conf_line *l, int at, struct thset *set)
{
	struct threshold *t;
	const char *why;

	if (at >= l->argc)
		return conf_err(l, "a metric expected");
	if ((t = malloc(sizeof(*t))) == NULL)
		return conf_err(l, "out of memory");
	if (threshold_parse(t, l->argv[at], l->argc - at - 1, l->argv + at + 1,
	    &why) == -1) {
		threshold_free(t);
		free(t);
		return conf_err(l, "%s", why);
	}
	if (thset_put(set, t) == -1) {
		threshold_free(t);
		free(t);
		return conf_err(l, "out of memory");
	}
	return 0;
}

int
thconf_directive(const struct conf_line *l, struct thconf *tc)
{
	const char *name;
	struct hent *e;

	if (strcmp(l->argv[0], "threshold") == 0)
		return add_threshold(l, 1, &tc->defaults);
	if (l->argc < 3 || strcmp(l->argv[2], "threshold") != 0)
		return conf_err(l, "profile NAME threshold METRIC ... expected");
	name = l->argv[1];
	if (strcmp(name, "default") == 0)
		return add_threshold(l, 3, &tc->defaults);
	if (*name == '\0' || strchr(name, ',') != NULL)
		return conf_err(l, "'%s': not a profile name", name);
	if ((e = hmap_put(&tc->profiles, name, strlen(name))) == NULL)
		return conf_err(l, "out of memory");
	if (e->val == NULL) {
		if ((e->val = malloc(sizeof(struct thset))) == NULL)
			return conf_err(l, "out of memory");
		thset_init(e->val);
	}
	return add_threshold(l, 3, e->val);
}

/* Profiles may come after the hosts that name them: checked at the end. */
int
thconf_check(const struct thconf *tc, const struct hmap *hosts,
    struct buf *err)
{
	const struct hostconf *h;
	struct hent *e = NULL;
	size_t i = 0;
	int k, bad = 0;

	while ((e = hmap_next(hosts, &i, e)) != NULL) {
		h = e->val;
		for (k = 0; k < h->profiles.n; k++) {
			if (strcmp(h->profiles.v[k], "default") == 0 ||
			    hmap_get(&tc->profiles, h->profiles.v[k],
			    strlen(h->profiles.v[k])) != NULL)
				continue;
			buf_printf(err, "%s: host: unknown profile '%s'\n",
			    h->where, h->profiles.v[k]);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

const struct thset *
thconf_host(struct thconf *tc, const struct hostconf *h)
{
	struct buf key = BUF_INIT;
	const struct thset *p;
	struct thset *s;
	struct hent *e;
	int k;

	if (h == NULL || h->profiles.n == 0)
		return &tc->defaults;
	for (k = 0; k < h->profiles.n; k++)
		buf_printf(&key, "%s%s", k ? "," : "", h->profiles.v[k]);
	if (key.p == NULL ||
	    (e = hmap_put(&tc->resolved, key.p, key.len)) == NULL) {
		buf_free(&key);
		return &tc->defaults;
	}
	buf_free(&key);
	if (e->val != NULL)
		return e->val;
	if ((s = malloc(sizeof(*s))) == NULL)
		return &tc->defaults;
	thset_init(s);
	thset_layer(s, &tc->defaults);
	for (k = 0; k < h->profiles.n; k++) {
		p = hmap_get(&tc->profiles, h->profiles.v[k],
		    strlen(h->profiles.v[k]));
		if (p != NULL)
			thset_layer(s, p);
	}
	e->val = s;
	return s;
}

static void
free_sets(struct hmap *m, int owned)
{
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(m, &i, e)) != NULL) {
		thset_free(e->val, owned);
		free(e->val);
	}
	hmap_free(m);
}

void
thconf_free(struct thconf *tc)
{
	free_sets(&tc->resolved, 0);
	free_sets(&tc->profiles, 1);
	thset_free(&tc->defaults, 1);
	memset(tc, 0, sizeof(*tc));
}
