/* config: the hb.conf(5) directives hbrecv owns: statedir, journal, listen, rcvbuf, history. */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hbrecv.h"
#include "num.h"

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	logconf_defaults(&c->journal);
	c->rcvbuf = RCVBUF;
	c->history = HISTORY_SAMPLES;
	c->history_bytes = HISTORY_BYTES;
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
listen_(const struct conf_line *l, void *ctx)
{
	struct config *c = ctx;
	const char *why;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (c->nlisten == MAX_LISTEN)
		return conf_err(l, "at most %d listen addresses", MAX_LISTEN);
	if (net_parse(l->argv[1], PROTO_PORT, &c->listen[c->nlisten], &why) == -1)
		return conf_err(l, "%s: %s", l->argv[1], why);
	c->nlisten++;
	return 0;
}

static int
rcvbuf(const struct conf_line *l, void *ctx)
{
	return conf_arg_size(l, 4096, 1u << 30, &((struct config *)ctx)->rcvbuf);
}

static int
history(const struct conf_line *l, void *ctx)
{
	struct config *c = ctx;
	const char *why;
	uint64_t size;
	long long n;

	if (conf_nargs(l, 1, 2) == -1)
		return -1;
	if (num_ll(l->argv[1], 0, 100000, &n, &why) == -1)
		return conf_err(l, "samples: %s (0 to 100000)", why);
	if (l->argc == 3) {
		if (conf_size(l->argv[2], &size, &why) == -1)
			return conf_err(l, "size: %s", why);
		if (size > (64u << 20))
			return conf_err(l, "size: at most 64M");
		c->history_bytes = size;
	}
	c->history = (unsigned)n;
	return 0;
}

int
config_load(struct config *c, const char *path, struct buf *err)
{
	static const struct conf_handler handlers[] = {
		{ "statedir", statedir },
		{ "journal", journal },
		{ "listen", listen_ },
		{ "rcvbuf", rcvbuf },
		{ "history", history },
		{ NULL, NULL }
	};

	return conf_load(path, handlers, c, err);
}

void
config_free(struct config *c)
{
	free(c->statedir);
	free(c->journal.path);
	c->statedir = c->journal.path = NULL;
}
