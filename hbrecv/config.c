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
	c->max_size = JOURNAL_MAX_SIZE;
	c->backups = JOURNAL_BACKUPS;
	c->sync = JSYNC_SECOND;
	c->rcvbuf = RCVBUF;
	c->history = HISTORY_SAMPLES;
	c->history_bytes = HISTORY_BYTES;
}

static int
set_str(const struct conf_line *l, char **dst, const char *v)
{
	char *s;

	if (*v == '\0')
		return conf_err(l, "empty path");
	if ((s = strdup(v)) == NULL)
		return conf_err(l, "out of memory");
	free(*dst);
	*dst = s;
	return 0;
}

static int
statedir(const struct conf_line *l, void *ctx)
{
	struct config *c = ctx;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	return set_str(l, &c->statedir, l->argv[1]);
}

static int
journal_option(const struct conf_line *l, struct config *c, const char *key,
    const char *val)
{
	const char *why;
	long long n;

	if (strcmp(key, "max-size") == 0) {
		if (conf_size(val, &c->max_size, &why) == -1)
			return conf_err(l, "max-size: %s", why);
	} else if (strcmp(key, "backups") == 0) {
		if (num_ll(val, 0, 1000, &n, &why) == -1)
			return conf_err(l, "backups: %s (0 to 1000)", why);
		c->backups = (int)n;
	} else if (strcmp(key, "fsync") == 0) {
		if (journal_sync_parse(val, &c->sync) == -1)
			return conf_err(l, "fsync: none, second or batch expected");
	} else
		return conf_err(l, "unknown option '%s' (max-size, backups, fsync)",
		    key);
	return 0;
}

static int
journal(const struct conf_line *l, void *ctx)
{
	struct config *c = ctx;
	int i;

	if (conf_nargs(l, 1, 7) == -1)
		return -1;
	if (l->argc % 2 != 0)
		return conf_err(l, "options come in pairs: max-size SIZE, "
		    "backups N, fsync POLICY");
	for (i = 2; i < l->argc; i += 2)
		if (journal_option(l, c, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	return set_str(l, &c->journal, l->argv[1]);
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
	free(c->journal);
	c->statedir = c->journal = NULL;
}
