/* world: every host hbstate knows, and the alerts of each. */
#include <stdlib.h>
#include <string.h>

#include "hbstate.h"
#include "log.h"

static const char *const hstates[] = { "NEW", "UP", "DOWN", "SHUTDOWN" };

const char *
hstate_name(enum hstate s)
{
	return hstates[s];
}

int
hstate_parse(const char *s, enum hstate *st)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, hstates[i]) == 0) {
			*st = (enum hstate)i;
			return 0;
		}
	return -1;
}

void
world_init(struct world *w, struct config *c, struct emitter *em)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	w->em = em;
}

struct host *
world_find(const struct world *w, const char *name)
{
	return hmap_get(&w->hosts, name, strlen(name));
}

struct host *
world_host(struct world *w, const char *name)
{
	struct host *h;
	struct hent *e;

	if ((e = hmap_put(&w->hosts, name, strlen(name))) == NULL)
		return NULL;
	if (e->val != NULL)
		return e->val;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->name = e->key;
	h->rtt = -1;
	h->conf = hostconf_get(&w->c->hosts, name);
	h->th = config_thresholds(w->c, h->conf);
	e->val = h;
	return h;
}

struct alert *
alert_find(const struct host *h, const char *metric)
{
	struct alert *a;

	for (a = h->alerts; a != NULL; a = a->next)
		if (strcmp(a->metric, metric) == 0)
			return a;
	return NULL;
}

struct alert *
alert_add(struct host *h, const char *metric)
{
	struct alert *a;

	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    (a->metric = strdup(metric)) == NULL) {
		free(a);
		return NULL;
	}
	a->value.isnum = 1;
	a->next = h->alerts;
	h->alerts = a;
	return a;
}

void
alert_drop(struct host *h, struct alert *a)
{
	struct alert **p;

	for (p = &h->alerts; *p != NULL; p = &(*p)->next)
		if (*p == a) {
			*p = a->next;
			break;
		}
	free(a->metric);
	if (!a->value.isnum)
		free((char *)a->value.str);
	free(a->display);
	free(a);
}

void
mvalue_set(struct mvalue *dst, const struct mvalue *src)
{
	char *s = NULL;

	if (!src->isnum) {
		if ((s = malloc(src->len + 1)) == NULL)
			die("out of memory");
		memcpy(s, src->str, src->len);
		s[src->len] = '\0';
	}
	if (!dst->isnum)
		free((char *)dst->str);
	*dst = *src;
	if (s != NULL)
		dst->str = s;
}

void
world_drop(struct world *w, struct host *h)
{
	struct service *s;

	while (h->alerts != NULL)
		alert_drop(h, h->alerts);
	while ((s = h->services) != NULL) {
		h->services = s->next;
		free(s->text);
		free(s);
	}
	free(h->version);
	hmap_del(&w->hosts, h->name, strlen(h->name));
	free(h);
	w->dirty = 1;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(struct host *const *)a)->name,
	    (*(struct host *const *)b)->name);
}

struct host **
world_sorted(const struct world *w, size_t *n)
{
	struct host **v;
	struct hent *e = NULL;
	size_t i = 0;

	if ((v = calloc(w->hosts.count + 1, sizeof(*v))) == NULL)
		die("out of memory");
	*n = 0;
	while ((e = hmap_next(&w->hosts, &i, e)) != NULL)
		v[(*n)++] = e->val;
	qsort(v, *n, sizeof(*v), by_name);
	return v;
}

double
host_deadline(const struct world *w, const struct host *h)
{
	double iv = h->interval > 0 ? h->interval : w->c->interval;

	if (h->state != HS_UP || iv <= 0)
		return 0;
	return usec(h->last_seen + iv + config_grace(w->c, h));
}

enum level
host_worst(const struct host *h, int *nalerts)
{
	const struct alert *a;
	enum level worst = LV_OK;

	*nalerts = 0;
	for (a = h->alerts; a != NULL; a = a->next) {
		(*nalerts)++;
		if (a->state > worst)
			worst = a->state;
	}
	return worst;
}

void
service_pulse(struct host *h, const char *name, double ts, double interval,
    const char *status, const char *error)
{
	struct service *s;
	size_t n = strlen(name);

	for (s = h->services; s != NULL; s = s->next)
		if (strcmp(s->name, name) == 0)
			break;
	if (s == NULL) {
		if ((s = calloc(1, sizeof(*s) + n + 1)) == NULL)
			die("out of memory");
		memcpy(s->name, name, n + 1);
		s->next = h->services;
		h->services = s;
	}
	if (ts < s->ts)
		return;
	s->ts = ts;
	s->interval = interval;
	s->error = status != NULL && strcmp(status, "ok") != 0;
	free(s->text);
	s->text = NULL;
	if (error != NULL && (s->text = strdup(error)) == NULL)
		die("out of memory");
}

const char *
service_health(const struct service *s, double now, double grace)
{
	double missed = s->interval > 0 ?
	    (now - s->ts - grace) / s->interval : 0;

	if (missed >= 5)
		return "critical";
	if (missed >= 3)
		return "degraded";
	if (missed >= 1 || s->error)
		return "warning";
	return "healthy";
}

void
world_free(struct world *w)
{
	struct hent *e;
	size_t i = 0;

	while ((e = hmap_next(&w->hosts, &i, NULL)) != NULL)
		world_drop(w, e->val);
	hmap_free(&w->hosts);
}
