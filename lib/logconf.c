/* logconf: the journal and events directives, and statedir. */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "file.h"
#include "log.h"
#include "logconf.h"
#include "num.h"

void
logconf_defaults(struct logconf *c)
{
	c->path = NULL;
	c->max_size = JOURNAL_MAX_SIZE;
	c->backups = JOURNAL_BACKUPS;
	c->sync = JSYNC_SECOND;
}

int
conf_arg_path(const struct conf_line *l, char **dst)
{
	char *s;

	if (conf_nargs(l, 1, 1) == -1)
		return -1;
	if (*l->argv[1] == '\0')
		return conf_err(l, "empty path");
	if ((s = strdup(l->argv[1])) == NULL)
		return conf_err(l, "out of memory");
	free(*dst);
	*dst = s;
	return 0;
}

static int
option(const struct conf_line *l, struct logconf *c, const char *key,
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

int
logconf_directive(const struct conf_line *l, struct logconf *c)
{
	char *argv[2];
	struct conf_line one = *l;
	int i;

	if (conf_nargs(l, 1, 7) == -1)
		return -1;
	if (l->argc % 2 != 0)
		return conf_err(l, "options come in pairs: max-size SIZE, "
		    "backups N, fsync POLICY");
	for (i = 2; i < l->argc; i += 2)
		if (option(l, c, l->argv[i], l->argv[i + 1]) == -1)
			return -1;
	argv[0] = l->argv[0];
	argv[1] = l->argv[1];
	one.argc = 2;
	one.argv = argv;
	return conf_arg_path(&one, &c->path);
}

void
logconf_apply(const struct logconf *c, struct journal *j)
{
	j->max_size = c->max_size;
	j->backups = c->backups;
	j->sync = c->sync;
}

void
logconf_places(char **statedir, const char *flag, struct logconf *events)
{
	char *dir;

	dir = path_absolute(flag ? flag : *statedir ? *statedir : "/var/lib/hb");
	free(*statedir);
	*statedir = dir;
	if (events->path == NULL && (events->path = path_join(dir, "events")) ==
	    NULL)
		die("out of memory");
}
