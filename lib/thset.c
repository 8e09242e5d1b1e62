/* thset: thresholds by metric, layered into profiles, found by exact or generic match. */
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
