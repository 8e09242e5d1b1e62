/*
 * config: the hb.conf(5) directives hbweb reads: statedir, journal and
 * events (where the live feed finds messages and events), host, user,
 * default-owner, and web (where it listens, whom it runs as, how many
 * connections at once, how long a session lives).
 */
#include <stdlib.h>
#include <string.h>

#include "hbweb.h"
#include "logconf.h"
#include "num.h"

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->children = CHILDREN_DEFAULT;
	c->session = SESSION_DEFAULT;
	c->iterations = ITERATIONS_DEFAULT;
	logconf_defaults(&c->journal);
	logconf_defaults(&c->events);
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
host(const struct conf_line *l, void *ctx)
{
	return hostconf_directive(l, &((struct config *)ctx)->hosts);
}

static int
user(const struct conf_line *l, void *ctx)
{
	return userconf_directive(l, &((struct config *)ctx)->users);
}

static int
default_owner(const struct conf_line *l, void *ctx)
{
	return userconf_default_owner(l, &((struct config *)ctx)->users);
}

static int
web_key(const struct conf_line *l, struct config *c, const char *key,
    const char *val)
{
	const char *why;
	long long n;

	if (strcmp(key, "listen") == 0) {
		if (net_parse(val, 0, &c->listen, &why) == -1)
			return conf_err(l, "listen: '%s': %s", val, why);
		c->have_listen = 1;
		return 0;
	}
	if (strcmp(key, "user") == 0) {
		free(c->user);
		return (c->user = strdup(val)) == NULL ?
		    conf_err(l, "out of memory") : 0;
	}
	if (strcmp(key, "children") == 0) {
		if (num_ll(val, 1, 10000, &n, &why) == -1)
			return conf_err(l, "children: '%s': %s", val, why);
		c->children = (int)n;
		return 0;
	}
	if (strcmp(key, "secure") == 0)
		return conf_bool(val, &c->secure, &why) == -1 ?
		    conf_err(l, "secure: '%s': %s", val, why) : 0;
	if (strcmp(key, "session") == 0) {
		if (conf_duration(val, &c->session, &why) == -1 ||
		    c->session < 3600)
			return conf_err(l, "session: '%s': a duration of an "
			    "hour or more expected", val);
		return 0;
	}
	if (strcmp(key, "iterations") == 0) {
		if (num_ll(val, 1000, 100000000, &n, &why) == -1)
			return conf_err(l, "iterations: '%s': %s", val, why);
		c->iterations = (long)n;
		return 0;
	}
	return conf_err(l, "unknown keyword '%s' (listen, user, children, "
	    "secure, session, iterations)", key);
}

/* web [listen ADDR:PORT] [user NAME] [children N] [secure BOOL] [session D] [iterations N] */
static int
web(const struct conf_line *l, void *ctx)
{
	int i;

	if (l->argc % 2 == 0)
		return conf_err(l, "keywords come with values: web [listen "
		    "ADDR:PORT] [user NAME] ...");
	for (i = 1; i < l->argc; i += 2)
		if (web_key(l, ctx, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	return 0;
}

int
config_load(struct config *c, const char *path, struct buf *err)
{
	static const struct conf_handler handlers[] = {
		{ "statedir", statedir },
		{ "journal", journal },
		{ "events", events },
		{ "host", host },
		{ "user", user },
		{ "default-owner", default_owner },
		{ "web", web },
		{ NULL, NULL }
	};

	if (conf_load(path, handlers, c, err) == -1)
		return -1;
	return userconf_check_hosts(&c->users, &c->hosts, err);
}

void
config_free(struct config *c)
{
	hostconf_free_all(&c->hosts);
	userconf_free_all(&c->users);
	free(c->statedir);
	free(c->user);
	free(c->conf_file);
	free(c->journal.path);
	free(c->events.path);
	if (c->kept != NULL)
		kept_free(c->kept);
	free(c->kept);
	memset(c, 0, sizeof(*c));
}
