/* config: the hb.conf(5) directives hbdns reads: statedir, events and dyndomain. */
#include <stdlib.h>
#include <string.h>

#include "hbdns.h"

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
dyndomain(const struct conf_line *l, void *ctx)
{
	return zone_directive(l, ctx);
}

int
config_load(struct config *c, const char *path, struct buf *err)
{
	static const struct conf_handler handlers[] = {
		{ "statedir", statedir },
		{ "events", events },
		{ "dyndomain", dyndomain },
		{ NULL, NULL }
	};

	return conf_load(path, handlers, c, err);
}

void
config_free(struct config *c)
{
	int i;

	for (i = 0; i < c->nzones; i++)
		zone_free(c->zones[i]);
	free(c->zones);
	free(c->statedir);
	free(c->events.path);
	memset(c, 0, sizeof(*c));
}
