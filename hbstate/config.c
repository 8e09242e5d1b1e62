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
	thconf_init(&c->th);
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

/* threshold and profile */
static int
thresholds(const struct conf_line *l, void *ctx)
{
	return thconf_directive(l, &((struct config *)ctx)->th);
}

static int
host(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct config *)ctx)->hosts);
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
		{ "threshold", thresholds },
		{ "profile", thresholds },
		{ "host", host },
		{ NULL, NULL }
	};

	if (conf_load(path, handlers, c, err) == -1)
		return -1;
	return thconf_check(&c->th, &c->hosts, err);
}

const struct thset *
config_thresholds(struct config *c, const struct hostconf *h)
{
	return thconf_host(&c->th, h);
}

double
config_grace(const struct config *c, const struct host *h)
{
	return h->conf != NULL && h->conf->grace >= 0 ? h->conf->grace : c->grace;
}

void
config_free(struct config *c)
{
	free(c->statedir);
	free(c->journal.path);
	free(c->events.path);
	thconf_free(&c->th);
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
