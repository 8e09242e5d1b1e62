/*
 * config: the hb.conf(5) directives hbstate reads: statedir, journal,
 * events, grace, renotify, interval, threshold, profile and host.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hbstate.h"
#include "log.h"

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	logconf_defaults(&c->journal);
	logconf_defaults(&c->events);
	c->grace = GRACE_DEFAULT;
	c->renotify = RENOTIFY_DEFAULT;
	thset_init(&c->defaults);
}

static int
statedir(const struct conf_line *l, void *ctx)
{
	return conf_arg_path(l, &((struct config *)ctx)->statedir);
}

static int
journal(const struct conf_line *l, void *ctx)
{
	return logconf_directive(l, &((struct config *)ctx)->journal);
}

static int
events(const struct conf_line *l, void *ctx)
{
	return logconf_directive(l, &((struct config *)ctx)->events);
}

static int
grace(const struct conf_line *l, void *ctx)
{
	return conf_arg_duration(l, 0, 86400 * 365, &((struct config *)ctx)->grace);
}

static int
renotify(const struct conf_line *l, void *ctx)
{
	return conf_arg_duration(l, 0, 86400 * 365,
	    &((struct config *)ctx)->renotify);
}

static int
interval(const struct conf_line *l, void *ctx)
{
	return conf_arg_duration(l, 0, 86400 * 365,
	    &((struct config *)ctx)->interval);
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

static int
threshold(const struct conf_line *l, void *ctx)
{
	return add_threshold(l, 1, &((struct config *)ctx)->defaults);
}

/* profile NAME threshold METRIC ...; "default" is the thresholds outside profiles. */
static int
profile(const struct conf_line *l, void *ctx)
{
	struct config *c = ctx;
	const char *name;
	struct hent *e;

	if (l->argc < 3 || strcmp(l->argv[2], "threshold") != 0)
		return conf_err(l, "profile NAME threshold METRIC ... expected");
	name = l->argv[1];
	if (strcmp(name, "default") == 0)
		return add_threshold(l, 3, &c->defaults);
	if (*name == '\0' || strchr(name, ',') != NULL)
		return conf_err(l, "'%s': not a profile name", name);
	if ((e = hmap_put(&c->profiles, name, strlen(name))) == NULL)
		return conf_err(l, "out of memory");
	if (e->val == NULL) {
		if ((e->val = malloc(sizeof(struct thset))) == NULL)
			return conf_err(l, "out of memory");
		thset_init(e->val);
	}
	return add_threshold(l, 3, e->val);
}

static int
host(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct config *)ctx)->hosts);
}

/* Profiles may come after the hosts that name them: checked at the end. */
static int
check_profiles(struct config *c, struct buf *err)
{
	const struct hostconf *h;
	struct hent *e = NULL;
	size_t i = 0;
	int k, bad = 0;

	while ((e = hmap_next(&c->hosts, &i, e)) != NULL) {
		h = e->val;
		for (k = 0; k < h->profiles.n; k++) {
			if (strcmp(h->profiles.v[k], "default") == 0 ||
			    hmap_get(&c->profiles, h->profiles.v[k],
			    strlen(h->profiles.v[k])) != NULL)
				continue;
			buf_printf(err, "%s: host: unknown profile '%s'\n",
			    h->where, h->profiles.v[k]);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int
config_load(struct config *c, const char *path, struct buf *err)
{
	static const struct conf_handler handlers[] = {
		{ "statedir", statedir },
		{ "journal", journal },
		{ "events", events },
		{ "grace", grace },
		{ "renotify", renotify },
		{ "interval", interval },
		{ "threshold", threshold },
		{ "profile", profile },
		{ "host", host },
		{ NULL, NULL }
	};

	if (conf_load(path, handlers, c, err) == -1)
		return -1;
	return check_profiles(c, err);
}

/* Hosts with the same profiles share one layered set. */
const struct thset *
config_thresholds(struct config *c, const struct hostconf *h)
{
	struct buf key = BUF_INIT;
	const struct thset *p;
	struct thset *s;
	struct hent *e;
	int k;

	if (h == NULL || h->profiles.n == 0)
		return &c->defaults;
	for (k = 0; k < h->profiles.n; k++)
		buf_printf(&key, "%s%s", k ? "," : "", h->profiles.v[k]);
	if (key.p == NULL || (e = hmap_put(&c->resolved, key.p, key.len)) == NULL) {
		buf_free(&key);
		return &c->defaults;
	}
	buf_free(&key);
	if (e->val != NULL)
		return e->val;
	if ((s = malloc(sizeof(*s))) == NULL)
		return &c->defaults;
	thset_init(s);
	thset_layer(s, &c->defaults);
	for (k = 0; k < h->profiles.n; k++) {
		p = hmap_get(&c->profiles, h->profiles.v[k],
		    strlen(h->profiles.v[k]));
		if (p != NULL)
			thset_layer(s, p);
	}
	e->val = s;
	return s;
}

double
config_grace(const struct config *c, const struct host *h)
{
	return h->conf != NULL && h->conf->grace >= 0 ? h->conf->grace : c->grace;
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
config_free(struct config *c)
{
	free(c->statedir);
	free(c->journal.path);
	free(c->events.path);
	free_sets(&c->resolved, 0);
	free_sets(&c->profiles, 1);
	thset_free(&c->defaults, 1);
	hostconf_free_all(&c->hosts);
	memset(c, 0, sizeof(*c));
}

static void
keep_path(char **dst, char **old, const char *what)
{
	if (*dst != NULL && *old != NULL && strcmp(*dst, *old) != 0)
		warnx("reload: a new %s takes a restart; still %s", what, *old);
	free(*dst);
	*dst = *old;
	*old = NULL;
}

/* SIGHUP: thresholds, profiles, hosts and times anew; verdicts stay. */
void
world_reload(struct world *w)
{
	struct buf err = BUF_INIT;
	struct config n;
	struct hent *e = NULL;
	struct host *h;
	size_t i = 0;

	config_init(&n);
	if (config_load(&n, w->conf_path, &err) == -1) {
		warnx("reload: configuration unchanged:\n%s", err.p ? err.p : "");
		buf_free(&err);
		config_free(&n);
		return;
	}
	buf_free(&err);
	keep_path(&n.statedir, &w->c->statedir, "statedir");
	keep_path(&n.journal.path, &w->c->journal.path, "journal");
	keep_path(&n.events.path, &w->c->events.path, "events log");
	config_free(w->c);
	*w->c = n;
	while ((e = hmap_next(&w->hosts, &i, e)) != NULL) {
		h = e->val;
		h->conf = hostconf_get(&w->c->hosts, h->name);
		h->th = config_thresholds(w->c, h->conf);
	}
	info("reloaded the configuration");
}
