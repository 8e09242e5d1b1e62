/*
 * pending: the records to set and the records set, one entry per host
 * and record type, kept in STATEDIR/dns/state.json and replaced whole,
 * so that an update asked for survives a restart until it is made.
 */
#include <sys/stat.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "hbdns.h"
#include "json.h"

#define STATE_MAX	(64u << 20)

static struct update *
entry(struct hmap *m, const char *host, const char *type, int make)
{
	char key[DNS_NAME_MAX + 8];
	struct update *u;
	struct hent *e;
	size_t n;

	n = (size_t)snprintf(key, sizeof(key), "%s %s", host, type);
	if (!make)
		return hmap_get(m, key, n);
	if ((e = hmap_put(m, key, n)) == NULL)
		return NULL;
	if (e->val != NULL)
		return e->val;
	if ((u = calloc(1, sizeof(*u))) == NULL)
		hmap_del(m, key, n);
	else
		e->val = u;
	return u;
}

static void
drop(struct hmap *m, const struct update *u)
{
	char key[DNS_NAME_MAX + 8];
	size_t n;

	n = (size_t)snprintf(key, sizeof(key), "%s %s", u->host, u->type);
	free(hmap_del(m, key, n));
}

/* One entry of the file, checked again as if it came from outside. */
static void
load_one(struct pending *p, const struct config *c, const struct json *j,
    int want, double now)
{
	const char *host = json_get_str(j, "host"), *addr = json_get_str(j,
	    "address"), *type;
	const struct json *asked;
	char fqdn[DNS_NAME_MAX + 1], canon[ADDR_TEXT_MAX];
	const struct zone *z;
	struct update *u;

	if (host == NULL || addr == NULL ||
	    (z = zone_for(c, host, fqdn)) == NULL ||
	    (type = addr_canon(addr, canon)) == NULL ||
	    (u = entry(want ? &p->want : &p->done, host, type, 1)) == NULL)
		return;
	snprintf(u->host, sizeof(u->host), "%s", host);
	memcpy(u->fqdn, fqdn, sizeof(fqdn));
	u->type = type;
	memcpy(u->addr, canon, sizeof(canon));
	u->zone = z;
	u->since = json_get_num(j, want ? "since" : "set", now);
	u->attempts = (int)json_get_num(j, "attempts", 0);
	u->asked = want && (asked = json_get(j, "asked")) != NULL &&
	    asked->type == JSON_TRUE;
	u->due = u->next = now;
}

static void
load_list(struct pending *p, const struct config *c, const struct json *a,
    int want, double now)
{
	size_t i;

	if (a == NULL || a->type != JSON_ARRAY)
		return;
	for (i = 0; i < a->len; i++)
		load_one(p, c, &a->u.items[i], want, now);
}

int
pending_load(struct pending *p, const char *statedir, const struct config *c,
    const char **why)
{
	struct json_doc doc = JSON_DOC_INIT;
	struct buf b = BUF_INIT;
	char *dir;
	double now = 0;
	int r = 0;

	memset(p, 0, sizeof(*p));
	if ((dir = path_join(statedir, "dns")) == NULL ||
	    (p->path = path_join(dir, "state.json")) == NULL) {
		free(dir);
		*why = "out of memory";
		return -1;
	}
	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		free(dir);
		*why = strerror(errno);
		return -1;
	}
	free(dir);
	if (file_read(p->path, &b, STATE_MAX) == -1) {
		r = errno == ENOENT ? 0 : -1;
		*why = strerror(errno);
	} else if (json_parse(&doc, b.p, b.len, NULL) == -1) {
		r = -1;
		*why = doc.err;
	} else {
		load_list(p, c, json_get(&doc.root, "want"), 1, now);
		load_list(p, c, json_get(&doc.root, "done"), 0, now);
	}
	json_doc_free(&doc);
	buf_free(&b);
	return r;
}

static void
write_list(struct jw *w, const struct hmap *m, int want)
{
	const struct update *u;
	struct hent *e = NULL;
	size_t i = 0;

	jw_arr(w);
	while ((e = hmap_next(m, &i, e)) != NULL) {
		u = e->val;
		jw_obj(w);
		jw_kstr(w, "host", u->host);
		jw_kstr(w, "name", u->fqdn);
		jw_kstr(w, "type", u->type);
		jw_kstr(w, "address", u->addr);
		jw_knum(w, want ? "since" : "set", u->since);
		if (want)
			jw_knum(w, "attempts", u->attempts);
		if (want && u->asked)
			jw_kbool(w, "asked", 1);
		jw_end(w, '}');
	}
	jw_end(w, ']');
}

int
pending_save(struct pending *p)
{
	struct buf b = BUF_INIT;
	struct jw w;
	int r;

	if (!p->dirty)
		return 0;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_key(&w, "want");
	write_list(&w, &p->want, 1);
	jw_key(&w, "done");
	write_list(&w, &p->done, 0);
	jw_end(&w, '}');
	buf_addc(&b, '\n');
	if (w.err || b.p == NULL) {
		buf_free(&b);
		errno = ENOMEM;
		return -1;
	}
	r = file_replace(p->path, b.p, b.len, 0644, FILE_SYNC);
	buf_free(&b);
	if (r == 0)
		p->dirty = 0;
	return r;
}

static void
free_all(struct hmap *m)
{
	struct hent *e = NULL;
	size_t i = 0;

	while ((e = hmap_next(m, &i, e)) != NULL)
		free(e->val);
	hmap_free(m);
}

void
pending_free(struct pending *p)
{
	free_all(&p->want);
	free_all(&p->done);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

int
pending_note(struct pending *p, const struct config *c, const char *host,
    const char *addr, double now)
{
	char fqdn[DNS_NAME_MAX + 1], canon[ADDR_TEXT_MAX];
	const struct update *set;
	const struct zone *z;
	struct update *u;
	const char *type;

	if ((z = zone_for(c, host, fqdn)) == NULL ||
	    (type = addr_canon(addr, canon)) == NULL)
		return 0;
	set = entry(&p->done, host, type, 0);
	u = entry(&p->want, host, type, 0);
	if (set != NULL && strcmp(set->addr, canon) == 0 &&
	    strcmp(set->fqdn, fqdn) == 0 && (u == NULL || !u->asked)) {
		/* back where it was set: a change still waiting is moot */
		if (u != NULL) {
			drop(&p->want, u);
			p->dirty = 1;
		}
		return 0;
	}
	if (u == NULL) {
		if ((u = entry(&p->want, host, type, 1)) == NULL)
			return -1;
		snprintf(u->host, sizeof(u->host), "%s", host);
		u->type = type;
		u->since = now;
		u->due = u->next = now + z->window;
	}
	memcpy(u->fqdn, fqdn, sizeof(fqdn));
	memcpy(u->addr, canon, sizeof(canon));
	u->zone = z;
	p->dirty = 1;
	return 1;
}

int
pending_ask(struct pending *p, const struct update *r, double now)
{
	struct update *u;

	if ((u = entry(&p->want, r->host, r->type, 0)) == NULL) {
		if ((u = entry(&p->want, r->host, r->type, 1)) == NULL)
			return -1;
		*u = *r;
		u->since = now;
		u->attempts = 0;
	}
	memcpy(u->fqdn, r->fqdn, sizeof(u->fqdn));
	memcpy(u->addr, r->addr, sizeof(u->addr));
	u->zone = r->zone;
	u->asked = 1;
	/* a user waits for it: no window to gather changes, no backoff */
	u->due = u->next = now;
	p->dirty = 1;
	return 0;
}

static int
by_since(const void *a, const void *b)
{
	const struct update *x = *(struct update *const *)a;
	const struct update *y = *(struct update *const *)b;

	if (x->since != y->since)
		return x->since < y->since ? -1 : 1;
	return strcmp(x->fqdn, y->fqdn);
}

int
pending_due(struct pending *p, const struct zone *z, double now,
    struct update **u, int max)
{
	struct update *x, **all = NULL;
	struct hent *e = NULL;
	size_t i = 0, n = 0;
	int k;

	if (p->want.count == 0 ||
	    (all = malloc(p->want.count * sizeof(*all))) == NULL)
		return 0;
	while ((e = hmap_next(&p->want, &i, e)) != NULL) {
		x = e->val;
		if (x->zone == z && x->due <= now && x->next <= now)
			all[n++] = x;
	}
	qsort(all, n, sizeof(*all), by_since);
	for (k = 0; k < max && (size_t)k < n; k++)
		u[k] = all[k];
	free(all);
	return k;
}

void
pending_done(struct pending *p, struct update *const *u, int n, double now)
{
	struct update *set;
	int i;

	for (i = 0; i < n; i++) {
		if ((set = entry(&p->done, u[i]->host, u[i]->type, 1)) != NULL) {
			*set = *u[i];
			set->since = now;
			set->attempts = 0;
			set->asked = 0;
		}
		drop(&p->want, u[i]);
	}
	p->dirty = 1;
}

void
pending_failed(struct pending *p, struct update *const *u, int n, double now)
{
	int i;

	for (i = 0; i < n; i++) {
		u[i]->attempts++;
		u[i]->next = now + fmin(BACKOFF_MAX,
		    ldexp(1.0, u[i]->attempts - 1));
	}
	p->dirty = 1;
}

double
pending_wait(const struct pending *p, double now)
{
	const struct update *u;
	struct hent *e = NULL;
	double soon = HUGE_VAL;
	size_t i = 0;

	while ((e = hmap_next(&p->want, &i, e)) != NULL) {
		u = e->val;
		soon = fmin(soon, fmax(u->due, u->next));
	}
	return soon == HUGE_VAL ? soon : fmax(0, soon - now);
}
