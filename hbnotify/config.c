/*
 * config: the hb.conf(5) directives hbnotify reads: statedir, events,
 * host, user, default-owner and notify; and the checks that tie them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hbnotify.h"

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	logconf_defaults(&c->events);
}

static int
statedir(const struct conf_line *l, void *ctx)
{
	return conf_arg_path(l, &((struct config *)ctx)->statedir);
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
notify(const struct conf_line *l, void *ctx)
{
	return channel_directive(l, ctx);
}

const struct channel *
config_channel(const struct config *c, const char *name)
{
	int i;

	for (i = 0; i < c->nch; i++)
		if (strcmp(c->ch[i]->name, name) == 0)
			return c->ch[i];
	return NULL;
}

/* Each CHANNEL:TARGET of a user names a channel that can reach TARGET. */
static int
check_user(const struct config *c, const struct userconf *u, struct buf *err)
{
	const struct channel *ch;
	const char *spec, *colon, *why;
	char name[64];
	int k, r = 0;

	for (k = 0; k < u->notify.n; k++) {
		spec = u->notify.v[k];
		colon = strchr(spec, ':');
		snprintf(name, sizeof(name), "%.*s", (int)(colon - spec), spec);
		if ((ch = config_channel(c, name)) == NULL) {
			buf_printf(err, "%s: user %s: no notify channel named "
			    "'%s'\n", u->where, u->name, name);
			r = -1;
		} else if ((why = channel_target_why(ch, colon + 1)) != NULL) {
			buf_printf(err, "%s: user %s: %s: %s\n", u->where,
			    u->name, spec, why);
			r = -1;
		}
	}
	return r;
}

static int
check(const struct config *c, struct buf *err)
{
	struct hent *e = NULL;
	size_t i = 0;
	int r;

	r = userconf_check_hosts(&c->users, &c->hosts, err);
	while ((e = hmap_next(&c->users.map, &i, e)) != NULL)
		if (check_user(c, e->val, err) == -1)
			r = -1;
	return r;
}

int
config_load(struct config *c, const char *path, struct buf *err)
{
	static const struct conf_handler handlers[] = {
		{ "statedir", statedir },
		{ "events", events },
		{ "host", host },
		{ "user", user },
		{ "default-owner", default_owner },
		{ "notify", notify },
		{ NULL, NULL }
	};

	if (conf_load(path, handlers, c, err) == -1)
		return -1;
	return check(c, err);
}

void
config_free(struct config *c)
{
	int i;

	for (i = 0; i < c->nch; i++)
		channel_free(c->ch[i]);
	free(c->ch);
	hostconf_free_all(&c->hosts);
	userconf_free_all(&c->users);
	free(c->statedir);
	if (c->access != NULL)
		hostaccess_free(c->access);
	free(c->access);
	free(c->events.path);
	memset(c, 0, sizeof(*c));
}
